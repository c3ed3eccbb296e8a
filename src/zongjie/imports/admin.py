from django.contrib import admin

from zongjie.imports.models import ExtractedFigure, ImportedDocument, MetricMapping
from zongjie.org.admin import ScopedAdmin


@admin.register(MetricMapping)
class MetricMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "metric", "level", "confidence", "sort_order", "is_active"]
    list_filter = ["metric", "level", "is_active"]
    search_fields = ["name", "metric", "note"]


class FigureInline(admin.TabularInline):
    model = ExtractedFigure
    extra = 0
    fields = [
        "line",
        "text",
        "value",
        "measure",
        "qualifier",
        "placeholder",
        "metric",
        "confidence",
        "status",
    ]
    readonly_fields = fields
    can_delete = False


@admin.register(ImportedDocument)
class ImportedDocumentAdmin(ScopedAdmin):
    list_display = ["filename", "article_number", "unit", "period", "state", "imported_by", "imported_at"]
    list_filter = ["state", "period"]
    search_fields = ["filename", "unit__name", "content_hash"]
    exclude = ["content", "text"]
    readonly_fields = ["content_hash", "outline", "replaces", "imported_by", "imported_at"]
    inlines = [FigureInline]
