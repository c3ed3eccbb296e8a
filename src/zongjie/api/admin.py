"""Admin: the audit log (read only) and API tokens (list, revoke; created with `zongjie apitoken`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from zongjie.api.models import ApiToken, AuditEvent
from zongjie.api.tokens import revoke_token


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip", "object_type", "object_id")
    list_filter = ("kind",)
    search_fields = ("username", "ip", "object_id")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # an audit log nobody can edit from the site


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("user__username", "name", "prefix")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the token is shown once, by `zongjie apitoken`

    @admin.action(description="吊销所选令牌")
    def revoke(self, request: HttpRequest, queryset) -> None:
        for row in queryset.filter(revoked_at__isnull=True):
            revoke_token(row)
