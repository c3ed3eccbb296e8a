"""Ledger operations: the only way entries are created, changed and reviewed.

Views, the API, the CLI and the Excel import all call these functions, so the
permission checks, validation (messages in Simplified Chinese) and history are the
same everywhere. Every operation runs in one transaction: it saves all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from zongjie.ledger import evidence
from zongjie.ledger.models import (
    EDITABLE_STATUSES,
    Adoption,
    Category,
    ClaimStatus,
    Entry,
    EntryChange,
    EntryKind,
    EntryStatus,
    Instruction,
    MediaLevel,
    Outlet,
    Period,
    Placement,
    PlanItem,
)
from zongjie.ledger.signals import scores_changed
from zongjie.ledger.summaries import refresh_annotation_summaries
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, ScopeDenied, can, is_system_admin, require

# Fields a user may set on an entry (the rest belong to the review trail).
ENTRY_FIELDS = (
    "unit",
    "period",
    "category",
    "kind",
    "title",
    "summary",
    "occurred_on",
    "starred",
    "outlet",
    "media_level",
    "placement",
    "link",
    "sent_to",
    "sent_level",
    "sessions",
    "participants",
    "amount",
    "honour_level",
    "evidence_url",
    "evidence_file",
)
LEVEL_FIELDS = ("media_level", "sent_level", "honour_level")
COUNT_FIELDS = {"sessions": "场次", "participants": "参与人数", "amount": "金额"}
LEVEL_NAMES = "、".join(label for _, label in MediaLevel.choices)


class StateConflict(ValidationError):
    """The entry changed under the user (another reviewer, another tab)."""


def _choice_error(field_label: str, value: Any, choices) -> str:
    names = "、".join(label for _, label in choices)
    return f"未知的{field_label}“{value}”，应为：{names}。"


def check_period_open(period: Period) -> None:
    if period.locked:
        reason = f"（{period.locked_reason}）" if period.locked_reason else ""
        raise ValidationError(
            f"期间“{period.name}”已锁定{reason}，不能新增或修改条目，也不能审核条目或登记、确认采用和批示。"
        )


def _open_period(period_id: int) -> Period:
    """The period re-read under a row lock in the caller's transaction; refused when locked.

    Every write to a period's ledger (adding, reviewing, recording or confirming a claim) goes
    through here, so a lock taken meanwhile is seen before anything is saved."""
    period = Period.objects.select_for_update().get(pk=period_id)
    check_period_open(period)
    return period


def is_own_work(user, entry: Entry) -> bool:
    """Did the user fill in or submit the entry? (Then they may not review it or its claims.)"""
    pk = getattr(user, "pk", None)
    return pk is not None and pk in (entry.created_by_id, entry.submitted_by_id)


def _refuse_own(user, entry: Entry, what: str) -> None:
    if is_own_work(user, entry):
        raise ScopeDenied(f"不能审核自己填报或提交的条目的{what}：须由上级的其他审核人审核。")


def _changed(sender, entry: Entry) -> None:
    """Tell listeners (stored scorecards) that what the entry's unit scores in its period may change."""
    scores_changed.send(
        sender=sender, entry_ids=[entry.pk], unit_ids=[entry.unit_id], period_ids=[entry.period_id]
    )


