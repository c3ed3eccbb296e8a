"""Unit pickers that hold at any scale: a plain <select> for a few units, a search box beyond.

A province has 20,000 units: a page never lists them all. Up to `PICKER_LIMIT` units the
picker is a select; past it, a text box whose suggestions htmx fetches from `/units/`
(at most `LOOKUP_LIMIT` matches, always inside the user's own scope).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from zongjie.org.models import Unit
from zongjie.org.permissions import Action, units_for
from zongjie.org.pickers import LOOKUP_LIMIT, PICKER_LIMIT

SCOPES = ("read", "write", "parents")


def scoped_units(user, scope: str) -> QuerySet:
    """The units a picker of `scope` may offer: readable, writable, or readable with children."""
    qs = units_for(user, Action.WRITE if scope == "write" else Action.READ)
    if scope == "parents":
        qs = qs.filter(Exists(Unit.objects.filter(parent=OuterRef("pk"), is_active=True)))
    return qs.order_by("path").only("pk", "code", "name", "depth", "path")


def lookup(user, scope: str, q: str) -> list[Unit]:
    """At most LOOKUP_LIMIT units of the scope whose name holds `q` or whose code starts with it."""
    qs = scoped_units(user, scope if scope in SCOPES else "read")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__istartswith=q))
    return list(qs[:LOOKUP_LIMIT])


def resolve(user, scope: str, value: str) -> Unit | None:
    """The unit a picker's value names: its code, or (typed by hand) its exact name."""
    value = (value or "").strip()
    if not value:
        return None
    qs = scoped_units(user, scope)
    return qs.filter(code=value).first() or qs.filter(name=value).first()


@dataclass
class UnitPicker:
    id: str
    name: str
    label: str
    scope: str
    selected: Unit | None
    options: list[Unit] | None  # None: too many for a select, the picker searches
    blank: str | None = None  # the label of the "no unit" choice ("全部"), if any

    @property
    def searches(self) -> bool:
        return self.options is None


def picker(
    user, *, id: str, name: str, label: str, scope: str, selected: str | Unit | None, blank: str | None = None
) -> UnitPicker:
    qs = scoped_units(user, scope)
    options: list[Unit] | None = list(qs[: PICKER_LIMIT + 1])
    code = selected.code if isinstance(selected, Unit) else (selected or "")
    if len(options) > PICKER_LIMIT:
        options = None
        chosen = selected if isinstance(selected, Unit) else (qs.filter(code=code).first() if code else None)
    else:
        chosen = next((u for u in options if u.code == code), None)
    return UnitPicker(
        id=id, name=name, label=label, scope=scope, selected=chosen, options=options, blank=blank
    )
