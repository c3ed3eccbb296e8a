"""Figures for the home page and the dashboard, all from zongjie.assessment.services.

This module only reshapes the assessment's Scorecards into what a chart or a table
needs (labels in Chinese, percentages rounded); it computes no figure of its own,
except reporting completeness, which is a plain count of who has reported.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count

from zongjie.ledger.models import Category, Entry, EntryStatus, MediaLevel, Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, can, home_units, require

LEVEL_METRICS = [
    ("articles_central", MediaLevel.CENTRAL.label),
    ("articles_provincial", MediaLevel.PROVINCIAL.label),
    ("articles_municipal", MediaLevel.MUNICIPAL.label),
    ("articles_county", MediaLevel.COUNTY.label),
]
COMPARED_METRICS = [
    "articles",
    "articles_municipal_plus",
    "articles_headline",
    "info_sent",
    "info_adopted",
    "instructions",
    "events",
    "study_sessions",
    "honours",
]


def _services():
    try:
        from zongjie.assessment import services
    except ImportError:  # the assessment app has not shipped its services yet
        return None
    return services


def available() -> bool:
    return _services() is not None


def metric_names() -> dict[str, tuple[str, str]]:
    """code -> (name, unit label), from the assessment's Metric rows."""
    try:
        from zongjie.assessment.models import Metric
    except ImportError:
        return {}
    return {
        code: (name, label) for code, name, label in Metric.objects.values_list("code", "name", "unit_label")
    }


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def _number(value: float) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


@dataclass
class QuotaRow:
    code: str
    name: str
    unit_label: str
    target: int | float
    actual: int | float
    percent: int
    bar: int
    expected_percent: int
    on_pace: bool
    met: bool
    pacing_note: str


def quota_rows(card: Any, names: dict[str, tuple[str, str]]) -> list[QuotaRow]:
    rows = []
    for q in card.quotas:
        name, label = names.get(q.metric, (getattr(q, "metric_name", q.metric), ""))
        percent = round(q.completion * 100)
        expected = round(q.expected_share * 100)
        if q.met:
            note = "已完成"
        elif q.missed:
            note = "期末未完成"
        elif q.on_pace:
            note = "进度正常"
        else:
            note = f"落后于进度（应达 {_number(q.expected)}{label}）"
        rows.append(
            QuotaRow(
                code=q.metric,
                name=getattr(q, "metric_name", "") or name,
                unit_label=label,
                target=_number(q.target),
                actual=_number(q.actual),
                percent=percent,
                bar=min(percent, 100),
                expected_percent=expected,
                on_pace=q.on_pace,
                met=q.met,
                pacing_note=note,
            )
        )
    return rows


def quota_cards(user, period: Period | None) -> list[dict] | None:
    """Quota progress of each unit the reporter writes for (None when assessment is not there)."""
    services = _services()
    if services is None or period is None:
        return None
    names = metric_names()
    cards = []
    units = [u for u in home_units(user).order_by("depth", "path")[:5] if can(user, Action.WRITE, u)]
    for unit in units:
        card = services.scorecard(unit, period, user=user)
        cards.append({"unit": unit, "quotas": quota_rows(card, names)})
    return cards


def scores_state(period: Period | None):
    """When the figures the page shows were computed, and whether they are being refreshed."""
    services = _services()
    if services is None or period is None:
        return None
    return services.scores_state(period)


def ranking_rows(user, period: Period | None) -> list[dict] | None:
    """The ranking below each unit the viewer holds a role in."""
    services = _services()
    if services is None or period is None:
        return None
    blocks = []
    for parent in home_units(user).order_by("depth", "path")[:3]:
        cards = services.scorecards(period, parent=parent)
        rows = [
            {"rank": c.rank, "unit": c.unit, "points": _number(c.points_total)}
            for c in sorted(cards, key=lambda c: (c.rank, c.unit.path))
            if c.unit.pk != parent.pk
        ]
        if rows:
            blocks.append({"parent": parent, "rows": rows})
    return blocks


def completeness(parent: Unit, period: Period, user=None, counts=None) -> dict[str, Any]:
    """Reporting completeness from the assessment's `reporting`, split by `parent`'s children
    (from the stored subtree `counts` when given: the same figures, without a scan of the entries)."""
    services = _services()
    if counts is not None:
        return _stored_completeness(parent, period, counts)
    report = services.reporting(period, parent, user=user)
    missing, late = set(report.missing_units), set(report.late_units)
    units = list(Unit.objects.subtree_of(parent).filter(is_active=True).values_list("code", "path"))
    rows = []
    for child in Unit.objects.filter(parent=parent, is_active=True).order_by("sort_order", "path"):
        members = [code for code, path in units if path.startswith(child.path)]
        done = sum(1 for code in members if code not in missing)
        rows.append(
            {
                "unit": child.name,
                "units": len(members),
                "reported": done,
                "late": sum(1 for code in members if code in late),
                "percent": round(done / len(members) * 100) if members else 0,
            }
        )
    return {
        "rows": rows,
        "expected": report.expected,
        "submitted": report.submitted,
        "on_time": report.on_time,
        "percent": round((report.completeness or 0) * 100),
        "timely_percent": round((report.timeliness or 0) * 100),
        "due": report.due,
    }


