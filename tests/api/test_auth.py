"""Who may call the API: tokens (hashed, revocable), sessions with CSRF, nobody else."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from zongjie.api.models import ApiToken
from zongjie.api.tokens import create_token, revoke_token, user_for_token
from zongjie.security.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_no_credentials_is_401_with_a_chinese_body(org, api_as):
    response = api_as(None).get("/entries")
    assert response.status_code == 401
    body = response.json()
    assert body["detail"].startswith("未登录或令牌无效")
    assert body["errors"] == {}


def test_bad_and_revoked_tokens_are_refused(org):
    client = Client()
    assert client.get("/api/me", HTTP_AUTHORIZATION="Bearer zj_not-a-token").status_code == 401
    row, token = create_token(org.bob, "script")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()["username"] == "bob_reporter"
    revoke_token(row)
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_token_is_stored_hashed_and_use_is_recorded(org):
    row, token = create_token(org.bob, "sync")
    assert token.startswith("zj_") and len(token) > 40
    assert not ApiToken.objects.filter(token_hash__contains=token[3:]).exists()
    assert token not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert row.last_used_at is None
    assert user_for_token(token) == org.bob
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert AuditEvent.objects.filter(kind="token_created", user=org.bob).count() == 1


def test_inactive_user_token_stops_working(org):
    _, token = create_token(org.bob)
    org.bob.is_active = False
    org.bob.save()
    assert user_for_token(token) is None


def test_apitoken_command_prints_a_working_token_once(org):
    out, err = io.StringIO(), io.StringIO()
    call_command("apitoken", "carol_reviewer", "--name", "报表", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert user_for_token(token) == org.carol
    assert "只显示这一次" in err.getvalue()
    listing = io.StringIO()
    call_command("apitoken", "--list", stdout=listing)
    assert "carol_reviewer" in listing.getvalue() and token not in listing.getvalue()


def test_session_auth_reads_and_needs_csrf_to_write(org):
    from zongjie.testing.factories import make_entry

    entry = make_entry(org.town_a1, status="draft")
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.bob)
    assert client.get("/api/me").json()["username"] == "bob_reporter"
    refused = client.post(f"/api/entries/{entry.pk}/submit", "{}", content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    client.get("/api/me")  # any page; the token comes from the cookie
    csrf = client.cookies.get("csrftoken")
    if csrf is None:  # no page set it yet: take one the way a page script would
        from django.middleware.csrf import _get_new_csrf_string

        csrf_value = _get_new_csrf_string()
        client.cookies["csrftoken"] = csrf_value
    else:
        csrf_value = csrf.value
    ok = client.post(
        f"/api/entries/{entry.pk}/submit", "{}", content_type="application/json", HTTP_X_CSRFTOKEN=csrf_value
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["status"] == "submitted"
