"""Scorecards kept as results: computed once per (period, today, compare, versions) and stored.

The key holds the global score version and the version of every period the computation reads
(the period, its sub-periods and the compared periods: engine.Buckets). A request reads the
stored rows of a fresh key; otherwise the period alone is recomputed and stored (older results
of the period are dropped). Every unit's card is the same in any scope that holds its parent,
so one full computation serves every scope (a top-level unit scored alone ranks 1 of 1)."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone

from zongjie import background
from zongjie.assessment import engine
from zongjie.assessment.models import ScoreCardRow, ScoreRefresh, ScoreResult
from zongjie.assessment.results import Comparison, QuotaStatus, Scorecard
from zongjie.assessment.versions import request_keys, versions_of
from zongjie.ledger.models import Period
from zongjie.org.models import Unit

log = logging.getLogger(__name__)


def version_key(period: Period, compare: bool) -> str:
    keys = request_keys()
    if keys is not None and (period.pk, compare) in keys:
        return keys[period.pk, compare]
    ids = engine.Buckets.load(period, compare).all_ids
    versions = versions_of(ids)
    key = f"g{versions.get(0, 0)}|" + ",".join(f"{pid}.{versions.get(pid, 0)}" for pid in ids)
    if keys is not None:
        keys[period.pk, compare] = key
    return key


def tallies(period: Period, units: list[tuple[int, int | None, bool]]) -> dict[int, dict]:
    """Per unit, over its subtree: entries by status (within the period) and who reported
    (active units; those with a first submission; of them late or on time: services.reporting's
    rules). Two GROUP BYs and a roll-up, kept with the scorecards so the dashboard reads its
    parent's and children's rows instead of aggregating every entry of the province per request.

    `units`: (id, parent_id, is_active) of every unit, inactive too (their entries count by path)."""
    from django.db.models import Count, Min

    from zongjie.ledger.models import Entry

    span = period.span
    deadline = timezone.make_aware(datetime.combine(period.due_date, datetime.max.time()))
    out: dict[int, dict] = {pk: {"s": {}, "u": 0, "r": 0, "l": 0, "o": 0} for pk, _, _ in units}
    for unit_id, status, n in (
        Entry.objects.within(period).order_by().values_list("unit_id", "status").annotate(n=Count("id"))
    ):
        out[unit_id]["s"][status] = n
    first = dict(
        Entry.objects.filter(
            period__start__gte=span.start, period__end__lte=span.end, submitted_at__isnull=False
        )
        .values("unit_id")
        .annotate(first=Min("submitted_at"))
        .order_by()
        .values_list("unit_id", "first")
    )
    parents = {pk: parent for pk, parent, _ in units}
    depth: dict[int, int] = {}
    for pk in parents:  # depth by walking up (the tree is shallow; memoised)
        chain, node = [], pk
        while node is not None and node not in depth:
            chain.append(node)
            node = parents.get(node)
        base = depth.get(node, -1) if node is not None else -1
        for i, n in enumerate(reversed(chain)):
            depth[n] = base + 1 + i
    for pk, _, active in units:
        if active:
            t = out[pk]
            t["u"] = 1
            if pk in first:
                t["r"] = 1
                t["l" if first[pk] > deadline else "o"] = 1
    for pk in sorted(parents, key=lambda k: -depth[k]):  # deepest first: children before parents
        parent = parents[pk]
        if parent is None or parent not in out:
            continue
        t, up = out[pk], out[parent]
        for status, n in t["s"].items():
            up["s"][status] = up["s"].get(status, 0) + n
        for k in "urlo":
            up[k] += t[k]
    return out


def _all_units() -> list[tuple[int, int | None, bool]]:
    return list(Unit.objects.values_list("id", "parent_id", "is_active"))


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


def inline_seconds() -> float:
    """A refresh whose last computation took at most this long runs inside the request."""
    return getattr(settings, "SCORES_INLINE_MS", 2000) / 1000


def _latest(period: Period, compare: bool) -> ScoreResult | None:
    return ScoreResult.objects.filter(period=period, compare=compare).order_by("-computed_at", "-pk").first()


def fresh_result(period: Period, today: date, compare: bool) -> ScoreResult | Computed:
    """The stored result for the current versions; a stale one (`.stale` True) while it is refreshed.

    - fresh result stored: read it;
    - stale result whose computation was cheap (≤ ZONGJIE_SCORES_INLINE_MS): recompute it here,
      unless another refresh holds the period's lease (then serve the stale one);
    - stale and expensive: serve the stale one and refresh it in a thread after the response
      (ZONGJIE_SCORES_BACKGROUND=0: `zongjie refresh_scores` does it);
    - nothing stored yet: compute here (or wait for the refresh that is computing it).

    When the database refuses the write (a read-only or full disk), the computed cards are served
    as they are: reading never fails for want of a cache."""
    read_at = timezone.now()
    key = version_key(period, compare)
    found = ScoreResult.objects.filter(period=period, compare=compare, today=today, key=key).first()
    if found is not None:
        found.stale = False
        return found
    last = _latest(period, compare)
    if last is None:
        return refresh(period, today, compare, (key, read_at)) or _wait_for_first(period, today, compare)
    if last.seconds <= inline_seconds():
        done = refresh(period, today, compare, (key, read_at))
        if done is not None:
            return done
    else:
        schedule_refresh(period, today, compare)
    last.stale = True
    return last


def refresh(
    period: Period, today: date, compare: bool, read: tuple[str, datetime] | None = None
) -> ScoreResult | Computed | None:
    """Compute and store the period's scorecards; None when another refresh holds the lease.

    The key is read before the computation, so changes made while it runs leave the stored
    result stale (refreshed again), never a result that claims figures it did not see; the
    write keeps whichever result started from the later versions (`_store`)."""
    try:
        token = background.claim(ScoreRefresh, LEASE, period_id=period.pk, compare=compare)
    except DatabaseError:  # a read-only database: no lease to take, nothing to keep
        units, cards = engine.compute(period, None, today=today, compare=compare)
        return Computed(units, cards)
    if token is None:
        return None
    try:
        # The time is taken before the key is read: a later start has read later versions.
        key, started_at = read or (None, timezone.now())
        if key is None:  # (from fresh_result: the key just looked up, not stored)
            key = version_key(period, compare)
            found = ScoreResult.objects.filter(period=period, compare=compare, today=today, key=key).first()
            if found is not None:  # stored by the refresh that held the lease before us
                found.stale = False
                return found
        started = time.perf_counter()
        units, cards = engine.compute(period, None, today=today, compare=compare)
        counted = tallies(period, _all_units())
        seconds = time.perf_counter() - started
        return _store(period, today, compare, key, started_at, seconds, units, cards, counted)
    finally:
        background.release(ScoreRefresh, token, period_id=period.pk, compare=compare)


def _store(
    period, today, compare, key, started_at, seconds, units, cards, counted=None
) -> ScoreResult | Computed:
    try:
        with transaction.atomic():
            # Writers of one period take turns (the lease row, locked); a result that started
            # from later versions than ours stays (another refresh ran after a later change).
            list(ScoreRefresh.objects.select_for_update().filter(period_id=period.pk, compare=compare))
            newer = ScoreResult.objects.filter(period=period, compare=compare, started_at__gt=started_at)
            if newer.exists():
                return Computed(units, cards)
            ScoreResult.objects.filter(period=period, compare=compare).delete()
            result = ScoreResult.objects.create(
                period=period,
                key=key,
                today=today,
                compare=compare,
                started_at=started_at,
                computed_at=timezone.now(),
                seconds=seconds,
            )
            ScoreCardRow.objects.bulk_create(
                (
                    ScoreCardRow(
                        result=result,
                        unit_id=u.pk,
                        parent_id=u.parent_id,
                        position=i,
                        data=_encode(cards[u.pk]),
                        tally=json.dumps(counted[u.pk], separators=(",", ":")) if counted else "",
                    )
                    for i, u in enumerate(units)
                ),
                batch_size=2000,
            )
    except DatabaseError:
        return Computed(units, cards)
    result.stale = False  # as of the key read before computing; a later change makes it stale
    return result


LEASE = timedelta(minutes=2)  # not renewed for so long (background.claim's heartbeat): its holder died
WAIT = timedelta(minutes=30)  # how long a request waits for another's first result at most


def refreshing(period: Period, compare: bool = True) -> bool:
    """Is a refresh of the period's scorecards running now?"""
    return ScoreRefresh.objects.filter(
        period_id=period.pk, compare=compare, claimed_at__gte=timezone.now() - LEASE
    ).exists()


