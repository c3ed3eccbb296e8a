"""The demo office is realistic and reproducible from its seed."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from zongjie.ledger.demo import build_demo
from zongjie.ledger.models import Adoption, Entry, EntryStatus, Period
from zongjie.org.models import Unit, UnitKind


def _fingerprint():
    return list(
        Entry.objects.order_by("unit__code", "period__code", "occurred_on", "title", "status").values_list(
            "unit__code", "period__code", "occurred_on", "title", "status", "media_level", "participants"
        )
    )


def test_demo_is_reproducible_and_shaped_like_an_office(db):
    with transaction.atomic():
        build_demo(seed=7, progress=False)
        first = _fingerprint()
        transaction.set_rollback(True)
    assert Entry.objects.count() == 0
    with transaction.atomic():
        build_demo(seed=8, progress=False)
        other_seed = _fingerprint()
        transaction.set_rollback(True)
    ctx = build_demo(seed=7, progress=False)
    assert _fingerprint() == first
    assert other_seed != first

    kinds = dict(Unit.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds == {UnitKind.DEPARTMENT: 1, UnitKind.COUNTY: 8, UnitKind.TOWNSHIP: 40, UnitKind.BUREAU: 5}
    assert set(Period.objects.values_list("code", flat=True)) >= {"2025H1", "2025H2", "2026H1", "2026H2"}
    periods_with_entries = set(Entry.objects.values_list("period__code", flat=True).distinct())
    assert periods_with_entries == {"2025H1", "2025H2", "2026H1", "2026H2"}

    approved_articles = Entry.objects.approved().filter(kind="article")
    by_level = dict(approved_articles.values_list("media_level").annotate(n=Count("id")))
    assert 0 < by_level["central"] < by_level["provincial"] < by_level["municipal"]
    assert Adoption.objects.filter(level="central").exists()

    reviewer = ctx.users["shi_shenhe"]
    waiting = Entry.objects.reviewable_by(reviewer).awaiting_review()
    assert waiting.exists()
    assert not waiting.filter(unit=ctx.city).exists()  # never its own unit
    county_reviewer = ctx.users["xian_shenhe"]
    assert set(Entry.objects.reviewable_by(county_reviewer).values_list("unit__parent__code", flat=True)) == {
        "AP"
    }
    assert Entry.objects.filter(status=EntryStatus.RETURNED).exclude(return_reason="").exists()
