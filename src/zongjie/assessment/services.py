"""Assessment services: the one place pages, the API and the CLI get scores from.

Public API (see docs and the final report):
    scorecard(unit, period, user=None, *, today=None, as_of=None) -> Scorecard
    scorecards(period, parent=None, *, user=None, today=None, as_of=None, compare=True) -> list[Scorecard]
    ranking(period, parent=None, *, user=None, today=None, as_of=None) -> list[Scorecard]
    score_lines(unit, period, *, today=None, as_of=None) -> list[ScoreLine]
    reporting(period, parent, *, user=None) -> Reporting
    duplicate_claims(period, parent=None) -> list[DuplicateClaim]
    set_quota(user, unit, period, metric, target, note="") -> Quota
    update_rule(user, rule, **changes) -> ScoringRule   (and create_rule, update_ruleset)
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.db.models import Min
from django.utils import timezone

from zongjie.assessment import engine, store
from zongjie.assessment.duplicates import find_claims, share_label
from zongjie.assessment.filters import CategoryIndex
from zongjie.assessment.models import RequestedPiece, RuleKind
from zongjie.assessment.quotas import set_quota  # noqa: F401 (public)
from zongjie.assessment.results import DuplicateClaim, Reporting, Scorecard, ScoreLine
from zongjie.assessment.rule_admin import create_rule, update_rule, update_ruleset  # noqa: F401 (public)
from zongjie.assessment.rules import level_label, load_rulebook, ruleset_for, with_level_expression
from zongjie.ledger.models import Adoption, Entry, EntryStatus, Instruction, Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, can, require

PeriodLike = Period | str


def _period(period: PeriodLike) -> Period:
    return period if isinstance(period, Period) else Period.objects.get_or_create_code(period)


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def scorecards(
    period: PeriodLike,
    parent: Unit | None = None,
    *,
    user=None,
    today: date | None = None,
    as_of: datetime | None = None,
    compare: bool = True,
) -> list[Scorecard]:
    """All scorecards of the period (parent None: every active unit, in tree order) or the
    scorecards of `parent`'s children (ranked among themselves), in a fixed number of queries.
    With `user`, only the units the user may read."""
    period = _period(period)
    if as_of is None:
        chosen = store.stored_cards(period, _today(today), compare, parent=parent)
    else:
        units, cards = engine.compute(period, parent, today=_today(today), as_of=as_of, compare=compare)
        if parent is not None:
            units = [u for u in units if u.parent_id == parent.pk]
        chosen = [cards[u.pk] for u in units]
    if user is not None:
        chosen = [c for c in chosen if can(user, Action.READ, c.unit)]
    return chosen


def ranking(
    period: PeriodLike,
    parent: Unit | None = None,
    *,
    user=None,
    today: date | None = None,
    as_of: datetime | None = None,
    compare: bool = True,
) -> list[Scorecard]:
    """`parent`'s children (the top-level units when None) ordered by rank, then tree order."""
    period = _period(period)
    if parent is None and as_of is None:
        chosen = store.stored_cards(period, _today(today), compare, top_level=True)
    elif parent is None:
        units, cards = engine.compute(period, None, today=_today(today), as_of=as_of, compare=compare)
        chosen = [cards[u.pk] for u in units if u.parent_id is None]
    else:
        chosen = scorecards(period, parent, today=today, as_of=as_of, compare=compare)
    if user is not None:
        chosen = [c for c in chosen if can(user, Action.READ, c.unit)]
    return sorted(chosen, key=lambda c: (c.rank, c.unit.sort_order, c.unit.path))


def fresh_ranking(
    period: PeriodLike, parent: Unit | None = None, today: date | None = None
) -> list[Scorecard]:
    """`ranking` computed by the engine now, neither read from nor written to the store
    (`zongjie score --fresh`: what the stored results must equal)."""
    period = _period(period)
    units, cards = engine.compute(period, parent, today=_today(today))  # scored in that scope alone
    chosen = [cards[u.pk] for u in units if u.parent_id == (parent.pk if parent else None)]
    return sorted(chosen, key=lambda c: (c.rank, c.unit.sort_order, c.unit.path))


def scorecard(
    unit: Unit, period: PeriodLike, user=None, *, today: date | None = None, as_of: datetime | None = None
) -> Scorecard:
    """One unit's scorecard (rank among its siblings, so the parent's subtree is scored)."""
    if user is not None:
        require(user, Action.READ, unit)
    if as_of is None:
        found = store.stored_cards(_period(period), _today(today), True, unit=unit)
        if found:
            return found[0]
    scope = unit.parent if unit.parent_id else unit
    _, cards = engine.compute(_period(period), scope, today=_today(today), as_of=as_of)
    return cards[unit.pk]


