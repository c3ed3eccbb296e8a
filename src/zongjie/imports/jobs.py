"""Long imports off the request: an ImportJob row, a worker, progress the page polls.

    job = jobs.submit(user, JobKind.LEDGER, unit, data=..., filename="台账.xlsx")
    job.state            # queued → running → done | failed (job.result / job.error)

`submit` runs a small file at once in the request (the same path, recorded the same way)
and hands a large one to a worker thread of the server; `zongjie import_job ID` runs a
queued job in its own process. The import itself is one transaction: a worker killed in
the middle writes nothing, and `refresh` shows its job failed once its process is gone.
Progress is written only outside that transaction (SQLite has one writer at a time).
"""

from __future__ import annotations

import io
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from zongjie.imports.models import ImportJob, JobKind, JobState
from zongjie.org.models import Unit

log = logging.getLogger(__name__)

#: A running job with no progress for this long is taken as dead even if its process lives.
STALE_AFTER = timedelta(hours=1)
KILLED = "导入进程在完成前中断（被终止或服务重启）；导入在一个事务中进行，没有写入任何数据，请重新导入。"
Echo = Callable[[str], None]


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def background_bytes() -> int:
    return int(getattr(settings, "IMPORT_BACKGROUND_KB", 256)) * 1024


def create(user, kind: str, unit: Unit, *, data: bytes, filename: str, **params) -> ImportJob:
    return ImportJob.objects.create(
        kind=kind,
        user=user if getattr(user, "pk", None) else None,
        unit=unit,
        filename=filename[:255],
        data=data,
        params=params,
    )


def submit(user, kind: str, unit: Unit, *, data: bytes, filename: str, **params) -> ImportJob:
    """Record the job; run a small one now, start a worker thread for a large one."""
    job = create(user, kind, unit, data=data, filename=filename, **params)
    if len(data) < background_bytes():
        run(job.pk)
    else:
        threading.Thread(
            target=_run_in_thread, args=(job.pk,), name=f"import-job-{job.pk}", daemon=True
        ).start()
    job.refresh_from_db()
    return job


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def _progress(pk: int, echo: Echo | None) -> Callable[[str, int, int], None]:
    last = [0.0]

    def report(phase: str, done: int, total: int) -> None:
        if echo:
            echo(f"{phase} {done}/{total}")
        if connection.in_atomic_block:  # inside the import's transaction: nobody else would see it
            return
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        ImportJob.objects.filter(pk=pk).update(
            phase=phase[:40], done=done, total=total, heartbeat_at=timezone.now()
        )

    return report


def run(pk: int, echo: Echo | None = None) -> ImportJob | None:
    """Run a queued job to its end (done or failed); None if someone else took it."""
    claimed = ImportJob.objects.filter(pk=pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING, worker=_worker_id(), heartbeat_at=timezone.now()
    )
    if claimed != 1:
        return None
    job = ImportJob.objects.select_related("user", "unit").get(pk=pk)
    report = _progress(pk, echo)
    try:
        result = RUNNERS[job.kind](job, report)
    except Exception as exc:  # a bug must end as a failed job with a message, not a stuck one
        log.exception("import job %s failed", pk)
        _finish(pk, JobState.FAILED, error=f"导入时发生内部错误（{type(exc).__name__}），没有写入任何数据。")
    else:
        _finish(pk, JobState.DONE, result=result)
    if echo:
        echo("finished")
    return ImportJob.objects.get(pk=pk)


def _finish(pk: int, state: str, *, result=None, error: str = "") -> None:
    ImportJob.objects.filter(pk=pk).update(
        state=state,
        result=result,
        error=error,
        data=b"",
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


def _alive(worker: str) -> bool:
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return True  # another machine's worker: only the staleness limit can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refresh(job: ImportJob) -> ImportJob:
    """Mark a running job whose worker is gone (or silent for an hour) failed."""
    if job.state != JobState.RUNNING:
        return job
    silent = job.heartbeat_at is None or timezone.now() - job.heartbeat_at > STALE_AFTER
    if silent or not _alive(job.worker):
        ImportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
            state=JobState.FAILED, error=KILLED, data=b"", finished_at=timezone.now()
        )
        job.refresh_from_db()
    return job


# --- what each kind of job runs ---------------------------------------------------------------


def _ledger(job: ImportJob, report) -> dict:
    from zongjie.ledger.excel import import_entries

    return import_entries(job.user, job.unit, io.BytesIO(bytes(job.data)), progress=report).as_dict()


def _history(job: ImportJob, report) -> dict:
    from zongjie.imports.services import import_file

    outcome = import_file(
        data=bytes(job.data),
        filename=job.filename,
        unit=job.unit,
        period=job.params.get("period", ""),
        user=job.user,
        article=job.params.get("article"),
        propose=True,
        progress=report,
    )
    result = outcome.as_dict()
    result.pop("figures")  # listed on the document's own page
    return result


RUNNERS = {JobKind.LEDGER: _ledger, JobKind.HISTORY: _history}
