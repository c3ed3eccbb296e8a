"""Small factories for tests and benchmarks (plain functions, no magic)."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth import get_user_model

from zongjie.ledger.models import Category, Entry, EntryKind, EntryStatus, MediaLevel, Period
from zongjie.org.models import Membership, Unit, UnitKind

_counter = itertools.count(1)


def make_unit(
    code: str, name: str | None = None, parent: Unit | None = None, kind: str = UnitKind.OTHER
) -> Unit:
    return Unit.objects.create(code=code, name=name or f"单位{code}", parent=parent, kind=kind)


def make_user(username: str, unit: Unit | None = None, role: str | None = None, **extra: Any):
    user = get_user_model().objects.create_user(username=username, password="test-pass-123", **extra)
    if unit is not None and role:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


def period(code: str = "2026H1") -> Period:
    return Period.objects.get_or_create_code(code)


def category(code: str = "news_article") -> Category:
    return Category.objects.get(code=code)


def make_entry(
    unit: Unit, *, period_code: str = "2026H1", status: str = EntryStatus.APPROVED, **fields: Any
) -> Entry:
    """An entry written straight to the database (no service checks): for arranging test data."""
    p = fields.pop("period", None) or period(period_code)
    kind = fields.pop("kind", EntryKind.ARTICLE)
    defaults: dict[str, Any] = {
        "category": fields.pop("category", None)
        or category("news_article" if kind == EntryKind.ARTICLE else "other_misc"),
        "title": f"条目{next(_counter)}",
        "occurred_on": p.start,
    }
    if kind == EntryKind.ARTICLE and not fields.get("outlet") and not fields.get("media_level"):
        defaults["media_level"] = MediaLevel.MUNICIPAL
    defaults.update(fields)
    return Entry.objects.create(unit=unit, period=p, kind=kind, status=status, **defaults)


def make_baseline_figure(
    unit: Unit,
    metric_code: str,
    value: Any,
    *,
    period_code: str = "2025H2",
    source_label: str = "旧总结.docx 第1行",
):
    """A confirmed figure from an old summary (assessment.BaselineFigure)."""
    from zongjie.assessment.models import BaselineFigure

    return BaselineFigure.objects.create(
        unit=unit, period=period(period_code), metric_id=metric_code, value=value, source_label=source_label
    )


def make_quota(unit: Unit, metric_code: str, target: Any, *, period_code: str = "2026H1"):
    """A quota written straight to the database (assessment.Quota), for arranging test data."""
    from zongjie.assessment.models import Metric, Quota

    return Quota.objects.create(
        unit=unit, period=period(period_code), metric=Metric.objects.get(code=metric_code), target=target
    )
