"""The set-based scoring engine: every scorecard of a period in a fixed number of queries.

One GROUP BY over the entries (cube.py: per period, unit and class of entry) gives every
metric that depends on the entry alone plus the entry points by top-level category: the
filters and rules are evaluated once per class in Python and spread over the units with
numpy. Adoptions and instructions count there too: the entry row carries its counts per level
(ledger.summaries), which are part of the class. Duplicate claims are folded afterwards. Roll-ups over the
tree are numpy additions level by level (O(units × depth)), ranks are computed in
Python over the aggregated rows. No query depends on the number of units.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Count, Q
from django.db.models.base import ModelState

from zongjie.assessment.cube import load_cube
from zongjie.assessment.duplicates import find_claims
from zongjie.assessment.filters import CategoryIndex, matches
from zongjie.assessment.models import Metric, Quota, RequestedPiece, RuleKind
from zongjie.assessment.results import LEDGER, Comparison, QuotaStatus, Scorecard
from zongjie.assessment.rules import RuleBook, load_rulebook, ruleset_for, with_level_expression
from zongjie.ledger import rollup
from zongjie.ledger.models import Entry, EntryStatus, Period
from zongjie.ledger.periods import PeriodSpan
from zongjie.ledger.summaries import LEVELS, unpack
from zongjie.org.models import Unit

ROW_FIELDS = (
    "kind",
    "category_id",
    "lvl",
    "placement",
    "sent_level",
    "starred",
    "adoption_counts",
    "instruction_counts",
)
SUM_FIELDS = {"sessions": 0, "participants": 1, "amount": 2}
ANALYTIC_WORK_MEM = "64MB"


def num(value: float) -> float | int:
    """Counts print as integers; sums and points keep two decimals."""
    value = round(float(value), 2)
    return int(value) if value.is_integer() else value


@dataclass
class Buckets:
    """The current period (bucket 0) and the periods it is compared with."""

    spans: list[PeriodSpan]
    ids: list[list[int]]
    of_period: dict[int, int]
    previous: int | None  # bucket index of the previous period
    last_year: int | None  # bucket index of the same period a year before

    @classmethod
    def load(cls, period: Period, compare: bool) -> Buckets:
        span = period.span
        spans = [span]
        previous = last_year = None
        if compare:
            spans.append(span.previous())
            previous = 1
            if span.same_period_last_year().code == spans[1].code:
                last_year = 1  # a year's previous period is the year before
            else:
                spans.append(span.same_period_last_year())
                last_year = 2
        q = Q(pk__in=[])
        for s in spans:
            q |= Q(start__gte=s.start, end__lte=s.end)
        ids: list[list[int]] = [[] for _ in spans]
        of_period: dict[int, int] = {}
        for pk, start, end in Period.objects.filter(q).values_list("id", "start", "end"):
            for index, s in enumerate(spans):
                if s.start <= start and end <= s.end:
                    ids[index].append(pk)
                    of_period[pk] = index
                    break
        return cls(spans, ids, of_period, previous, last_year)

    @property
    def all_ids(self) -> list[int]:
        return sorted(self.of_period)


@dataclass
class Inputs:
    period: Period
    scope: Unit | None
    today: date
    book: RuleBook
    metrics: list[Metric]
    categories: CategoryIndex
    buckets: Buckets


def _scoped(queryset, scope: Unit | None, field: str = "unit__path"):
    return queryset if scope is None else queryset.filter(**{f"{field}__startswith": scope.path})


def _cube_fields(inp: Inputs) -> tuple[str, ...]:
    """The entry columns the metric filters and rules can look at: the GROUP BY keys."""
    fields = ["kind", "category_id", "lvl", "placement", "adoption_counts", "instruction_counts"]
    keys = {key for m in inp.metrics for key in m.filters}
    if "sent_level" in keys:
        fields.append("sent_level")
    if "starred" in keys:
        fields.append("starred")
    return tuple(fields)


def _main_aggregate(
    inp: Inputs, index: dict[int, int], own: list[np.ndarray], counts: list[np.ndarray], points, stored: bool
):
    """One GROUP BY (period, unit, kind, category, level, placement) over the approved entries
    — about the baseline's shape — then the metric filters and the entry rules are evaluated
    once per distinct class of entry (a few dozen) and spread over the units with numpy."""
    b = inp.buckets
    fields = _cube_fields(inp)
    qs = with_level_expression(
        _scoped(Entry.objects.filter(status=EntryStatus.APPROVED, period_id__in=b.all_ids), inp.scope)
    ).order_by()
    sql_metrics = list(enumerate(inp.metrics))
    # Only the sums some metric reads: SUM(amount) over numeric is the costliest aggregate.
    summed = [name for name in SUM_FIELDS if any(m.sum_field == name for _, m in sql_metrics)]
    cube = load_cube(qs, fields, summed, b.all_ids, inp.scope.path if inp.scope else None, stored)
    if cube is None:
        return
    classes = cube.classes
    cls, n, sums = cube.cls, cube.n, cube.sums
    unit_pos = positions(np.array(cube.unit_ids, dtype=np.int64), index)
    bucket = positions(np.array(cube.period_ids, dtype=np.int64), b.of_period)
    sum_pos = {name: 1 + k for k, name in enumerate(summed)}

    # Per class: how much each metric takes from the count or a sum, and the entry points.
    take = np.zeros((len(classes), len(inp.metrics), 1 + len(summed)))
    class_points = np.zeros(len(classes))
    class_related = np.zeros(len(classes))  # adoption and instruction points of one entry
    class_top = np.zeros(len(classes), dtype=np.int64)
    top_pos = {code: t for t, code in enumerate(inp.categories.top_codes)}
    for c, key in enumerate(classes):
        row = dict(zip(fields, key, strict=True))
        row.setdefault("sent_level", None)  # not grouped: no filter looks at it
        row.setdefault("starred", None)
        if "starred" in fields:
            row["starred"] = bool(row["starred"])  # SQLite gives 0/1 without Django's converter
        adoptions, instructions = levels_of(row)
        check = {**row, "adoption_levels": set(adoptions), "instruction_levels": set(instructions)}
        for i, metric in sql_metrics:
            if matches(metric.filters, check, inp.categories):
                take[c, i, 0 if metric.sum_field is None else sum_pos[metric.sum_field]] = 1
        class_points[c] = inp.book.entry_points(row, inp.categories)[2]
        class_related[c] = related_points(inp, row, adoptions, instructions)
        class_top[c] = top_pos[inp.categories.codes_by_id.get(row["category_id"], ("", ""))[1]]

    known = unit_pos >= 0
    values = [n, *sums]
    for k in range(len(b.spans)):
        sel = known & (bucket == k)
        if not sel.any():
            continue
        u, c = unit_pos[sel], cls[sel]
        counts[k] += np.bincount(u, weights=n[sel], minlength=len(counts[k]))
        for i, _ in sql_metrics:
            weights = sum(take[c, i, f] * values[f][sel] for f in range(len(values)) if take[:, i, f].any())
            if not isinstance(weights, int):
                own[k][:, i] += np.bincount(u, weights=weights, minlength=len(counts[k]))
        if k == 0:
            earned = class_points[c] * n[sel]
            for t in range(points.shape[1]):
                mine = class_top[c] == t
                if mine.any():
                    points[:, t] += np.bincount(u[mine], weights=earned[mine], minlength=len(counts[k]))
            # Added after all entry points, as when they came from a query of their own.
            earned = class_related[c] * n[sel]
            for t in np.unique(class_top[c][earned != 0]).tolist():
                mine = (class_top[c] == t) & (earned != 0)
                points[:, t] += np.bincount(u[mine], weights=earned[mine], minlength=len(counts[k]))


def levels_of(row: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(adoption levels, instruction levels) of an entry row, one item per adoption/instruction,
    from the packed counts on the entry (ledger.summaries)."""
    return tuple(  # type: ignore[return-value]
        [lvl for lvl, n in zip(LEVELS, unpack(row[name]), strict=True) for _ in range(n)]
        for name in ("adoption_counts", "instruction_counts")
    )


