"""Metric filters are evaluated in Python, once per class of entry (engine) and per entry (score
lines): hand-picked entries each filter must select. And the main scan's class code: the
classes it yields are the entries' own fields, also when a value is outside the known choices."""

from __future__ import annotations

from decimal import Decimal

from zongjie.assessment.cube import decode, load_cube
from zongjie.assessment.filters import CategoryIndex, matches
from zongjie.assessment.models import Metric
from zongjie.assessment.rules import with_level_expression
from zongjie.assessment.services import scorecard
from zongjie.ledger.models import Entry, EntryKind, EntryStatus, Placement
from zongjie.testing.factories import category, make_entry

from .conftest import AFTER_H1

FIELDS = ("id", "kind", "category_id", "lvl", "placement", "sent_level", "starred")


def _entries(unit) -> dict[str, Entry]:
    article = EntryKind.ARTICLE
    return {
        "art_central": make_entry(unit, kind=article, media_level="central", starred=True),
        "art_prov_headline": make_entry(
            unit, kind=article, media_level="provincial", placement=Placement.FRONT_PAGE_HEADLINE
        ),
        "art_muni_prominent": make_entry(unit, kind=article, media_level="municipal", placement="prominent"),
        "art_county_front": make_entry(unit, kind=article, media_level="county", placement="front_page"),
        "info_prov": make_entry(
            unit, kind=EntryKind.INFO_REPORT, sent_level="provincial", category=category("info_report")
        ),
        "info_unsent": make_entry(
            unit, kind=EntryKind.INFO_REPORT, sent_level="", category=category("info_report")
        ),
        "honour_prov": make_entry(
            unit, kind=EntryKind.HONOUR, honour_level="provincial", category=category("civility_creation")
        ),
        "event_research": make_entry(
            unit, kind=EntryKind.EVENT, sessions=2, category=category("info_research")
        ),
    }


def test_python_filters_select_the_hand_picked_entries(org):
    made = _entries(org.town_a1)
    name_of = {e.pk: name for name, e in made.items()}
    categories = CategoryIndex.load()
    rows = [
        dict(zip(FIELDS, v, strict=True))
        for v in with_level_expression(Entry.objects.all()).values_list(*FIELDS)
    ]
    arts = {"art_central", "art_prov_headline", "art_muni_prominent", "art_county_front"}
    expected = [
        ({"kind": ["article"]}, arts),
        (
            {"kind": ["article"], "media_level": ["central", "provincial", "municipal"]},
            arts - {"art_county_front"},
        ),
        ({"kind": ["article"], "placement": ["front_headline"]}, {"art_prov_headline"}),
        # the level is the article's media level, the report's sent level, the honour's level
        ({"media_level": ["provincial"]}, {"art_prov_headline", "info_prov", "honour_prov"}),
        ({"media_level": ["central", "county"]}, {"art_central", "art_county_front"}),
        (
            {"kind": ["article", "honour"], "media_level": ["provincial"]},
            {"art_prov_headline", "honour_prov"},
        ),
        ({"sent_level": ["provincial"]}, {"info_prov"}),
        ({"category": ["info"]}, {"info_prov", "info_unsent", "event_research"}),  # a top-level code
        ({"category": ["info_research"]}, {"event_research"}),  # a second-level code
        ({"starred": ["true"], "kind": ["article"]}, {"art_central"}),
        ({"starred": ["false"], "kind": ["info_report"]}, {"info_prov", "info_unsent"}),
        ({"kind": ["info_report"], "adoption_level": ["any"]}, set()),  # no adoptions in the rows
        ({"bogus_key": ["x"]}, set()),  # an unknown key matches nothing, not everything
        ({}, set(made)),
    ]
    for filters, names in expected:
        assert {name_of[r["id"]] for r in rows if matches(filters, r, categories)} == names, filters
    info_prov = next(r for r in rows if name_of[r["id"]] == "info_prov")
    adopted = {**info_prov, "adoption_levels": {"municipal"}, "instruction_levels": set()}
    assert matches({"kind": ["info_report"], "adoption_level": ["any"]}, adopted, categories)
    assert matches({"adoption_level": ["municipal", "central"]}, adopted, categories)
    assert not matches({"adoption_level": ["central"]}, adopted, categories)
    assert not matches({"instruction_level": ["any"]}, adopted, categories)


