"""The summary report: previewed in HTML, downloaded as docx (zongjie.reports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "web/reports.html", {"available": False})
