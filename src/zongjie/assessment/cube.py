"""The main grouped scan of the entries: (period, unit, class of entry) -> count and sums.

A class of entry is what the metric filters and the entry rules can look at: kind, category,
level, placement (and sent_level/starred when a metric filter names them). The database keeps
the first four on each row as ONE integer, `Entry.class_code` (ledger.classes, a stored
generated column), so the query groups by integer columns only and computes nothing per row.
Any value outside the known choices (data written around the ledger's validation) encodes as
slot 0, and then the scan runs again grouped by the raw columns, so the result never depends
on the encoding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce

from zongjie.ledger import rollup
from zongjie.ledger.classes import decode
from zongjie.ledger.models import Entry

ENCODED = ("kind", "category_id", "lvl", "placement")  # the fields the class code replaces
# Integer columns of the entry row grouped as they are (next to the class code): the packed
# adoption / instruction counts per level (ledger.summaries).
PACKED = ("adoption_counts", "instruction_counts")


@dataclass
class Cube:
    """The grouped rows as columns: `cls` indexes `classes` (one tuple of `fields` values each)."""

    period_ids: np.ndarray
    unit_ids: np.ndarray
    cls: np.ndarray
    classes: list[tuple]
    n: np.ndarray
    sums: list[np.ndarray]  # one per summed field, in the order asked


def _fetch(qs, keys: list[str], summed: list[str]) -> list[tuple]:
    # COALESCE: a group's SUM is NULL when none of its entries has the field; it adds nothing.
    sums = {
        f"s_{name}": Coalesce(Sum(name), Value(0), output_field=Entry._meta.get_field(name))
        for name in summed
    }
    grouped = (
        qs.values("period_id", "unit_id", *keys)
        .annotate(n=Count("id"), **sums)
        .values_list("period_id", "unit_id", *keys, "n", *sums)
    )
    # A raw cursor: Django's per-row converters cost more than the transfer (~330k groups).
    sql, params = grouped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _fetch_rollup(period_ids: list[int], scope_path: str | None, summed: list[str]) -> list[np.ndarray]:
    """The columns of `_fetch`'s rows grouped by (class_code, *PACKED), read from the rollup that
    PostgreSQL keeps of the approved entries (ledger.rollup): no scan of the entries.

    ~400k groups as Python tuples cost more than reading them, so the database packs every
    row into 8-byte big-endian numbers (sums as float8: numeric -> float8 rounds correctly,
    as float(Decimal) does) and sends ONE bytea, which numpy reads as columns."""
    packed = [f"int8send({key})" for key in (*rollup.KEYS, "n")]
    packed += [f"float8send({name}::float8)" for name in summed]
    sql = (
        f"SELECT string_agg({' || '.join(packed)}, ''::bytea) FROM {rollup.TABLE} r "
        "WHERE r.period_id = ANY(%s)"
    )
    params: list = [list(period_ids)]
    if scope_path is not None:
        from zongjie.org.models import Unit

        units, unit_params = (
            Unit.objects.filter(path__startswith=scope_path).values("id").query.sql_with_params()
        )
        sql += f" AND r.unit_id IN ({units})"
        params.extend(unit_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        data = cursor.fetchone()[0] or b""
    integers = len(rollup.KEYS) + 1
    dtype = np.dtype([(f"v{i}", ">i8" if i < integers else ">f8") for i in range(len(packed))])
    body = np.frombuffer(data, dtype=dtype)
    return [body[f"v{i}"].astype(np.int64 if i < integers else float) for i in range(len(packed))]


def load_cube(
    qs,
    fields: tuple[str, ...],
    summed: list[str],
    period_ids: list[int] | None = None,
    scope_path: str | None = None,
    stored: bool | None = None,
) -> Cube | None:
    """Group `qs` (approved entries annotated with `lvl`) by period, unit and class of entry.

    With `period_ids` (the periods `qs` selects, `scope_path` the path prefix it is scoped to),
    the groups are read from the stored rollup where the database keeps one (ledger.rollup;
    `stored`: whether it does, asked when None)."""
    packed = [f for f in fields if f in PACKED]
    extra = [f for f in fields if f not in ENCODED and f not in PACKED]
    keys = ["class_code", *packed, *extra]
    if stored is None:
        stored = period_ids is not None and rollup.available(connection)
    if stored and period_ids is not None and not extra and packed == list(PACKED):
        cube = _from_columns(_fetch_rollup(period_ids, scope_path, summed), len(keys), integers=True)
    else:
        cube = _columns(_fetch(qs, keys, summed), len(keys), integers=not extra)
    if cube is None:
        return None
    classes = []
    for code, *rest in cube.classes:
        parts = decode(code)
        if parts is None:  # a value outside the choices: group by the raw columns instead
            return _columns(_fetch(qs, list(fields), summed), len(fields))
        values = dict(zip(("category_id", "kind", "lvl", "placement"), parts, strict=True))
        values.update(zip([*packed, *extra], rest, strict=True))
        classes.append(tuple(values[f] for f in fields))
    cube.classes = classes
    return cube


def _dense(columns: list) -> tuple[np.ndarray, list[tuple]]:
    """Integer key columns -> (class index per row, distinct keys in sorted order).

    Each column is made dense on its own (np.unique of one int64 column), then the dense ids
    are combined in mixed radix into ONE int64 per row, which sorts like the key tuples: a 1-D
    unique instead of np.unique(axis=0) over rows."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    uniques, radix = [], 1
    for col in columns:
        values, inverse = np.unique(np.asarray(col, dtype=np.int64), return_inverse=True)
        uniques.append(values)
        radix *= len(values)
        if radix >= 2**62:  # too many distinct keys to combine: unique over the rows
            found, cls = np.unique(np.array(columns, dtype=np.int64).T, axis=0, return_inverse=True)
            return cls.reshape(-1), [tuple(k) for k in found.tolist()]
        combined = combined * len(values) + inverse.reshape(-1)
    found, cls = np.unique(combined, return_inverse=True)
    parts = []
    for values in reversed(uniques):
        found, digit = np.divmod(found, len(values))
        parts.append(values[digit].tolist())
    return cls.reshape(-1), list(zip(*reversed(parts), strict=True))


def _columns(rows: list[tuple], width: int, integers: bool = False) -> Cube | None:
    """Rows of (period, unit, *class key columns, n, *sums) as columns; classes are tuples of the
    key columns. `integers`: the key columns are integers, made distinct in numpy."""
    if not rows:
        return None
    return _from_columns(list(zip(*rows, strict=True)), width, integers)


def _from_columns(columns: list, width: int, integers: bool) -> Cube | None:
    if not len(columns[0]):
        return None
    if integers:
        cls, classes = _dense(columns[2 : 2 + width])
    else:
        seen: dict[tuple, int] = {}
        cls = np.fromiter(
            (seen.setdefault(key, len(seen)) for key in zip(*columns[2 : 2 + width], strict=True)),
            dtype=np.int64,
            count=len(columns[0]),
        )
        classes = list(seen)
    n = np.array(columns[2 + width], dtype=float)
    sums = [np.array(col, dtype=float) for col in columns[3 + width :]]
    period_ids = np.array(columns[0], dtype=np.int64)
    unit_ids = np.array(columns[1], dtype=np.int64)
    return Cube(period_ids, unit_ids, cls.astype(np.int64), classes, n, sums)
