"""Work kept out of requests, shared by the stored scorecards (assessment/store.py) and the stored
report previews (reports/stored.py): a lease row that lets one process at a time do a job, and
threads of this process that do it after the response.

A lease is renewed by its holder every quarter of its length (a heartbeat thread from `claim`
until `release`), so it can be short: a holder that dies (a killed worker, a crashed server)
stops renewing, and its job is free again a lease later, not after the longest job could take."""

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

_heartbeats: dict[str, threading.Event] = {}


def claim(model: type[Model], lease: timedelta, **key) -> str | None:
    """Take the lease of the row `key` names (a conditional UPDATE: one winner), creating the
    row when there is none; a token to release it with, or None when someone holds it. A lease
    not renewed for `lease` is taken as dead. The caller must `release` it (in a finally)."""
    now = timezone.now()
    token = uuid.uuid4().hex
    rows = model._default_manager.filter(**key)
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease)
    if not rows.filter(free).update(claimed_at=now, token=token):
        if rows.exists():
            return None
        try:
            with transaction.atomic():
                model._default_manager.create(claimed_at=now, token=token, **key)
        except IntegrityError:  # created meanwhile by another process, which holds it
            return None
    _start_heartbeat(model, lease, token, key)
    return token


def release(model: type[Model], token: str, **key) -> None:
    stop = _heartbeats.pop(token, None)
    if stop is not None:
        stop.set()
    with contextlib.suppress(DatabaseError):  # a lease left behind expires
        model._default_manager.filter(token=token, **key).update(claimed_at=None, token="")


def _start_heartbeat(model: type[Model], lease: timedelta, token: str, key: dict) -> None:
    stop = threading.Event()
    _heartbeats[token] = stop
    beat = lease.total_seconds() / 4

    def renew() -> None:
        try:
            while not stop.wait(beat):
                with contextlib.suppress(DatabaseError):  # a missed beat: the next one may pass
                    model._default_manager.filter(token=token, **key).update(claimed_at=timezone.now())
        finally:
            connection.close()  # this thread's own connection

    threading.Thread(target=renew, name=f"lease-{token[:8]}", daemon=True).start()


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
