"""Who am I, and the units I may see."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zongjie.api import schemas as s
from zongjie.api.filters import unit_by_code
from zongjie.api.pagination import paginate
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, home_units, roles_of, units_for

router = Router(tags=["单位"])
ERRORS = s.ERRORS


class UnitFilters(Schema):
    parent: s.Code | None = Field(None, description="只列出此单位的直属下级")
    q: s.text(100) | None = Field(None, description="名称或编码包含")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(200, ge=1, le=1000)


def unit_out(unit: Unit, parent_code: str | None) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": parent_code,
        "level": unit.level,
    }


@router.get("/me", response={200: s.MeOut, **ERRORS}, summary="当前用户与其角色")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "is_superuser": user.is_superuser,
        "roles": sorted(roles_of(user)),
        "units": list(home_units(user).values_list("code", flat=True)),
    }


@router.get("/units", response={200: s.UnitPage, **ERRORS}, summary="我可以查看的单位（树序）")
def list_units(request: HttpRequest, filters: Query[UnitFilters]):
    qs = units_for(request.auth, Action.READ).select_related("parent").order_by("path")
    if filters.parent:
        qs = qs.filter(parent=unit_by_code(request.auth, filters.parent))
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    header, rows = paginate(qs, filters.page, filters.page_size)
    return {**header, "items": [unit_out(u, u.parent.code if u.parent_id else None) for u in rows]}


@router.get("/units/{code}", response={200: s.UnitOut, **ERRORS}, summary="单位详情")
def get_unit(request: HttpRequest, code: str):
    unit = unit_by_code(request.auth, code)
    return unit_out(unit, unit.parent.code if unit.parent_id else None)
