from django.contrib import admin, messages

from zongjie.assessment.models import (
    RULE_FIELDS,
    RULESET_FIELDS,
    BaselineFigure,
    Metric,
    Quota,
    RequestedPiece,
    RuleChange,
    RuleSet,
    ScoringRule,
)
from zongjie.assessment.rule_admin import log_rule_change, log_ruleset_change
from zongjie.assessment.rules import _snapshot
from zongjie.org.admin import ScopedAdmin
from zongjie.org.permissions import Action, can, is_system_admin


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "aggregate", "unit_label", "filters", "order", "is_active"]
    list_filter = ["aggregate", "is_active"]
    search_fields = ["code", "name"]


class ScoringRuleInline(admin.TabularInline):
    model = ScoringRule
    extra = 0
    fields = [
        "order",
        "kind",
        "name",
        "entry_kind",
        "category",
        "level",
        "level_and_above",
        "placement",
        "points",
        "factor",
        "is_active",
    ]

    def has_delete_permission(self, request, obj=None):
        # Rules are switched off, not deleted: old scores must stay recomputable.
        return False


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "version", "published_on", "is_active", "adoption_mode", "duplicate_mode"]
    list_filter = ["year", "is_active"]
    inlines = [ScoringRuleInline]

    def save_model(self, request, obj, form, change):
        before = _snapshot(RuleSet.objects.get(pk=obj.pk), RULESET_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            log_ruleset_change(request.user, obj, before, via="admin")

    def save_formset(self, request, form, formset, change):
        befores = {r.pk: _snapshot(r, RULE_FIELDS) for r in ScoringRule.objects.filter(ruleset=form.instance)}
        rules = formset.save()
        for rule in rules:
            log_rule_change(request.user, rule, befores.get(rule.pk), via="admin")
        if rules:
            messages.info(request, "规则已修改并记入变更记录；原分值可按变更前的时间重新计算。")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RuleChange)
class RuleChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "ruleset", "rule_label", "action", "changes", "user", "via"]
    list_filter = ["ruleset", "action", "via"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Quota)
class QuotaAdmin(ScopedAdmin):
    list_display = ["unit", "period", "metric", "target", "set_by", "set_at"]
    list_filter = ["period", "metric"]
    search_fields = ["unit__name", "unit__code"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["set_by"]

    def _may_set(self, request, unit) -> bool:
        return is_system_admin(request.user) or can(request.user, Action.REVIEW, unit)

    def has_change_permission(self, request, obj=None):
        return obj is None or self._may_set(request, obj.unit)

    def has_delete_permission(self, request, obj=None):
        return obj is None or self._may_set(request, obj.unit)

    def save_model(self, request, obj, form, change):
        if not self._may_set(request, obj.unit):
            from zongjie.org.permissions import ScopeDenied

            raise ScopeDenied(f"只有上级单位可以给“{obj.unit.name}”下达任务数。")
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(RequestedPiece)
class RequestedPieceAdmin(ScopedAdmin):
    list_display = ["title", "unit", "period", "due", "fulfilled_by"]
    list_filter = ["period"]
    search_fields = ["title", "unit__name"]
    raw_id_fields = ["fulfilled_by"]
    autocomplete_fields = ["unit"]


@admin.register(BaselineFigure)
class BaselineFigureAdmin(ScopedAdmin):
    list_display = ["unit", "period", "metric", "value", "source_label", "confirmed_by", "confirmed_at"]
    list_filter = ["period", "metric"]
    search_fields = ["unit__name", "source_label"]
    autocomplete_fields = ["unit"]
