"""engine.active_units builds the same Unit instances the ORM does."""

from zongjie.assessment.engine import active_units
from zongjie.org.models import Unit


def _plain(unit: Unit) -> dict:
    data = {k: v for k, v in vars(unit).items() if k != "_state"}
    return {**data, "adding": unit._state.adding, "db": unit._state.db}


def test_active_units_equal_the_orm_instances(org):
    org.town_b1.is_active = False
    org.town_b1.save()
    for scope in (None, org.county_a):
        qs = Unit.objects.filter(is_active=True).order_by("path")
        if scope is not None:
            qs = qs.filter(path__startswith=scope.path)
        expected = list(qs)
        built = active_units(scope)
        assert [_plain(u) for u in built] == [_plain(u) for u in expected]
        assert len(built) == (4 if scope is None else 2)
        assert built[0].parent_id is None or scope is not None
        # A loaded instance: saving it updates its row rather than inserting one.
        built[-1].name = "改名"
        built[-1].save()
        assert Unit.objects.get(pk=built[-1].pk).name == "改名"
