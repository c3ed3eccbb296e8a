"""API tokens: created once (shown once), stored as a SHA-256, checked per request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from zongjie.api.models import ApiToken
from zongjie.security.models import AuditKind

TOKEN_PREFIX = "zj_"
# last_used_at is written at most this often, so reads do not become writes under load.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token text (never stored)."""
    from zongjie.security.audit import record

    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name[:100], token_hash=_digest(token), prefix=token[:10])
    record(AuditKind.TOKEN_CREATED, user=user, obj=row, detail={"name": row.name})
    return row, token


def revoke_token(row: ApiToken) -> None:
    from zongjie.security.audit import record

    ApiToken.objects.filter(pk=row.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record(AuditKind.TOKEN_REVOKED, user=row.user, obj=row, detail={"name": row.name})


def user_for_token(token: str):
    """The active user owning this token, or None."""
    if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_digest(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or row.last_used_at < now - TOUCH_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
