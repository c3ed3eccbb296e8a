"""Template helpers: what the navigation offers depends on the user's roles."""

from __future__ import annotations

from django import template

from zongjie.web.queries import HomeRoles, home_roles

register = template.Library()


@register.simple_tag
def nav_roles(user) -> HomeRoles | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return home_roles(user)
