"""Pages: thin views over the services; each role lands on what it needs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from zongjie.ledger.models import Entry, EntryStatus
from zongjie.org.models import Role
from zongjie.org.permissions import home_units, roles_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    visible = Entry.objects.visible_to(request.user).select_related("unit", "period", "category")
    context = {
        "roles": roles,
        "units": home_units(request.user),
        "recent": visible[:20],
        "returned": visible.filter(status=EntryStatus.RETURNED)[:20],
        "waiting": Entry.objects.reviewable_by(request.user).awaiting_review().count()
        if roles & {Role.REVIEWER, Role.ADMIN}
        else 0,
    }
    return render(request, "web/home.html", context)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    queue = (
        Entry.objects.reviewable_by(request.user)
        .awaiting_review()
        .select_related("unit", "period", "category", "outlet")
        .order_by("submitted_at", "id")
    )
    return render(request, "web/review_queue.html", {"entries": queue[:200], "total": queue.count()})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
