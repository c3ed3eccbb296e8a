from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import ValidationError
from django.urls import reverse

from zongjie.ledger import evidence, services
from zongjie.ledger.models import (
    Adoption,
    Category,
    Entry,
    EntryChange,
    Instruction,
    Outlet,
    Period,
    PlanItem,
)
from zongjie.org.admin import ScopedAdmin


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "start", "end", "due", "locked"]
    list_filter = ["kind", "locked"]
    search_fields = ["code", "name"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "parent", "order", "is_active"]
    list_filter = ["parent", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "kind", "aliases", "is_active"]
    list_filter = ["level", "kind", "is_active"]
    search_fields = ["name"]


# Who recorded and who confirmed a claim is the trail: shown, not edited. A row a system
# administrator adds here is confirmed (the model's default), as one recorded by a reviewer above.
CLAIM_TRAIL = ["created_by", "reviewed_by", "reviewed_at"]


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    readonly_fields = CLAIM_TRAIL


class InstructionInline(admin.TabularInline):
    model = Instruction
    extra = 0
    readonly_fields = CLAIM_TRAIL


class EntryChangeInline(admin.TabularInline):
    model = EntryChange
    extra = 0
    can_delete = False
    readonly_fields = ["at", "user", "action", "changes", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


class EvidenceAdminWidget(evidence.DownloadLinkMixin, AdminFileWidget):
    pass


class EntryAdminForm(forms.ModelForm):
    """Admin edits pass the same checks as every other way in (locked period, levels, dates,
    the evidence file's content)."""

    class Meta:
        model = Entry
        fields = (*services.ENTRY_FIELDS, "status", "return_reason")
        widgets = {"evidence_file": EvidenceAdminWidget}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "evidence_file" in self.fields:
            self.fields["evidence_file"].widget.download_url = reverse(
                "entry_evidence", args=[self.instance.pk]
            )

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # the stored file, or cleared
        return evidence.checked_upload(upload)

    def clean(self):
        cleaned = super().clean()
        entry = self.instance
        for name, value in cleaned.items():
            setattr(entry, name, value)
        try:
            if entry.period_id:
                services.check_period_open(entry.period)
            services.validate_entry(entry)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        return cleaned


@admin.register(Entry)
class EntryAdmin(ScopedAdmin):
    form = EntryAdminForm
    list_display = [
        "title",
        "unit",
        "period",
        "kind",
        "category",
        "media_level",
        "status",
        "starred",
        "occurred_on",
    ]
    list_filter = ["status", "kind", "media_level", "period", "category", "starred"]
    search_fields = ["title", "unit__name"]
    date_hierarchy = "occurred_on"
    autocomplete_fields = ["unit", "outlet"]
    list_select_related = ["unit", "period", "category"]
    readonly_fields = [
        "submitted_at",
        "reviewed_at",
        "reviewed_by",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    ]
    inlines = [AdoptionInline, InstructionInline, EntryChangeInline]

    def save_model(self, request, obj, form, change):
        before = services.snapshot(Entry.objects.get(pk=obj.pk)) if change else None
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
        services.record_admin_save(request.user, obj, before)


@admin.register(EntryChange)
class EntryChangeAdmin(ScopedAdmin):
    scope_path_field = "entry__unit__path"
    list_display = ["at", "entry", "user", "action", "reason"]
    list_filter = ["action"]
    readonly_fields = ["entry", "user", "action", "changes", "reason", "at"]

    def has_add_permission(self, request):
        return False

    def _unit_of(self, obj):
        return obj.entry.unit


@admin.register(PlanItem)
class PlanItemAdmin(ScopedAdmin):
    list_display = ["title", "unit", "period", "category", "metric_code", "target"]
    list_filter = ["period", "category"]
    search_fields = ["title", "unit__name"]
    autocomplete_fields = ["unit"]
