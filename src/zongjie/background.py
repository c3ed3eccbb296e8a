"""Work kept out of requests, shared by the stored scorecards (assessment/store.py) and the stored
report previews (reports/stored.py): a lease row that lets one process at a time do a job, and
threads of this process that do it after the response."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections.abc import Callable, Hashable
from datetime import timedelta

from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import Model, Q
from django.utils import timezone


def claim(model: type[Model], lease: timedelta, **key) -> str | None:
    """Take the lease of the row `key` names (a conditional UPDATE: one winner), creating the
    row when there is none; a token to release it with, or None when someone holds it. A lease
    older than `lease` is taken as dead."""
    now = timezone.now()
    token = uuid.uuid4().hex
    rows = model._default_manager.filter(**key)
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)
    if rows.filter(free).update(claimed_at=now, token=token):
        return token
    if rows.exists():
        return None
    try:
        with transaction.atomic():
            model._default_manager.create(claimed_at=now, token=token, **key)
    except IntegrityError:  # created meanwhile by another process, which holds it
        return None
    return token


def release(model: type[Model], token: str, **key) -> None:
    with contextlib.suppress(DatabaseError):  # a lease left behind expires
        model._default_manager.filter(token=token, **key).update(claimed_at=None, token="")


class Jobs:
    """Threads of this process, at most one running per job key."""

    def __init__(self) -> None:
        self._running: set[Hashable] = set()
        self._lock = threading.Lock()

    def start(
        self, job: Hashable, name: str, work: Callable[[], None], log: logging.Logger, failed: str
    ) -> None:
        """Run `work` in a thread unless `job` runs here already; an error is logged as `failed`
        (a thread has no one to raise to: what was stored before stays served)."""
        with self._lock:
            if job in self._running:
                return
            self._running.add(job)
        threading.Thread(target=self._run, args=(job, work, log, failed), name=name, daemon=True).start()

    def _run(self, job: Hashable, work: Callable[[], None], log: logging.Logger, failed: str) -> None:
        close_old_connections()
        try:
            work()
        except Exception:
            log.exception(failed)
        finally:
            with self._lock:
                self._running.discard(job)
            connection.close()

    def wait(self, timeout: float = 60) -> bool:
        """Block until this process's jobs are done (tests, `zongjie refresh_scores`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if not self._running:
                    return True
            time.sleep(0.05)
        return False
