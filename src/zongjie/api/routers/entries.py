"""Entries: list (scoped, filtered, paginated), get, create, update, submit, review,
adoptions, instructions, evidence upload, history. Thin over zongjie.ledger.services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from zongjie.api import schemas as s
from zongjie.api.filters import filter_entries, unit_by_code
from zongjie.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate
from zongjie.ledger import services
from zongjie.ledger.models import Adoption, Category, Entry, EntryChange, Instruction, Outlet, Period
from zongjie.ledger.periods import parse_period
from zongjie.org.permissions import Action
from zongjie.security.uploads import check_upload

router = Router(tags=["台账条目"])
ENTRY_ID = Path(..., ge=1, le=s.MAX_ID, description="条目编号")
EVIDENCE_TYPES = frozenset({"pdf", "png", "jpg", "docx", "xlsx", "txt"})


class EntryFilters(Schema):
    unit: s.Code | None = Field(None, description="单位编码；默认含下级单位")
    subtree: bool = Field(True, description="是否包含下级单位")
    period: s.text(8) | None = Field(None, description="期间编码；2026 含 2026H1、2026H2 的条目")
    status: s.Status | None = None
    kind: s.Kind | None = None
    category: s.Code | None = Field(None, description="分类编码（一级分类含其下的二级分类）")
    starred: bool | None = None
    q: s.text(100) | None = Field(None, description="标题包含")
    reviewable: bool = Field(False, description="只列出我可以审核的条目")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _rows(qs: QuerySet[Entry]) -> QuerySet[Entry]:
    return qs.select_related("unit", "period", "category", "outlet").prefetch_related(
        "adoptions", "instructions"
    )


def entry_out(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "unit": entry.unit.code,
        "unit_name": entry.unit.name,
        "period": entry.period.code,
        "category": entry.category.code,
        "kind": entry.kind,
        "title": entry.title,
        "summary": entry.summary,
        "occurred_on": entry.occurred_on,
        "status": entry.status,
        "starred": entry.starred,
        "outlet": entry.outlet_id,
        "outlet_name": entry.outlet.name if entry.outlet_id else "",
        "media_level": entry.media_level,
        "placement": entry.placement,
        "link": entry.link,
        "sent_to": entry.sent_to,
        "sent_level": entry.sent_level,
        "sessions": entry.sessions,
        "participants": entry.participants,
        "amount": float(entry.amount) if entry.amount is not None else None,
        "honour_level": entry.honour_level,
        "evidence_url": entry.evidence_url,
        # the permission-checked download (session or token), never a public /media/ path
        "evidence_file": reverse("entry_evidence", args=[entry.pk]) if entry.evidence_file else "",
        "return_reason": entry.return_reason,
        "submitted_at": entry.submitted_at,
        "reviewed_at": entry.reviewed_at,
        "version": entry.version,
        "created_at": entry.created_at,
        "updated_at": entry.updated_at,
        "adoptions": list(entry.adoptions.all()),
        "instructions": list(entry.instructions.all()),
    }


def _visible_entry(request: HttpRequest, entry_id: int) -> Entry:
    """The entry if the user may read it; one out of scope answers 404 exactly like a missing one."""
    entry = _rows(Entry.objects.visible_to(request.auth).filter(pk=entry_id)).first()
    if entry is None:
        raise Http404(f"条目 {entry_id} 不存在。")
    return entry


def _claim(request: HttpRequest, model, entry_id: int, claim_id: int):
    entry = _visible_entry(request, entry_id)
    claim = model.objects.filter(pk=claim_id, entry=entry).first()
    if claim is None:
        raise Http404(f"条目 {entry_id} 没有编号为 {claim_id} 的{model.KIND_LABEL}。")
    return claim


def _fresh(entry_id: int) -> dict[str, Any]:
    return entry_out(_rows(Entry.objects.filter(pk=entry_id)).get())


def _resolve(data: dict[str, Any], user) -> dict[str, Any]:
    """Codes and ids in the request -> model instances for the service (404/422 in Chinese)."""
    fields = dict(data)
    if fields.get("unit") is not None:
        fields["unit"] = unit_by_code(user, fields["unit"], Action.WRITE)
    if fields.get("period") is not None:
        period = Period.objects.filter(code=parse_period(fields["period"]).code).first()
        if period is None:
            raise ValidationError({"period": [f"期间“{data['period']}”尚未设立，请联系系统管理员。"]})
        fields["period"] = period
    if fields.get("category") is not None:
        category = Category.objects.filter(code=fields["category"]).first()
        if category is None:
            raise ValidationError({"category": [f"未知的分类编码“{data['category']}”。"]})
        fields["category"] = category
    if fields.get("outlet") is not None:
        outlet = Outlet.objects.filter(pk=fields["outlet"]).first()
        if outlet is None:
            raise ValidationError({"outlet": [f"媒体编号 {data['outlet']} 不存在。"]})
        fields["outlet"] = outlet
    return fields


ERRORS = s.ERRORS


@router.get("", response={200: s.EntryPage, **ERRORS}, summary="条目列表（按权限范围、筛选、分页）")
def list_entries(request: HttpRequest, filters: Query[EntryFilters]):
    params = filters.dict(exclude={"page", "page_size"})
    qs = filter_entries(request.auth, **params)
    header, rows = paginate(_rows(qs), filters.page, filters.page_size)
    return {**header, "items": [entry_out(e) for e in rows]}


@router.get(
    "/claims/pending",
    response={200: list[s.PendingClaimOut], **ERRORS},
    summary="待我确认的采用与领导批示（单位自行登记，确认后才计分）",
)
def pending_claims(request: HttpRequest):
    return [
        {
            "kind": c.claim_kind,
            "id": c.pk,
            "entry": c.entry_id,
            "unit": c.entry.unit.code,
            "description": c.description,
            "created_by": c.created_by.username if c.created_by_id else "",
            "created_at": c.created_at,
        }
        for c in services.claims_awaiting(request.auth)
    ]


@router.get("/{entry_id}", response={200: s.EntryOut, **ERRORS}, summary="条目详情")
def get_entry(request: HttpRequest, entry_id: int = ENTRY_ID):
    return entry_out(_visible_entry(request, entry_id))


@router.post("", response={201: s.EntryOut, **ERRORS}, summary="新建条目（草稿）")
def create_entry(request: HttpRequest, payload: s.EntryIn):
    data = {k: v for k, v in payload.dict().items() if v is not None}
    entry = services.create_entry(request.auth, **_resolve(data, request.auth))
    return Status(201, _fresh(entry.pk))


@router.patch("/{entry_id}", response={200: s.EntryOut, **ERRORS}, summary="修改条目（草稿或已退回）")
def update_entry(request: HttpRequest, payload: s.EntryPatch, entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    if version is None:
        # Without the version read, a newer edit by someone else would be silently overwritten.
        raise services.StateConflict("缺少版本号 version：请先读取条目，带上读到的 version 再修改。")
    # null for a required relation or a text field means "no change"
    data = {
        k: v
        for k, v in data.items()
        if v is not None or k in ("outlet", "sessions", "participants", "amount")
    }
    services.update_entry(request.auth, entry, expected_version=version, **_resolve(data, request.auth))
    return _fresh(entry_id)


@router.post("/{entry_id}/submit", response={200: s.EntryOut, **ERRORS}, summary="提交审核")
def submit_entry(request: HttpRequest, entry_id: int = ENTRY_ID):
    services.submit_entry(request.auth, _visible_entry(request, entry_id))
    return _fresh(entry_id)


@router.post("/{entry_id}/review", response={200: s.EntryOut, **ERRORS}, summary="审核：通过或退回")
def review_entry(request: HttpRequest, payload: s.ReviewIn, entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    services.review_entry(request.auth, entry, approve=payload.approve, reason=payload.reason)
    return _fresh(entry_id)


@router.post("/{entry_id}/adoptions", response={201: s.AdoptionOut, **ERRORS}, summary="登记采用")
def add_adoption(request: HttpRequest, payload: s.AdoptionIn, entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    return Status(201, services.add_adoption(request.auth, entry, **payload.dict()))


@router.post("/{entry_id}/instructions", response={201: s.InstructionOut, **ERRORS}, summary="登记领导批示")
def add_instruction(request: HttpRequest, payload: s.InstructionIn, entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    return Status(201, services.add_instruction(request.auth, entry, **payload.dict()))


CLAIM_ID = Path(..., ge=1, le=s.MAX_ID, description="采用或批示的编号")


def _review_claim(request: HttpRequest, model, payload: s.ReviewIn, entry_id: int, claim_id: int):
    claim = _claim(request, model, entry_id, claim_id)
    return services.review_claim(request.auth, claim, approve=payload.approve, reason=payload.reason)


@router.post(
    "/{entry_id}/adoptions/{claim_id}/review",
    response={200: s.AdoptionOut, **ERRORS},
    summary="确认或退回本单位登记的采用（上级审核人）",
)
def review_adoption(
    request: HttpRequest, payload: s.ReviewIn, entry_id: int = ENTRY_ID, claim_id: int = CLAIM_ID
):
    return _review_claim(request, Adoption, payload, entry_id, claim_id)


@router.post(
    "/{entry_id}/instructions/{claim_id}/review",
    response={200: s.InstructionOut, **ERRORS},
    summary="确认或退回本单位登记的领导批示（上级审核人）",
)
def review_instruction(
    request: HttpRequest, payload: s.ReviewIn, entry_id: int = ENTRY_ID, claim_id: int = CLAIM_ID
):
    return _review_claim(request, Instruction, payload, entry_id, claim_id)


@router.post(
    "/{entry_id}/evidence",
    response={200: s.EntryOut, **ERRORS},
    summary="上传佐证材料（PDF、图片、Word、Excel、文本；按内容检查类型）",
)
def upload_evidence(request: HttpRequest, file: File[UploadedFile], entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    detected = check_upload(file, allowed=EVIDENCE_TYPES)
    content = ContentFile(detected.data, name=f"entry{entry.pk}.{detected.ext}")
    services.update_entry(request.auth, entry, evidence_file=content)
    return _fresh(entry_id)


@router.get("/{entry_id}/history", response={200: list[s.ChangeOut], **ERRORS}, summary="变更记录")
def entry_history(request: HttpRequest, entry_id: int = ENTRY_ID):
    entry = _visible_entry(request, entry_id)
    changes = EntryChange.objects.filter(entry=entry).select_related("user").order_by("at", "id")
    return [
        {
            "at": c.at,
            "user": c.user.username if c.user_id else "",
            "action": c.action,
            "changes": c.changes,
            "reason": c.reason,
        }
        for c in changes
    ]
