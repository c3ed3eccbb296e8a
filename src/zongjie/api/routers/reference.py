"""Reference data every form needs: periods, categories, outlets (autocomplete)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from zongjie.api import schemas as s
from zongjie.ledger.models import Category, Outlet, Period

router = Router(tags=["基础数据"])
ERRORS = s.ERRORS


class OutletQuery(Schema):
    q: s.text(50) = Field("", description="名称或别名包含")
    level: s.Level | None = None
    limit: int = Field(20, ge=1, le=100)


@router.get("/periods", response={200: list[s.PeriodOut], **ERRORS}, summary="期间")
def list_periods(request: HttpRequest):
    return [
        {
            "code": p.code,
            "name": p.name,
            "kind": p.kind,
            "start": p.start,
            "end": p.end,
            "due": p.due_date,
            "locked": p.locked,
        }
        for p in Period.objects.order_by("-start", "kind")
    ]


@router.get("/categories", response={200: list[s.CategoryOut], **ERRORS}, summary="工作分类（两级）")
def list_categories(request: HttpRequest):
    rows = Category.objects.filter(is_active=True).select_related("parent").order_by("order", "code")
    return [{"code": c.code, "name": c.name, "parent": c.parent.code if c.parent_id else None} for c in rows]


@router.get("/outlets", response={200: list[s.OutletOut], **ERRORS}, summary="媒体（自动补全）")
def list_outlets(request: HttpRequest, query: Query[OutletQuery]):
    qs = Outlet.objects.filter(is_active=True)
    if query.level:
        qs = qs.filter(level=query.level)
    needle = query.q.strip().lower()
    # The outlet table is small reference data; aliases are a JSON list that SQLite stores
    # \u-escaped, so matching is done here rather than with a JSON text lookup.
    rows = [
        o
        for o in qs.order_by("name")
        if not needle or needle in o.name.lower() or any(needle in str(a).lower() for a in o.aliases or [])
    ]
    return [
        {
            "id": o.pk,
            "name": o.name,
            "level": o.level,
            "kind": o.kind,
            "aliases": [str(a) for a in o.aliases or []],
        }
        for o in rows[: query.limit]
    ]
