"""Login rate limiting: at most settings.LOGIN_ATTEMPTS failed logins per username and per
client address within LOGIN_WINDOW, counted in `LoginCounter` rows on the database, so the
limit holds across threads, processes and server restarts (no cache needed).

An attempt first takes a place in both counts (one conditional UPDATE each: count < limit);
only an attempt that got both places has its password checked. A success gives the places back
(and starts the username's count again). Behind a trusted proxy the address is the client's
(zongjie.security.proxy), so one client's failures do not block everyone behind nginx.

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
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from zongjie.security.audit import client_ip
from zongjie.security.models import LoginCounter

LOGIN_WINDOW = timedelta(minutes=15)
BLOCKED_MESSAGE = "登录失败次数过多，请 15 分钟后再试。"
Scope = LoginCounter.Scope


def _limit() -> int:
    return int(getattr(settings, "LOGIN_ATTEMPTS", 5))


def _keys(username: str, request: HttpRequest | None) -> list[tuple[str, str]]:
    keys = [(Scope.USER, username[:150])] if username else []
    ip = client_ip(request)
    if ip:
        keys.append((Scope.ADDRESS, ip))
    return keys


def _take(scope: str, key: str) -> bool:
    """Take one of the window's places for (scope, key); False when none is left.

    The increment is conditional (count < limit in the UPDATE itself), so parallel attempts
    never push the count past the limit: exactly `limit` of them get a place, whatever the
    interleaving, and a refused attempt has nothing to give back.

    An UPDATE that changed nothing is not yet a refusal: the attempt is refused only when it
    then reads the row with the window's places all taken. On PostgreSQL an UPDATE that waited
    for a parallel success's DELETE of the row changes nothing, and a parallel attempt may have
    created the row again (count 1) before the read: that attempt takes once more. A row
    that is missing is created; an INSERT that collides with a parallel one takes once more.
    """
    now = timezone.now()
    limit = _limit()
    rows = LoginCounter.objects.filter(scope=scope, key=key)
    for _ in range(10):
        with transaction.atomic():
            # a window that has passed starts again (only one of parallel attempts matches)
            rows.filter(started__lt=now - LOGIN_WINDOW).update(count=0, started=now)
            if rows.filter(count__lt=limit).update(count=F("count") + 1):
                return True
            seen = rows.values_list("count", "started").first()
        if seen is not None:
            count, started = seen
            if count >= limit and started >= now - LOGIN_WINDOW:
                return False  # the window's places are all taken
            continue  # the row changed under the UPDATE (deleted and created again): once more
        try:
            with transaction.atomic():
                LoginCounter.objects.create(scope=scope, key=key, started=now, count=1)
            return True
        except IntegrityError:
            continue  # created by a parallel attempt (or removed again): take once more
    return False  # never seen: an endless race counts as a refused attempt


def _give_back(scope: str, key: str) -> None:
    LoginCounter.objects.filter(scope=scope, key=key, count__gt=0).update(count=F("count") - 1)


def attempts(username: str = "", ip: str | None = None) -> tuple[int, int]:
    """Attempts counted in the current window: (for this username, for this address)."""
    since = timezone.now() - LOGIN_WINDOW

    def count(scope: str, key: str | None) -> int:
        if not key:
            return 0
        row = LoginCounter.objects.filter(scope=scope, key=key, started__gte=since).first()
        return row.count if row else 0

    return count(Scope.USER, username), count(Scope.ADDRESS, ip)


def is_blocked(username: str, request: HttpRequest | None) -> bool:
    """True when the limit is already reached (a read: it takes no place)."""
    by_user, by_ip = attempts(username, client_ip(request))
    return by_user >= _limit() or by_ip >= _limit()


class RateLimitBackend(ModelBackend):
    """Django's model backend behind the login limit (PermissionDenied stops the chain).

    One backend, so sessions it creates (including force_login in tests) resolve their
    user through the same class.
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password=None, **kwargs):
        if username is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        keys = _keys(username, request)
        taken: list[tuple[str, str]] = []
        for scope, key in keys:
            if _take(scope, key):
                taken.append((scope, key))
                continue
            for place in taken:  # a refused attempt is not a checked one
                _give_back(*place)
            if request is not None:
                request._zongjie_login_blocked = True  # the audit receiver logs it as blocked
            raise PermissionDenied(BLOCKED_MESSAGE)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            # the username's count starts again; the row stays (a DELETE would make parallel
            # attempts' UPDATEs of it change nothing, see _take)
            LoginCounter.objects.filter(scope=Scope.USER, key=username[:150]).update(
                count=0, started=timezone.now()
            )
            for scope, key in keys:
                if scope == Scope.ADDRESS:
                    _give_back(scope, key)
        return user


class RateLimitedAuthenticationForm(AuthenticationForm):
    """The login form, saying plainly when the limit is reached (use in LoginView)."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "_zongjie_login_blocked", False):
                raise forms.ValidationError(BLOCKED_MESSAGE, code="blocked") from None
            raise
