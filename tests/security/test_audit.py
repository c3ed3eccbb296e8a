"""The audit log: logins, reviews, role changes, rule changes, tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from zongjie.ledger import services
from zongjie.org.models import Membership, Role
from zongjie.org.services import grant_role
from zongjie.security.audit import reset_actor, set_actor
from zongjie.security.models import AuditEvent, AuditKind
from zongjie.testing.factories import make_entry

pytestmark = pytest.mark.django_db


def _kinds(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("id").values_list("kind", flat=True))


def test_logins_are_audited_with_name_and_address(org):
    client = Client()
    client.post("/login/", {"username": "bob_reporter", "password": "nope"}, REMOTE_ADDR="10.2.0.1")
    client.post("/login/", {"username": "bob_reporter", "password": "test-pass-123"}, REMOTE_ADDR="10.2.0.1")
    failed, ok = AuditEvent.objects.filter(username="bob_reporter").order_by("id")
    assert (failed.kind, failed.user, failed.ip) == (AuditKind.LOGIN_FAILED, None, "10.2.0.1")
    assert (ok.kind, ok.user, ok.ip) == (AuditKind.LOGIN, org.bob, "10.2.0.1")
    assert "test-pass-123" not in str(list(AuditEvent.objects.values()))


def test_reviews_are_audited(org):
    approved = make_entry(org.town_a1, status="submitted")
    returned = make_entry(org.town_a1, status="submitted")
    services.review_entry(org.carol, approved, approve=True)
    services.review_entry(org.carol, returned, approve=False, reason="缺佐证")
    events = AuditEvent.objects.filter(user=org.carol).order_by("id")
    assert [(e.kind, e.object_id, e.detail) for e in events] == [
        (AuditKind.APPROVE, str(approved.pk), {}),
        (AuditKind.RETURN, str(returned.pk), {"reason": "缺佐证"}),
    ]
    assert events[0].object_type == "ledger.Entry"


def test_role_changes_are_audited_with_the_acting_user(org):
    token = set_actor(org.alice, "10.3.0.1")
    try:
        membership = grant_role(org.alice, user=org.olivia, unit=org.town_a1, role=Role.VIEWER)
    finally:
        reset_actor(token)
    event = AuditEvent.objects.get(kind=AuditKind.ROLE_GRANTED, object_id=str(membership.pk))
    assert (event.user, event.ip) == (org.alice, "10.3.0.1")
    assert event.detail == {"user": "olivia_outsider", "unit": "A1", "role": "viewer"}
    membership.role = Role.REPORTER
    membership.save()
    Membership.objects.filter(pk=membership.pk).delete()  # a queryset delete sends post_delete too
    assert _kinds(object_type="org.Membership", object_id=str(membership.pk)) == [
        AuditKind.ROLE_GRANTED,
        AuditKind.ROLE_CHANGED,
        AuditKind.ROLE_REVOKED,
    ]


def test_rule_changes_are_audited(org):
    from zongjie.assessment.models import Metric, ScoringRule

    metric = Metric.objects.first()
    metric.name = metric.name + "（改）"
    metric.save()
    rule = ScoringRule.objects.first()
    rule.save()
    assert (
        AuditEvent.objects.filter(kind=AuditKind.RULE_CHANGED, object_type="assessment.Metric").count() == 1
    )
    assert (
        AuditEvent.objects.filter(kind=AuditKind.RULE_CHANGED, object_type="assessment.ScoringRule").count()
        == 1
    )


def test_middleware_remembers_the_actor_of_the_request(org, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "zongjie.security.audit.AuditContextMiddleware"]
    org.alice.is_staff = org.alice.is_superuser = True
    org.alice.save()
    client = Client()
    client.force_login(org.alice)
    page = client.get("/admin/")
    assert page.status_code == 200
    add = client.get("/admin/org/membership/add/")
    if add.status_code != 200:
        pytest.skip("the admin has no Membership add page")
    response = client.post(
        "/admin/org/membership/add/",
        {"user": org.victor.pk, "unit": org.town_b1.pk, "role": Role.VIEWER},
        REMOTE_ADDR="10.4.0.1",
    )
    assert response.status_code == 302, response.content[:500]
    event = AuditEvent.objects.get(
        kind=AuditKind.ROLE_GRANTED, detail__user="victor_viewer", detail__unit="B1"
    )
    assert (event.user, event.ip) == (org.alice, "10.4.0.1")


def test_audit_log_is_read_only_in_the_admin(org, admin_client):
    Client().post("/login/", {"username": "bob_reporter", "password": "nope"}, REMOTE_ADDR="10.5.0.1")
    page = admin_client.get("/admin/security/auditevent/")
    assert page.status_code == 200 and "bob_reporter" in page.content.decode()
    event = AuditEvent.objects.get(username="bob_reporter", kind=AuditKind.LOGIN_FAILED)
    assert (
        admin_client.post(f"/admin/security/auditevent/{event.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert admin_client.get("/admin/api/apitoken/").status_code == 200
