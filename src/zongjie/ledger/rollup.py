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

_KEYS = ", ".join(KEYS)
_MATCH = " AND ".join(f"r.{k} = d.{k}" for k in KEYS)
_SET = ", ".join(f"{c} = r.{c} - d.{c}" for c in ("n", *SUMS))
_ADD = ", ".join(f"{c} = {TABLE}.{c} + EXCLUDED.{c}" for c in ("n", *SUMS))


def _grouped(source: str) -> str:
    sums = ", ".join(f"COALESCE(SUM({c}), 0) AS {c}" for c in SUMS)
    return f"SELECT {_KEYS}, COUNT(*) AS n, {sums} FROM {source} WHERE status = 'approved' GROUP BY {_KEYS}"


CREATE = [
    f"""CREATE TABLE {TABLE} (
        period_id bigint NOT NULL, unit_id bigint NOT NULL, class_code bigint NOT NULL,
        adoption_counts bigint NOT NULL, instruction_counts bigint NOT NULL,
        n bigint NOT NULL, sessions bigint NOT NULL, participants bigint NOT NULL,
        amount numeric NOT NULL,
        PRIMARY KEY ({_KEYS}))""",
    f"""CREATE FUNCTION {TABLE}_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            TRUNCATE {TABLE};
            RETURN NULL;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE {TABLE} r SET {_SET} FROM ({_grouped("old_rows")}) d WHERE {_MATCH};
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO {TABLE} ({_KEYS}, n, {", ".join(SUMS)}) {_grouped("new_rows")}
            ON CONFLICT ({_KEYS}) DO UPDATE SET {_ADD};
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM {TABLE} r USING (SELECT DISTINCT {_KEYS} FROM old_rows) d
            WHERE {_MATCH} AND r.n = 0;
        END IF;
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
    f"INSERT INTO {TABLE} ({_KEYS}, n, {', '.join(SUMS)}) {_grouped('ledger_entry')}",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_{op} ON ledger_entry"
    for op in ("insert", "update", "delete", "truncate")
] + [f"DROP FUNCTION IF EXISTS {TABLE}_apply()", f"DROP TABLE IF EXISTS {TABLE}"]

RECOUNT = _grouped("ledger_entry")


def available(connection) -> bool:
    """True where the rollup is kept (PostgreSQL, once ledger 0008 ran)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [TABLE])
        return cursor.fetchone()[0]