def _wait_for_first(period: Period, today: date, compare: bool) -> ScoreResult | Computed:
    """Another request is computing the period's first result: wait for it rather than compute
    the same again; compute here (without keeping it) if it does not come within WAIT."""
    deadline = time.monotonic() + WAIT.total_seconds()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        last = _latest(period, compare)
        if last is not None:
            last.stale = last.key != version_key(period, compare) or last.today != today
            return last
        if not refreshing(period, compare):
            done = refresh(period, today, compare)
            if done is not None:
                return done
    units, cards = engine.compute(period, None, today=today, compare=compare)
    return Computed(units, cards)


_jobs = background.Jobs()


def schedule_refresh(period: Period, today: date, compare: bool) -> None:
    """Refresh the period's scorecards in a thread of this process (at most one per period here;
    the lease keeps other processes out). ZONGJIE_SCORES_BACKGROUND=0 leaves it to
    `zongjie refresh_scores` (a cron job or a worker)."""
    if not getattr(settings, "SCORES_BACKGROUND", True):
        return
    period_id = period.pk
    _jobs.start(
        (period_id, today, compare),
        f"scores-{period_id}",
        lambda: _refresh_later(period_id, today, compare),
        log,
        f"refreshing the scorecards of period {period_id} failed",
    )


def _refresh_later(period_id: int, today: date, compare: bool) -> None:
    period = Period.objects.filter(pk=period_id).first()
    if period is not None:
        refresh(period, today, compare)


