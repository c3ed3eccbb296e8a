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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_login_racing_a_success_and_a_new_attempt_is_not_refused(org):
    """PostgreSQL, READ COMMITTED: an attempt's conditional UPDATE waits for the row lock of
    the username's counter; meanwhile that row is deleted (by a success, before this fix, or
    by hand) and a new attempt creates it again with one place taken. The waiting UPDATE then
    changes nothing although 4 of 5 places are free: the attempt must take once more, not be
    refused as if the limit were reached (bench/load.py pages: `login of shi_lingdao failed`)."""
    import threading
    import time

    from django.db import connection, connections, transaction

    assert _login("bob_reporter", "wrong", ip="10.0.0.1").status_code == 200  # the row, count 1
    result: dict = {}

    def attempt():
        try:
            request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.2")
            result["user"] = authenticate(request, username="bob_reporter", password=PASSWORD)
        finally:
            connections.close_all()

    with transaction.atomic():
        row = LoginCounter.objects.select_for_update().get(scope="user", key="bob_reporter")
        worker = threading.Thread(target=attempt)
        worker.start()
        deadline = time.monotonic() + 30
        with connection.cursor() as cursor:  # until the attempt's UPDATE waits for the lock
            while True:
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                    ['UPDATE "security_logincounter"%'],
                )
                waiting = cursor.fetchone()[0]
                if waiting or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
        assert waiting, "the attempt's UPDATE never waited for the row lock"
        row.delete()
        LoginCounter.objects.create(scope="user", key="bob_reporter", started=timezone.now(), count=1)
    worker.join(30)
    assert not worker.is_alive()
    assert result["user"] == org.bob
    # the attempt took a place in the new row, and its success started the count again
    assert LoginCounter.objects.get(scope="user", key="bob_reporter").count == 0
