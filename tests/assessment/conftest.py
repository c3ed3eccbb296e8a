"""Helpers for assessment tests: articles and reports by level, a superuser, fixed dates."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.utils import timezone

from zongjie.ledger.models import Adoption, EntryKind, Instruction
from zongjie.testing.factories import category, make_entry, make_user

AFTER_H1 = date(2026, 7, 20)  # 2026H1 is over: missed quotas cost points


def at(day: date, hour: int = 10):
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def article(unit, level="municipal", **fields):
    return make_entry(unit, kind=EntryKind.ARTICLE, media_level=level, **fields)


def info(unit, sent_level="provincial", adopted=(), instructed=(), **fields):
    fields.setdefault("category", category("info_report"))
    entry = make_entry(
        unit, kind=EntryKind.INFO_REPORT, sent_level=sent_level, sent_to="省委宣传部", **fields
    )
    for n, level in enumerate(adopted):
        Adoption.objects.create(
            entry=entry, level=level, adopted_by=f"采用单位{n}", adopted_on=entry.occurred_on
        )
    for level in instructed:
        Instruction.objects.create(entry=entry, level=level, leader="领导", given_on=entry.occurred_on)
    return entry


@pytest.fixture
def root(db):
    return make_user("root_admin", is_superuser=True, is_staff=True)
