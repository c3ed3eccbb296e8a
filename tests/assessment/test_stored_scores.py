"""Stored scorecards (assessment.store): after every kind of change that moves a score, the stored
result read by the pages and the API equals a fresh run of the engine."""

from __future__ import annotations

from datetime import date

from zongjie.assessment import engine
from zongjie.assessment.models import ScoreResult, ScoringRule
from zongjie.assessment.rules import ruleset_for
from zongjie.assessment.services import ranking, scorecard, scorecards, set_quota, update_rule
from zongjie.ledger import services as ledger
from zongjie.ledger.models import EntryStatus, MediaLevel, Period
from zongjie.testing.factories import make_baseline_figure

from .conftest import AFTER_H1, article


def fresh(period):
    units, cards = engine.compute(period, None, today=AFTER_H1)
    return [cards[u.pk] for u in units]


def check(period):
    stored = scorecards(period, today=AFTER_H1)
    assert stored == fresh(period)
    return stored


def test_stored_result_follows_every_kind_of_change(org, root):
    h1 = Period.objects.get_or_create_code("2026H1")
    first = article(org.county_a, "central", status=EntryStatus.SUBMITTED)
    article(org.town_b1, "provincial")
    check(h1)
    computed = ScoreResult.objects.get(period=h1).computed_at
    check(h1)  # nothing changed: read, not recomputed
    assert ScoreResult.objects.get(period=h1).computed_at == computed

    ledger.review_entry(root, first, approve=True)  # a review (a conditional UPDATE)
    assert scorecard(org.county_a, h1, today=AFTER_H1).points_entries > 0
    check(h1)
    ledger.add_adoption(
        root, first, level=MediaLevel.CENTRAL, adopted_by="人民日报", adopted_on=date(2026, 6, 1)
    )
    check(h1)
    set_quota(root, org.county_b, h1, "articles_central", 3)  # a quota
    before = check(h1)
    rule = ScoringRule.objects.filter(ruleset=ruleset_for(2026), points__gt=0).first()
    update_rule(root, rule, points=rule.points + 7)  # a rule
    after = check(h1)
    assert after != before
    make_baseline_figure(org.county_a, "articles_central", 9, period_code="2025H2")  # a history baseline
    cards = check(h1)
    assert any(c.comparison["articles_central"].previous == 9 for c in cards)
    ledger.set_period_lock(root, h1, locked=True, reason="考核完成")  # a period lock
    check(h1)
    # The other faces of the same stored result agree with the engine as well.
    top = ranking(h1, today=AFTER_H1)
    assert [c.unit.code for c in top] == ["C"]
    assert scorecard(org.town_b1, h1, today=AFTER_H1) == next(c for c in fresh(h1) if c.unit == org.town_b1)
