"""A person's decisions on extracted figures: map, correct, dismiss, confirm.

Only a confirm makes a figure history (assessment.BaselineFigure, via baseline.sync);
a placeholder (xx) never does, and a figure of an inconsistent breakdown only with a
value a person typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from zongjie.imports import baseline
from zongjie.imports.access import check_allowed
from zongjie.imports.models import DocumentState, ExtractedFigure, FigureStatus
from zongjie.imports.reading import ImportRefused
from zongjie.org.services import person_name

OPEN = (FigureStatus.MAPPED, FigureStatus.REVIEW, FigureStatus.PENDING)


def _lock(figures: Iterable[ExtractedFigure]) -> list[ExtractedFigure]:
    ids = [f.pk for f in figures]
    return list(
        ExtractedFigure.objects.select_for_update()
        .filter(pk__in=ids)
        .select_related("document__unit", "document__period")
        .order_by("document_id", "position")
    )


def _check(user, figures: list[ExtractedFigure]) -> None:
    checked = set()
    for f in figures:
        doc = f.document
        if doc.pk not in checked:
            check_allowed(user, doc.unit, doc.period)
            if doc.state == DocumentState.PROPOSED:
                raise ImportRefused(f"“{doc.filename}”是待确认的替换文件，请先确认替换。")
            checked.add(doc.pk)


def why_not_confirmable(f: ExtractedFigure) -> str | None:
    if f.placeholder:
        return f"“{f.text}”（第{f.line}行）是占位符，不是数字，不能作为历史数据。"
    if not f.metric:
        return f"“{f.text}”（第{f.line}行）尚未对应指标。"
    if f.inconsistent and f.corrected_value is None:
        return f"“{f.text}”（第{f.line}行）所在的分项与合计不一致，请先填写核实后的数值。"
    if f.effective_value is None:
        return f"“{f.text}”（第{f.line}行）没有确定的数值（如区间），请填写数值。"
    return None


@transaction.atomic
def confirm_figures(user, figures: Iterable[ExtractedFigure], *, strict: bool = False) -> list[str]:
    """Confirm figures; returns the reasons for those that could not be (or raises when strict)."""
    locked = _lock(figures)
    _check(user, locked)
    now, problems, touched = timezone.now(), [], set()
    for f in locked:
        if f.status not in OPEN:
            continue
        problem = why_not_confirmable(f)
        if problem:
            problems.append(problem)
            continue
        if f.status == FigureStatus.PENDING:
            # A person accepts the new value: the older confirmed figure of a replaced file yields.
            ExtractedFigure.objects.filter(
                document__unit=f.document.unit,
                document__period=f.document.period,
                document__state=DocumentState.SUPERSEDED,
                metric=f.metric,
                status=FigureStatus.CONFIRMED,
            ).update(status=FigureStatus.REPLACED)
        f.status, f.decided_by, f.decided_at = FigureStatus.CONFIRMED, user, now
        f.save(update_fields=["status", "decided_by", "decided_at"])
        touched.add((f.document.unit, f.document.period, f.metric))
    if strict and problems:
        raise ImportRefused(problems[0])
    for unit, period, metric in touched:
        baseline.sync(unit, period, metric, user)
    return problems


@transaction.atomic
def dismiss_figures(user, figures: Iterable[ExtractedFigure]) -> int:
    locked = _lock(figures)
    _check(user, locked)
    touched, count = set(), 0
    for f in locked:
        if f.status == FigureStatus.DISMISSED:
            continue
        if f.status == FigureStatus.CONFIRMED:
            touched.add((f.document.unit, f.document.period, f.metric))
        f.status, f.decided_by, f.decided_at = FigureStatus.DISMISSED, user, timezone.now()
        f.save(update_fields=["status", "decided_by", "decided_at"])
        count += 1
    for unit, period, metric in touched:
        baseline.sync(unit, period, metric, user)
    return count


@transaction.atomic
def map_figure(
    user, figure: ExtractedFigure, *, metric: str, value: float | None = None, confirm: bool = False
) -> ExtractedFigure:
    """A person maps a figure to a metric and/or corrects its value (then optionally confirms)."""
    (f,) = _lock([figure])
    _check(user, [f])
    if metric and not baseline.known_metric(metric):
        raise ImportRefused(f"未知的指标“{metric}”。")
    if value is not None:
        if f.placeholder:
            raise ImportRefused(f"“{f.text}”是占位符，不能作为历史数据；请忽略它。")
        if value < 0:
            raise ImportRefused("数值不能为负数。")
    was = (f.metric, f.status)
    f.metric = metric
    if value is not None:
        f.corrected_value = value
    f.confidence = 1.0
    name = person_name(user) if user is not None else "操作员"
    f.reason = f"由{name}人工{'更正并' if value is not None else ''}映射"
    f.status = FigureStatus.MAPPED if metric else FigureStatus.REVIEW
    f.decided_by, f.decided_at = user, timezone.now()
    f.save()
    if was[1] == FigureStatus.CONFIRMED:
        baseline.sync(f.document.unit, f.document.period, was[0], user)
    if confirm and metric:
        confirm_figures(user, [f], strict=True)
        f.refresh_from_db()
    return f
