"""Login: CSRF on the page, rate limiting per username and per address, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.test import Client, RequestFactory
from django.utils import timezone

from zongjie.security.models import AuditEvent, AuditKind, LoginCounter
from zongjie.security.ratelimit import BLOCKED_MESSAGE

pytestmark = pytest.mark.django_db
PASSWORD = "test-pass-123"


def _login(username: str, password: str, ip: str = "10.0.0.1", client: Client | None = None):
    client = client or Client()
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_post_without_csrf_token_fails(org):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/login/", {"username": "bob_reporter", "password": PASSWORD})
    assert refused.status_code == 403
    page = client.get("/login/")
    token = page.cookies["csrftoken"].value
    ok = client.post(
        "/login/", {"username": "bob_reporter", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert ok.status_code == 302


def test_username_is_blocked_after_the_allowed_failures(org, settings):
    settings.LOGIN_ATTEMPTS = 3
    for n in range(3):
        # from different addresses, so only the per-username count reaches the limit
        assert _login("bob_reporter", "wrong", ip=f"10.0.1.{n}").status_code == 200
    blocked = _login("bob_reporter", PASSWORD, ip="10.0.2.1")
    assert blocked.status_code == 200
    assert BLOCKED_MESSAGE in blocked.content.decode()
    assert "_auth_user_id" not in blocked.wsgi_request.session
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_FAILED, username="bob_reporter").count() == 3
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_BLOCKED, username="bob_reporter").count() == 1
    # another user is not affected
    assert _login("carol_reviewer", PASSWORD, ip="10.0.3.1").status_code == 302


def test_address_is_blocked_after_the_allowed_failures(org, settings):
    settings.LOGIN_ATTEMPTS = 3
    for name in ("nobody1", "nobody2", "nobody3"):
        _login(name, "wrong", ip="10.9.9.9")
    assert BLOCKED_MESSAGE in _login("carol_reviewer", PASSWORD, ip="10.9.9.9").content.decode()
    assert _login("carol_reviewer", PASSWORD, ip="10.9.9.10").status_code == 302


def test_old_failures_and_a_success_reset_the_count(org, settings):
    settings.LOGIN_ATTEMPTS = 2
    _login("bob_reporter", "wrong", ip="10.0.0.1")
    _login("bob_reporter", "wrong", ip="10.0.0.2")
    assert BLOCKED_MESSAGE in _login("bob_reporter", PASSWORD, ip="10.0.0.3").content.decode()
    # 16 minutes later the failures no longer count
    LoginCounter.objects.update(started=timezone.now() - timedelta(minutes=16))
    assert _login("bob_reporter", PASSWORD, ip="10.0.0.3").status_code == 302
    # a success starts the username's count again
    _login("bob_reporter", "wrong", ip="10.0.0.4")
    assert _login("bob_reporter", PASSWORD, ip="10.0.0.5").status_code == 302
    _login("bob_reporter", "wrong", ip="10.0.0.6")
    assert _login("bob_reporter", PASSWORD, ip="10.0.0.7").status_code == 302


def test_backend_blocks_every_authenticate_call(org, settings):
    """With RateLimitBackend first, admin login and any other authenticate() are limited too."""
    settings.AUTHENTICATION_BACKENDS = [
        "zongjie.security.ratelimit.RateLimitBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    settings.LOGIN_ATTEMPTS = 2
    request = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.1.1.1")
    assert authenticate(request, username="bob_reporter", password="wrong") is None
    assert authenticate(request, username="bob_reporter", password="wrong") is None
    assert authenticate(request, username="bob_reporter", password=PASSWORD) is None
    assert AuditEvent.objects.filter(kind=AuditKind.LOGIN_BLOCKED, username="bob_reporter").count() == 1
    other = RequestFactory().post("/admin/login/", REMOTE_ADDR="10.1.1.2")
    assert authenticate(other, username="carol_reviewer", password=PASSWORD) == org.carol
