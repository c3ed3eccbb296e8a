"""zongjie restore FILE [--yes]"""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zongjie.security.backup import BackupError, restore, table_checksums


class Command(BaseCommand):
    help = "用备份文件替换当前数据库的全部内容（先停止服务）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="zongjie backup 生成的备份文件")
        parser.add_argument("--yes", action="store_true", help="不再确认，直接恢复")
        parser.add_argument("--no-migrate", action="store_true", help="恢复后不自动升级数据库结构")

    def handle(self, *args, file, yes, no_migrate, **options):
        if not yes:
            answer = input(f"将用 {file} 替换当前数据库的全部数据，输入 yes 继续：")
            if answer.strip().lower() != "yes":
                raise CommandError("已取消。")
        try:
            used = restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not no_migrate:
            # a backup from an older version is brought up to the schema of the running code
            call_command("migrate", interactive=False, verbosity=0)
        sums = table_checksums()
        rows = sum(count for count, _ in sums.values())
        self.stdout.write(f"已从 {file} 恢复（{used}）：{len(sums)} 张表，{rows} 行。")
