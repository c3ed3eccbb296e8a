"""The approved entries counted per (period, unit, class), kept by PostgreSQL itself.

`ledger_entry_rollup` holds, for the approved entries only, one row per (period, unit,
class_code, adoption_counts, instruction_counts) with the number of entries and the sums of
sessions, participants and amount: exactly the rows of the scoring engine's main GROUP BY
(assessment.cube), so the engine reads ~400k stored groups instead of hashing 2M entries on
every computation.

It is kept by statement-level triggers on ledger_entry (INSERT, UPDATE, DELETE with transition
tables, and TRUNCATE), so EVERY writer keeps it — save(), bulk_create, queryset.update(),
deletes and cascades, raw SQL, COPY — in the same transaction as the write: it is never stale
and never half-written. A trigger adds the new rows' groups and takes away the old rows', so
an update that changes nothing the rollup keys on still nets to zero. Sums are exact (integer
and numeric arithmetic), so the stored groups equal a recount exactly (tests/ledger/test_rollup.py
recounts after every kind of write).

PostgreSQL only: on SQLite the amount is a float, where adding and taking away is not exact;
there the engine keeps scanning the entries (it is within its target there).
"""

from __future__ import annotations

TABLE = "ledger_entry_rollup"
KEYS = ("period_id", "unit_id", "class_code", "adoption_counts", "instruction_counts")
SUMS = ("sessions", "participants", "amount")
# The articles (any status) per (period, title_key): the duplicate search's first step reads the
# keys seen more than once from a partial index instead of grouping the period's articles.
TITLES = "ledger_title_rollup"
TITLE_KEYS = ("period_id", "title_key")


def _grouped(source: str, keys=KEYS, sums=SUMS, where: str = "status = 'approved'") -> str:
    summed = "".join(f", COALESCE(SUM({c}), 0) AS {c}" for c in sums)
    columns = ", ".join(keys)
    return f"SELECT {columns}, COUNT(*) AS n{summed} FROM {source} WHERE {where} GROUP BY {columns}"


def _maintain(table: str, keys, sums, where: str) -> str:
    """The trigger body for one rollup: take away the old rows' groups, add the new rows',
    drop the groups left empty (only among the keys the old rows had)."""
    columns = ", ".join(keys)
    match = " AND ".join(f"r.{k} = d.{k}" for k in keys)
    take = ", ".join(f"{c} = r.{c} - d.{c}" for c in ("n", *sums))
    add = ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in ("n", *sums))
    names = ", ".join(("n", *sums))
    return f"""
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE {table} r SET {take} FROM ({_grouped("old_rows", keys, sums, where)}) d WHERE {match};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {table} ({columns}, {names}) {_grouped("new_rows", keys, sums, where)}
            ON CONFLICT ({columns}) DO UPDATE SET {add};
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM {table} r USING (SELECT DISTINCT {columns} FROM old_rows WHERE {where}) d
            WHERE {match} AND r.n = 0;
        END IF;"""


ARTICLES = "kind = 'article'"

CREATE = [
    f"""CREATE TABLE {TABLE} (
        period_id bigint NOT NULL, unit_id bigint NOT NULL, class_code bigint NOT NULL,
        adoption_counts bigint NOT NULL, instruction_counts bigint NOT NULL,
        n bigint NOT NULL, sessions bigint NOT NULL, participants bigint NOT NULL,
        amount numeric NOT NULL,
        PRIMARY KEY ({", ".join(KEYS)}))""",
    f"""CREATE TABLE {TITLES} (
        period_id bigint NOT NULL, title_key text NOT NULL, n bigint NOT NULL,
        PRIMARY KEY ({", ".join(TITLE_KEYS)}))""",
    f"CREATE INDEX {TITLES}_repeated ON {TITLES} (period_id, title_key) WHERE n > 1",
    f"""CREATE FUNCTION {TABLE}_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {TABLE}, {TITLES};
            RETURN NULL;
        END IF;{_maintain(TABLE, KEYS, SUMS, "status = 'approved'")}{_maintain(TITLES, TITLE_KEYS, (), ARTICLES)}
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON ledger_entry
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_apply()""",
    f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE ON ledger_entry
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_apply()""",
    f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON ledger_entry
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_apply()""",
    f"""CREATE TRIGGER {TABLE}_truncate AFTER TRUNCATE ON ledger_entry
        FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_apply()""",
    f"INSERT INTO {TABLE} ({', '.join(KEYS)}, n, {', '.join(SUMS)}) {_grouped('ledger_entry')}",
    f"INSERT INTO {TITLES} ({', '.join(TITLE_KEYS)}, n) {_grouped('ledger_entry', TITLE_KEYS, (), ARTICLES)}",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_{op} ON ledger_entry"
    for op in ("insert", "update", "delete", "truncate")
] + [
    f"DROP FUNCTION IF EXISTS {TABLE}_apply()",
    f"DROP TABLE IF EXISTS {TABLE}",
    f"DROP TABLE IF EXISTS {TITLES}",
]

RECOUNT = _grouped("ledger_entry")
TITLE_RECOUNT = _grouped("ledger_entry", TITLE_KEYS, (), ARTICLES)


def available(connection) -> bool:
    """True where the rollup is kept (PostgreSQL, once ledger 0008 ran)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
        return cursor.fetchone()[0]
