"""Which rows of an imported sheet are new, which update an entry, which are already there.

A row that carries an entry's 编号 (an exported sheet does) updates that entry when it
differs and may still be changed, and is skipped when it is the same. A row without one is
skipped when the unit already has an entry with the same kind, date, normalised title and
outlet (or an earlier row of the same file has): importing a file twice never doubles it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zongjie.ledger.models import EDITABLE_STATUSES, Entry
from zongjie.ledger.normalise import title_key
from zongjie.ledger.services import ENTRY_FIELDS
from zongjie.org.models import Unit

#: The fields a sheet row sets (and so compares) on an entry: what a user may set, but its unit
#: (the import's) and an uploaded evidence file (not in a sheet); keys and the period by value.
ROW_FIELDS = tuple(
    {"category": "category_id", "outlet": "outlet_id", "period": "period_code"}.get(name, name)
    for name in ENTRY_FIELDS
    if name not in ("unit", "evidence_file")
)


@dataclass
class Parsed:
    """One checked row: its sheet row number, the unsaved entry, and the 编号 it carries."""

    row: int
    entry: Entry
    entry_id: int | None = None


@dataclass
class Plan:
    new: list[Parsed] = field(default_factory=list)
    updates: list[tuple[Parsed, Entry]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message) on the 编号 column


def match_key(entry: Entry) -> tuple[Any, ...]:
    return (entry.kind, entry.occurred_on, title_key(entry.title), entry.outlet_id)


def _value(entry: Entry, name: str) -> Any:
    if name == "period_code":
        return entry.period.code
    value = getattr(entry, name)
    return value if value is not None else None


def differences(row: Entry, existing: Entry) -> dict[str, Any]:
    """The sheet's values that differ from the saved entry (field name -> new value)."""
    changed = {}
    for name in ROW_FIELDS:
        if _value(row, name) != _value(existing, name):
            key = "period" if name == "period_code" else name.removesuffix("_id")
            changed[key] = getattr(row, key)
    return changed


def plan_rows(unit: Unit, rows: list[Parsed]) -> Plan:
    """Sort the checked rows into new, updates and skips (two queries, none per row)."""
    plan = Plan()
    ids = {p.entry_id for p in rows if p.entry_id is not None}
    by_id = {e.pk: e for e in Entry.objects.filter(pk__in=ids).select_related("period", "unit", "category")}
    keyed = [p for p in rows if p.entry_id is None]
    known: dict[tuple[Any, ...], int] = {}
    if keyed:
        days = [p.entry.occurred_on for p in keyed]
        existing = Entry.objects.filter(
            unit=unit, occurred_on__gte=min(days), occurred_on__lte=max(days)
        ).values_list("pk", "kind", "occurred_on", "title_key", "outlet_id")
        for pk, kind, day, key, outlet in existing:
            known.setdefault((kind, day, key, outlet), pk)
    seen_rows: dict[tuple[Any, ...], int] = {}
    seen_ids: dict[int, int] = {}
    for parsed in rows:
        if parsed.entry_id is not None:
            _plan_by_id(plan, parsed, by_id.get(parsed.entry_id), unit, seen_ids)
            continue
        key = match_key(parsed.entry)
        if key in known:
            plan.skipped.append((parsed.row, f"与已有条目（编号 {known[key]}）相同，未重复导入。"))
        elif key in seen_rows:
            plan.skipped.append((parsed.row, f"与第 {seen_rows[key]} 行相同，未重复导入。"))
        else:
            seen_rows[key] = parsed.row
            plan.new.append(parsed)
    return plan


def _plan_by_id(plan: Plan, parsed: Parsed, existing: Entry | None, unit: Unit, seen: dict[int, int]) -> None:
    number = parsed.entry_id
    if existing is None or existing.unit_id != unit.pk:
        # Another unit's entry (or none at all): say so without telling which unit it is.
        plan.errors.append((parsed.row, f"编号 {number} 不是“{unit.name}”的条目；新条目请把编号留空。"))
        return
    if number in seen:
        plan.skipped.append((parsed.row, f"编号 {number} 已在第 {seen[number]} 行出现，本行未导入。"))
        return
    seen[number] = parsed.row
    changed = differences(parsed.entry, existing)
    if not changed:
        plan.skipped.append((parsed.row, f"与已有条目（编号 {number}）相同，未作修改。"))
    elif existing.status not in EDITABLE_STATUSES:
        status = existing.get_status_display()
        plan.skipped.append((parsed.row, f"编号 {number} 的条目状态为“{status}”，不能修改，本行未导入。"))
    else:
        plan.updates.append((parsed, existing))
