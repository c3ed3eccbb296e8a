"""Confirmed figures -> assessment.BaselineFigure (the history the period comparison uses).

The baseline of (unit, period, metric) is the sum of the confirmed figures mapped to it
(e.g. information sent to three offices, each its own line); its source names every file
and line. Rows a person entered by hand (not ours) are replaced only when a person
confirms an imported figure for the same metric.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.utils import timezone

from zongjie.imports.models import METRIC_LABELS, ExtractedFigure, FigureStatus
from zongjie.ledger.models import Period
from zongjie.org.models import Unit

NOTE = "由导入的旧总结确认"


def _models():
    try:
        return apps.get_model("assessment", "BaselineFigure"), apps.get_model("assessment", "Metric")
    except LookupError:  # the assessment app not installed: figures stay confirmed here only
        return None, None


def metric_labels() -> dict[str, str]:
    """Metric names from the assessment's Metric rows where present, else the shared defaults."""
    _, Metric = _models()
    labels = dict(METRIC_LABELS)
    if Metric is not None:
        labels.update(dict(Metric.objects.filter(code__in=list(METRIC_LABELS)).values_list("code", "name")))
    return labels


def known_metric(code: str) -> bool:
    _, Metric = _models()
    if Metric is None:
        return code in METRIC_LABELS
    return Metric.objects.filter(code=code).exists()


def confirmed_value(unit: Unit, period: Period, metric: str) -> tuple[Decimal, str] | None:
    """The confirmed baseline (value, source) of a metric, from whoever confirmed it."""
    Baseline, _ = _models()
    if Baseline is None:
        return None
    row = Baseline.objects.filter(unit=unit, period=period, metric_id=metric).first()
    return (row.value, row.source_label) if row else None


def _source_label(figures: list[ExtractedFigure]) -> tuple[str, str, int | None]:
    by_file: dict[str, list[int]] = defaultdict(list)
    for f in figures:
        if f.line not in by_file[f.document.filename]:
            by_file[f.document.filename].append(f.line)
    label = "；".join(
        f"{name} 第{'、'.join(str(n) for n in sorted(lines))}行" for name, lines in by_file.items()
    )
    documents = "；".join(by_file)
    return label[:200], documents[:300], min(f.line for f in figures)


def sync(unit: Unit, period: Period, metric: str, user=None) -> None:
    """Write (or remove) the baseline of one metric from the confirmed figures."""
    Baseline, Metric = _models()
    if Baseline is None or not metric:
        return
    figures = list(
        ExtractedFigure.objects.filter(
            document__unit=unit, document__period=period, metric=metric, status=FigureStatus.CONFIRMED
        )
        .select_related("document")
        .order_by("document_id", "position")
    )
    if not figures:
        Baseline.objects.filter(unit=unit, period=period, metric_id=metric, note__startswith=NOTE).delete()
        return
    if not Metric.objects.filter(code=metric).exists():
        return
    total = sum(Decimal(str(f.effective_value)) for f in figures)
    label, documents, line = _source_label(figures)
    approximate = any(f.qualifier != "exact" for f in figures)
    Baseline.objects.update_or_create(
        unit=unit,
        period=period,
        metric_id=metric,
        defaults={
            "value": total,
            "source_label": label,
            "document": documents,
            "line": line,
            "confirmed_by": user,
            "confirmed_at": timezone.now(),
            "note": NOTE + ("（含“余”“多”“近”等约数）" if approximate else ""),
        },
    )
