"""The approved entries' rollup per (period, unit, class) and the articles' per (period, title
key), kept by triggers (ledger.rollup).

PostgreSQL only; the statements are frozen here as ledger.rollup wrote them. The last one fills
the table from the existing entries (one GROUP BY)."""

from django.db import migrations

CREATE = [
    "CREATE TABLE ledger_entry_rollup (\n        period_id bigint NOT NULL, unit_id bigint NOT NULL, class_code bigint NOT NULL,\n        adoption_counts bigint NOT NULL, instruction_counts bigint NOT NULL,\n        n bigint NOT NULL, sessions bigint NOT NULL, participants bigint NOT NULL,\n        amount numeric NOT NULL,\n        PRIMARY KEY (period_id, unit_id, class_code, adoption_counts, instruction_counts))",
    "CREATE TABLE ledger_title_rollup (\n        period_id bigint NOT NULL, title_key text NOT NULL, n bigint NOT NULL,\n        PRIMARY KEY (period_id, title_key))",
    "CREATE INDEX ledger_title_rollup_repeated ON ledger_title_rollup (period_id, title_key) WHERE n > 1",
    "CREATE FUNCTION ledger_entry_rollup_apply() RETURNS trigger LANGUAGE plpgsql AS $$\n    BEGIN\n        IF TG_OP = 'TRUNCATE' THEN\n            TRUNCATE ledger_entry_rollup, ledger_title_rollup;\n            RETURN NULL;\n        END IF;\n        IF TG_OP IN ('UPDATE', 'DELETE') THEN\n            UPDATE ledger_entry_rollup r SET n = r.n - d.n, sessions = r.sessions - d.sessions, participants = r.participants - d.participants, amount = r.amount - d.amount FROM (SELECT period_id, unit_id, class_code, adoption_counts, instruction_counts, COUNT(*) AS n, COALESCE(SUM(sessions), 0) AS sessions, COALESCE(SUM(participants), 0) AS participants, COALESCE(SUM(amount), 0) AS amount FROM old_rows WHERE status = 'approved' GROUP BY period_id, unit_id, class_code, adoption_counts, instruction_counts) d WHERE r.period_id = d.period_id AND r.unit_id = d.unit_id AND r.class_code = d.class_code AND r.adoption_counts = d.adoption_counts AND r.instruction_counts = d.instruction_counts;\n        END IF;\n        IF TG_OP IN ('INSERT', 'UPDATE') THEN\n            INSERT INTO ledger_entry_rollup (period_id, unit_id, class_code, adoption_counts, instruction_counts, n, sessions, participants, amount) SELECT period_id, unit_id, class_code, adoption_counts, instruction_counts, COUNT(*) AS n, COALESCE(SUM(sessions), 0) AS sessions, COALESCE(SUM(participants), 0) AS participants, COALESCE(SUM(amount), 0) AS amount FROM new_rows WHERE status = 'approved' GROUP BY period_id, unit_id, class_code, adoption_counts, instruction_counts\n            ON CONFLICT (period_id, unit_id, class_code, adoption_counts, instruction_counts) DO UPDATE SET n = ledger_entry_rollup.n + EXCLUDED.n, sessions = ledger_entry_rollup.sessions + EXCLUDED.sessions, participants = ledger_entry_rollup.participants + EXCLUDED.participants, amount = ledger_entry_rollup.amount + EXCLUDED.amount;\n        END IF;\n        IF TG_OP IN ('UPDATE', 'DELETE') THEN\n            DELETE FROM ledger_entry_rollup r USING (SELECT DISTINCT period_id, unit_id, class_code, adoption_counts, instruction_counts FROM old_rows WHERE status = 'approved') d\n            WHERE r.period_id = d.period_id AND r.unit_id = d.unit_id AND r.class_code = d.class_code AND r.adoption_counts = d.adoption_counts AND r.instruction_counts = d.instruction_counts AND r.n = 0;\n        END IF;\n        IF TG_OP IN ('UPDATE', 'DELETE') THEN\n            UPDATE ledger_title_rollup r SET n = r.n - d.n FROM (SELECT period_id, title_key, COUNT(*) AS n FROM old_rows WHERE kind = 'article' GROUP BY period_id, title_key) d WHERE r.period_id = d.period_id AND r.title_key = d.title_key;\n        END IF;\n        IF TG_OP IN ('INSERT', 'UPDATE') THEN\n            INSERT INTO ledger_title_rollup (period_id, title_key, n) SELECT period_id, title_key, COUNT(*) AS n FROM new_rows WHERE kind = 'article' GROUP BY period_id, title_key\n            ON CONFLICT (period_id, title_key) DO UPDATE SET n = ledger_title_rollup.n + EXCLUDED.n;\n        END IF;\n        IF TG_OP IN ('UPDATE', 'DELETE') THEN\n            DELETE FROM ledger_title_rollup r USING (SELECT DISTINCT period_id, title_key FROM old_rows WHERE kind = 'article') d\n            WHERE r.period_id = d.period_id AND r.title_key = d.title_key AND r.n = 0;\n        END IF;\n        RETURN NULL;\n    END $$",
    "CREATE TRIGGER ledger_entry_rollup_insert AFTER INSERT ON ledger_entry\n        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_rollup_apply()",
    "CREATE TRIGGER ledger_entry_rollup_update AFTER UPDATE ON ledger_entry\n        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n        FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_rollup_apply()",
    "CREATE TRIGGER ledger_entry_rollup_delete AFTER DELETE ON ledger_entry\n        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_rollup_apply()",
    "CREATE TRIGGER ledger_entry_rollup_truncate AFTER TRUNCATE ON ledger_entry\n        FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_rollup_apply()",
    "INSERT INTO ledger_entry_rollup (period_id, unit_id, class_code, adoption_counts, instruction_counts, n, sessions, participants, amount) SELECT period_id, unit_id, class_code, adoption_counts, instruction_counts, COUNT(*) AS n, COALESCE(SUM(sessions), 0) AS sessions, COALESCE(SUM(participants), 0) AS participants, COALESCE(SUM(amount), 0) AS amount FROM ledger_entry WHERE status = 'approved' GROUP BY period_id, unit_id, class_code, adoption_counts, instruction_counts",
    "INSERT INTO ledger_title_rollup (period_id, title_key, n) SELECT period_id, title_key, COUNT(*) AS n FROM ledger_entry WHERE kind = 'article' GROUP BY period_id, title_key",
]

DROP = [
    "DROP TRIGGER IF EXISTS ledger_entry_rollup_insert ON ledger_entry",
    "DROP TRIGGER IF EXISTS ledger_entry_rollup_update ON ledger_entry",
    "DROP TRIGGER IF EXISTS ledger_entry_rollup_delete ON ledger_entry",
    "DROP TRIGGER IF EXISTS ledger_entry_rollup_truncate ON ledger_entry",
    "DROP FUNCTION IF EXISTS ledger_entry_rollup_apply()",
    "DROP TABLE IF EXISTS ledger_entry_rollup",
    "DROP TABLE IF EXISTS ledger_title_rollup",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in CREATE:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in DROP:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0008_entry_review_queue_index"),
    ]

    operations = [migrations.RunPython(forward, backward)]
