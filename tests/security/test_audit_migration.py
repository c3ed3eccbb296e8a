"""The audit log's move from the api app to the security app keeps every row it had."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zongjie.security.models import AuditEvent, AuditKind

BEFORE_MOVE = [("api", "0001_initial"), ("security", None)]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rows_written_before_the_move_are_there_after_it(django_user_model):
    user = django_user_model.objects.create_user("auditor", password="x-pass-123")
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE_MOVE)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO api_auditevent (at, kind, user_id, username, ip, object_type, object_id, detail)"
                " VALUES (CURRENT_TIMESTAMP, %s, %s, %s, %s, '', '', %s)",
                [AuditKind.LOGIN, user.pk, "auditor", "10.1.2.3", '{"via": "page"}'],
            )
        ContentType.objects.clear_cache()
        ContentType.objects.get_or_create(app_label="api", model="auditevent")
    finally:
        _migrate(leaves)
    ContentType.objects.clear_cache()
    event = AuditEvent.objects.get(username="auditor")
    assert (event.kind, event.user_id, event.ip, event.detail) == (
        AuditKind.LOGIN,
        user.pk,
        "10.1.2.3",
        {"via": "page"},
    )
    assert AuditEvent._meta.db_table == "security_auditevent"
    assert not ContentType.objects.filter(app_label="api", model="auditevent").exists()
    assert ContentType.objects.filter(app_label="security", model="auditevent").exists()