def wait_for_refreshes(timeout: float = 60) -> bool:
    """Block until this process's refresh threads are done (tests, `zongjie refresh_scores`)."""
    return _jobs.wait(timeout)


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
        if not cards and not ScoreResult.objects.filter(pk=result.pk).exists():
            # replaced by a refresh between finding it and reading its rows: read the new one
            return stored_cards(period, today, compare, parent=parent, unit=unit, top_level=top_level)
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


@dataclass(slots=True)
class State:
    """What the pages say about the figures they show: when they were computed (None: not yet
    stored), and whether they are being refreshed (something changed since, or another day)."""

    computed_at: datetime | None
    stale: bool


def state(period: Period, today: date, compare: bool = True) -> State:
    last = _latest(period, compare)
    if last is None:
        return State(None, False)
    return State(last.computed_at, last.today != today or last.key != version_key(period, compare))


def stored_tallies(period: Period, today: date, parent: Unit) -> tuple[dict, dict[int, dict]] | None:
    """`parent`'s tally and its children's (unit id -> tally) from the stored result (see
    `tallies`); None when there is none to read (not stored, or a row without it)."""
    result = fresh_result(period, today, True)
    if isinstance(result, Computed):
        return None
    rows = dict(
        ScoreCardRow.objects.filter(result=result)
        .filter(Q(unit_id=parent.pk) | Q(parent_id=parent.pk))
        .values_list("unit_id", "tally")
    )
    if parent.pk not in rows or not all(rows.values()):
        return None
    own = json.loads(rows.pop(parent.pk))
    return own, {pk: json.loads(t) for pk, t in rows.items()}
