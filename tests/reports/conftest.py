"""The demo office, built once per module inside a transaction rolled back at its end
(so the other test modules see an empty database again)."""

from __future__ import annotations

import pytest
from django.db import transaction

from zongjie.ledger.demo import build_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        ctx = build_demo(progress=False)
        yield ctx
        transaction.set_rollback(True)