def related_points(inp: Inputs, row: dict[str, Any], adoptions: list[str], instructions: list[str]) -> float:
    awarded = inp.book.adoption_points(row, adoptions, inp.categories)
    awarded += inp.book.instruction_points(row, instructions, inp.categories)
    return sum(p for _, _, p in awarded)


def positions(ids: np.ndarray, index: dict[int, int]) -> np.ndarray:
    """index[id] for every id of the array (-1 where absent), without a Python loop per id."""
    known = np.array(sorted(index), dtype=np.int64)
    if not len(known):
        return np.full(len(ids), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(known, ids), len(known) - 1)
    value = np.array([index[k] for k in known.tolist()], dtype=np.int64)
    return np.where(known[at] == ids, value[at], -1)


def _entry_rows(ids: list[int], scope: Unit | None) -> dict[int, dict[str, Any]]:
    qs = with_level_expression(_scoped(Entry.objects.filter(id__in=ids), scope)).order_by()
    return {
        values[0]: dict(zip(("unit_id", *ROW_FIELDS), values[1:], strict=True))
        for values in qs.values_list("id", "unit_id", *ROW_FIELDS)
    }


def _fold_claims(inp: Inputs, index, points, claims) -> dict[int, int]:
    """Take back the part of a duplicate article's entry points its unit does not keep."""
    flagged: dict[int, int] = defaultdict(int)
    if not claims:
        return flagged
    top_pos = {code: t for t, code in enumerate(inp.categories.top_codes)}
    for entry_id, row in _entry_rows(sorted(claims), inp.scope).items():
        u = index.get(row["unit_id"])
        if u is None:
            continue
        flagged[row["unit_id"]] += 1
        share = claims[entry_id].share
        _, _, entry_points = inp.book.entry_points(row, inp.categories)
        top = inp.categories.codes_by_id.get(row["category_id"], ("", ""))[1]
        if entry_points and share < 1:
            points[u][top_pos[top]] -= entry_points * (1 - share)
        related = related_points(inp, row, *levels_of(row))
        if related and share < 1:
            points[u][top_pos[top]] -= related * (1 - share)
    return flagged


