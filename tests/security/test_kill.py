"""The real import killed (SIGKILL) in the middle of saving leaves no half-written records:
a ledger sheet of 5,000 rows run as an import job by `zongjie import_job` in its own process,
killed once it has written 1,000 rows inside its transaction; the job is then shown failed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from django.db import connection

from tests.ledger.test_excel import GOOD_ROW, sheet
from zongjie.imports import jobs
from zongjie.imports.models import ImportJob, JobKind, JobState
from zongjie.ledger.models import Entry, EntryChange
from zongjie.testing.factories import make_entry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_killed_import_job_leaves_no_rows_and_is_shown_failed(org):
    rows = [dict(GOOD_ROW, 标题=f"批量导入{n}") for n in range(5000)]
    job = jobs.create(org.bob, JobKind.LEDGER, org.town_a1, data=sheet(rows).getvalue(), filename="台账.xlsx")
    before = (Entry.objects.count(), EntryChange.objects.count())
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = _database_url()
    process = subprocess.Popen(
        [sys.executable, "-m", "zongjie.cli", "import_job", str(job.pk)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    saved = 0
    try:
        while saved < 1000:
            line = process.stdout.readline()
            assert line, process.stderr.read()[-2000:]
            assert line.strip() != "finished", "the import finished before it could be killed"
            phase, _, count = line.strip().partition(" ")
            if phase == "保存":
                saved = int(count.split("/")[0])
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert saved >= 1000  # it was well into the saving transaction
    assert Entry.objects.filter(title__startswith="批量导入").count() == 0
    assert (Entry.objects.count(), EntryChange.objects.count()) == before
    running = ImportJob.objects.get(pk=job.pk)
    assert running.state == JobState.RUNNING  # as the killed worker left it
    failed = jobs.refresh(running)
    assert failed.state == JobState.FAILED and "没有写入任何数据" in failed.error
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            assert cursor.fetchone()[0] == "ok"
    # the database takes writes again at once, and the same sheet imports whole
    assert make_entry(org.town_a1, title="之后照常").pk
    again = jobs.create(
        org.bob, JobKind.LEDGER, org.town_a1, data=sheet(rows).getvalue(), filename="台账.xlsx"
    )
    assert jobs.run(again.pk).result["created"] == 5000
