"""Duplicate claims: the same article claimed by several units.

Two approved articles are the same when they share outlet, date and normalised title
(`Entry.title_key`, kept on the row, see ledger.normalise), or the same link. Groups are found
with two GROUP BY queries (never a query per entry) and joined in Python (an article may match
one claimant by title and another by link).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Aggregate, BooleanField, CharField, Count, F, Max, Min, Q
from django.db.models.expressions import RawSQL

from zongjie.ledger import rollup
from zongjie.ledger.models import Entry, EntryKind, EntryStatus


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


@dataclass(frozen=True, slots=True)
class Claim:
    entry_id: int
    share: float  # the part of the entry's points its unit keeps (1/n, 1 or 0)
    group: tuple[int, ...]  # ids of all entries claiming the same article
    reason: str


def _articles(period_ids: list[int]):
    return Entry.objects.filter(status=EntryStatus.APPROVED, kind=EntryKind.ARTICLE, period_id__in=period_ids)


def _repeated_titles(period_ids: list[int]):
    """Title keys seen more than once among the periods' articles (any status: a superset).

    An index-only scan of (period, kind, title_key), sorted already: no title is read or
    normalised, and the exact grouping below only looks at these few keys."""
    return (
        Entry.objects.filter(kind=EntryKind.ARTICLE, period_id__in=period_ids)
        .order_by()
        .values("title_key")
        .annotate(n=Count("title_key"))
        .filter(n__gt=1)
        .values("title_key")
    )


def _repeated_keys(period_ids: list[int], stored: bool) -> list[str]:
    """The keys of `_repeated_titles`; where PostgreSQL keeps the articles' title counts
    (ledger.rollup), read from them: for one period straight off the partial index of the
    counts above 1, for several by adding up their counts."""
    if not stored:
        return list(_repeated_titles(period_ids).values_list("title_key", flat=True))
    with connection.cursor() as cursor:
        if len(period_ids) == 1:
            cursor.execute(
                f"SELECT title_key FROM {rollup.TITLES} WHERE period_id = %s AND n > 1", period_ids
            )
        else:
            cursor.execute(
                f"SELECT title_key FROM {rollup.TITLES} WHERE period_id = ANY(%s) "
                "GROUP BY title_key HAVING SUM(n) > 1",
                [list(period_ids)],
            )
        return [key for (key,) in cursor.fetchall()]


def _key_in(keys: list[str]):
    """`title_key` among `keys`, passed as ONE parameter (any number of keys, and the planner
    sees a short list rather than a subquery it cannot estimate)."""
    column = f'"{Entry._meta.db_table}"."title_key"'
    if connection.vendor == "postgresql":
        return RawSQL(f"{column} = ANY(%s)", (keys,), output_field=BooleanField())
    if connection.vendor == "sqlite":
        payload = json.dumps(keys, ensure_ascii=False)
        return RawSQL(
            f"{column} IN (SELECT value FROM json_each(%s))", (payload,), output_field=BooleanField()
        )
    return Q(title_key__in=keys)


def _groups(period_ids: list[int], stored: bool) -> list[tuple[list[int], str]]:
    keys = _repeated_keys(period_ids, stored)
    by_title = (
        _articles(period_ids)
        .filter(_key_in(keys))
        .order_by()
        .values("outlet_id", "media_level", "occurred_on", "title_key")
        .annotate(first_unit=Min("unit_id"), last_unit=Max("unit_id"), ids=IdList("id"))
        .exclude(first_unit=F("last_unit"))  # several units (MIN/MAX hash-aggregate; COUNT DISTINCT sorts)
        .values_list("ids", flat=True)
    )
    by_link = (
        _articles(period_ids)
        .exclude(link="")
        .order_by()
        .values("link")
        .annotate(first_unit=Min("unit_id"), last_unit=Max("unit_id"), ids=IdList("id"))
        .exclude(first_unit=F("last_unit"))
        .values_list("ids", flat=True)
    )
    groups = [
        ([int(i) for i in ids.split(",")], "同一媒体、同一日期、标题相同")
        for ids in (by_title if keys else [])
    ]
    groups += [([int(i) for i in ids.split(",")], "链接相同") for ids in by_link]
    return groups


def find_claims(period_ids: list[int], mode: str, stored: bool | None = None) -> dict[int, Claim]:
    """entry id -> Claim for every approved article in the periods claimed by several units.

    `stored`: whether the database keeps the title counts (ledger.rollup); asked when None."""
    if not period_ids:
        return {}
    if stored is None:
        stored = rollup.available(connection)
    groups = _groups(period_ids, stored)
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
