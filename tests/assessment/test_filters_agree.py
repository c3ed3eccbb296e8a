"""A metric filter compiles to SQL (the set-based aggregate) and to Python (score lines, signatures):
both must select the same entries."""

from __future__ import annotations

import itertools

from zongjie.assessment.filters import CategoryIndex, entry_q, matches
from zongjie.assessment.models import Metric
from zongjie.assessment.rules import with_level_expression
from zongjie.ledger.models import Entry, EntryKind, MediaLevel, Placement
from zongjie.testing.factories import category, make_entry

FIELDS = ("id", "kind", "category_id", "lvl", "placement", "sent_level", "starred")


def test_sql_and_python_filters_select_the_same_entries(org):
    levels = [*MediaLevel.values, ""]
    for n, (level, placement) in enumerate(itertools.product(levels[:4], Placement.values)):
        make_entry(
            org.town_a1, kind=EntryKind.ARTICLE, media_level=level, placement=placement, starred=n % 3 == 0
        )
    for level in levels[:3]:
        make_entry(
            org.town_a1, kind=EntryKind.INFO_REPORT, sent_level=level, category=category("info_report")
        )
    make_entry(
        org.town_a1, kind=EntryKind.HONOUR, honour_level="provincial", category=category("civility_creation")
    )
    make_entry(org.town_a1, kind=EntryKind.EVENT, sessions=2, category=category("info_research"))
    categories = CategoryIndex.load()
    rows = [
        dict(zip(FIELDS, v, strict=True))
        for v in with_level_expression(Entry.objects.all()).values_list(*FIELDS)
    ]
    extra = [
        {"media_level": ["central", "county"]},
        {"category": ["info"]},
        {"starred": ["true"], "kind": ["article"]},
        {"kind": ["article", "honour"], "media_level": ["provincial"]},
    ]
    filters = [m.filters for m in Metric.objects.all() if "adoption_level" not in m.filters] + extra
    filters = [f for f in filters if "instruction_level" not in f]
    assert len(filters) > 15
    for f in filters:
        in_sql = set(
            with_level_expression(Entry.objects.all())
            .filter(entry_q(f, categories))
            .values_list("id", flat=True)
        )
        in_python = {r["id"] for r in rows if matches(f, r, categories)}
        assert in_sql == in_python, f