def validate_entry(entry: Entry) -> None:
    """Raise ValidationError (field -> Chinese messages) unless the entry is sound."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if entry.kind not in EntryKind.values:
        add("kind", _choice_error("条目类型", entry.kind, EntryKind.choices))
    if not (entry.title or "").strip():
        add("title", "标题不能为空。")
    for field in LEVEL_FIELDS:
        value = getattr(entry, field)
        if value and value not in MediaLevel.values:
            add(field, _choice_error("级别", value, MediaLevel.choices))
    if entry.placement and entry.placement not in Placement.values:
        add("placement", _choice_error("版面位置", entry.placement, Placement.choices))
    for field, label in COUNT_FIELDS.items():
        value = getattr(entry, field)
        if value is not None and Decimal(str(value)) < 0:
            add(field, f"{label}不能为负数。")
    if entry.occurred_on is None:
        add("occurred_on", "日期不能为空。")
    elif entry.period_id and not entry.period.contains(entry.occurred_on):
        p = entry.period
        add(
            "occurred_on", f"日期 {entry.occurred_on:%Y-%m-%d} 不在期间“{p.name}”（{p.start} 至 {p.end}）内。"
        )
    if entry.category_id and not entry.category.is_active:
        add("category", f"分类“{entry.category.name}”已停用。")
    if entry.kind == EntryKind.ARTICLE and not (entry.outlet_id or entry.media_level):
        add("outlet", "稿件须填写刊发媒体或媒体级别。")
    if entry.kind == EntryKind.INFO_REPORT and not (entry.sent_to or entry.sent_level):
        add("sent_to", "信息报送须填写报送对象或其级别。")
    if entry.outlet_id and not entry.media_level:
        entry.media_level = entry.outlet.level
    if errors:
        raise ValidationError(errors)
    try:
        entry.full_clean(exclude=["unit", "period", "category", "outlet", "created_by", "reviewed_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, date | Decimal):
        return str(value)
    if hasattr(value, "name") and not isinstance(value, str):  # a FieldFile
        return value.name or ""
    return value


def _snapshot(entry: Entry) -> dict[str, Any]:
    snap = {}
    for name in ENTRY_FIELDS:
        field = entry._meta.get_field(name)
        raw = getattr(entry, field.attname)
        snap[name] = _plain(raw)
    return snap


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _record(entry: Entry, user, action: str, changes: dict | None = None, reason: str = "") -> None:
    EntryChange.objects.create(
        entry=entry,
        user=user if getattr(user, "pk", None) else None,
        action=action,
        changes=changes or {},
        reason=reason,
    )


@transaction.atomic
def create_entry(user, **fields: Any) -> Entry:
    """Create a draft entry for a unit the user may write to."""
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError(f"不支持的字段：{'、'.join(sorted(unknown))}。")
    missing = [
        label
        for name, label in (("unit", "单位"), ("period", "期间"), ("category", "分类"))
        if not fields.get(name)
    ]
    if missing:
        raise ValidationError(f"缺少必填项：{'、'.join(missing)}。")
    entry = Entry(**fields, created_by=user if getattr(user, "pk", None) else None)
    require(user, Action.WRITE, entry.unit)
    _open_period(entry.period_id)
    validate_entry(entry)
    with evidence.follows_transaction(entry, ""):
        entry.save()
        _record(entry, user, EntryChange.Action.CREATE, _diff({}, _snapshot(entry)))
    return entry


def record_admin_save(user, entry: Entry, before: dict[str, Any] | None) -> None:
    """History for a save made in Django admin (the form has already validated it)."""
    if before is None:
        _record(entry, user, EntryChange.Action.CREATE, _diff({}, _snapshot(entry)), reason="管理后台")
        return
    delta = _diff(before, _snapshot(entry))
    if delta:
        _record(entry, user, EntryChange.Action.UPDATE, delta, reason="管理后台")
    if "evidence_file" in delta and before.get("evidence_file"):
        evidence.remove_on_commit(entry.evidence_file, before["evidence_file"])


def snapshot(entry: Entry) -> dict[str, Any]:
    return _snapshot(entry)


def _locked_for_change(entry: Entry) -> Entry:
    return Entry.objects.select_for_update().select_related("period", "unit").get(pk=entry.pk)


@transaction.atomic
def update_entry(user, entry: Entry, expected_version: int | None = None, **changes: Any) -> Entry:
    """Change a draft or returned entry; approved or submitted entries are frozen."""
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise ValidationError(f"不支持的字段：{'、'.join(sorted(unknown))}。")
    current = _locked_for_change(entry)
    require(user, Action.WRITE, current.unit)
    if expected_version is not None and current.version != expected_version:
        raise StateConflict("该条目已被他人修改，请刷新后再改。")
    if current.status not in EDITABLE_STATUSES:
        raise ValidationError(f"条目状态为“{current.get_status_display()}”，只有草稿或已退回的条目可以修改。")
    _open_period(current.period_id)
    before = _snapshot(current)
    for name, value in changes.items():
        setattr(current, name, value)
    if "unit" in changes:
        require(user, Action.WRITE, current.unit)
    if "period" in changes:
        _open_period(current.period_id)
    validate_entry(current)
    current.version += 1
    with evidence.follows_transaction(current, before["evidence_file"]):
        current.save()
        delta = _diff(before, _snapshot(current))
        if delta:
            _record(current, user, EntryChange.Action.UPDATE, delta)
    return current


def _transition(entry: Entry, from_statuses: Iterable[str], **values: Any) -> int:
    """Move an entry's status with one conditional UPDATE; returns rows touched."""
    touched = Entry.objects.filter(pk=entry.pk, status__in=list(from_statuses)).update(
        version=F("version") + 1, updated_at=timezone.now(), **values
    )
    if touched:
        scores_changed.send(sender=Entry, period_ids=[entry.period_id])
    return touched


