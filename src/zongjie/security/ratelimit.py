"""Login rate limiting: at most settings.LOGIN_ATTEMPTS failures per username and per
client address within LOGIN_WINDOW; counted from the audit log, so it holds across
processes and server restarts (no cache needed).

Two ways in, both on the same counts:
- `RateLimitBackend`, first in AUTHENTICATION_BACKENDS: every `authenticate()` call
  (login page, admin login) is refused while the limit is reached;
- `RateLimitedAuthenticationForm` for the login page: the same, with a clear message.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from zongjie.security.audit import client_ip
from zongjie.security.models import AuditEvent, AuditKind

LOGIN_WINDOW = timedelta(minutes=15)
BLOCKED_MESSAGE = "登录失败次数过多，请 15 分钟后再试。"


def _limit() -> int:
    return int(getattr(settings, "LOGIN_ATTEMPTS", 5))


def failures(username: str = "", ip: str | None = None) -> tuple[int, int]:
    """Failed logins in the window: (for this username since its last success, for this address)."""
    since = timezone.now() - LOGIN_WINDOW
    by_user = by_ip = 0
    if username:
        last_ok = (
            AuditEvent.objects.filter(kind=AuditKind.LOGIN, username=username, at__gte=since)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        by_user = AuditEvent.objects.filter(
            kind=AuditKind.LOGIN_FAILED, username=username, at__gte=max(since, last_ok or since)
        ).count()
    if ip:
        by_ip = AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, ip=ip, at__gte=since).count()
    return by_user, by_ip


def is_blocked(username: str, request: HttpRequest | None) -> bool:
    by_user, by_ip = failures(username, client_ip(request))
    return by_user >= _limit() or by_ip >= _limit()


class RateLimitBackend(ModelBackend):
    """Django's model backend behind the login limit (PermissionDenied stops the chain).

    One backend, so sessions it creates (including force_login in tests) resolve their
    user through the same class.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs):
        if username is not None and is_blocked(username, request):
            if request is not None:
                request._zongjie_login_blocked = True  # the audit receiver logs it as blocked
            raise PermissionDenied(BLOCKED_MESSAGE)
        return super().authenticate(request, username=username, password=password, **kwargs)


class RateLimitedAuthenticationForm(AuthenticationForm):
    """The login form, saying plainly when the limit is reached (use in LoginView)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and is_blocked(username, self.request):
            if self.request is not None:
                self.request._zongjie_login_blocked = True
            from django.contrib.auth.signals import user_login_failed

            user_login_failed.send(sender=__name__, credentials={"username": username}, request=self.request)
            raise forms.ValidationError(BLOCKED_MESSAGE, code="blocked")
        return super().clean()
