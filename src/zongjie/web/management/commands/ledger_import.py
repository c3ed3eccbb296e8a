"""`zongjie ledger_import FILE --unit CODE --user USERNAME`: import a filled ledger sheet."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from zongjie.ledger.excel import import_entries
from zongjie.org.models import Unit
from zongjie.progress import progress_bar


class Command(BaseCommand):
    help = "导入填好的台账 Excel 表：全部行检查无误才保存（一个事务），否则列出每处错误的行号和列名"

    def add_arguments(self, parser):
        parser.add_argument("file", help="台账表格（.xlsx，用网页上下载的模板填写）")
        parser.add_argument("--unit", required=True, help="导入到的单位编码")
        parser.add_argument("--user", required=True, help="以哪个用户的身份导入（须有该单位的填报权限）")
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args, file, unit, user, no_progress, **options):
        target = Unit.objects.filter(code=unit).first()
        if target is None:
            raise CommandError(f"没有编码为“{unit}”的单位。")
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(f"没有用户“{user}”，或该用户已停用。")
        with progress_bar(None if not no_progress else False) as bar:
            tasks: dict[str, int] = {}

            def report(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase + "台账行", total=total)
                bar.update(tasks[phase], completed=done, total=total)

            try:
                result = import_entries(account, target, file, progress=report)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            except FileNotFoundError as exc:
                raise CommandError(f"找不到文件：{file}") from exc
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"共检查 {result.rows} 行，{result.bad_rows} 行有错误（{len(result.errors)} 处）；整个文件都没有保存。"
            )
        for note in result.skipped:
            self.stdout.write(f"跳过 {note}")
        self.stdout.write(
            f"已导入到“{target.name}”：新增 {result.created} 条草稿，更新 {result.updated} 条，"
            f"跳过 {len(result.skipped)} 条（共检查 {result.rows} 行）。"
        )
