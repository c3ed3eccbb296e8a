"""Assessment demo rows: quotas for the 8 counties (some met, some missed), a few 约稿,
and confirmed figures from "old summaries" of 2024 (so 2025 compares with something).

The default rule versions for 2025 and 2026 come from the data migration.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from zongjie.assessment import engine
from zongjie.assessment.models import BaselineFigure, RequestedPiece
from zongjie.assessment.quotas import set_quota
from zongjie.ledger.models import Entry, EntryKind, EntryStatus, Period

QUOTA_METRICS = ["articles_municipal_plus", "info_sent", "info_adopted"]


def extend_demo(ctx) -> None:
    reviewer = ctx.users["shi_shenhe"]
    for code in ("2026H1", "2026H2"):
        period = ctx.periods[code]
        # Targets from the counties' own figures: the odd counties get a little more than they
        # achieved (a miss), the even ones a little less (met, over-fulfilled).
        _, cards = engine.compute(period, ctx.city, today=period.end, compare=False)
        for n, county in enumerate(ctx.counties):
            for metric in QUOTA_METRICS:
                actual = float(cards[county.pk].metrics[metric])
                factor = 1.15 if n % 2 else 0.85
                if code == "2026H2":
                    factor *= 1.5  # the second half is still running: a full-period target
                target = max(int(actual * factor), 1)
                set_quota(reviewer, county, period, metric, target, note="市委宣传部下达")
    _requested_pieces(ctx)
    _baselines(ctx)


def _requested_pieces(ctx) -> None:
    h1, h2 = ctx.periods["2026H1"], ctx.periods["2026H2"]
    reviewer = ctx.users["shi_shenhe"]
    rows = []
    for county in ctx.counties[:4]:
        sent = (
            Entry.objects.filter(unit=county, period=h1, kind=EntryKind.ARTICLE, status=EntryStatus.APPROVED)
            .order_by("id")
            .first()
        )
        rows += [
            RequestedPiece(
                unit=county,
                period=h1,
                title="乡村振兴典型经验稿件",
                due=date(2026, 4, 30),
                fulfilled_by=sent,
                requested_by=reviewer,
            ),
            RequestedPiece(
                unit=county, period=h1, title="文明创建工作综述", due=date(2026, 6, 10), requested_by=reviewer
            ),
            RequestedPiece(
                unit=county,
                period=h2,
                title="年终工作亮点稿件",
                due=date(2026, 12, 20),
                requested_by=reviewer,
            ),
        ]
    # One county sent its second piece too.
    rows[4].fulfilled_by = (
        Entry.objects.filter(
            unit=ctx.counties[1], period=h1, kind=EntryKind.ARTICLE, status=EntryStatus.APPROVED
        )
        .order_by("-id")
        .first()
    )
    RequestedPiece.objects.bulk_create(rows)


def _baselines(ctx) -> None:
    admin = ctx.users["admin"]
    confirmed = timezone.make_aware(datetime(2025, 2, 10, 9, 30))
    rows = []
    for code, line_base in (("2024H1", 11), ("2024H2", 14)):
        period = Period.objects.get_or_create_code(code)
        for n, county in enumerate(ctx.counties):
            document = f"{county.name}{period.name}工作总结.docx"
            for offset, (metric, value) in enumerate(
                (("articles", 80 + 7 * n), ("info_sent", 30 + 3 * n), ("info_adopted", 8 + n))
            ):
                line = line_base + offset * 3
                rows.append(
                    BaselineFigure(
                        unit=county,
                        period=period,
                        metric_id=metric,
                        value=Decimal(value),
                        source_label=f"{document} 第{line}行",
                        document=document,
                        line=line,
                        confirmed_by=admin,
                        confirmed_at=confirmed,
                    )
                )
    BaselineFigure.objects.bulk_create(rows)
