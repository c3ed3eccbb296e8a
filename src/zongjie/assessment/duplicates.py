"""Duplicate claims: the same article claimed by several units.

Two approved articles are the same when they share outlet, date and normalised title, or
the same link. Groups are found with two GROUP BY queries (never a query per entry) and
joined in Python (an article may match one claimant by title and another by link).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from django.db.models import Aggregate, CharField, F, Func, Max, Min, Value
from django.db.models.functions import Lower, Replace

from zongjie.ledger.models import Entry, EntryKind, EntryStatus

# Characters dropped before comparing titles (spaces, brackets, quotes, common punctuation).
TITLE_NOISE = [
    " ",
    "\u3000",
    "《",
    "》",
    "“",
    "”",
    '"',
    "'",
    "，",
    ",",
    "。",
    ".",
    "：",
    ":",
    "！",
    "!",
    "？",
    "?",
    "、",
]


class IdList(Aggregate):
    """Comma-separated ids of a group (GROUP_CONCAT on SQLite, STRING_AGG on PostgreSQL)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(CAST(%(expressions)s AS text), ',')",
            **extra_context,
        )


def normalise_title(title: str) -> str:
    text = title.lower()
    for ch in TITLE_NOISE:
        text = text.replace(ch, "")
    return text


class NormalisedTitle(Func):
    """lower(title) without TITLE_NOISE: one TRANSLATE on PostgreSQL, nested REPLACE elsewhere."""

    output_field = CharField()

    def __init__(self, expression="title", **extra):
        super().__init__(Lower(F(expression)), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        expr = reduce(lambda e, ch: Replace(e, Value(ch), Value("")), TITLE_NOISE, self.source_expressions[0])
        return compiler.compile(expr)

    def as_postgresql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        return f"TRANSLATE({inner}, %s, '')", [*params, "".join(TITLE_NOISE)]


def normalised_title_expression():
    return NormalisedTitle()


@dataclass(frozen=True, slots=True)
class Claim:
    entry_id: int
    share: float  # the part of the entry's points its unit keeps (1/n, 1 or 0)
    group: tuple[int, ...]  # ids of all entries claiming the same article
    reason: str


def _articles(period_ids: list[int]):
    return Entry.objects.filter(status=EntryStatus.APPROVED, kind=EntryKind.ARTICLE, period_id__in=period_ids)


def _groups(period_ids: list[int]) -> list[tuple[list[int], str]]:
    by_title = (
        _articles(period_ids)
        .annotate(nt=normalised_title_expression())
        .values("outlet_id", "media_level", "occurred_on", "nt")
        .annotate(first_unit=Min("unit_id"), last_unit=Max("unit_id"), ids=IdList("id"))
        .exclude(first_unit=F("last_unit"))  # several units (MIN/MAX hash-aggregate; COUNT DISTINCT sorts)
        .values_list("ids", flat=True)
    )
    by_link = (
        _articles(period_ids)
        .exclude(link="")
        .values("link")
        .annotate(first_unit=Min("unit_id"), last_unit=Max("unit_id"), ids=IdList("id"))
        .exclude(first_unit=F("last_unit"))
        .values_list("ids", flat=True)
    )
    groups = [([int(i) for i in ids.split(",")], "同一媒体、同一日期、标题相同") for ids in by_title]
    groups += [([int(i) for i in ids.split(",")], "链接相同") for ids in by_link]
    return groups


def find_claims(period_ids: list[int], mode: str) -> dict[int, Claim]:
    """entry id -> Claim for every approved article in the periods claimed by several units."""
    if not period_ids:
        return {}
    groups = _groups(period_ids)
    if not groups:
        return {}
    # Union-find: an entry in a title group and a link group joins both.
    parent: dict[int, int] = {}
    reasons: dict[int, set[str]] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for ids, reason in groups:
        first = root(ids[0])
        for other in ids[1:]:
            parent[root(other)] = first
        for i in ids:
            reasons.setdefault(i, set()).add(reason)
    members: dict[int, list[int]] = {}
    for entry_id in list(parent):
        members.setdefault(root(entry_id), []).append(entry_id)
    order = dict(
        (pk, (submitted or created, pk))
        for pk, submitted, created in Entry.objects.filter(id__in=list(parent)).values_list(
            "id", "submitted_at", "created_at"
        )
    )
    claims: dict[int, Claim] = {}
    for ids in members.values():
        group = tuple(sorted(ids))
        first = min(group, key=lambda pk: order[pk])
        reason = "；".join(sorted({r for pk in group for r in reasons.get(pk, ())}))
        for pk in group:
            if mode == "full":
                share = 1.0
            elif mode == "first":
                share = 1.0 if pk == first else 0.0
            else:
                share = 1.0 / len(group)
            claims[pk] = Claim(pk, share, group, reason)
    return claims


def share_label(claim: Claim, mode: str) -> str:
    n = len(claim.group)
    if mode == "full":
        return f"{n} 个单位重复认领，按规定各计全分"
    if mode == "first":
        return f"{n} 个单位重复认领，只计最先报送的单位" + ("（本单位最先报送）" if claim.share else "")
    return f"{n} 个单位重复认领，平分分值（1/{n}）"
