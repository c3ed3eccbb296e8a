"""Who is calling: a bearer token (machine clients) or the page session (with CSRF)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from zongjie.api.tokens import user_for_token


class TokenAuth(HttpBearer):
    openapi_description = (
        "令牌由 `zongjie apitoken 用户名` 生成，放在请求头 `Authorization: Bearer <令牌>` 中。"
    )

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token.strip())
        if user is not None:
            request.user = user  # so the rest of Django (and the audit log) sees the same user
        return user


class ActiveSessionAuth(SessionAuth):
    """The login session of the pages; unsafe methods need the CSRF token (X-CSRFToken)."""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = getattr(request, "user", None)
        return user if user is not None and user.is_authenticated and user.is_active else None


AUTH = [TokenAuth(), ActiveSessionAuth()]
