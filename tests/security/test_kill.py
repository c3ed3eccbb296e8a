"""A process killed (SIGKILL) in the middle of a large transactional bulk operation leaves
no partial rows: 5,000 entries created through the ledger services in one transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import connection

from zongjie.ledger.models import Entry, EntryChange
from zongjie.testing.factories import make_entry, period

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BULK = textwrap.dedent(
    """
    import os, sys
    from datetime import date
    import django
    os.environ["DJANGO_SETTINGS_MODULE"] = "zongjie.settings"
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from zongjie.ledger import services
    from zongjie.ledger.models import Category, Period
    from zongjie.org.models import Unit

    user = get_user_model().objects.get(username="bob_reporter")
    unit, period = Unit.objects.get(code="A1"), Period.objects.get(code="2026H1")
    category = Category.objects.get(code="news_article")
    with transaction.atomic():
        for n in range(5000):
            services.create_entry(
                user, unit=unit, period=period, category=category, kind="article",
                title=f"批量导入{n}", occurred_on=date(2026, 3, 1), media_level="county",
            )
            if n % 50 == 0:
                print(n, flush=True)
    print("committed", flush=True)
    """
)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_killed_bulk_operation_leaves_no_rows(org):
    period("2026H1")
    before_entries, before_changes = Entry.objects.count(), EntryChange.objects.count()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = _database_url()
    process = subprocess.Popen(
        [sys.executable, "-c", BULK], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    created = 0
    try:
        deadline = time.monotonic() + 120
        while created < 1000:
            line = process.stdout.readline()
            assert line, process.stderr.read()[-2000:]
            assert line.strip() != "committed", "the bulk finished before it could be killed"
            created = int(line)
            assert time.monotonic() < deadline
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert created >= 1000  # it was well into the transaction
    assert Entry.objects.filter(title__startswith="批量导入").count() == 0
    assert (Entry.objects.count(), EntryChange.objects.count()) == (before_entries, before_changes)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
    # the database takes writes again at once
    assert make_entry(org.town_a1, title="之后照常").pk
