"""Period comparison (ledger and imported baselines), duplicate claims, reporting completeness,
the fixed query count, and the `score` command."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from zongjie.assessment.rules import ruleset_for
from zongjie.assessment.services import duplicate_claims, reporting, scorecard, scorecards, update_ruleset
from zongjie.ledger.models import Entry, EntryKind, EntryStatus, Outlet, Period
from zongjie.ledger.normalise import title_key
from zongjie.org.models import UnitKind
from zongjie.testing.factories import make_baseline_figure, make_entry, make_quota, make_unit

from .conftest import AFTER_H1, article, at, info


def test_missing_previous_period_compares_as_none_not_zero(org):
    article(org.county_a, "municipal")
    comparison = scorecard(org.county_a, "2026H1").comparison["articles"]
    assert (comparison.current, comparison.previous, comparison.delta, comparison.pct) == (
        1,
        None,
        None,
        None,
    )
    assert comparison.source is None and comparison.last_year is None


def test_imported_baseline_is_used_where_the_ledger_has_none(org):
    article(org.town_a1, "municipal")
    article(org.town_a1, "municipal")
    article(org.town_a1, "provincial", period_code="2025H1")  # the ledger has last year
    make_baseline_figure(
        org.county_a, "articles", 4, period_code="2025H2", source_label="甲县2025下半年总结.docx 第11行"
    )
    make_baseline_figure(org.county_a, "articles", 99, period_code="2025H1", source_label="被台账覆盖")
    c = scorecard(org.county_a, "2026H1").comparison["articles"]
    assert (c.current, c.previous, c.source, c.delta, c.pct) == (
        2,
        4,
        "甲县2025下半年总结.docx 第11行",
        -2,
        -50.0,
    )
    assert (c.last_year, c.last_year_source, c.last_year_delta, c.last_year_pct) == (1, "台账", 1, 100.0)
    assert scorecard(org.county_a, "2026H1").comparison["info_sent"].previous is None  # no figure imported


def _claim(unit, title, submitted, **fields):
    outlet = Outlet.objects.get(name="省日报")
    return make_entry(
        unit,
        kind=EntryKind.ARTICLE,
        outlet=outlet,
        media_level=outlet.level,
        title=title,
        occurred_on=date(2026, 3, 5),
        submitted_at=at(submitted),
        **fields,
    )


@pytest.mark.parametrize(("mode", "a1", "b1"), [("split", 2.5, 2.5), ("first", 5, 0), ("full", 5, 5)])
def test_duplicate_claim_credit_follows_the_rule_version(org, root, mode, a1, b1):
    _claim(org.town_a1, "《乡村振兴绘新景》", date(2026, 3, 6))
    _claim(org.town_b1, "乡村振兴 绘新景", date(2026, 3, 8))
    update_ruleset(root, ruleset_for(2026), duplicate_mode=mode)
    cards = {c.unit.code: c for c in scorecards("2026H1", today=AFTER_H1)}
    assert (cards["A1"].points_total, cards["B1"].points_total) == (a1, b1)
    assert cards["A1"].duplicates == cards["B1"].duplicates == 1
    (claim,) = duplicate_claims("2026H1")
    assert sorted(e["unit"] for e in claim.entries) == ["A1", "B1"]
    assert claim.reason == "同一媒体、同一日期、标题相同"


def test_duplicate_by_link_and_no_false_positive(org):
    link = "https://example.org/a/1"
    _claim(org.town_a1, "标题一", date(2026, 3, 6), link=link)
    _claim(org.county_b, "标题二", date(2026, 3, 7), link=link)
    _claim(org.county_b, "另一篇", date(2026, 3, 7))
    (claim,) = duplicate_claims("2026H1")
    assert (claim.reason, len(claim.entries)) == ("链接相同", 2)
    assert scorecard(org.county_b, "2026H1").points_total == 2.5 + 5


def test_reporting_completeness_and_timeliness(org):
    make_entry(org.town_a1, status=EntryStatus.SUBMITTED, submitted_at=at(date(2026, 6, 30)))
    make_entry(org.county_b, status=EntryStatus.APPROVED, submitted_at=at(date(2026, 7, 25)))  # due 07-10
    make_entry(org.town_b1, status=EntryStatus.DRAFT)
    report = reporting("2026H1", org.city)
    assert (report.expected, report.submitted, report.on_time) == (5, 2, 1)
    assert (report.completeness, report.timeliness) == (0.4, 0.2)
    assert (report.missing_units, report.late_units) == (["C", "A", "B1"], ["B"])
    assert report.due == date(2026, 7, 10)
    assert reporting("2026H1", org.county_a).to_dict()["completeness"] == 0.5


def _province(counties: int, towns: int):
    city = make_unit("P", "省", kind=UnitKind.DEPARTMENT)
    for c in range(counties):
        county = make_unit(f"K{c}", f"县{c}", city, kind=UnitKind.COUNTY)
        article(county, "provincial")
        make_quota(county, "articles", 3)
        for t in range(towns):
            town = make_unit(f"K{c}T{t}", f"镇{c}-{t}", county, kind=UnitKind.TOWNSHIP)
            article(town, "central", placement="front_headline")
            info(town, adopted=["central", "municipal"], instructed=["municipal"])
    _claim(unit_of("K0T0"), "同一篇", date(2026, 3, 6))
    _claim(unit_of("K1T0"), "同一篇", date(2026, 3, 7))
    make_baseline_figure(unit_of("K0"), "articles", 3)


def unit_of(code):
    from zongjie.org.models import Unit

    return Unit.objects.get(code=code)


@pytest.mark.parametrize(("counties", "towns"), [(2, 2), (6, 5)])
def test_all_scorecards_take_a_fixed_number_of_queries(db, django_assert_num_queries, counties, towns):
    _province(counties, towns)
    h1 = Period.objects.get(code="2026H1")
    from django.db import connection

    # PostgreSQL adds the two statements that raise work_mem and restore it (engine.analytic_session)
    # and the check that the entry rollup is there (ledger.rollup).
    # The first call computes and stores the period (assessment.store): 15 engine queries, the
    # version key (2), the lookups (2), the refresh lease (take: update, exists, savepoint, insert,
    # release; give back: update), the subtree counts (units, entries by status, first
    # submissions: 3), the store (savepoint, lock, newer?, delete, insert, rows) and the read (2).
    with django_assert_num_queries(37 + (3 if connection.vendor == "postgresql" else 0)):
        cards = scorecards(h1, today=AFTER_H1)
    # Afterwards the stored result is read: the version key, the lookup, the rows, the units.
    with django_assert_num_queries(5):
        assert scorecards(h1, today=AFTER_H1) == cards
    assert len(cards) == 1 + counties * (1 + towns)
    town = next(c for c in cards if c.unit.code == "K2T1" or (counties == 2 and c.unit.code == "K1T1"))
    assert town.points_total == 10 * 2 + 8 + 3


def test_score_command_json_and_table(org):
    article(org.county_a, "central")
    article(org.town_b1, "provincial")
    out = StringIO()
    call_command("score", "--period", "2026H1", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [(r["unit"], r["points"], r["rank"]) for r in rows] == [("A", 10, 1), ("B", 5, 2)]
    assert rows[0]["metrics"]["articles_central"] == 1
    out = StringIO()
    call_command("score", "--period", "2026H1", "--unit", "B", stdout=out)
    assert "名次" in out.getvalue() and "B1" in out.getvalue()


def test_title_key_ignores_case_spaces_brackets_and_punctuation():
    assert title_key("《乡村振兴 绘新景》") == title_key("乡村振兴绘新景") == "乡村振兴绘新景"
    assert title_key("“Rural” Revival：Ｎew！") == "ruralrevivalｎew"  # lower() covers full-width letters too
    assert title_key("标题一") != title_key("标题二")


def test_the_title_key_follows_the_title_and_a_changed_title_joins_a_group(org):
    a1 = _claim(org.town_a1, "《春耕》", date(2026, 3, 6))
    b1 = _claim(org.town_b1, "夏收", date(2026, 3, 8))
    assert Entry.objects.get(pk=a1.pk).title_key == "春耕"
    assert duplicate_claims("2026H1") == []
    b1.title = "春耕！"
    b1.save(update_fields=["title"])  # the key is saved with the title even when fields are named
    assert Entry.objects.get(pk=b1.pk).title_key == "春耕"
    (claim,) = duplicate_claims("2026H1")
    assert sorted(e["unit"] for e in claim.entries) == ["A1", "B1"]
