"""Migration 0006 keeps every adoption and instruction, as confirmed, and remembers who submitted."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zongjie.ledger.models import Adoption, ClaimStatus, Entry, Instruction
from zongjie.ledger.summaries import refresh_annotation_summaries, unpack

BEFORE = [("ledger", "0005_entry_annotation_counts")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_adoptions_and_instructions_stay_and_count_as_confirmed(org):
    leaves = _executor().loader.graph.leaf_nodes()
    executor = _executor()
    executor.migrate(BEFORE)
    try:
        old = _executor().loader.project_state(BEFORE[0]).apps
        Period, Category = old.get_model("ledger", "Period"), old.get_model("ledger", "Category")
        OldEntry, Change = old.get_model("ledger", "Entry"), old.get_model("ledger", "EntryChange")
        period = Period.objects.create(
            code="2026H1", name="2026年上半年", kind="half", start=date(2026, 1, 1), end=date(2026, 6, 30)
        )
        entry = OldEntry.objects.create(
            unit_id=org.town_a1.pk,
            period=period,
            category=Category.objects.get(code="info_report"),
            kind="info_report",
            title="旧的信息",
            occurred_on=date(2026, 3, 1),
            status="approved",
            sent_level="provincial",
            submitted_at=timezone.now(),
            created_by_id=org.bob.pk,
        )
        Change.objects.create(entry=entry, user_id=org.bob.pk, action="submit")
        old.get_model("ledger", "Adoption").objects.create(
            entry=entry, level="central", adopted_by="新华社", adopted_on=date(2026, 3, 5)
        )
        old.get_model("ledger", "Instruction").objects.create(
            entry=entry, level="provincial", leader="省委书记", given_on=date(2026, 3, 6)
        )
        refresh_annotation_summaries([entry.pk], confirmed_only=False)  # as the signals kept them then
    finally:
        _executor().migrate(leaves)
    migrated = Entry.objects.get(title="旧的信息")
    assert migrated.submitted_by_id == org.bob.pk
    assert Adoption.objects.get(entry=migrated).status == ClaimStatus.CONFIRMED
    assert Instruction.objects.get(entry=migrated).status == ClaimStatus.CONFIRMED
    refresh_annotation_summaries([migrated.pk])  # what any later change does: they still count
    migrated.refresh_from_db()
    assert unpack(migrated.adoption_counts)[0] == 1 and unpack(migrated.instruction_counts)[1] == 1
