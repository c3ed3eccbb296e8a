"""The home page: each role lands on what it needs first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zongjie.ledger.models import EntryKind
from zongjie.org.permissions import home_units
from zongjie.web import insight, paging, queries


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    roles = queries.home_roles(user)
    period = queries.current_period()
    context: dict = {"roles": roles, "units": home_units(user), "period": period, "kinds": EntryKind.choices}
    if roles.writes:
        context["recent"] = queries.writable_entries(user)[:15]
        context["returned"] = queries.returned_entries(user)[:20]
        context["quota_cards"] = insight.quota_cards(user, period)
    if roles.reviews:
        queue = queries.review_queue(user)
        context["queue"] = queue[:10]
        context["waiting"] = queue.count()
    if roles.views and not roles.writes:
        context["ranking"] = paging.ranking_edges(insight.ranking_rows(user, period))
    if context.get("ranking") or context.get("quota_cards"):
        context["scores"] = insight.scores_state(period)
    return render(request, "web/home.html", context)
