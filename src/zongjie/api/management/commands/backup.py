"""zongjie backup FILE [--format auto|json]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zongjie.security.backup import BackupError, backup, table_checksums

FORMAT_NAMES = {
    "sqlite": "SQLite 在线备份",
    "pg_dump": "pg_dump 自定义格式（-Fc）",
    "json": "JSON（dumpdata）",
}


class Command(BaseCommand):
    help = "备份整个数据库到文件（SQLite 在线备份；PostgreSQL 用 pg_dump，没有时用 JSON）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="备份文件路径")
        parser.add_argument(
            "--format", choices=["auto", "json"], default="auto", help="json：用 dumpdata 格式"
        )

    def handle(self, *args, file, format, **options):
        try:
            used = backup(Path(file), format)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        sums = table_checksums()
        rows = sum(count for count, _ in sums.values())
        self.stdout.write(f"已备份到 {file}（{FORMAT_NAMES[used]}）：{len(sums)} 张表，{rows} 行。")
