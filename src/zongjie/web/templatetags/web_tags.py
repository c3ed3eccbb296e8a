"""Template helpers: what the navigation offers depends on the user's roles; how evidence shows."""

from __future__ import annotations

from django import template

from zongjie.ledger.evidence import preview_kind
from zongjie.web.queries import HomeRoles, home_roles

register = template.Library()


@register.simple_tag
def nav_roles(user) -> HomeRoles | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return home_roles(user)


@register.filter
def evidence_preview(entry) -> str:
    """ "image", "pdf" or "": what of the entry's evidence file a page may show inline."""
    return preview_kind(entry)
