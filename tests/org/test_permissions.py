"""The whole permission matrix: role × (own, child, sibling, parent unit) × (read, write, review).

Each cell is checked three ways — can(), the scoped querysets and the services —
so admin, pages, API and CLI (which all use them) cannot drift apart.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from zongjie.ledger import services
from zongjie.ledger.models import Entry, EntryKind, EntryStatus
from zongjie.org.models import Role
from zongjie.org.permissions import Action, ScopeDenied, can, units_for
from zongjie.testing.factories import category, make_entry, make_user, period

RELATIONS = ("own", "child", "sibling", "parent")
# role -> action -> relations allowed (the role is held at county A).
EXPECTED = {
    Role.REPORTER: {"read": {"own", "child"}, "write": {"own", "child"}, "review": set()},
    Role.UNIT_ADMIN: {"read": {"own", "child"}, "write": {"own", "child"}, "review": set()},
    Role.REVIEWER: {"read": {"own", "child"}, "write": set(), "review": {"child"}},
    Role.VIEWER: {"read": {"own", "child"}, "write": set(), "review": set()},
    Role.ADMIN: {"read": {"own", "child"}, "write": {"own", "child"}, "review": {"child"}},
}
CELLS = [
    (role, action, relation)
    for role in EXPECTED
    for action in ("read", "write", "review")
    for relation in RELATIONS
]


def _unit(org, relation):
    return {"own": org.county_a, "child": org.town_a1, "sibling": org.county_b, "parent": org.city}[relation]


@pytest.mark.parametrize(("role", "action", "relation"), CELLS)
def test_permission_matrix(org, role, action, relation):
    user = make_user(f"u_{role}", org.county_a, role)
    unit = _unit(org, relation)
    allowed = relation in EXPECTED[role][action]

    assert can(user, Action(action), unit) is allowed
    assert units_for(user, Action(action)).filter(pk=unit.pk).exists() is allowed

    entry = make_entry(unit, status=EntryStatus.SUBMITTED)
    if action == "read":
        assert Entry.objects.visible_to(user).filter(pk=entry.pk).exists() is allowed
    elif action == "review":
        assert Entry.objects.reviewable_by(user).filter(pk=entry.pk).exists() is allowed
        if allowed:
            assert services.review_entry(user, entry, approve=True).status == EntryStatus.APPROVED
        else:
            with pytest.raises(ScopeDenied):
                services.review_entry(user, entry, approve=True)
            entry.refresh_from_db()
            assert entry.status == EntryStatus.SUBMITTED
    else:
        fields = dict(
            unit=unit,
            period=period(),
            category=category(),
            kind=EntryKind.ARTICLE,
            title="稿件",
            occurred_on=period().start,
            media_level="municipal",
        )
        if allowed:
            created = services.create_entry(user, **fields)
            assert created.unit == unit and created.status == EntryStatus.DRAFT
        else:
            before = Entry.objects.count()
            with pytest.raises(ScopeDenied):
                services.create_entry(user, **fields)
            assert Entry.objects.count() == before


def test_matrix_covers_every_role():
    assert set(EXPECTED) == set(Role.values)


def test_superuser_reaches_everything(org):
    root = make_user("root", is_superuser=True)
    for unit in (org.city, org.county_a, org.town_b1):
        for action in Action:
            assert can(root, action, unit)


def test_inactive_user_reaches_nothing(org):
    org.bob.is_active = False
    org.bob.save()
    assert not can(org.bob, Action.READ, org.town_a1)
    assert not units_for(org.bob).exists()


def test_reviewer_cannot_review_own_unit_with_clear_message(org):
    entry = make_entry(org.county_a, status=EntryStatus.SUBMITTED)
    with pytest.raises(ScopeDenied, match="不能审核本单位"):
        services.review_entry(org.carol, entry, approve=True)


def test_outsider_message_names_the_unit(org):
    with pytest.raises(ScopeDenied, match="没有权限填报或修改“甲县城关镇”"):
        services.create_entry(
            org.olivia,
            unit=org.town_a1,
            period=period(),
            category=category(),
            kind=EntryKind.ARTICLE,
            title="越权",
            occurred_on=period().start,
            media_level="municipal",
        )


def test_plan_items_need_manage(org):
    next_half = period("2026H2")
    with pytest.raises(ScopeDenied):
        services.add_plan_item(org.bob, unit=org.town_a1, period=next_half, title="计划")
    item = services.add_plan_item(org.alice, unit=org.town_a1, period=next_half, title="加强理论学习")
    assert item.unit == org.town_a1
    with pytest.raises(ValidationError, match="计划事项不能为空"):
        services.add_plan_item(org.alice, unit=org.town_a1, period=next_half, title="  ")
