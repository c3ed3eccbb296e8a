"""Who may do what where: the one place permission scoping is decided.

Admin, pages, API and CLI all call these functions. A role given at a unit reaches
that unit's whole subtree; reviewing reaches only the units strictly below it (a
unit never approves its own work).
"""

from __future__ import annotations

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from zongjie.org.models import Membership, Role, Unit


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    REVIEW = "review"
    MANAGE = "manage"


ACTION_LABELS = {
    Action.READ: "查看",
    Action.WRITE: "填报或修改",
    Action.REVIEW: "审核",
    Action.MANAGE: "管理",
}

# role -> actions it grants over the subtree (REVIEW: strictly below the unit).
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.REPORTER: frozenset({Action.READ, Action.WRITE}),
    Role.UNIT_ADMIN: frozenset({Action.READ, Action.WRITE, Action.MANAGE}),
    Role.REVIEWER: frozenset({Action.READ, Action.REVIEW}),
    Role.VIEWER: frozenset({Action.READ}),
    Role.ADMIN: frozenset({Action.READ, Action.WRITE, Action.REVIEW, Action.MANAGE}),
}


class ScopeDenied(PermissionDenied):
    """The user has no right to do this to this unit; the message is for the user."""


def _memberships(user) -> list[tuple[str, str]]:
    """(unit path, role) pairs of the user, cached on the user object for the request."""
    cached = getattr(user, "_zongjie_memberships", None)
    if cached is None:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            cached = []
        else:
            cached = list(
                Membership.objects.filter(user=user, unit__is_active=True).values_list("unit__path", "role")
            )
        user._zongjie_memberships = cached
    return cached


def forget(user) -> None:
    """Drop the cached memberships (after roles change)."""
    if hasattr(user, "_zongjie_memberships"):
        del user._zongjie_memberships


def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def scope_q(user, action: Action, path_field: str = "path") -> Q | None:
    """A Q over `path_field` that matches exactly the units `user` may `action`.

    Returns None when the user may do it everywhere (superuser) and a Q matching
    nothing when the user may do it nowhere.
    """
    if is_system_admin(user):
        return None
    condition = Q(pk__in=[])
    for path, role in _memberships(user):
        if action not in ROLE_ACTIONS.get(role, frozenset()):
            continue
        below = Q(**{f"{path_field}__startswith": path})
        if action == Action.REVIEW:
            below &= ~Q(**{path_field: path})
        condition |= below
    return condition


def filter_by_scope(queryset, user, action: Action, path_field: str):
    condition = scope_q(user, action, path_field)
    return queryset if condition is None else queryset.filter(condition)


def units_for(user, action: Action = Action.READ):
    return filter_by_scope(Unit.objects.filter(is_active=True), user, action, "path")


def can(user, action: Action, unit: Unit) -> bool:
    if is_system_admin(user):
        return True
    for path, role in _memberships(user):
        if action not in ROLE_ACTIONS.get(role, frozenset()):
            continue
        if action == Action.REVIEW:
            if unit.path.startswith(path) and unit.path != path:
                return True
        elif unit.path.startswith(path):
            return True
    return False


def require(user, action: Action, unit: Unit) -> None:
    if not can(user, action, unit):
        if action == Action.REVIEW and any(p == unit.path for p, _ in _memberships(user)):
            raise ScopeDenied(f"不能审核本单位（{unit.name}）的条目，审核由上级单位进行。")
        raise ScopeDenied(f"您没有权限{ACTION_LABELS[action]}“{unit.name}”的数据。")


def require_visible(user, action: Action, unit: Unit, missing: str = "未找到。") -> None:
    """Like `require`, but what the user may not even read is reported as missing (Http404),
    so that an out-of-scope object answers exactly like one that does not exist."""
    if not can(user, Action.READ, unit):
        raise Http404(missing)
    require(user, action, unit)


def roles_of(user) -> set[str]:
    if is_system_admin(user):
        return {Role.ADMIN}
    return {role for _, role in _memberships(user)}


def home_units(user):
    """The units the user holds a role in (their top-level reach)."""
    if is_system_admin(user):
        return Unit.objects.filter(parent__isnull=True)
    return Unit.objects.filter(path__in=[p for p, _ in _memberships(user)]).distinct()