def scores_state(period: PeriodLike, *, today: date | None = None) -> store.State:
    """When the period's stored scorecards were computed and whether they are being refreshed
    (the pages say "数据截至 …" or "数据正在更新，当前显示 … 的结果")."""
    return store.state(_period(period), _today(today))


def subtree_counts(period: PeriodLike, parent: Unit, *, today: date | None = None):
    """Stored with the period's scorecards: `parent`'s subtree counts and each child's
    ({"s": entries by status, "u": active units, "r": reported, "l": late, "o": on time}),
    as (own, {child id: counts}); None when no stored result holds them (count live then)."""
    return store.stored_tallies(_period(period), _today(today), parent)


def _entry_line(book, categories, row, claim, mode) -> list[ScoreLine]:
    lines: list[ScoreLine] = []
    share = claim.share if claim else 1.0
    title = row["title"]
    top = categories.codes_by_id.get(row["category_id"], ("", ""))[1]
    common = {"unit_code": row["unit__code"], "entry_id": row["id"], "entry_title": title, "category": top}
    base, mult, points = book.entry_points(row, categories)
    if base is not None and points:
        text = f"“{title}”：{base.name} {engine.num(base.points)} 分"
        if mult is not None:
            text += f"，{mult.name} ×{engine.num(mult.factor)}"
        if claim:
            text += f"；{share_label(claim, mode)}"
        lines.append(
            ScoreLine(
                points=engine.num(points * share),
                explanation=text,
                rule_id=base.id,
                rule_name=base.name,
                **common,
            )
        )
    extra = [("采用", r) for r in book.adoption_points(row, row["adoption_levels"], categories)]
    extra += [("批示", r) for r in book.instruction_points(row, row["instruction_levels"], categories)]
    for what, (rule, level, pts) in extra:
        text = f"“{title}”：获{level_label(level)}{what}，{rule.name} {engine.num(pts)} 分"
        if what == "采用" and book.adoption_mode == "highest" and len(row["adoption_levels"]) > 1:
            text += "（多级采用只计最高级别）"
        if claim and share != 1:
            text += f"；{share_label(claim, mode)}"
        lines.append(
            ScoreLine(
                points=engine.num(pts * share),
                explanation=text,
                rule_id=rule.id,
                rule_name=rule.name,
                **common,
            )
        )
    return lines


def score_lines(
    unit: Unit, period: PeriodLike, *, today: date | None = None, as_of: datetime | None = None
) -> list[ScoreLine]:
    """Every point of the unit's own score with its reason: entries, base points, deductions.

    Their sum is the unit's own points (`points_own + base_points + deductions` of its scorecard);
    a parent's total also holds its sub-units' entry points (see their own lines).
    """
    period = _period(period)
    card = scorecard(unit, period, today=today, as_of=as_of)
    book = load_rulebook(ruleset_for(period.span.year), as_of)
    categories = CategoryIndex.load()
    span = period.span
    ids = list(Period.objects.filter(start__gte=span.start, end__lte=span.end).values_list("id", flat=True))
    entries = with_level_expression(
        Entry.objects.filter(unit=unit, status=EntryStatus.APPROVED, period_id__in=ids)
    ).order_by("occurred_on", "id")
    fields = ("id", "title", "unit__code", "kind", "category_id", "lvl", "placement", "sent_level", "starred")
    rows = [dict(zip(fields, values, strict=True)) for values in entries.values_list(*fields)]
    levels: dict[int, dict[str, list[str]]] = {
        r["id"]: {"adoption_levels": [], "instruction_levels": []} for r in rows
    }
    for model, key in ((Adoption, "adoption_levels"), (Instruction, "instruction_levels")):
        for entry_id, level in (
            model.objects.confirmed().filter(entry_id__in=list(levels)).values_list("entry_id", "level")
        ):
            levels[entry_id][key].append(level)
    claims = find_claims(ids, book.duplicate_mode)
    lines: list[ScoreLine] = []
    if card.base_points:
        base_rule, _ = book.fixed_points(RuleKind.BASE)
        lines.append(
            ScoreLine(
                unit_code=unit.code,
                points=card.base_points,
                explanation=f"{base_rule.name} {card.base_points} 分",
                rule_id=base_rule.id,
                rule_name=base_rule.name,
            )
        )
    for row in rows:
        row.update(levels[row["id"]])
        lines += _entry_line(book, categories, row, claims.get(row["id"]), book.duplicate_mode)
    miss_rule, _ = book.fixed_points(RuleKind.QUOTA_MISS)
    for quota in card.quotas:
        if quota.missed and quota.deduction:
            lines.append(
                ScoreLine(
                    unit_code=unit.code,
                    points=quota.deduction,
                    explanation=f"未完成任务数：{quota.metric_name}目标 {quota.target}，实际 {quota.actual}，"
                    f"扣 {-quota.deduction} 分",
                    rule_id=miss_rule.id if miss_rule else None,
                    rule_name=miss_rule.name if miss_rule else "",
                )
            )
    request_rule, per_request = book.fixed_points(RuleKind.REQUEST_MISSING)
    if card.requested_missing and per_request:
        today = _today(today)
        missing = RequestedPiece.objects.filter(unit=unit, period=period, due__lt=today).exclude(
            fulfilled_by__status=EntryStatus.APPROVED
        )
        for piece in missing.order_by("due", "id"):
            lines.append(
                ScoreLine(
                    unit_code=unit.code,
                    points=engine.num(per_request),
                    explanation=f"约稿未报：《{piece.title}》（截止 {piece.due:%Y-%m-%d}），扣 {engine.num(-per_request)} 分",
                    rule_id=request_rule.id,
                    rule_name=request_rule.name,
                )
            )
    return lines