def _cube_classes(fields=("kind", "category_id", "lvl", "placement")) -> dict[tuple, int]:
    qs = with_level_expression(Entry.objects.filter(status=EntryStatus.APPROVED)).order_by()
    cube = load_cube(qs, fields, ["sessions"])
    out: dict[tuple, int] = {}
    for c, n in zip(cube.cls.tolist(), cube.n.tolist(), strict=True):
        out[cube.classes[c]] = out.get(cube.classes[c], 0) + int(n)
    return out


def test_the_class_code_decodes_to_the_entries_own_fields(org):
    made = _entries(org.town_a1)
    news, research = category("news_article").pk, category("info_research").pk
    report, honour = category("info_report").pk, category("civility_creation").pk
    expected = {
        ("article", news, "central", "normal"): 1,
        ("article", news, "provincial", "front_headline"): 1,
        ("article", news, "municipal", "prominent"): 1,
        ("article", news, "county", "front_page"): 1,
        ("info_report", report, "provincial", "normal"): 1,
        ("info_report", report, "", "normal"): 1,
        ("honour", honour, "provincial", "normal"): 1,
        ("event", research, "", "normal"): 1,
    }
    assert _cube_classes() == expected
    assert decode(0) is None
    # A value outside the choices (written around the ledger's checks): the raw columns are grouped.
    Entry.objects.filter(pk=made["art_central"].pk).update(placement="sidebar")
    Entry.objects.filter(pk=made["event_research"].pk).update(kind="exhibition")
    del expected[("article", news, "central", "normal")], expected[("event", research, "", "normal")]
    expected[("article", news, "central", "sidebar")] = 1
    expected[("exhibition", research, "", "normal")] = 1
    assert _cube_classes() == expected


def test_a_sum_of_amounts_is_read_only_when_a_metric_asks_for_it(org):
    make_entry(org.town_a1, kind=EntryKind.EVENT, amount=Decimal("1.25"), sessions=3)
    make_entry(org.town_a1, kind=EntryKind.EVENT, amount=Decimal("2.5"), sessions=1)
    make_entry(org.town_a1, kind=EntryKind.EVENT, sessions=2)  # no amount
    make_entry(org.town_a1, kind=EntryKind.STUDY, amount=Decimal("9"))  # another kind
    Metric.objects.create(
        code="event_amount", name="活动经费", aggregate="sum_amount", filters={"kind": ["event"]}
    )
    card = scorecard(org.town_a1, "2026H1", today=AFTER_H1)
    assert card.metrics["event_amount"] == 3.75
    assert card.metrics["event_sessions"] == 6
    assert card.metrics["events"] == 3


def test_a_metric_on_starred_or_sent_level_groups_those_columns_too(org):
    make_entry(org.town_a1, kind=EntryKind.ARTICLE, media_level="central", starred=True)  # 10
    make_entry(org.town_a1, kind=EntryKind.ARTICLE, media_level="central")  # 10
    make_entry(org.town_a1, kind=EntryKind.ARTICLE, media_level="county", starred=True)  # 0.5
    make_entry(
        org.town_a1, kind=EntryKind.INFO_REPORT, sent_level="provincial", category=category("info_report")
    )
    Metric.objects.create(
        code="starred_articles", name="精品稿件", filters={"kind": ["article"], "starred": ["true"]}
    )
    Metric.objects.create(code="sent_provincial", name="报省信息", filters={"sent_level": ["provincial"]})
    card = scorecard(org.town_a1, "2026H1", today=AFTER_H1)
    assert card.metrics["starred_articles"] == 2
    assert card.metrics["sent_provincial"] == 1
    assert card.metrics["articles"] == 3
    assert card.metrics["articles_central"] == 2
    assert card.points_by_category["news"] == 20.5
