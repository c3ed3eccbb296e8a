"""Scoring rules: which version applies, the rules as they stood at any moment, and how an
entry earns points. The same rule rows compile to a SQL expression (for the set-based
aggregate) and are applied in Python (for score lines); a test keeps the two equal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Case, F, Q, Value, When

from zongjie.assessment.filters import CategoryIndex
from zongjie.assessment.models import (
    RULE_FIELDS,
    RULESET_FIELDS,
    AdoptionMode,
    RuleChange,
    RuleKind,
    RuleSet,
    ScoringRule,
)
from zongjie.ledger.classes import LEVEL_FIELDS
from zongjie.ledger.models import MEDIA_LEVEL_RANK, MediaLevel

LEVEL_LABELS = dict(MediaLevel.choices)


@dataclass(frozen=True, slots=True)
class Rule:
    """An immutable snapshot of a ScoringRule row (possibly as it stood in the past)."""

    id: int
    kind: str
    name: str
    entry_kind: str
    category_id: int | None
    levels: tuple[str, ...] | None
    placement: str
    points: float
    factor: float
    order: int

    def matches(self, row: dict[str, Any], categories: CategoryIndex, level: str | None = None) -> bool:
        """Does the rule apply to an entry row (and, for adoption/instruction rules, a level)?"""
        if self.entry_kind and row["kind"] != self.entry_kind:
            return False
        if self.category_id is not None:
            own, top = categories.codes_by_id.get(row["category_id"], ("", ""))
            wanted = categories.codes_by_id.get(self.category_id, ("?", "?"))[0]
            if wanted not in (own, top):
                return False
        if self.levels is not None and (row["lvl"] if level is None else level) not in self.levels:
            return False
        return not (self.placement and row["placement"] != self.placement)


@dataclass
class RuleBook:
    """The rules of one version, grouped by kind, in the order they are tried."""

    ruleset_id: int | None
    label: str | None
    adoption_mode: str
    duplicate_mode: str
    by_kind: dict[str, list[Rule]] = field(default_factory=dict)

    def of(self, kind: str) -> list[Rule]:
        return self.by_kind.get(kind, [])

    def first(self, kind: str, row: dict[str, Any], categories: CategoryIndex, level: str | None = None):
        for rule in self.of(kind):
            if rule.matches(row, categories, level):
                return rule
        return None

    def fixed_points(self, kind: str) -> tuple[Rule | None, float]:
        rules = self.of(kind)
        return (rules[0], rules[0].points) if rules else (None, 0.0)

    # --- per-entry points (Python) ---------------------------------------------------------------
    def entry_points(
        self, row: dict[str, Any], categories: CategoryIndex
    ) -> tuple[Rule | None, Rule | None, float]:
        base = self.first(RuleKind.ENTRY, row, categories)
        if base is None:
            return None, None, 0.0
        mult = self.first(RuleKind.MULTIPLIER, row, categories)
        return base, mult, base.points * (mult.factor if mult else 1.0)

    def adoption_points(
        self, row: dict[str, Any], levels: list[str], categories: CategoryIndex
    ) -> list[tuple[Rule, str, float]]:
        awarded = []
        for level in levels:
            rule = self.first(RuleKind.ADOPTION, row, categories, level)
            if rule is not None and rule.points:
                awarded.append((rule, level, rule.points))
        if self.adoption_mode == AdoptionMode.HIGHEST and awarded:
            # Highest level counts, no stacking; among equal levels the larger award.
            best = max(awarded, key=lambda a: (MEDIA_LEVEL_RANK.get(MediaLevel(a[1]), 0), a[2]))
            return [best]
        return awarded

    def instruction_points(
        self, row: dict[str, Any], levels: list[str], categories: CategoryIndex
    ) -> list[tuple[Rule, str, float]]:
        awarded = []
        for level in levels:
            rule = self.first(RuleKind.INSTRUCTION, row, categories, level)
            if rule is not None and rule.points:
                awarded.append((rule, level, rule.points))
        return awarded


def ruleset_for(year: int) -> RuleSet | None:
    """The active version for the year, else the most recent active version of an earlier year."""
    return RuleSet.objects.filter(is_active=True, year__lte=year).order_by("-year", "-version").first()


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _snapshot(obj, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def _to_rule(data: dict[str, Any], pk: int) -> Rule:
    level = data.get("level") or ""
    levels: tuple[str, ...] | None = None
    if level:
        if data.get("level_and_above"):
            floor = MEDIA_LEVEL_RANK[MediaLevel(level)]
            levels = tuple(str(lvl) for lvl, rank in MEDIA_LEVEL_RANK.items() if rank >= floor)
        else:
            levels = (level,)
    return Rule(
        id=pk,
        kind=data["kind"],
        name=data["name"],
        entry_kind=data.get("entry_kind") or "",
        category_id=data.get("category_id"),
        levels=levels,
        placement=data.get("placement") or "",
        points=float(data.get("points") or 0),
        factor=float(data.get("factor") if data.get("factor") is not None else 1),
        order=int(data.get("order") or 0),
    )


def load_rulebook(ruleset: RuleSet | None, as_of: datetime | None = None) -> RuleBook:
    """The rules of `ruleset` — as they are now, or as they stood at `as_of` (changes undone)."""
    if ruleset is None:
        return RuleBook(None, None, AdoptionMode.HIGHEST, "split")
    rows = {r.pk: _snapshot(r, RULE_FIELDS) for r in ScoringRule.objects.filter(ruleset=ruleset)}
    settings = _snapshot(ruleset, RULESET_FIELDS)
    if as_of is not None:
        # Undo, newest first, every change made after `as_of`: the log holds old and new values.
        later = RuleChange.objects.filter(ruleset=ruleset, at__gt=as_of).order_by("-at", "-id")
        for change in later:
            if change.rule_id is None and change.action == "update":
                for name, (old, _new) in change.changes.items():
                    settings[name] = old
                continue
            if change.action == "create":
                rows.pop(change.rule_id, None)
            elif change.action == "update" and change.rule_id in rows:
                for name, (old, _new) in change.changes.items():
                    rows[change.rule_id][name] = old
            elif change.action == "delete":
                rows[change.rule_id or -change.pk] = dict(change.changes.get("snapshot", [{}])[0])
    book = RuleBook(
        ruleset_id=ruleset.pk,
        label=str(ruleset),
        adoption_mode=settings["adoption_mode"],
        duplicate_mode=settings["duplicate_mode"],
    )
    rules = [_to_rule(data, pk) for pk, data in rows.items() if data.get("is_active", True)]
    rules.sort(key=lambda r: (r.order, r.id))
    for rule in rules:
        book.by_kind.setdefault(rule.kind, []).append(rule)
    return book


# Where an entry's `lvl` comes from, by kind ('' for the other kinds): ledger.classes.LEVEL_FIELDS.
# The ledger fills an article's media level from its outlet on save, so the outlet table is not joined.


def level_sql(alias: str = "e") -> str:
    """The `lvl` of `with_level_expression` in plain SQL (for the hand-written related aggregate)."""
    whens = " ".join(
        f"WHEN {alias}.kind = '{kind}' THEN {alias}.{field}" for kind, field in LEVEL_FIELDS.items()
    )
    return f"CASE {whens} ELSE '' END"


def with_level_expression(queryset, prefix: str = ""):
    """Annotate `lvl`: an article's media level, an information report's sent level, an
    honour's level; '' otherwise (LEVEL_FIELDS)."""
    p = prefix
    return queryset.annotate(
        lvl=Case(
            *[When(Q(**{f"{p}kind": kind}), then=F(f"{p}{field}")) for kind, field in LEVEL_FIELDS.items()],
            default=Value(""),
        )
    )


def level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level or "")
