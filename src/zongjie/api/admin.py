"""Admin: API tokens (list, revoke; created with `zongjie apitoken`)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from zongjie.api.models import ApiToken
from zongjie.api.tokens import revoke_token


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
