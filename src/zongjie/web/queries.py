"""What the pages show, as querysets and small functions (views stay thin).

Everything starts from the permission-scoped querysets (`Entry.objects.visible_to`,
`reviewable_by`, `units_for`), so a page cannot show what its user may not see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from zongjie.ledger import services
from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Entry, EntryChange, EntryStatus, Period, PeriodKind
from zongjie.org.models import PATH_SEPARATOR, Membership, Role, Unit
from zongjie.org.permissions import Action, can, home_units, roles_of, units_for
from zongjie.org.services import person_name

LIST_RELATED = ("unit", "period", "category", "outlet")
PAGE_SIZE = 50


def today() -> date:
    return timezone.localdate()


def current_period(kind: str = PeriodKind.HALF) -> Period | None:
    """The period of `kind` holding today, else the latest one there is."""
    day = today()
    periods = Period.objects.filter(kind=kind)
    return periods.filter(start__lte=day, end__gte=day).first() or periods.order_by("-start").first()


def half_periods() -> QuerySet:
    return Period.objects.filter(kind__in=[PeriodKind.HALF, PeriodKind.YEAR]).order_by("-start", "kind")


def entry_list(user, entry_filter: EntryFilter) -> QuerySet:
    return entry_filter.apply(Entry.objects.visible_to(user)).select_related(*LIST_RELATED)


def review_queue(user, entry_filter: EntryFilter | None = None) -> QuerySet:
    qs = Entry.objects.reviewable_by(user).awaiting_review()
    if entry_filter is not None:
        qs = entry_filter.apply(qs)
    return qs.select_related(*LIST_RELATED).order_by("submitted_at", "id")


@dataclass(frozen=True)
class ClaimRow:
    """A pending adoption or instruction as the review queue lists it: plain values, so the
    list can be kept in the cache (web/fragments.py) without its model objects."""

    kind: str
    pk: int
    label: str
    description: str
    unit_name: str
    entry_pk: int
    entry_title: str
    created_by: str


def claim_rows(user) -> list[ClaimRow]:
    return [
        ClaimRow(
            kind=c.claim_kind,
            pk=c.pk,
            label=c.KIND_LABEL,
            description=c.description,
            unit_name=c.entry.unit.name,
            entry_pk=c.entry_id,
            entry_title=c.entry.title,
            created_by=person_name(c.created_by) if c.created_by_id else "",
        )
        for c in services.claims_awaiting(user)
    ]


def entry_history(entry: Entry) -> QuerySet:
    return EntryChange.objects.filter(entry=entry).select_related("user").order_by("at", "id")


@dataclass
class EntryActions:
    """What the user may do to one entry, decided by the permissions module."""

    edit: bool
    review: bool
    record: bool  # adoption and instructions


def entry_actions(user, entry: Entry) -> EntryActions:
    writer = can(user, Action.WRITE, entry.unit)
    reviewer = can(user, Action.REVIEW, entry.unit)
    return EntryActions(
        edit=writer and entry.is_editable,
        review=reviewer and entry.status == EntryStatus.SUBMITTED,
        record=writer or reviewer,
    )


@dataclass
class HomeRoles:
    writes: bool
    reviews: bool
    views: bool


def home_roles(user) -> HomeRoles:
    roles = roles_of(user)
    return HomeRoles(
        writes=bool(roles & {Role.REPORTER, Role.UNIT_ADMIN, Role.ADMIN}),
        reviews=bool(roles & {Role.REVIEWER, Role.ADMIN}),
        views=bool(roles & {Role.VIEWER, Role.ADMIN, Role.REVIEWER, Role.UNIT_ADMIN}),
    )


def writable_entries(user) -> QuerySet:
    """Entries of the units the user writes for, newest first."""
    units = units_for(user, Action.WRITE)
    return Entry.objects.filter(unit__in=units).select_related(*LIST_RELATED).order_by("-updated_at", "-id")


def returned_entries(user) -> QuerySet:
    return writable_entries(user).filter(status=EntryStatus.RETURNED).order_by("-reviewed_at", "-id")


def main_unit(user) -> Unit | None:
    """The highest unit the user holds a role in (the one a dashboard starts from)."""
    return home_units(user).order_by("depth", "path").first()


def dashboard_units(user) -> QuerySet:
    """Units the user may choose as the dashboard's subtree: those with children first."""
    return units_for(user, Action.READ).order_by("path")


def units_for_filter(user) -> QuerySet:
    return units_for(user, Action.READ).order_by("path").only("code", "name", "depth")


def importers_for(user, limit: int = 5) -> list[tuple[str, str, str]]:
    """Who may import for the user's units: unit admins above, at or below them (name, username, unit)."""
    paths = list(home_units(user).values_list("path", flat=True))
    if not paths:
        return []
    near = Q(pk__in=[])
    for path in paths:
        near |= Q(unit__path__startswith=path)
        ancestors = [path[: i + 1] for i, ch in enumerate(path[:-1]) if ch == PATH_SEPARATOR]
        if ancestors:
            near |= Q(unit__path__in=ancestors)
    admins = (
        Membership.objects.filter(near, role=Role.UNIT_ADMIN, user__is_active=True, unit__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__depth", "unit__path", "user__username")[:limit]
    )
    return [(person_name(m.user), m.user.username, m.unit.name) for m in admins]
