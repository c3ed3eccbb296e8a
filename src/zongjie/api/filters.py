"""The API's entry list: the ledger's EntryFilter (shared with the list page and Excel export)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Category, Entry, Period
from zongjie.ledger.periods import parse_period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require_visible


def unit_by_code(user, code: str, action: Action = Action.READ) -> Unit:
    """The unit with this code, if the user may `action` it (404 when unknown or out of sight,
    403 when visible but not theirs to `action`)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(f"单位“{code}”不存在。")
    require_visible(user, action, unit, f"单位“{code}”不存在。")
    return unit


def period_by_code(code: str) -> Period:
    """The period with this code (404 when it has not been set up; a malformed code is a 400)."""
    span = parse_period(code)
    period = Period.objects.filter(code=span.code).first()
    if period is None:
        raise Http404(f"期间“{span.code}”尚未设立。")
    return period


def filter_entries(
    user,
    *,
    unit: str | None = None,
    subtree: bool = True,
    period: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    category: str | None = None,
    starred: bool | None = None,
    q: str | None = None,
    reviewable: bool = False,
) -> QuerySet[Entry]:
    """Entries the user may see (or review), narrowed by the ledger's one EntryFilter.

    The API adds what a machine client needs on top: 404/403 for an unknown or
    out-of-scope unit, `subtree=False`, and `starred=False`.
    """
    qs = Entry.objects.reviewable_by(user) if reviewable else Entry.objects.visible_to(user)
    if unit:
        scope = unit_by_code(user, unit)
        if not subtree:
            qs, unit = qs.filter(unit=scope), None
    if category and not Category.objects.filter(code=category).exists():
        raise Http404(f"分类“{category}”不存在。")
    if starred is False:
        qs = qs.filter(starred=False)
    spec = EntryFilter(
        period=parse_period(period).code if period else "",
        unit=unit or "",
        kind=kind or "",
        status=status or "",
        category=category or "",
        q=q or "",
        starred=bool(starred),
    )
    return spec.apply(qs)