def _stored_completeness(parent: Unit, period: Period, counts) -> dict[str, Any]:
    own, by_child = counts
    rows = []
    for child in Unit.objects.filter(parent=parent, is_active=True).order_by("sort_order", "path"):
        t = by_child.get(child.pk) or {"u": 0, "r": 0, "l": 0}
        rows.append(
            {
                "unit": child.name,
                "units": t["u"],
                "reported": t["r"],
                "late": t["l"],
                "percent": round(t["r"] / t["u"] * 100) if t["u"] else 0,
            }
        )
    n = own["u"]
    # rounded as services.reporting rounds its shares (4 places), then as the page does
    completeness_share = round(own["r"] / n, 4) if n else None
    timeliness_share = round(own["o"] / n, 4) if n else None
    return {
        "rows": rows,
        "expected": n,
        "submitted": own["r"],
        "on_time": own["o"],
        "percent": round((completeness_share or 0) * 100),
        "timely_percent": round((timeliness_share or 0) * 100),
        "due": period.due_date,
    }


def status_counts(parent: Unit, period: Period, counts=None) -> dict[str, int]:
    if counts is not None:
        found = counts[0]["s"]
        return {label: found.get(value, 0) for value, label in EntryStatus.choices}
    counts = Entry.objects.in_subtree(parent).within(period).values("status").annotate(n=Count("id"))
    found = {row["status"]: row["n"] for row in counts}
    return {label: found.get(value, 0) for value, label in EntryStatus.choices}


def dashboard(user, parent: Unit, period: Period) -> dict[str, Any] | None:
    """Everything the dashboard draws, for `parent`'s subtree in `period` (None without assessment)."""
    services = _services()
    if services is None:
        return None
    require(user, Action.READ, parent)
    names = metric_names()
    children = [c for c in services.scorecards(period, parent=parent) if c.unit.pk != parent.pk]
    children.sort(key=lambda c: (c.rank, c.unit.path))
    own = services.scorecard(parent, period, user=user)
    top_names = dict(Category.objects.filter(parent__isnull=True).values_list("code", "name"))
    counts = services.subtree_counts(period, parent)

    ranking = {
        "units": [c.unit.name for c in children],
        "points": [_number(c.points_total) for c in children],
        "ranks": [c.rank for c in children],
    }
    by_category = [
        {"name": top_names.get(code, code), "value": _number(points)}
        for code, points in sorted(own.points_by_category.items(), key=lambda kv: -kv[1])
        if points
    ]
    by_level = {
        "units": [c.unit.name for c in children],
        "series": [
            {"name": label, "data": [_number(c.metrics.get(code, 0)) for c in children]}
            for code, label in LEVEL_METRICS
        ],
        "total": [
            {"name": label, "value": _number(own.metrics.get(code, 0))} for code, label in LEVEL_METRICS
        ],
    }
    compared = []
    for code in COMPARED_METRICS:
        comp = own.comparison.get(code)
        if comp is None:
            continue
        compared.append(
            {
                "code": code,
                "name": names.get(code, (code, ""))[0],
                "current": _number(comp.current),
                "last_year": None if comp.last_year is None else _number(comp.last_year),
                "pct": _round(comp.last_year_pct),  # already a percentage
                "source": comp.last_year_source or "",
            }
        )
    # The scope's own quotas; a city without its own shows those it set for the units below.
    quotas = quota_rows(own, names) or [
        replace(row, name=f"{c.unit.name} · {row.name}") for c in children for row in quota_rows(c, names)
    ]
    return {
        "own": own,
        "rank_text": f"第 {own.rank} 名 / 共 {own.rank_of} 个" if own.rank_of else "",
        "points_total": _number(own.points_total),
        "rule_version": own.rule_version,
        "scores": services.scores_state(period),
        "ranking": ranking,
        "ranking_rows": [
            {"rank": c.rank, "unit": c.unit.name, "points": _number(c.points_total)} for c in children
        ],
        "by_category": by_category,
        "by_level": by_level,
        "compared": compared,
        "quotas": quotas,
        # about 28 px a bar, so every unit's label stays readable
        "quota_chart_height": max(320, 60 + 28 * len(quotas)),
        "quota_chart": {
            "names": [q.name for q in quotas],
            "percent": [q.percent for q in quotas],
            "expected": [q.expected_percent for q in quotas],
        },
        "completeness": completeness(parent, period, user, counts),
        "statuses": status_counts(parent, period, counts),
    }
