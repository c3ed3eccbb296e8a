"""Quotas (completion, over-fulfilment, miss with deduction, pacing), 约稿未报, rule changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zongjie.assessment.models import Metric, RequestedPiece, RuleChange, ScoringRule
from zongjie.assessment.rules import ruleset_for
from zongjie.assessment.services import score_lines, scorecard, scorecards, set_quota, update_rule
from zongjie.ledger.models import Entry, EntryStatus
from zongjie.org.permissions import ScopeDenied
from zongjie.testing.factories import period

from .conftest import AFTER_H1, article


def test_quota_over_fulfilled_and_missed_with_deduction(org):
    article(org.town_a1, "central")
    article(org.county_a, "municipal")
    set_quota(org.rita, org.county_a, period("2026H1"), "articles", 1)
    set_quota(org.rita, org.county_b, period("2026H1"), "articles_central", 2)
    a = scorecard(org.county_a, "2026H1", today=AFTER_H1)
    (quota,) = a.quotas
    assert (quota.metric, quota.target, quota.actual, quota.completion, quota.over, quota.met) == (
        "articles",
        1,
        2,
        2.0,
        1,
        True,
    )
    assert a.points_total == 12 and a.deductions == 0
    b = scorecard(org.county_b, "2026H1", today=AFTER_H1)
    (quota,) = b.quotas
    assert (quota.actual, quota.completion, quota.met, quota.missed, quota.deduction) == (
        0,
        0.0,
        False,
        True,
        -5,
    )
    assert (b.points_total, b.deductions) == (-5, -5)
    assert b.deduction_reasons == ["未完成任务数：中央级媒体稿件（0/2）"]
    assert [line.points for line in score_lines(org.county_b, "2026H1", today=AFTER_H1)] == [-5]


def test_pacing_with_an_injected_today(org):
    for _ in range(4):
        article(org.county_a, "municipal")
    set_quota(org.rita, org.county_a, period("2026H1"), "articles", 10)
    # 2026-01-01 .. 2026-03-31 is 90 of the half-year's 181 days.
    (quota,) = scorecard(org.county_a, "2026H1", today=date(2026, 3, 31)).quotas
    assert quota.expected_share == round(90 / 181, 4)
    assert quota.expected == 4.97
    assert (quota.on_pace, quota.missed, quota.deduction) == (False, False, 0)
    (quota,) = scorecard(org.county_a, "2026H1", today=date(2026, 3, 1)).quotas
    assert quota.expected_share == round(60 / 181, 4) and quota.on_pace is True


def test_only_a_unit_above_may_set_a_quota(org):
    h1 = period("2026H1")
    assert set_quota(org.carol, org.town_a1, h1, "articles", 5).target == 5
    with pytest.raises(ScopeDenied):
        set_quota(org.carol, org.county_a, h1, "articles", 5)  # her own unit
    with pytest.raises(ScopeDenied):
        set_quota(org.olivia, org.town_b1, h1, "articles", 5)  # a reporter
    with pytest.raises(ValidationError):
        set_quota(org.rita, org.county_a, h1, "articles", 0)
    with pytest.raises(ValidationError):
        set_quota(org.rita, org.county_a, h1, "no_such_metric", 3)


def test_requested_piece_not_sent_costs_points(org):
    h1 = period("2026H1")
    sent = article(org.county_b, "county")  # 0.5
    RequestedPiece.objects.create(
        unit=org.county_b, period=h1, title="已报送", due=date(2026, 5, 1), fulfilled_by=sent
    )
    RequestedPiece.objects.create(unit=org.county_b, period=h1, title="未报送", due=date(2026, 5, 1))
    RequestedPiece.objects.create(unit=org.county_b, period=h1, title="未到期", due=date(2026, 8, 1))
    card = scorecard(org.county_b, "2026H1", today=AFTER_H1)
    assert (card.requested_missing, card.deductions, card.points_total) == (1, -2, -1.5)
    lines = score_lines(org.county_b, "2026H1", today=AFTER_H1)
    assert sum(line.points for line in lines) == -1.5
    assert "约稿未报：《未报送》" in lines[-1].explanation


def test_rule_change_mid_period_rescores_and_old_points_stay_recoverable(org, root):
    article(org.town_a1, "central")
    article(org.town_a1, "provincial")
    before = scorecard(org.town_a1, "2026H1", today=AFTER_H1)
    assert before.points_total == 15
    moment = timezone.now()
    rule = ScoringRule.objects.get(
        ruleset=ruleset_for(2026), kind="entry", entry_kind="article", level="central"
    )
    update_rule(root, rule, points=12)
    after = scorecard(org.town_a1, "2026H1", today=AFTER_H1)
    assert after.points_total == 17
    assert after.rule_version_id == before.rule_version_id
    (change,) = RuleChange.objects.filter(rule=rule)
    assert (change.user, change.action, change.changes) == (root, "update", {"points": [10.0, 12.0]})
    old = {c.unit.code: c.points_total for c in scorecards("2026H1", today=AFTER_H1, as_of=moment)}
    assert old["A1"] == 15 and old["C"] == 15
    assert Entry.objects.filter(status=EntryStatus.APPROVED).count() == 2  # no data lost


def test_only_admins_change_rules(org):
    rule = ScoringRule.objects.filter(ruleset=ruleset_for(2026)).first()
    with pytest.raises(ScopeDenied):
        update_rule(org.rita, rule, points=1)
    assert not RuleChange.objects.exists()


def test_metric_filters_are_a_fixed_vocabulary(db):
    with pytest.raises(ValidationError, match="未知的筛选字段"):
        Metric.objects.create(code="bad", name="坏", filters={"__import__": ["os"]})
    with pytest.raises(ValidationError, match="取值"):
        Metric.objects.create(code="bad2", name="坏", filters={"media_level": ["galactic"]})
    metric = Metric(code="ok", name="好", filters={"category": ["no_such_category"]})
    with pytest.raises(ValidationError):
        metric.full_clean()
    assert Metric.objects.create(code="ok2", name="好", filters={"starred": True}).filters == {
        "starred": ["true"]
    }
