"""The fixed vocabulary of metric filters: stored as JSON, validated on save, never eval'd.

A filter is a dict of allowed keys, each with a list of allowed values; an entry matches
when it matches every key given (AND), and a key matches when the entry's value is one
of the listed values (OR). The same filter compiles to a Django Q (for the set-based
aggregate) and to a Python predicate (for score lines and per-entry checks), and a test
keeps the two in agreement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from zongjie.ledger.models import EntryKind, MediaLevel, Placement

ANY = "any"
LEVELS = list(MediaLevel.values)

# key -> (label, allowed values or None for "category codes", accepts ANY)
FILTER_KEYS: dict[str, tuple[str, list[str] | None, bool]] = {
    "kind": ("条目类型", list(EntryKind.values), False),
    "category": ("分类", None, False),
    "media_level": ("级别", LEVELS, False),
    "placement": ("版面位置", list(Placement.values), False),
    "sent_level": ("报送对象级别", LEVELS, False),
    "adoption_level": ("采用级别", LEVELS, True),
    "instruction_level": ("批示领导级别", LEVELS, True),
    "starred": ("亮点", ["true", "false"], False),
}
# Keys that look at an entry's related rows; they are evaluated from per-entry rows, not in the
# main aggregate (an EXISTS per row would make the one-scan aggregate a scan per entry).
RELATED_KEYS = ("adoption_level", "instruction_level")


def validate_filters(filters: Any, category_codes: set[str] | None = None) -> dict[str, list[str]]:
    """Return the filter normalised (values as lists of strings) or raise ValidationError in Chinese."""
    if filters in (None, ""):
        return {}
    if not isinstance(filters, dict):
        raise ValidationError('筛选条件必须是 JSON 对象，例如 {"kind": ["article"]}。')
    clean: dict[str, list[str]] = {}
    for key, raw in filters.items():
        if key not in FILTER_KEYS:
            allowed = "、".join(FILTER_KEYS)
            raise ValidationError(f"未知的筛选字段“{key}”，可用字段：{allowed}。")
        label, allowed_values, accepts_any = FILTER_KEYS[key]
        values = raw if isinstance(raw, list) else [raw]
        values = [str(v).lower() if isinstance(v, bool) else str(v) for v in values]
        if not values:
            raise ValidationError(f"筛选字段“{label}”的取值不能为空。")
        for value in values:
            if accepts_any and value == ANY:
                continue
            if allowed_values is None:
                if category_codes is not None and value not in category_codes:
                    raise ValidationError(f"未知的分类编码“{value}”。")
            elif value not in allowed_values:
                raise ValidationError(
                    f"筛选字段“{label}”的取值“{value}”无效，应为：{'、'.join(allowed_values)}。"
                )
        if accepts_any and ANY in values and len(values) > 1:
            raise ValidationError(f"筛选字段“{label}”取 any 时不能再列其他级别。")
        clean[key] = values
    return clean


@dataclass(frozen=True)
class CategoryIndex:
    """Category codes <-> ids, with each leaf's top-level code (loaded once per computation)."""

    ids_by_code: dict[str, set[int]]  # code -> ids it covers (a top-level code covers its children)
    codes_by_id: dict[int, tuple[str, str]]  # id -> (own code, top-level code)
    top_codes: list[str] = field(default_factory=list)

    @classmethod
    def load(cls) -> CategoryIndex:
        from zongjie.ledger.models import Category

        rows = list(Category.objects.values_list("id", "code", "parent_id", "parent__code", "order"))
        ids_by_code: dict[str, set[int]] = {}
        codes_by_id: dict[int, tuple[str, str]] = {}
        tops: list[tuple[int, str]] = []
        for pk, code, parent_id, parent_code, order in rows:
            top = parent_code or code
            codes_by_id[pk] = (code, top)
            ids_by_code.setdefault(code, set()).add(pk)
            if parent_id:
                ids_by_code.setdefault(parent_code, set()).add(pk)
            else:
                tops.append((order, code))
        return cls(ids_by_code, codes_by_id, [code for _, code in sorted(tops)])

    def top_ids(self) -> dict[str, list[int]]:
        return {code: sorted(self.ids_by_code.get(code, ())) for code in self.top_codes}


def has_related(filters: dict[str, list[str]]) -> bool:
    return any(key in filters for key in RELATED_KEYS)


def _related_match(values: list[str], levels: set[str]) -> bool:
    if not levels:
        return False
    return True if ANY in values else bool(levels.intersection(values))


def matches(filters: dict[str, list[str]], row: dict[str, Any], categories: CategoryIndex) -> bool:
    """Does an entry (a row of its fields) pass the filter, related keys included.

    `row` has kind, category_id, lvl, placement, sent_level, starred, and the sets
    adoption_levels / instruction_levels.
    """
    for key, values in filters.items():
        if key == "kind":
            ok = row["kind"] in values
        elif key == "category":
            own, top = categories.codes_by_id.get(row["category_id"], ("", ""))
            ok = own in values or top in values
        elif key == "media_level":
            ok = row["lvl"] in values
        elif key == "placement":
            ok = row["placement"] in values
        elif key == "sent_level":
            ok = row["sent_level"] in values
        elif key == "starred":
            ok = ("true" if row["starred"] else "false") in values
        elif key == "adoption_level":
            ok = _related_match(values, row.get("adoption_levels", set()))
        elif key == "instruction_level":
            ok = _related_match(values, row.get("instruction_levels", set()))
        else:  # validated on save; an unknown key matches nothing rather than everything
            ok = False
        if not ok:
            return False
    return True
