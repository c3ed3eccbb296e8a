"""Operations on the organisation tree and its users."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from zongjie.org.models import Membership, Role, Unit, UnitQuerySet
from zongjie.org.permissions import Action, forget, require


def person_name(user) -> str:
    """How pages and reports name a person: the full name, or else the login name."""
    return user.get_full_name() or user.username


def unit_rows(units: UnitQuerySet) -> list[dict]:
    """Units as plain rows (code, name, parent code, level), in tree order, one query."""
    return [
        {"code": code, "name": name, "parent": parent, "level": depth + 1, "kind": kind}
        for code, name, parent, depth, kind in units.order_by("path").values_list(
            "code", "name", "parent__code", "depth", "kind"
        )
    ]


@transaction.atomic
def create_unit(actor, *, code: str, name: str, kind: str, parent: Unit | None) -> Unit:
    if parent is None:
        if not getattr(actor, "is_superuser", False):
            raise ValidationError("只有系统管理员可以建立顶级单位。")
    else:
        require(actor, Action.MANAGE, parent)
    unit = Unit(code=code, name=name, kind=kind, parent=parent)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def create_user(
    actor, *, username: str, password: str, unit: Unit | None, role: str, full_name: str = "", email: str = ""
):
    """Create a user with a role in a unit; `actor` None means the command line (trusted)."""
    if role not in Role.values:
        raise ValidationError(f"未知的角色“{role}”，应为：{'、'.join(Role.values)}。")
    if actor is not None and unit is not None:
        require(actor, Action.MANAGE, unit)
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(f"用户名“{username}”已存在。")
    user = User(username=username, email=email, first_name=full_name[:150])
    user.set_password(password)
    user.is_superuser = user.is_staff = role == Role.ADMIN and (unit is None or unit.parent_id is None)
    user.full_clean(exclude=["password"])
    user.save()
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@transaction.atomic
def grant_role(actor, *, user, unit: Unit, role: str) -> Membership:
    require(actor, Action.MANAGE, unit)
    if role not in Role.values:
        raise ValidationError(f"未知的角色“{role}”。")
    membership, _ = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    forget(user)
    return membership