def duplicate_claims(period: PeriodLike, parent: Unit | None = None) -> list[DuplicateClaim]:
    """Articles claimed by several units in the period (groups touching `parent`'s subtree)."""
    period = _period(period)
    span = period.span
    ids = list(Period.objects.filter(start__gte=span.start, end__lte=span.end).values_list("id", flat=True))
    book = load_rulebook(ruleset_for(span.year))
    claims = find_claims(ids, book.duplicate_mode)
    info = {
        pk: (code, path, title)
        for pk, code, path, title in Entry.objects.filter(id__in=list(claims)).values_list(
            "id", "unit__code", "unit__path", "title"
        )
    }
    out: list[DuplicateClaim] = []
    for group in sorted({c.group for c in claims.values()}):
        if parent is not None and not any(info[pk][1].startswith(parent.path) for pk in group):
            continue
        entries = [
            {"id": pk, "unit": info[pk][0], "title": info[pk][2], "share": engine.num(claims[pk].share)}
            for pk in group
        ]
        out.append(DuplicateClaim(entries=entries, reason=claims[group[0]].reason, mode=book.duplicate_mode))
    return out


def reporting(period: PeriodLike, parent: Unit, *, user=None) -> Reporting:
    """Which active units of the subtree submitted entries in the period, and how many on time
    (first submission no later than the end of the period's due date)."""
    if user is not None:
        require(user, Action.READ, parent)
    period = _period(period)
    span = period.span
    due = period.due_date
    deadline = timezone.make_aware(datetime.combine(due, time.max))
    expected = list(
        Unit.objects.filter(is_active=True, path__startswith=parent.path)
        .order_by("path")
        .values_list("id", "code")
    )
    first = dict(
        Entry.objects.filter(
            unit__path__startswith=parent.path,
            period__start__gte=span.start,
            period__end__lte=span.end,
            submitted_at__isnull=False,
        )
        .values("unit_id")
        .annotate(first=Min("submitted_at"))
        .order_by()
        .values_list("unit_id", "first")
    )
    submitted = [(pk, code) for pk, code in expected if pk in first]
    on_time = [code for pk, code in submitted if first[pk] <= deadline]
    n = len(expected)
    return Reporting(
        period=period.code,
        due=due,
        expected=n,
        submitted=len(submitted),
        on_time=len(on_time),
        completeness=round(len(submitted) / n, 4) if n else None,
        timeliness=round(len(on_time) / n, 4) if n else None,
        missing_units=[code for pk, code in expected if pk not in first],
        late_units=[code for pk, code in submitted if first[pk] > deadline],
    )


def to_json_rows(cards: list[Scorecard]) -> list[dict[str, Any]]:
    """The `zongjie score --json` shape: unit code, points, rank, metrics (code -> value)."""
    return [
        {
            "unit": c.unit.code,
            "name": c.unit.name,
            "points": c.points_total,
            "rank": c.rank,
            "rank_of": c.rank_of,
            "metrics": c.metrics,
        }
        for c in cards
    ]
