from django.contrib import admin

from zongjie.org.models import Membership, Unit
from zongjie.org.permissions import Action, can, filter_by_scope


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists and edits only what the user's units reach (superusers: all)."""

    scope_path_field = "unit__path"

    def get_queryset(self, request):
        return filter_by_scope(
            super().get_queryset(request), request.user, Action.READ, self.scope_path_field
        )

    def _unit_of(self, obj):
        return obj if isinstance(obj, Unit) else getattr(obj, "unit", None)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        unit = self._unit_of(obj) if obj is not None else None
        return allowed and (unit is None or can(request.user, Action.WRITE, unit))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        unit = self._unit_of(obj) if obj is not None else None
        return allowed and (unit is None or can(request.user, Action.MANAGE, unit))


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    scope_path_field = "path"
    list_display = ["name", "code", "kind", "parent", "depth", "is_active"]
    list_filter = ["kind", "is_active", "depth"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(ScopedAdmin):
    list_display = ["user", "unit", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name", "unit__code"]
    autocomplete_fields = ["user", "unit"]
