"""Excel: the blank ledger template, the import of a filled sheet, the export of a filtered list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from zongjie.imports import jobs
from zongjie.imports.models import JobKind, JobState
from zongjie.ledger import excel
from zongjie.ledger.filters import EntryFilter
from zongjie.web import queries
from zongjie.web.forms import ImportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_SHOWN_ERRORS = 500


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    # RFC 5987 name for the Chinese file name, with a plain fallback.
    from urllib.parse import quote

    response["Content-Disposition"] = (
        f"attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    return _xlsx(excel.template_workbook(), "台账模板.xlsx")


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    entry_filter = EntryFilter.from_params(request.GET)
    qs = queries.entry_list(request.user, entry_filter)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return _xlsx(excel.export_entries(qs), f"台账导出-{stamp}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def import_sheet(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = job = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # A small sheet is imported at once; a large one becomes a background job the page polls.
        job = jobs.submit(
            request.user, JobKind.LEDGER, form.cleaned_data["unit"], data=upload.read(), filename=upload.name
        )
        if job.state == JobState.DONE:
            result = excel.ImportResult.from_dict(job.result)
    context = {
        "job": job if job is not None and job.state != JobState.DONE else None,
        "form": form,
        "result": result,
        "errors": result.errors[:MAX_SHOWN_ERRORS] if result else [],
        "skipped": result.skipped[:MAX_SHOWN_ERRORS] if result else [],
        "columns": excel.COLUMNS,
    }
    template = "web/_import_result.html" if request.headers.get("HX-Request") else "web/import.html"
    status = 400 if (form.is_bound and form.errors) or (result and not result.ok) else 200
    if request.headers.get("HX-Request"):
        status = 200  # htmx swaps only 2xx answers; the fragment says what went wrong
    return render(request, template, context, status=status)
