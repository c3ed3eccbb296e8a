"""`zongjie import_job ID...`: run queued import jobs (history or ledger Excel) in this process."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from zongjie.imports import jobs
from zongjie.imports.models import ImportJob, JobState


class Command(BaseCommand):
    help = "执行排队中的导入任务（网页上传的大文件）；进度逐行输出，任务在一个事务中导入，中断不留半截数据"

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "ids", nargs="*", type=int, metavar="ID", help="任务编号；不写则执行全部排队中的任务"
        )

    def handle(self, *args, ids, **options) -> None:
        ids = ids or list(ImportJob.objects.filter(state=JobState.QUEUED).values_list("pk", flat=True))

        def echo(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        failed = 0
        for pk in ids:
            job = jobs.run(pk, echo=echo)
            if job is None:
                raise CommandError(f"任务 {pk} 不存在，或不在排队中。")
            if job.state == JobState.FAILED:
                failed += 1
                self.stderr.write(f"任务 {pk}：{job.error}")
            else:
                self.stdout.write(f"任务 {pk}（{job.filename}）已完成。")
        if failed:
            raise CommandError(f"{failed} 个任务失败。")