@transaction.atomic
def submit_entry(user, entry: Entry) -> Entry:
    entry = Entry.objects.select_related("unit", "period").get(pk=entry.pk)
    require(user, Action.WRITE, entry.unit)
    _open_period(entry.period_id)
    submitter = user if getattr(user, "pk", None) else None
    values = {"status": EntryStatus.SUBMITTED, "submitted_at": timezone.now(), "submitted_by": submitter}
    if _transition(entry, EDITABLE_STATUSES, **values) != 1:
        raise StateConflict(f"条目状态为“{entry.get_status_display()}”，不能提交。")
    _record(entry, user, EntryChange.Action.SUBMIT)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def review_entry(user, entry: Entry, *, approve: bool, reason: str = "") -> Entry:
    """Approve, or return with a reason; only a reviewer above the entry's unit may."""
    entry = Entry.objects.select_related("unit", "period").get(pk=entry.pk)
    require(user, Action.REVIEW, entry.unit)
    _open_period(entry.period_id)
    if is_own_work(user, entry):
        raise ScopeDenied("不能审核自己填报或提交的条目：须由上级的其他审核人审核。")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"return_reason": ["退回时必须填写原因。"]})
    values = {
        "status": EntryStatus.APPROVED if approve else EntryStatus.RETURNED,
        "reviewed_at": timezone.now(),
        "reviewed_by": user,
        "return_reason": "" if approve else reason[:500],
    }
    if _transition(entry, [EntryStatus.SUBMITTED], **values) != 1:
        raise StateConflict(f"条目状态为“{entry.get_status_display()}”，不是待审核状态，可能已被他人审核。")
    _record(entry, user, EntryChange.Action.APPROVE if approve else EntryChange.Action.RETURN, reason=reason)
    _changed(Entry, entry)
    entry.refresh_from_db()
    return entry


def review_many(user, entries: Iterable[Entry], *, approve: bool, reason: str = "") -> dict[str, list]:
    """Bulk review: each entry in its own transaction, so one failure stops no other."""
    done, failed = [], []
    for entry in entries:
        try:
            done.append(review_entry(user, entry, approve=approve, reason=reason))
        except ValidationError as exc:
            failed.append((entry, "；".join(exc.messages)))
        except PermissionDenied as exc:
            failed.append((entry, str(exc)))
    return {"done": done, "failed": failed}


def _entry_for_annotation(user, entry: Entry) -> tuple[Entry, dict[str, Any]]:
    """The entry (locked period refused) and the claim state of what the user records on it.

    A reviewer above the unit records a confirmed adoption or instruction, unless the entry is
    their own work; a writer of the unit records a claim, pending until a reviewer above confirms it."""
    entry = Entry.objects.select_related("unit", "period").get(pk=entry.pk)
    reviewer = can(user, Action.REVIEW, entry.unit)
    if not (reviewer or can(user, Action.WRITE, entry.unit)):
        require(user, Action.REVIEW, entry.unit)
    _open_period(entry.period_id)
    recorder = user if getattr(user, "pk", None) else None
    if reviewer and not is_own_work(user, entry):
        state = {"status": ClaimStatus.CONFIRMED, "reviewed_by": recorder, "reviewed_at": timezone.now()}
    else:
        state = {"status": ClaimStatus.PENDING, "reviewed_by": None, "reviewed_at": None}
    return entry, {**state, "return_reason": "", "created_by": recorder}


def _claim_note(claim: Adoption | Instruction) -> str:
    return claim.description + ("" if claim.is_confirmed else "（待上级确认）")


@transaction.atomic
def add_adoption(
    user, entry: Entry, *, level: str, adopted_by: str, adopted_on: date, note: str = ""
) -> Adoption:
    """Record that an upper medium or office adopted the entry: confirmed when a reviewer above
    records it, else a claim for them to confirm. A returned claim recorded again goes back to them."""
    entry, state = _entry_for_annotation(user, entry)
    if level not in MediaLevel.values:
        raise ValidationError({"level": [_choice_error("采用级别", level, MediaLevel.choices)]})
    if not (adopted_by or "").strip():
        raise ValidationError({"adopted_by": ["须填写采用单位或媒体。"]})
    if adopted_on < entry.occurred_on:
        raise ValidationError({"adopted_on": ["采用日期不能早于条目日期。"]})
    adoption = Adoption.objects.filter(entry=entry, level=level, adopted_by=adopted_by.strip()).first()
    if adoption is not None and adoption.status != ClaimStatus.RETURNED:
        raise ValidationError({"adopted_by": [f"“{adopted_by}”的采用已登记过。"]})
    adoption = adoption or Adoption(entry=entry, level=level, adopted_by=adopted_by.strip())
    adoption.adopted_on, adoption.note = adopted_on, note
    for name, value in state.items():
        setattr(adoption, name, value)
    adoption.save()
    _record(entry, user, EntryChange.Action.ADOPT, {"adoption": [None, _claim_note(adoption)]})
    _changed(Adoption, entry)
    return adoption


