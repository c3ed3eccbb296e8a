"""Rendered parts of pages kept in Django's cache, under a key that changes with the data.

A key holds: what the part is and its parameters (unit, period, filters, page), the reader's scope
(their memberships: the part lists only units they may read), today's date (running periods say
"截至…"), and every score version (assessment/versions.py): whatever changes an entry, a review,
an adoption, a rule, a unit or a baseline bumps a version in its own transaction, so the next
request reads a new key and never an old part. Only what is the same for every reader of that
scope is kept; the CSRF token, the user's name and messages are rendered on every request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

from zongjie.org.permissions import _memberships, is_system_admin
from zongjie.web import queries

TIMEOUT = 600  # seconds; a new version makes a new key anyway, this only bounds memory


def versions() -> tuple:
    """Every period's score version (a handful of rows), read before the part is built.

    With the time of each bump: a counter alone can come back to a value it had (a rolled-back
    transaction, a restored backup) with other data behind it; the time it was set does not."""
    from zongjie.assessment.models import ScoreVersion

    return tuple(ScoreVersion.objects.order_by("period_id").values_list("period_id", "n", "changed_at"))


def scope(user) -> tuple:
    return (is_system_admin(user), tuple(sorted(_memberships(user))))


def reading(user) -> tuple:
    """What every key holds beside its part: the reader's scope, the day and every score version.
    Read once per page, before the part is built, and shared by the keys that page uses."""
    return (scope(user), queries.today().isoformat(), versions())


def key(kind: str, user, *parts: Any, read: tuple | None = None) -> str:
    raw = repr((kind, *(read or reading(user)), parts))
    return f"zj:part:{kind}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(
    kind: str,
    user,
    parts: tuple,
    build: Callable[[], tuple[Any, bool]],
    request: tuple | None = None,
    read: tuple | None = None,
) -> Any:
    """The part under its key, built (and kept when `build` says it may be) when missing.

    `build` returns (value, keep): keep is False while the figures shown are being refreshed
    (a fresh result will come under the same versions). `request`: the raw parameters the page
    was asked with; the part is kept under them too, for `for_request`. `read`: the page's
    `reading`, when it has one already."""
    read = read or reading(user)
    k = key(kind, user, *parts, read=read)
    value = cache.get(k)
    keep = True
    if value is None:
        value, keep = build()
        if keep:
            cache.set(k, value, TIMEOUT)
    if keep and request is not None:
        cache.set(key(f"{kind}-request", user, *request, read=read), value, TIMEOUT)
    return value


def for_request(kind: str, user, request: tuple, read: tuple | None = None) -> Any | None:
    """The part a page asked with these raw parameters got, for a reader of the same scope.

    The page finds its unit and period and checks the reader's right before building; the key
    holds the reader's whole scope and every version (units and periods bump them), so a part
    found here was built after those checks passed for the same scope and the same data, and
    the page may serve it without looking them up again."""
    return cache.get(key(f"{kind}-request", user, *request, read=read))
