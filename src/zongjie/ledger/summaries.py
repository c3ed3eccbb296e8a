"""Per-entry summaries of the related rows: how many adoptions and instructions at each level.

Entry.adoption_counts / Entry.instruction_counts pack the count per MediaLevel into one integer,
COUNT_BASE to the power of the level's position (central, provincial, municipal, county), so the
scoring engine groups by two columns of the entry row instead of joining the related tables.
Only confirmed adoptions and instructions count (a unit's own claim scores once confirmed).
They are kept by the signal receivers (ledger/signals.py) for single rows and by
`refresh_annotation_summaries` after bulk inserts, which bypass signals.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from zongjie.ledger.models import ClaimStatus, MediaLevel

LEVELS: tuple[str, ...] = tuple(MediaLevel.values)
COUNT_BASE = 1 << 15  # 15 bits per level: 4 levels fit a signed 64-bit integer
_CHUNK = 5000  # entry ids per UPDATE (SQLite caps the number of parameters)


def pack(counts: dict[str, int]) -> int:
    """The packed value of {level: count}; levels outside MediaLevel are not counted."""
    return sum(counts.get(level, 0) * COUNT_BASE**i for i, level in enumerate(LEVELS))


def unpack(value: int) -> tuple[int, ...]:
    """Counts per level, in LEVELS order."""
    value = int(value or 0)
    out = []
    for _ in LEVELS:
        value, count = divmod(value, COUNT_BASE)
        out.append(count)
    return tuple(out)


def _packed_sum(table: str, confirmed_only: bool) -> str:
    weights = " ".join(f"WHEN '{level}' THEN {COUNT_BASE**i}" for i, level in enumerate(LEVELS))
    confirmed = f" AND r.status = '{ClaimStatus.CONFIRMED.value}'" if confirmed_only else ""
    return (
        f"COALESCE((SELECT SUM(CASE r.level {weights} ELSE 0 END) FROM {table} r "
        f"WHERE r.entry_id = ledger_entry.id{confirmed}), 0)"
    )


def refresh_annotation_summaries(
    entry_ids: Iterable[int] | None = None, using=None, *, confirmed_only: bool = True
) -> None:
    """Recompute the packed counts of the given entries (None: every entry), set-based.

    With no ids only the entries that have related rows or a non-zero summary are touched.
    `confirmed_only=False` is for migration 0005, which runs before the rows had a status."""
    conn = using or connection
    sql = (
        f"UPDATE ledger_entry SET adoption_counts = {_packed_sum('ledger_adoption', confirmed_only)}, "
        f"instruction_counts = {_packed_sum('ledger_instruction', confirmed_only)}"
    )
    with conn.cursor() as cursor:
        if entry_ids is None:
            cursor.execute(
                sql + " WHERE adoption_counts <> 0 OR instruction_counts <> 0"
                " OR id IN (SELECT entry_id FROM ledger_adoption)"
                " OR id IN (SELECT entry_id FROM ledger_instruction)"
            )
            return
        ids = sorted({int(pk) for pk in entry_ids})
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            cursor.execute(sql + f" WHERE id IN ({', '.join('%s' for _ in chunk)})", chunk)