@contextmanager
def analytic_session() -> Iterator[None]:
    """On PostgreSQL, give the big GROUP BYs room to hash in memory (restored afterwards).

    With the default 4 MB work_mem the per-(unit, class) hash spills to disk and the main
    aggregate takes 3× as long. (JIT, which compiled these aggregates for seconds, is off for
    every connection: see zongjie.conf.)
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, false)", [ANALYTIC_WORK_MEM]
        )
        work_mem = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, false)", [work_mem])


def roll_up(matrix: np.ndarray, parent_pos: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """Add every row into its parent's, deepest level first: each row ends as its subtree's sum."""
    out = matrix.copy()
    for level in sorted(set(depth.tolist()), reverse=True):
        rows = np.nonzero((depth == level) & (parent_pos >= 0))[0]
        if rows.size:
            np.add.at(out, parent_pos[rows], out[rows])
    return out


def competition_ranks(units: list[Unit], totals: dict[int, float]) -> dict[int, tuple[int, int]]:
    """unit id -> (rank, number of siblings); equal points share a rank (1, 1, 3)."""
    groups: dict[int | None, list[int]] = defaultdict(list)
    for unit in units:
        groups[unit.parent_id].append(unit.id)
    rounded = {pk: round(total, 2) for pk, total in totals.items()}  # once per unit, not per comparison
    ranks: dict[int, tuple[int, int]] = {}
    for siblings in groups.values():
        ordered = sorted(siblings, key=lambda pk: -rounded[pk])
        previous, rank = None, 0
        for position, pk in enumerate(ordered, start=1):
            score = rounded[pk]
            if score != previous:
                rank, previous = position, score
            ranks[pk] = (rank, len(ordered))
    return ranks


def _pct(current: float, base: float | None) -> float | None:
    if base is None or base == 0:
        return None
    return round((current - base) / base * 100, 1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the scorecards are built.

    The computation allocates a few hundred thousand short-lived tuples and the 20,000 cards;
    each allocation burst triggers full collections that walk every object alive in the
    process (3–4 s per run on the province benchmark once earlier results are held). Nothing
    built here forms reference cycles, so reference counting frees it all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def compute(
    period: Period,
    scope: Unit | None = None,
    *,
    today: date,
    as_of: datetime | None = None,
    compare: bool = True,
) -> tuple[list[Unit], dict[int, Scorecard]]:
    """Scorecards of every active unit in `scope`'s subtree (all units when None)."""
    with _collector_paused():
        return _compute(period, scope, today=today, as_of=as_of, compare=compare)


