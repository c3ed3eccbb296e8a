"""Report previews as maintained results, like the scorecards (assessment/store.py).

A report rolls up every approved entry of the unit's subtree: for a province (2,000,000 entries)
composing it takes minutes, so it must not run inside a request. The preview is stored per (unit,
period) with the key it was composed from (the score versions of the period, its sub-periods and
the compared periods, the plans' period, and the day), and:

- a fresh stored preview is served as it is;
- a stale one is served with its date while it is composed again after the response;
- none yet: a small subtree (≤ ZONGJIE_REPORT_INLINE_UNITS units, or a last composition that took
  ≤ ZONGJIE_SCORES_INLINE_MS) is composed in the request; a large one in the background, the page
  saying it is being prepared.

What is stored is exactly what the live path (`services.build_report` + `left_out` +
`figure_entries`) produces: the same functions compute it. The HTML carries each figure's number
and count only; the entries each figure counts are stored one row a figure (ReportFigure) and read
a figure at a time (`figure`), so that the page stays small at any scale."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from zongjie import background
from zongjie.assessment import store as scores
from zongjie.assessment.versions import versions_of
from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.reports import services
from zongjie.reports.models import ReportFigure, ReportLease, ReportPreview

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # not renewed for so long (background.claim's heartbeat): its holder died
WAIT = timedelta(minutes=60)  # how long a request waits for another's composition at most


@dataclass
class Preview:
    """What the preview page shows; `computed_at` None with `preparing`: nothing to show yet."""

    html: str
    figures: list[tuple[str, str, int]]  # per figure number: (metric, text, number of entries)
    left_out: dict[str, int]
    computed_at: datetime | None
    stale: bool = False
    preparing: bool = False
    # Only on a preview just composed: per figure number, (metric, text, entry ids).
    figure_ids: list[tuple[str, str, tuple[int, ...]]] | None = None


@dataclass
class FigureEntries:
    """The entries one figure of the preview counts, in the report's order."""

    n: int
    metric: str
    text: str
    ids: list[int]


def compose(unit: Unit, period: Period, today: date) -> Preview:
    """The live path: what the preview shows, computed now (neither read nor stored)."""
    document = services.build_report(unit, period, on=None)
    figure_ids = services.figure_entries(document)
    return Preview(
        html=services.render_html_fragment(document, entry_ids=False),
        figures=[(metric, text, len(ids)) for metric, text, ids in figure_ids],
        left_out=services.left_out(unit, period),
        computed_at=None,
        figure_ids=figure_ids,
    )


def figure(unit: Unit, period: Period, n: int, today: date | None = None) -> FigureEntries | None:
    """Figure `n` of the unit's stored preview with the entries it counts; None when there is no
    such figure (or it counts no entries). With no stored preview yet, a small subtree's report is
    composed now (as `preview` would); a large one's is not (None)."""
    row = ReportFigure.objects.filter(unit_id=unit.pk, period=period, n=n).first()
    if row is not None:
        ids = [int(i) for i in row.entry_ids.split(",") if i]
        return FigureEntries(n, row.metric, row.text, ids)
    if ReportPreview.objects.filter(unit_id=unit.pk, period=period).exists() or not _small(unit):
        return None
    done = compose(unit, period, today or timezone.localdate())
    if done.figure_ids is None or not 0 <= n < len(done.figure_ids) or not done.figure_ids[n][2]:
        return None
    metric, text, ids = done.figure_ids[n]
    return FigureEntries(n, metric, text, list(ids))


def preview_key(period: Period, today: date) -> str:
    nxt = (
        Period.objects.filter(code=services._next_span(period.span).code).values_list("id", flat=True).first()
    )
    plans = versions_of([nxt]).get(nxt, 0) if nxt else 0
    # "f2": the stored form (figures by number, their entries in ReportFigure); an older row is
    # composed again.
    return f"f2|{scores.version_key(period, True)}|plans{plans}|{today.isoformat()}"


def _inline_units() -> int:
    return getattr(settings, "REPORT_INLINE_UNITS", 500)


def _from_row(row: ReportPreview, stale: bool) -> Preview:
    raw = json.loads(row.figures)
    figures = [tuple(v) for v in raw] if isinstance(raw, list) else []
    return Preview(row.html, figures, json.loads(row.left_out), row.computed_at, stale=stale)


def preview(unit: Unit, period: Period, today: date | None = None) -> Preview:
    """The unit's preview for the period, from the store (see the module's docstring)."""
    today = today or timezone.localdate()
    read_at = timezone.now()
    key = preview_key(period, today)
    row = ReportPreview.objects.filter(unit_id=unit.pk, period=period).first()
    if row is not None and row.key == key:
        return _from_row(row, stale=False)
    cheap = (row.seconds <= scores.inline_seconds()) if row is not None else _small(unit)
    if cheap:
        done = refresh(unit, period, today, (key, read_at))
        if done is not None:
            return done
    else:
        schedule(unit, period, today)
    if row is not None:
        return _from_row(row, stale=True)
    return Preview("", [], {}, None, preparing=True)


