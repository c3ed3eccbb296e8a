"""Scorecards kept as results: computed once per (period, today, compare, versions) and stored.

The key holds the global score version and the version of every period the computation reads
(the period, its sub-periods and the compared periods: engine.Buckets). A request reads the
stored rows of a fresh key; otherwise the period alone is recomputed and stored (older results
of the period are dropped). Every unit's card is the same in any scope that holds its parent,
so one full computation serves every scope (a top-level unit scored alone ranks 1 of 1)."""

from __future__ import annotations

import json
import time
from dataclasses import astuple, dataclass, replace
from datetime import date

from django.db import DatabaseError, transaction
from django.utils import timezone

from zongjie.assessment import engine
from zongjie.assessment.models import ScoreCardRow, ScoreResult
from zongjie.assessment.results import Comparison, QuotaStatus, Scorecard
from zongjie.assessment.versions import versions_of
from zongjie.ledger.models import Period
from zongjie.org.models import Unit


def version_key(period: Period, compare: bool) -> str:
    ids = engine.Buckets.load(period, compare).all_ids
    versions = versions_of(ids)
    return f"g{versions.get(0, 0)}|" + ",".join(f"{pid}.{versions.get(pid, 0)}" for pid in ids)


def _encode(card: Scorecard) -> str:
    return json.dumps(
        [
            card.metrics,
            card.own_metrics,
            card.points_total,
            card.points_entries,
            card.points_own,
            card.points_by_category,
            card.base_points,
            card.deductions,
            card.deduction_reasons,
            card.rank,
            card.rank_of,
            [astuple(q) for q in card.quotas],
            {code: astuple(c) for code, c in card.comparison.items()},
            card.rule_version,
            card.rule_version_id,
            card.duplicates,
            card.requested_missing,
        ],
        ensure_ascii=False,
    )


def _decode(data: str, unit: Unit, period: Period, today: date) -> Scorecard:
    (metrics, own, total, entries, points_own, by_cat, base, deductions, reasons, rank, rank_of, quotas,
     comparison, rule_version, rule_version_id, duplicates, missing) = json.loads(data)  # fmt: skip
    return Scorecard(
        unit=unit,
        period=period,
        metrics=metrics,
        own_metrics=own,
        points_total=total,
        points_entries=entries,
        points_own=points_own,
        points_by_category=by_cat,
        base_points=base,
        deductions=deductions,
        deduction_reasons=reasons,
        rank=rank,
        rank_of=rank_of,
        quotas=[QuotaStatus(*q) for q in quotas],
        comparison={code: Comparison(*c) for code, c in comparison.items()},
        rule_version=rule_version,
        rule_version_id=rule_version_id,
        duplicates=duplicates,
        requested_missing=missing,
        today=today,
    )


def fresh_result(period: Period, today: date, compare: bool) -> ScoreResult | Computed:
    """The stored result for the current versions, computing and storing it when there is none.

    When the database refuses the write (a read-only or full disk, or a concurrent request that
    stored the same key first), the computed cards are served as they are: reading never fails
    for want of a cache."""
    key = version_key(period, compare)
    found = ScoreResult.objects.filter(period=period, compare=compare, today=today, key=key).first()
    if found is not None:
        return found
    started = time.perf_counter()
    units, cards = engine.compute(period, None, today=today, compare=compare)
    try:
        with transaction.atomic():
            ScoreResult.objects.filter(period=period, compare=compare).delete()
            result = ScoreResult.objects.create(
                period=period,
                key=key,
                today=today,
                compare=compare,
                computed_at=timezone.now(),
                seconds=time.perf_counter() - started,
            )
            ScoreCardRow.objects.bulk_create(
                (
                    ScoreCardRow(
                        result=result,
                        unit_id=u.pk,
                        parent_id=u.parent_id,
                        position=i,
                        data=_encode(cards[u.pk]),
                    )
                    for i, u in enumerate(units)
                ),
                batch_size=2000,
            )
    except DatabaseError:
        return Computed(units, cards)
    return result


@dataclass(slots=True)
class Computed:
    """A computation the database would not keep: its units in tree order and their cards."""

    units: list[Unit]
    cards: dict[int, Scorecard]

    def select(self, parent: Unit | None, unit: Unit | None, top_level: bool) -> list[Scorecard]:
        if parent is not None:
            chosen = [u for u in self.units if u.parent_id == parent.pk]
        elif unit is not None:
            chosen = [u for u in self.units if u.pk == unit.pk]
        elif top_level:
            chosen = [u for u in self.units if u.parent_id is None]
        else:
            chosen = self.units
        return [self.cards[u.pk] for u in chosen]


def stored_cards(
    period: Period, today: date, compare: bool, *, parent: Unit | None = None, unit: Unit | None = None,
    top_level: bool = False,
) -> list[Scorecard]:  # fmt: skip
    """Stored cards in tree order: all, `parent`'s children, the top-level units, or one unit."""
    result = fresh_result(period, today, compare)
    if isinstance(result, Computed):
        cards = result.select(parent, unit, top_level)
    else:
        cards = _read_back(result, period, today, parent, unit, top_level)
    if unit is not None and unit.parent_id is None and cards:
        cards = [replace(cards[0], rank=1, rank_of=1)]  # scored alone, as its own scope
    return cards


def _read_back(
    result: ScoreResult, period: Period, today: date, parent: Unit | None, unit: Unit | None, top_level: bool
) -> list[Scorecard]:
    rows = ScoreCardRow.objects.filter(result=result)
    if parent is not None:
        rows = rows.filter(parent_id=parent.pk)
    elif unit is not None:
        rows = rows.filter(unit_id=unit.pk)
    elif top_level:
        rows = rows.filter(parent_id__isnull=True)
    pairs = list(rows.order_by("position").values_list("unit_id", "data"))
    units = {unit.pk: unit} if unit is not None else Unit.objects.in_bulk([pk for pk, _ in pairs])
    return [_decode(data, units[pk], period, today) for pk, data in pairs if pk in units]


def computed_at(period: Period) -> ScoreResult | None:
    """The latest stored result of the period (for "数据更新于 …" on the pages)."""
    return ScoreResult.objects.filter(period=period).order_by("-computed_at").first()