def _compute(
    period: Period, scope: Unit | None, *, today: date, as_of: datetime | None, compare: bool
) -> tuple[list[Unit], dict[int, Scorecard]]:
    buckets = Buckets.load(period, compare)
    book = load_rulebook(ruleset_for(period.span.year), as_of)
    metrics = list(Metric.objects.filter(is_active=True))
    inp = Inputs(period, scope, today, book, metrics, CategoryIndex.load(), buckets)
    units = active_units(scope)
    index = {u.id: i for i, u in enumerate(units)}  # .id, not the .pk property (20,000 calls)
    n_units, n_metrics, tops = len(units), len(metrics), inp.categories.top_codes
    own = [np.zeros((n_units, n_metrics)) for _ in buckets.spans]
    counts = [np.zeros(n_units) for _ in buckets.spans]
    points = np.zeros((n_units, len(tops)))

    with analytic_session():
        stored = rollup.available(connection)  # the rollups PostgreSQL keeps of the entries
        claims = find_claims(buckets.ids[0], book.duplicate_mode, stored)
        _main_aggregate(inp, index, own, counts, points, stored)
        flagged = _fold_claims(inp, index, points, claims)

    parent_pos = np.array([index.get(u.parent_id, -1) for u in units], dtype=np.int64)
    depth = np.array([u.depth for u in units], dtype=np.int64)
    subtree = [roll_up(m, parent_pos, depth) for m in own]
    sub_counts = [roll_up(c, parent_pos, depth) for c in counts]
    sub_points = roll_up(points, parent_pos, depth)

    codes = [m.code for m in metrics]
    metric_pos = {code: i for i, code in enumerate(codes)}
    quotas = _quotas(inp, index, subtree[0], metric_pos)
    missing = dict(
        _scoped(RequestedPiece.objects.filter(period=period, due__lt=today), scope)
        .filter(Q(fulfilled_by__isnull=True) | ~Q(fulfilled_by__status=EntryStatus.APPROVED))
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit_id", "n")
    )
    baselines = _baselines(inp, scope)

    _, base_points = book.fixed_points(RuleKind.BASE)
    _, per_request = book.fixed_points(RuleKind.REQUEST_MISSING)
    totals: dict[int, float] = {}
    parts: dict[int, tuple[float, float, list[str]]] = {}
    entry_totals = sub_points.sum(axis=1).tolist()  # each row summed as row.sum() would
    for u, unit in enumerate(units):
        pk = unit.id  # the attribute, not the .pk property: read 10× per unit
        reasons, deduction = [], 0
        if quotas[u]:
            reasons = [
                f"未完成任务数：{q.metric_name}（{num(q.actual)}/{num(q.target)}）"
                for q in quotas[u]
                if q.missed
            ]
            deduction = sum(q.deduction for q in quotas[u])
        n_missing = missing.get(pk, 0)
        if n_missing and per_request:
            deduction += n_missing * per_request
            reasons.append(f"约稿未报 {n_missing} 篇")
        entries_total = entry_totals[u]
        totals[pk] = base_points + entries_total + deduction
        parts[pk] = (entries_total, deduction, reasons)
    ranks = competition_ranks(units, totals)

    metric_rows = numbers(subtree[0])
    own_rows = numbers(own[0])
    point_rows = numbers(sub_points)
    own_points = numbers(points.sum(axis=1))
    compared = (
        _Compared.build(inp, units, codes, subtree, sub_counts, baselines, metric_rows) if compare else None
    )
    cards: dict[int, Scorecard] = {}
    base = num(base_points)
    for u, unit in enumerate(units):
        pk = unit.id
        entries_total, deduction, reasons = parts[pk]
        cards[pk] = Scorecard(
            unit=unit,
            period=period,
            metrics=dict(zip(codes, metric_rows[u], strict=True)),
            own_metrics=dict(zip(codes, own_rows[u], strict=True)),
            points_total=num(totals[pk]),
            points_entries=num(entries_total) if entries_total else 0,
            points_own=own_points[u],
            points_by_category=dict(zip(tops, point_rows[u], strict=True)),
            base_points=base,
            deductions=num(deduction) if deduction else 0,
            deduction_reasons=reasons,
            rank=ranks[pk][0],
            rank_of=ranks[pk][1],
            quotas=quotas[u],
            comparison=Comparisons(compared, u) if compared else {},
            rule_version=book.label,
            rule_version_id=book.ruleset_id,
            duplicates=flagged.get(pk, 0),
            requested_missing=missing.get(pk, 0),
            today=today,
        )
    return units, cards