@transaction.atomic
def add_instruction(
    user, entry: Entry, *, level: str, leader: str, given_on: date, content: str = ""
) -> Instruction:
    """Record a leader's instruction on the entry: confirmed or a claim, as for adoptions."""
    entry, state = _entry_for_annotation(user, entry)
    if level not in MediaLevel.values:
        raise ValidationError({"level": [_choice_error("领导级别", level, MediaLevel.choices)]})
    if not (leader or "").strip():
        raise ValidationError({"leader": ["须填写批示领导。"]})
    instruction = Instruction.objects.create(
        entry=entry, level=level, leader=leader.strip(), given_on=given_on, content=content, **state
    )
    _record(entry, user, EntryChange.Action.INSTRUCT, {"instruction": [None, _claim_note(instruction)]})
    _changed(Instruction, entry)
    return instruction


def claims_awaiting(user, limit: int = 500) -> list[Adoption | Instruction]:
    """Adoptions and instructions waiting for this reviewer, oldest first (the review queue's second list)."""
    claims: list[Adoption | Instruction] = []
    for model in (Adoption, Instruction):
        qs = model.objects.awaiting(user).select_related("entry__unit", "entry__period", "created_by")
        claims += list(qs.order_by("created_at", "id")[:limit])
    return sorted(claims, key=lambda c: (c.created_at, c.pk))[:limit]


@transaction.atomic
def review_claim(
    user, claim: Adoption | Instruction, *, approve: bool, reason: str = ""
) -> Adoption | Instruction:
    """Confirm a pending adoption or instruction, or return it with a reason (reviewers above only).

    The same rules as reviewing an entry: not in a locked period, not one's own claim or entry,
    one conditional UPDATE so two reviewers cannot both act, and a line in the entry's history."""
    model = type(claim)
    label = model.KIND_LABEL
    claim = model.objects.select_related("entry__unit", "entry__period").get(pk=claim.pk)
    entry = claim.entry
    require(user, Action.REVIEW, entry.unit)
    _open_period(entry.period_id)
    if claim.created_by_id is not None and claim.created_by_id == getattr(user, "pk", None):
        raise ScopeDenied(f"不能确认自己登记的{label}：须由上级的其他审核人确认。")
    _refuse_own(user, entry, label)
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"return_reason": [f"退回{label}时必须填写原因。"]})
    values = {
        "status": ClaimStatus.CONFIRMED if approve else ClaimStatus.RETURNED,
        "reviewed_at": timezone.now(),
        "reviewed_by": user,
        "return_reason": "" if approve else reason[:500],
    }
    if model.objects.filter(pk=claim.pk, status=ClaimStatus.PENDING).update(**values) != 1:
        raise StateConflict(f"该{label}为“{claim.get_status_display()}”，不是待确认状态，可能已被他人处理。")
    refresh_annotation_summaries([entry.pk])  # .update() sends no post_save
    key = "adoption" if model is Adoption else "instruction"
    action = EntryChange.Action.CONFIRM if approve else EntryChange.Action.DECLINE
    _record(entry, user, action, {key: [None, claim.description]}, reason=reason)
    _changed(model, entry)
    claim.refresh_from_db()
    return claim


@transaction.atomic
def set_period_lock(user, period: Period, *, locked: bool, reason: str = "") -> Period:
    if not is_system_admin(user):
        raise ScopeDenied("只有系统管理员可以锁定或解锁期间。")
    period.locked = locked
    period.locked_reason = reason if locked else ""
    period.save(update_fields=["locked", "locked_reason"])
    scores_changed.send(sender=Period, entry_ids=None, unit_ids=None, period_ids=[period.pk])
    return period


@transaction.atomic
def add_plan_item(user, *, unit: Unit, period: Period, title: str, **fields: Any) -> PlanItem:
    require(user, Action.MANAGE, unit)  # the next-half plan is the unit admin's
    if not (title or "").strip():
        raise ValidationError({"title": ["计划事项不能为空。"]})
    item = PlanItem(unit=unit, period=period, title=title.strip(), created_by=user, **fields)
    item.full_clean(exclude=["created_by"])
    item.save()
    return item


def resolve_outlet(name: str) -> Outlet | None:
    """Find an outlet by its name or one of its aliases."""
    name = (name or "").strip()
    if not name:
        return None
    outlet = Outlet.objects.filter(name=name).first()
    if outlet:
        return outlet
    for candidate in Outlet.objects.filter(aliases__isnull=False).only("id", "aliases", "name", "level"):
        if name in (candidate.aliases or []):
            return candidate
    return None


def leaf_category(code: str) -> Category:
    try:
        return Category.objects.get(code=code)
    except Category.DoesNotExist as exc:
        raise ValidationError({"category": [f"未知的分类编码“{code}”。"]}) from exc
