"""The lease of a background job (zongjie/background.py) through real processes: a holder that is
alive keeps its lease past the lease's length (its heartbeat renews it), and a holder killed with
SIGKILL loses it a lease later, so a crashed server does not leave the scorecards unrefreshed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from tests.security.test_kill import _database_url
from zongjie import background
from zongjie.assessment.models import ScoreRefresh
from zongjie.ledger.models import Period

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEASE = timedelta(seconds=4)
HOLDER = """
import sys, time
from datetime import timedelta
from zongjie import background
from zongjie.assessment.models import ScoreRefresh
token = background.claim(ScoreRefresh, timedelta(seconds={seconds}), period_id={period}, compare=True)
print("held" if token else "refused", flush=True)
time.sleep(600)
"""


def _holder(period: Period) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = _database_url()
    code = HOLDER.format(seconds=LEASE.total_seconds(), period=period.pk)
    process = subprocess.Popen(
        [sys.executable, "-m", "zongjie.cli", "shell", "-c", code],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = ""
    while not line.strip():  # the shell may print a banner first
        line = process.stdout.readline()
        assert line or process.poll() is None, process.stderr.read()[-2000:]
        if "objects imported" in line:
            line = ""
    assert line.strip() == "held"
    return process


def test_a_live_holder_keeps_its_lease_and_a_killed_one_loses_it():
    period = Period.objects.get_or_create_code("2026H1")
    key = {"period_id": period.pk, "compare": True}
    process = _holder(period)
    try:
        time.sleep(LEASE.total_seconds() * 2.5)  # well past the lease: only renewals keep it
        assert background.claim(ScoreRefresh, LEASE, **key) is None
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert background.claim(ScoreRefresh, LEASE, **key) is None  # not at once: a lease later
    deadline = time.monotonic() + LEASE.total_seconds() * 4
    token = None
    while token is None and time.monotonic() < deadline:
        time.sleep(0.5)
        token = background.claim(ScoreRefresh, LEASE, **key)
    assert token is not None, "the killed holder's lease was never freed"
    background.release(ScoreRefresh, token, **key)
    assert ScoreRefresh.objects.get(**key).token == ""
