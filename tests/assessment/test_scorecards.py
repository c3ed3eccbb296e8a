"""Hand-computed scorecards on the `org` tree (C > A > A1, C > B > B1) with the default 2026 rules:
article central 10, provincial 5, municipal 2, county 0.5; 头版头条 ×2; adoption central 8 /
provincial 4 / municipal 1 (highest counts); instruction provincial+ 5, municipal 3."""

from __future__ import annotations

import pytest

from zongjie.assessment.services import ranking, score_lines, scorecard, scorecards
from zongjie.ledger.models import EntryStatus, Placement
from zongjie.org.models import UnitKind
from zongjie.org.permissions import ScopeDenied
from zongjie.testing.factories import make_unit

from .conftest import AFTER_H1, article, info


@pytest.fixture
def scored(org):
    article(org.town_a1, "central")  # 10
    article(org.town_a1, "provincial", placement=Placement.FRONT_PAGE_HEADLINE)  # 5 x 2
    article(org.town_a1, "central", status=EntryStatus.SUBMITTED)  # not approved: nothing
    article(org.county_b, "provincial", period_code="2026Q1")  # a quarter inside 2026H1 counts
    article(org.county_b, "provincial")
    article(org.county_b, "provincial")
    article(org.town_b1, "provincial")  # B subtree: 4 x 5 = 20, a tie with A
    article(org.town_a1, "central", period_code="2026H2")  # another period
    bureau = make_unit("C2", "市教育局", org.city, kind=UnitKind.BUREAU)
    article(bureau, "municipal")  # 2
    empty = make_unit("C3", "市文明办", org.city, kind=UnitKind.BUREAU)
    org.bureau, org.empty = bureau, empty
    return org


def test_ranking_ties_share_a_rank_and_the_next_rank_is_skipped(scored):
    cards = ranking("2026H1", scored.city, today=AFTER_H1)
    assert [(c.unit.code, c.points_total, c.rank, c.rank_of) for c in cards] == [
        ("A", 20, 1, 4),
        ("B", 20, 1, 4),
        ("C2", 2, 3, 4),
        ("C3", 0, 4, 4),
    ]


def test_roll_up_of_a_unit_whose_entries_are_all_in_sub_units(scored):
    card = scorecard(scored.county_a, "2026H1", today=AFTER_H1)
    assert card.own_metrics["articles"] == 0
    assert card.points_own == 0
    assert card.metrics["articles"] == 2
    assert card.metrics["articles_central"] == 1
    assert card.metrics["articles_headline"] == 1
    assert card.metrics["articles_municipal_plus"] == 2
    assert card.points_by_category["news"] == 20
    assert card.points_total == 20
    assert card.rule_version.startswith("2026年度")
    city = scorecard(scored.city, "2026H1", today=AFTER_H1)
    assert (city.metrics["articles"], city.points_total, city.rank, city.rank_of) == (7, 42, 1, 1)


def test_an_empty_unit_has_zeros_and_no_comparison_figures(scored):
    card = scorecard(scored.empty, "2026H1", today=AFTER_H1)
    assert card.points_total == 0 and card.points_by_category["news"] == 0
    assert set(card.metrics.values()) == {0}
    assert card.quotas == [] and card.deductions == 0
    assert card.comparison["articles"].previous is None


def test_scorecards_without_parent_cover_every_unit_in_tree_order(scored):
    cards = scorecards("2026H1", today=AFTER_H1)
    assert [c.unit.code for c in cards] == ["C", "A", "A1", "B", "B1", "C2", "C3"]
    b1 = next(c for c in cards if c.unit.code == "B1")
    assert (b1.points_total, b1.rank, b1.rank_of) == (5, 1, 1)


def test_score_lines_explain_every_point(scored):
    lines = score_lines(scored.town_a1, "2026H1", today=AFTER_H1)
    assert sum(line.points for line in lines) == 20
    texts = " / ".join(line.explanation for line in lines)
    assert "中央级媒体刊播稿件 10 分" in texts
    assert "省级媒体刊播稿件 5 分，头版头条稿件分值加倍 ×2" in texts
    assert all(line.entry_id and line.rule_id for line in lines)


def test_adoptions_instructions_and_their_metrics(org):
    info(org.town_a1, adopted=["central", "provincial", "municipal"], instructed=["provincial", "municipal"])
    info(org.town_a1, adopted=["municipal"])
    info(org.town_a1)
    card = scorecard(org.town_a1, "2026H1", today=AFTER_H1)
    m = card.metrics
    assert (m["info_sent"], m["info_adopted"], m["info_adopted_central"], m["info_adopted_municipal"]) == (
        3,
        2,
        1,
        2,
    )
    assert (m["instructions"], m["instructions_provincial_plus"]) == (1, 1)
    # highest level counts: 8 (not 8+4+1) + 1; instructions 5 + 3
    assert card.points_total == 8 + 1 + 5 + 3
    assert card.points_by_category["info"] == 17
    lines = score_lines(org.town_a1, "2026H1", today=AFTER_H1)
    assert sum(line.points for line in lines) == 17
    assert any("多级采用只计最高级别" in line.explanation for line in lines)


def test_adoptions_summed_when_the_rule_version_says_so(org, root):
    from zongjie.assessment.rules import ruleset_for
    from zongjie.assessment.services import update_ruleset

    info(org.town_a1, adopted=["central", "provincial", "municipal"])
    assert scorecard(org.town_a1, "2026H1").points_total == 8
    update_ruleset(root, ruleset_for(2026), adoption_mode="sum")
    assert scorecard(org.town_a1, "2026H1").points_total == 8 + 4 + 1


def test_scorecard_checks_the_readers_scope(scored):
    assert scorecard(scored.town_a1, "2026H1", user=scored.carol).unit == scored.town_a1
    with pytest.raises(ScopeDenied):
        scorecard(scored.county_a, "2026H1", user=scored.olivia)
    visible = scorecards("2026H1", user=scored.olivia)
    assert [c.unit.code for c in visible] == ["B", "B1"]
