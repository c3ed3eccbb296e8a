"""Small helpers shared by the views."""

from __future__ import annotations

from typing import Any

from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Category, EntryKind, EntryStatus
from zongjie.web import queries, units


def filter_context(user, entry_filter: EntryFilter) -> dict[str, Any]:
    """The choices of the filter bar (a fixed few queries, whatever the list's size)."""
    return {
        "filter": entry_filter,
        "unit_picker": units.picker(
            user,
            id="f-unit",
            name="unit",
            label="单位（含下属）",
            scope="read",
            selected=entry_filter.unit,
            blank="全部",
        ),
        "filter_periods": queries.half_periods(),
        "filter_categories": Category.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent__order", "order", "code"),
        "filter_kinds": EntryKind.choices,
        "filter_statuses": EntryStatus.choices,
    }