def active_units(scope: Unit | None) -> list[Unit]:
    """The active units of `scope`'s subtree (all when None) in path order, as Unit instances.

    Built as Django's Model.from_db builds a fully loaded instance (every concrete field, state
    "from the database"), without its per-instance __init__ and signals: 20,000 units by the
    ORM cost ~0.3 s, a third of the whole GROUP BY floor (no receiver listens to Unit's init)."""
    qs = _scoped(Unit.objects.filter(is_active=True), scope, "path").order_by("path")
    names = [f.attname for f in Unit._meta.concrete_fields]
    db = qs.db
    new, state = Unit.__new__, ModelState
    units = []
    for row in qs.values_list(*names):
        unit = new(Unit)
        unit._state = state()
        unit._state.adding, unit._state.db = False, db
        unit.__dict__.update(zip(names, row, strict=True))
        units.append(unit)
    return units


def _quotas(inp: Inputs, index, values: np.ndarray, metric_pos: dict[str, int]) -> list[list[QuotaStatus]]:
    period, today = inp.period, inp.today
    total_days = (period.end - period.start).days + 1
    elapsed = min(max((today - period.start).days + 1, 0), total_days)
    share = elapsed / total_days
    ended = today > period.end
    _, per_miss = inp.book.fixed_points(RuleKind.QUOTA_MISS)
    out: list[list[QuotaStatus]] = [[] for _ in index]
    rows = _scoped(Quota.objects.filter(period=period), inp.scope).values_list(
        "unit_id", "metric__code", "metric__name", "target"
    )
    for unit_id, code, name, target in rows.order_by("metric__order", "id"):
        u = index.get(unit_id)
        if u is None or code not in metric_pos:
            continue
        target = float(target)
        actual = float(values[u][metric_pos[code]])
        met = actual >= target
        missed = ended and not met
        out[u].append(
            QuotaStatus(
                metric=code,
                metric_name=name,
                target=num(target),
                actual=num(actual),
                completion=round(actual / target, 4),
                over=num(max(actual - target, 0)),
                met=met,
                expected_share=round(share, 4),
                expected=num(target * share),
                on_pace=actual >= target * share,
                missed=missed,
                deduction=num(per_miss) if missed else 0,
            )
        )
    return out


