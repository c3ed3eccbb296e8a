"""Adoptions and instructions, aggregated by "signature" in one hand-written SQL query.

An entry's adoptions and instructions are first summed per entry (how many at each level),
then entries with the same fields and the same level counts are grouped per unit and period.
Python then applies the metric filters and the rules once per signature, not once per entry:
a province has ~150k adopted entries a half-year but only a few thousand signatures.
Entries claimed by several units keep their own signature (their points are shared).
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from zongjie.assessment.rules import level_sql
from zongjie.ledger.models import Adoption, Entry, Instruction
from zongjie.org.models import Unit

LEVELS = ("central", "provincial", "municipal", "county")
ENTRY_COLUMNS = ("unit_id", "period_id", "kind", "category_id", "lvl", "placement", "sent_level", "starred")
SUMS = ("sessions", "participants", "amount")


def _counts(prefix: str, table: str, zero_prefix: str) -> str:
    own = ", ".join(f"CASE WHEN level = '{lvl}' THEN 1 ELSE 0 END AS {prefix}_{lvl}" for lvl in LEVELS)
    zeros = ", ".join(f"0 AS {zero_prefix}_{lvl}" for lvl in LEVELS)
    columns = f"{own}, {zeros}" if prefix == "a" else f"{zeros}, {own}"
    return f"SELECT entry_id, {columns} FROM {table}"


def signature_tuples(
    period_ids: list[int], scope: Unit | None, claimed: list[int], sums: tuple[str, ...] | list[str] = SUMS
) -> list[tuple]:
    """One tuple per (unit, period, signature): the ENTRY_COLUMNS, the adoption counts by level
    (LEVELS order), the instruction counts by level, `claimed` (entry id or 0), the number of
    entries and the sums of `sums` (names from SUMS; None when nothing to sum)."""
    entry = Entry._meta.db_table
    unit = Unit._meta.db_table
    counters = [f"a_{lvl}" for lvl in LEVELS] + [f"i_{lvl}" for lvl in LEVELS]
    union = f"{_counts('a', Adoption._meta.db_table, 'i')} UNION ALL {_counts('i', Instruction._meta.db_table, 'a')}"
    claimed = claimed or [0]
    params: list[Any] = [*claimed, *period_ids]
    scope_sql = ""
    if scope is not None:
        scope_sql = f" AND e.unit_id IN (SELECT id FROM {unit} WHERE substr(path, 1, %s) = %s)"
        params += [len(scope.path), scope.path]
    # Count per entry first (the small side: adoptions and instructions), then join each
    # entry once by primary key; joining the raw rows made PostgreSQL hash the whole entry table.
    by_entry = (
        "SELECT entry_id, "
        + ", ".join(f"SUM({c}) AS {c}" for c in counters)
        + f" FROM ({union}) u GROUP BY entry_id"
    )
    per_entry = (
        f"SELECT e.unit_id, e.period_id, e.kind, e.category_id, {level_sql('e')} AS lvl, e.placement, "
        f"e.sent_level, e.starred, e.sessions, e.participants, e.amount, "
        f"CASE WHEN e.id IN ({', '.join('%s' for _ in claimed)}) THEN e.id ELSE 0 END AS claimed, "
        + ", ".join(f"x.{c}" for c in counters)
        + f" FROM ({by_entry}) x JOIN {entry} e ON e.id = x.entry_id"
        f" WHERE e.status = 'approved' AND e.period_id IN ({', '.join('%s' for _ in period_ids)}){scope_sql}"
    )
    keys = [*ENTRY_COLUMNS, *counters, "claimed"]
    if not set(sums) <= set(SUMS):  # column names go into the SQL text: only known ones
        raise ValueError(f"unknown sum columns: {sorted(set(sums) - set(SUMS))}")
    sql = (
        f"SELECT {', '.join([*keys, 'COUNT(*)', *(f'SUM({name})' for name in sums)])} "
        f"FROM ({per_entry}) s GROUP BY {', '.join(str(i + 1) for i in range(len(keys)))}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def levels_of(counts: tuple) -> tuple[list[str], list[str]]:
    """(adoption levels, instruction levels), one item per adoption/instruction, from the
    eight counters of a signature tuple."""
    adoptions = [lvl for lvl, n in zip(LEVELS, counts[:4], strict=True) for _ in range(n or 0)]
    instructions = [lvl for lvl, n in zip(LEVELS, counts[4:], strict=True) for _ in range(n or 0)]
    return adoptions, instructions
