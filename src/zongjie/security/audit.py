"""The audit log: logins, reviews, role and rule changes, token changes.

Receivers are connected in `SecurityConfig.ready()`. Who did a change that arrives by a
model signal (a Membership saved in the admin) is known from the request being
served: `AuditContextMiddleware` and the API's authentication put the user and the
client address into a context variable that the receivers read.
"""

from __future__ import annotations

import contextvars
import ipaddress
import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse

from zongjie.security.models import AuditEvent, AuditKind

log = logging.getLogger("zongjie.audit")

_actor: contextvars.ContextVar[tuple[Any, str | None] | None] = contextvars.ContextVar(
    "zongjie_audit_actor", default=None
)

# Rows of the assessment app that are rules (rules are data; changing them is audited).
RULE_MODELS = ("Metric", "RuleSet", "ScoringRule", "Quota")


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, which behind a trusted proxy is already the
    address that proxy saw (zongjie.security.proxy, ZONGJIE_TRUSTED_PROXIES)."""
    if request is None:
        return None
    try:
        return str(ipaddress.ip_address((request.META.get("REMOTE_ADDR") or "").strip()))
    except ValueError:
        return None


def set_actor(user: Any, ip: str | None) -> contextvars.Token:
    return _actor.set((user, ip))


def reset_actor(token: contextvars.Token) -> None:
    _actor.reset(token)


def current_actor() -> tuple[Any, str | None]:
    return _actor.get() or (None, None)


def record(
    kind: str,
    *,
    user: Any = None,
    username: str = "",
    ip: str | None = None,
    obj: Any = None,
    detail: dict | None = None,
) -> AuditEvent:
    """Write one audit event; the actor defaults to the one of the current request."""
    actor, actor_ip = current_actor()
    user = user if user is not None else actor
    real_user = user if getattr(user, "pk", None) else None
    return AuditEvent.objects.create(
        kind=kind,
        user=real_user,
        username=(username or getattr(real_user, "username", ""))[:150],
        ip=ip if ip is not None else actor_ip,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
    )


class AuditContextMiddleware:
    """Remembers the request's user and address for audit receivers (put after AuthenticationMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_actor(getattr(request, "user", None), client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)


# --------------------------------------------------------------------------- receivers


def _on_login(sender, request=None, user=None, **kwargs) -> None:
    record(AuditKind.LOGIN, user=user, ip=client_ip(request))


def _on_logout(sender, request=None, user=None, **kwargs) -> None:
    if user is not None:
        record(AuditKind.LOGOUT, user=user, ip=client_ip(request))


def _on_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))[:150]
    blocked = bool(getattr(request, "_zongjie_login_blocked", False))
    # A failed login has no user: the name that was tried is kept instead (never the password).
    AuditEvent.objects.create(
        kind=AuditKind.LOGIN_BLOCKED if blocked else AuditKind.LOGIN_FAILED,
        username=username,
        ip=client_ip(request),
    )


def _on_membership_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:
        return
    record(
        AuditKind.ROLE_GRANTED if created else AuditKind.ROLE_CHANGED,
        obj=instance,
        detail={"user": instance.user.username, "unit": instance.unit.code, "role": instance.role},
    )


def _on_membership_deleted(sender, instance, **kwargs) -> None:
    record(
        AuditKind.ROLE_REVOKED,
        obj=instance,
        detail={"user_id": instance.user_id, "unit_id": instance.unit_id, "role": instance.role},
    )


def _on_entry_change(sender, instance, created, raw=False, **kwargs) -> None:
    if raw or not created or instance.action not in ("approve", "return"):
        return
    record(
        AuditKind.APPROVE if instance.action == "approve" else AuditKind.RETURN,
        user=instance.user,
        obj=instance.entry,
        detail={"reason": instance.reason} if instance.reason else {},
    )


def _rule_detail(instance) -> dict:
    return {"label": str(instance)[:200]}


def _on_rule_saved(sender, instance, created, raw=False, **kwargs) -> None:
    if raw:  # loaddata (restore) replays rows; that is not a change by anyone
        return
    record(AuditKind.RULE_CHANGED, obj=instance, detail={**_rule_detail(instance), "created": created})


def _on_rule_deleted(sender, instance, **kwargs) -> None:
    record(AuditKind.RULE_DELETED, obj=instance, detail=_rule_detail(instance))


def connect() -> None:
    """Connect the receivers (from AppConfig.ready); rule models are audited when they exist."""
    user_logged_in.connect(_on_login, dispatch_uid="zongjie_audit_login")
    user_logged_out.connect(_on_logout, dispatch_uid="zongjie_audit_logout")
    user_login_failed.connect(_on_login_failed, dispatch_uid="zongjie_audit_login_failed")
    membership = apps.get_model("org", "Membership")
    post_save.connect(_on_membership_saved, sender=membership, dispatch_uid="zongjie_audit_membership")
    post_delete.connect(
        _on_membership_deleted, sender=membership, dispatch_uid="zongjie_audit_membership_del"
    )
    post_save.connect(
        _on_entry_change, sender=apps.get_model("ledger", "EntryChange"), dispatch_uid="zongjie_audit_review"
    )
    for name in RULE_MODELS:
        try:
            model = apps.get_model("assessment", name)
        except LookupError:
            continue
        post_save.connect(_on_rule_saved, sender=model, dispatch_uid=f"zongjie_audit_rule_{name}")
        post_delete.connect(_on_rule_deleted, sender=model, dispatch_uid=f"zongjie_audit_rule_del_{name}")