def _baselines(inp: Inputs, scope: Unit | None) -> dict[tuple[int, int, str], tuple[float, str]]:
    """(unit id, bucket, metric code) -> (value, source label) of confirmed imported figures."""
    from zongjie.assessment.models import BaselineFigure

    codes = {s.code: i for i, s in enumerate(inp.buckets.spans) if i > 0}
    if not codes:
        return {}
    rows = _scoped(BaselineFigure.objects.filter(period__code__in=list(codes)), scope).values_list(
        "unit_id", "period__code", "metric_id", "value", "source_label"
    )
    return {(u, codes[p], m): (float(v), label) for u, p, m, v, label in rows}


def numbers(matrix: np.ndarray) -> list:
    """`num` over a whole array at C speed: rounded to 2 decimals, integral values as int."""
    rounded = np.round(matrix, 2)
    integral = rounded == np.floor(rounded)
    as_int = np.where(integral, rounded, 0).astype(np.int64).astype(object)
    return np.where(integral, as_int, rounded.astype(object)).tolist()


@dataclass
class _Compared:
    """Previous-period and last-year figures of every unit, as arrays (NaN: nobody recorded it)."""

    codes: list[str]
    current: list[list]
    figures: list[tuple]  # per compared bucket: (values, deltas, sources, baseline labels)

    @classmethod
    def build(cls, inp: Inputs, units, codes, subtree, sub_counts, baselines, current) -> _Compared:
        b = inp.buckets
        figures = []
        metric_pos = {code: i for i, code in enumerate(codes)}
        index = {u.id: n for n, u in enumerate(units)}
        for bucket in (b.previous, b.last_year):
            has = sub_counts[bucket] > 0
            values = np.where(has[:, None], subtree[bucket], np.nan)
            sources: list[str | None] = [LEDGER if h else None for h in has.tolist()]
            labels: dict[tuple[int, int], str] = {}
            for (unit_id, bkt, code), (value, label) in baselines.items():
                u = index.get(unit_id)
                if bkt == bucket and u is not None and not has[u] and code in metric_pos:
                    values[u, metric_pos[code]] = value
                    labels[(u, metric_pos[code])] = label
            delta = np.round(np.asarray(current_matrix(current)) - values, 2)
            figures.append((values, delta, sources, labels))
        return cls(codes, current, figures)

    def comparison(self, u: int) -> dict[str, Comparison]:
        out: dict[str, Comparison] = {}
        (pv, pd, ps, pl), (lv, ld, ls, ll) = self.figures
        row = self.current[u]
        for i, code in enumerate(self.codes):
            current = row[i]
            prev, last = pv[u, i], lv[u, i]
            has_prev, has_last = not np.isnan(prev), not np.isnan(last)
            out[code] = Comparison(
                current=current,
                previous=num(prev) if has_prev else None,
                source=(pl.get((u, i)) or ps[u]) if has_prev else None,
                delta=num(pd[u, i]) if has_prev else None,
                pct=_pct(current, float(prev)) if has_prev else None,
                last_year=num(last) if has_last else None,
                last_year_source=(ll.get((u, i)) or ls[u]) if has_last else None,
                last_year_delta=num(ld[u, i]) if has_last else None,
                last_year_pct=_pct(current, float(last)) if has_last else None,
            )
        return out


def current_matrix(rows: list[list]) -> np.ndarray:
    return np.array(rows, dtype=float)


class Comparisons(Mapping):
    """metric code -> Comparison for one unit, built on first use (the figures are computed
    for every unit at once, in arrays; the objects only when someone reads them)."""

    __slots__ = ("_compared", "_items", "_u")

    def __init__(self, compared: _Compared, u: int) -> None:
        self._compared, self._u, self._items = compared, u, None

    def _all(self) -> dict[str, Comparison]:
        if self._items is None:
            self._items = self._compared.comparison(self._u)
        return self._items

    def __getitem__(self, code: str) -> Comparison:
        return self._all()[code]

    def __iter__(self):
        return iter(self._compared.codes)

    def __len__(self) -> int:
        return len(self._compared.codes)
