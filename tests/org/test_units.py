import json

from django.core.management import call_command

from zongjie.org.models import Unit
from zongjie.testing.factories import make_unit


def test_subtree_is_a_prefix_query(org, django_assert_num_queries):
    with django_assert_num_queries(1):
        codes = sorted(Unit.objects.subtree_of(org.county_a).values_list("code", flat=True))
    assert codes == ["A", "A1"]
    assert list(Unit.objects.subtree_of(org.county_a, include_self=False).values_list("code", flat=True)) == [
        "A1"
    ]


def test_moving_a_unit_rewrites_descendant_paths(org):
    deep = make_unit("A1X", "村", org.town_a1)
    org.town_a1.parent = org.county_b
    org.town_a1.save()
    deep.refresh_from_db()
    assert deep.path == "C/B/A1/A1X/"
    assert deep.depth == 3
    assert deep.is_descendant_of(org.county_b)
    assert not deep.is_descendant_of(org.county_a)
    assert [u.code for u in deep.ancestors()] == ["C", "B", "A1"]


def test_units_json_lists_tree(org, capsys):
    call_command("units", "--json")
    rows = json.loads(capsys.readouterr().out)
    by_code = {row["code"]: row for row in rows}
    assert by_code["C"] == {
        "code": "C",
        "name": "市委宣传部",
        "parent": None,
        "level": 1,
        "kind": "department",
    }
    assert by_code["A1"]["parent"] == "A" and by_code["A1"]["level"] == 3
    assert [row["code"] for row in rows] == ["C", "A", "A1", "B", "B1"]
