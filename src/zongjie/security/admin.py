"""Admin: the audit log, read only."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from zongjie.security.models import AuditEvent


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
