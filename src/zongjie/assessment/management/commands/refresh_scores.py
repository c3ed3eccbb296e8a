"""Bring the stored scorecards up to date outside any request (a cron job or a worker loop)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zongjie.assessment import store
from zongjie.assessment.models import ScoreResult
from zongjie.ledger.models import Period
from zongjie.ledger.periods import PeriodCodeError, parse_period


class Command(BaseCommand):
    help = "更新已过期的考核得分（默认：已有保存结果的期间）：--period 2026H1 只更新该期间；--every 60 每隔 60 秒一轮"

    def add_arguments(self, parser):
        parser.add_argument("--period", help="期间编码，如 2026H1（没有保存结果时也计算）")
        parser.add_argument(
            "--every", type=int, default=0, help="作为常驻进程：每隔这么多秒检查一轮（默认只做一轮）"
        )

    def handle(self, *args, period=None, every=0, **options):
        chosen = None
        if period:
            try:
                code = parse_period(period).code
            except PeriodCodeError as exc:
                raise CommandError(str(exc)) from exc
            chosen = Period.objects.filter(code=code).first()
            if chosen is None:
                raise CommandError(f"期间“{code}”不存在。")
        while True:
            self.one_round(chosen)
            if every <= 0:
                return
            time.sleep(every)

    def one_round(self, chosen: Period | None) -> None:
        today = timezone.localdate()
        if chosen is not None:
            jobs = {(chosen.pk, compare) for compare in (True, False)} & _stored_jobs() or {(chosen.pk, True)}
        else:
            jobs = _stored_jobs()
        periods = Period.objects.in_bulk({pk for pk, _ in jobs})
        for pk, compare in sorted(jobs):
            period = periods[pk]
            now = store.state(period, today, compare)
            if not now.stale and now.computed_at is not None:
                self.stdout.write(f"{period.code}：已是最新")
                continue
            started = time.perf_counter()
            done = store.refresh(period, today, compare)
            if done is None:
                self.stdout.write(f"{period.code}：正在由其他进程更新，跳过")
            elif isinstance(done, store.Computed):
                self.stdout.write(f"{period.code}：已计算，但数据库未能保存结果")
            else:
                self.stdout.write(f"{period.code}：已更新（{time.perf_counter() - started:.1f} 秒）")
        from zongjie.reports import stored  # the report previews read these scores

        for unit, period in stored.pending(today):
            if chosen is not None and period.pk != chosen.pk:
                continue
            started = time.perf_counter()
            done = stored.refresh(unit, period, today)
            state = (
                "正在由其他进程生成，跳过"
                if done is None
                else f"已生成（{time.perf_counter() - started:.1f} 秒）"
            )
            self.stdout.write(f"{period.code} {unit.code} 总结预览：{state}")


def _stored_jobs() -> set[tuple[int, bool]]:
    return set(ScoreResult.objects.values_list("period_id", "compare").distinct())
