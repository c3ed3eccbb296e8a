"""Stored scorecards through the real paths: after each kind of change, what the API and the
dashboard serve equals a fresh `zongjie score --fresh --json --full` (the engine, no store); a stale
result is served with its note while it is refreshed (in a thread, or by `zongjie refresh_scores`);
two refreshes never compute the same period at once, and an older computation never replaces a
newer one."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import ApiClient
from tests.imports.conftest import NEWS_V1
from tests.ledger.test_excel import GOOD_ROW, sheet
from zongjie import background
from zongjie.assessment import store
from zongjie.assessment.models import ScoreRefresh, ScoreResult, ScoreVersion, ScoringRule
from zongjie.assessment.rules import ruleset_for
from zongjie.assessment.services import set_quota, update_rule
from zongjie.imports.services import import_file
from zongjie.ledger import services as ledger
from zongjie.ledger.models import Adoption, EntryStatus, Instruction, MediaLevel, Period
from zongjie.web import insight

from .conftest import article, info

PERIOD = "2026H1"


def fresh_score() -> list[dict]:
    out = StringIO()
    call_command("score", "--period", PERIOD, "--fresh", "--json", "--full", stdout=out)
    return json.loads(out.getvalue())


def api_ranking(user) -> list[dict]:
    response = ApiClient(user).get("/rankings", {"period": PERIOD, "parent": "C"})
    assert response.status_code == 200, response.content
    return response.json()


def same(api: list[dict], fresh: list[dict]) -> bool:
    """The API's rows equal the command's on every field the API carries (all the figures)."""
    assert api and fresh and {"points", "rank", "metrics", "quotas", "comparison"} <= set(api[0])
    return [{k: row[k] for k in api_row} for api_row, row in zip(api, fresh, strict=True)] == api


def dashboard(user, fresh: bool = True) -> tuple[str, list[dict]]:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("dashboard"), {"unit": "C", "period": PERIOD})
    assert response.status_code == 200
    data = response.context["data"]
    if fresh:  # a stale result shows the counts of its own date, like its scores
        assert_counts_live(data, response.context["parent"], response.context["period"])
    return response.content.decode(), data["ranking_rows"]


def assert_counts_live(data: dict, parent, period) -> None:
    """The dashboard's completeness and status counts (read from the stored subtree counts)
    equal what the entries say now (counted live, the path without a stored result)."""
    assert store.stored_tallies(period, timezone.localdate(), parent) is not None  # the stored path ran
    live = insight.completeness(parent, period)
    shown = data["completeness"]
    keys = ("rows", "expected", "submitted", "on_time", "percent", "timely_percent", "due")
    assert {k: shown[k] for k in keys} == {k: live[k] for k in keys}
    assert data["statuses"] == insight.status_counts(parent, period)


def check(root) -> list[dict]:
    """API and dashboard after a change == a fresh `zongjie score`; the page dates its figures."""
    fresh = fresh_score()
    assert same(api_ranking(root), fresh)
    page, rows = dashboard(root)
    assert [(r["rank"], r["unit"], float(r["points"])) for r in rows] == [
        (f["rank"], f["unit_name"], float(f["points"])) for f in fresh
    ]
    result = ScoreResult.objects.get(period__code=PERIOD, compare=True)
    stamp = timezone.localtime(result.computed_at)
    assert f"数据截至 {stamp.month}月{stamp.day}日 {stamp:%H:%M}" in page and "数据正在更新" not in page
    return fresh


def version(period: Period) -> tuple[int, int]:
    rows = dict(ScoreVersion.objects.filter(period_id__in=[0, period.pk]).values_list("period_id", "n"))
    return rows.get(0, 0), rows.get(period.pk, 0)


def test_every_kind_of_change_through_the_api_and_the_dashboard(org, root):
    h1 = Period.objects.get_or_create_code(PERIOD)
    first = article(org.county_a, "central", status=EntryStatus.SUBMITTED)
    second = article(org.county_b, "provincial", status=EntryStatus.SUBMITTED)
    report = info(org.town_a1, "provincial")
    before = check(root)

    def changed(what: str, move: bool = True) -> None:
        nonlocal before
        now = check(root)
        assert (now != before) is move, what
        before = now

    ledger.review_entry(org.rita, first, approve=True)
    changed("entry approved")
    ledger.review_entry(org.rita, second, approve=False, reason="材料不全")
    changed("entry returned", move=False)  # it scored nothing while submitted either
    adoption = ledger.add_adoption(
        org.bob, report, level=MediaLevel.CENTRAL, adopted_by="人民日报", adopted_on=date(2026, 6, 1)
    )
    assert Adoption.objects.get(pk=adoption.pk).status == "pending"
    check(root)
    ledger.review_claim(org.carol, adoption, approve=True)
    changed("adoption confirmed")
    instruction = ledger.add_instruction(
        org.bob, report, level=MediaLevel.PROVINCIAL, leader="省领导", given_on=date(2026, 6, 2)
    )
    assert Instruction.objects.get(pk=instruction.pk).status == "pending"
    ledger.review_claim(org.carol, instruction, approve=True)
    changed("instruction confirmed")
    rule = ScoringRule.objects.filter(ruleset=ruleset_for(2026), points__gt=0).first()
    update_rule(root, rule, points=rule.points + 7)
    changed("rule edited")
    set_quota(root, org.county_b, h1, "articles_central", 3)
    changed("quota set")
    outcome = import_file(
        data=NEWS_V1.encode(), filename="总结.txt", unit=org.county_a, period="2025H1", user=org.alice,
        confirm=True,
    )  # fmt: skip
    assert outcome.status == "imported", outcome.message
    changed("history baseline imported")
    # The Excel import writes drafts with bulk_create (no model signals): the version still moves.
    was = version(h1)
    upload = sheet([GOOD_ROW, dict(GOOD_ROW, 标题="第二篇")])
    upload.name = "台账.xlsx"
    client = Client()
    client.force_login(org.bob)
    assert client.post(reverse("entry_import"), {"unit": org.town_a1.pk, "file": upload}).status_code == 200
    assert version(h1) > was
    changed("Excel import (drafts)", move=False)
    was = version(h1)
    ledger.set_period_lock(root, h1, locked=True, reason="考核完成")
    assert version(h1) > was
    changed("period locked", move=False)


def test_a_stale_result_is_served_with_its_note_until_refreshed(org, root, settings):
    settings.SCORES_INLINE_MS = 0  # every recomputation counts as expensive: none in a request
    settings.SCORES_BACKGROUND = False  # left to `zongjie refresh_scores`
    first = article(org.county_a, "central", status=EntryStatus.SUBMITTED)
    old = check(root)  # nothing stored yet: computed in the request
    computed = ScoreResult.objects.get(period__code=PERIOD).computed_at
    ledger.review_entry(org.rita, first, approve=True)

    assert api_ranking(root) == [{**row} for row in api_ranking(root)]  # stable while stale
    assert same(api_ranking(root), old) and not same(api_ranking(root), fresh_score())
    page, _ = dashboard(root, fresh=False)
    stamp = timezone.localtime(computed)
    assert f"数据正在更新，当前显示 {stamp.month}月{stamp.day}日 {stamp:%H:%M} 的结果" in page

    out = StringIO()
    call_command("refresh_scores", stdout=out)
    assert f"{PERIOD}：已更新" in out.getvalue()
    check(root)
    out = StringIO()
    call_command("refresh_scores", "--period", PERIOD, stdout=out)
    assert f"{PERIOD}：已是最新" in out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_server_refreshes_a_stale_result_in_a_thread_after_the_response(org, root, settings):
    settings.SCORES_INLINE_MS = 0
    first = article(org.county_a, "central", status=EntryStatus.SUBMITTED)
    old = check(root)
    ledger.review_entry(org.rita, first, approve=True)
    served = api_ranking(root)  # the stale result, and a refresh thread started
    assert same(served, old)
    assert store.wait_for_refreshes(60)
    check(root)


def test_a_held_lease_keeps_a_second_refresh_out(org, root):
    h1 = Period.objects.get_or_create_code(PERIOD)
    today = timezone.localdate()
    lease = {"period_id": h1.pk, "compare": True}
    token = background.claim(ScoreRefresh, store.LEASE, **lease)
    assert token is not None and background.claim(ScoreRefresh, store.LEASE, **lease) is None
    assert store.refresh(h1, today, True) is None  # another refresh holds it: nothing computed
    assert not ScoreResult.objects.exists()
    background.release(ScoreRefresh, token, **lease)
    assert isinstance(store.refresh(h1, today, True), ScoreResult)
    assert store.state(h1, today).stale is False


def test_an_older_computation_does_not_replace_a_newer_result(org, root):
    h1 = Period.objects.get_or_create_code(PERIOD)
    today = timezone.localdate()
    article(org.county_a, "central")
    newer = store.refresh(h1, today, True)
    units, cards = store.engine.compute(h1, None, today=today)
    late = store._store(
        h1, today, True, "g0|stale", newer.started_at - timedelta(seconds=5), 0.1, units, cards
    )
    assert isinstance(late, store.Computed)  # served, not kept
    assert list(ScoreResult.objects.values_list("pk", "key")) == [(newer.pk, newer.key)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_refreshes_compute_once(org, root, monkeypatch):
    h1 = Period.objects.get_or_create_code(PERIOD)
    today = timezone.localdate()
    article(org.county_a, "central")
    computing = threading.Event()
    release = threading.Event()
    calls = []
    real = store.engine.compute

    def slow(*args, **kwargs):  # the real engine, held until the second refresh has tried
        calls.append(1)
        computing.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(store.engine, "compute", slow)
    results = []

    def run():
        from django.db import connection

        try:
            results.append(store.refresh(h1, today, True))
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    assert computing.wait(30)
    assert store.refresh(h1, today, True) is None  # the first holds the lease
    release.set()
    worker.join(60)
    assert len(calls) == 1 and isinstance(results[0], ScoreResult)
    assert ScoreResult.objects.count() == 1