def _small(unit: Unit) -> bool:
    return Unit.objects.subtree_of(unit).count() <= _inline_units()


def refresh(
    unit: Unit, period: Period, today: date, read: tuple[str, datetime] | None = None
) -> Preview | None:
    """Compose and store the preview; None when another composition holds the lease."""
    try:
        token = background.claim(ReportLease, LEASE, unit_id=unit.pk, period_id=period.pk)
    except DatabaseError:  # read-only database: serve what was computed, keep nothing
        return compose(unit, period, today)
    if token is None:
        return None
    try:
        key, started_at = read or (None, timezone.now())
        if key is None:
            key = preview_key(period, today)
            row = ReportPreview.objects.filter(unit_id=unit.pk, period=period, key=key).first()
            if row is not None:  # stored by the composition that held the lease before us
                return _from_row(row, stale=False)
        started = time.perf_counter()
        _scores_fresh(period, today)
        done = compose(unit, period, today)
        seconds = time.perf_counter() - started
        try:
            with transaction.atomic():
                list(ReportLease.objects.select_for_update().filter(unit_id=unit.pk, period_id=period.pk))
                newer = ReportPreview.objects.filter(
                    unit_id=unit.pk, period=period, started_at__gt=started_at
                )
                if newer.exists():  # composed after a later change: that one stays
                    return done
                ReportPreview.objects.filter(unit_id=unit.pk, period=period).delete()
                ReportFigure.objects.filter(unit_id=unit.pk, period=period).delete()
                ReportFigure.objects.bulk_create(
                    (
                        ReportFigure(
                            unit_id=unit.pk,
                            period=period,
                            n=n,
                            metric=metric[:100],
                            text=text[:200],
                            entry_ids=",".join(map(str, ids)),
                        )
                        for n, (metric, text, ids) in enumerate(done.figure_ids or ())
                        if ids
                    ),
                    batch_size=200,
                )
                row = ReportPreview.objects.create(
                    unit_id=unit.pk,
                    period=period,
                    today=today,
                    key=key,
                    html=done.html,
                    figures=json.dumps(done.figures, ensure_ascii=False),
                    left_out=json.dumps(done.left_out),
                    started_at=started_at,
                    computed_at=timezone.now(),
                    seconds=seconds,
                )
        except DatabaseError:
            return done
        done.computed_at = row.computed_at
        return done
    finally:
        background.release(ReportLease, token, unit_id=unit.pk, period_id=period.pk)


def _scores_fresh(period: Period, today: date) -> None:
    """Bring the period's stored scorecards up to date first: the report reads them (rank, points,
    quotas), and a preview stored under the current key must not carry stale scores."""
    deadline = time.monotonic() + WAIT.total_seconds()
    for compare in (True, False):  # the unit's card, and the ranking of its children
        while time.monotonic() < deadline:
            state = scores.state(period, today, compare)
            if state.computed_at is not None and not state.stale:
                break
            if scores.refresh(period, today, compare) is not None:
                break
            time.sleep(0.2)  # another refresh holds the lease: wait for it


_jobs = background.Jobs()


def schedule(unit: Unit, period: Period, today: date) -> None:
    """Compose in a thread of this process (at most one per preview here; the lease keeps other
    processes out). ZONGJIE_SCORES_BACKGROUND=0 leaves it to `zongjie refresh_scores`: the
    lease row, unclaimed, records that the preview was asked for (`pending`)."""
    if not getattr(settings, "SCORES_BACKGROUND", True):
        with contextlib.suppress(DatabaseError, IntegrityError), transaction.atomic():
            ReportLease.objects.get_or_create(unit_id=unit.pk, period_id=period.pk)
        return
    unit_id, period_id = unit.pk, period.pk
    _jobs.start(
        (unit_id, period_id, today),
        f"report-{unit_id}-{period_id}",
        lambda: _compose_later(unit_id, period_id, today),
        log,
        f"composing the report preview of unit {unit_id}, period {period_id} failed",
    )


def _compose_later(unit_id: int, period_id: int, today: date) -> None:
    unit = Unit.objects.filter(pk=unit_id).first()
    period = Period.objects.filter(pk=period_id).first()
    if unit is not None and period is not None:
        refresh(unit, period, today)


def pending(today: date) -> list[tuple[Unit, Period]]:
    """Previews asked for (a lease row exists) that are missing or stale: `zongjie refresh_scores`."""
    wanted = set(ReportLease.objects.values_list("unit_id", "period_id"))
    units = Unit.objects.in_bulk({u for u, _ in wanted})
    periods = Period.objects.in_bulk({p for _, p in wanted})
    keys = {pid: preview_key(p, today) for pid, p in periods.items()}
    have = {(u, p): k for u, p, k in ReportPreview.objects.values_list("unit_id", "period_id", "key")}
    return [
        (units[u], periods[p])
        for u, p in sorted(wanted)
        if u in units and p in periods and have.get((u, p)) != keys[p]
    ]


def wait(timeout: float = 60) -> bool:
    """Block until this process's compositions are done (tests)."""
    return _jobs.wait(timeout)
