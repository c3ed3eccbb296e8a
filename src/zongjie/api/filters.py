"""The entry list filter: one definition for the API list (pages and exports may share it)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zongjie.ledger.models import Category, Entry
from zongjie.ledger.periods import parse_period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require


def unit_by_code(user, code: str, action: Action = Action.READ) -> Unit:
    """The unit with this code, if the user may `action` it (404 when unknown, 403 when out of scope)."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(f"单位“{code}”不存在。")
    require(user, action, unit)
    return unit


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
    """Entries the user may see (or review), narrowed by the given filters."""
    qs = Entry.objects.reviewable_by(user) if reviewable else Entry.objects.visible_to(user)
    if unit:
        scope = unit_by_code(user, unit)
        qs = qs.in_subtree(scope) if subtree else qs.filter(unit=scope)
    if period:
        span = parse_period(period)
        # an entry counts in P when its own period lies within P
        qs = qs.filter(period__start__gte=span.start, period__end__lte=span.end)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if category:
        cat = Category.objects.filter(code=category).first()
        if cat is None:
            raise Http404(f"分类“{category}”不存在。")
        qs = qs.filter(Q(category=cat) | Q(category__parent=cat))
    if starred is not None:
        qs = qs.filter(starred=starred)
    if q:
        qs = qs.filter(title__icontains=q)
    return qs
