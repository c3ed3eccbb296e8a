"""The dashboard: ranking, points, articles by level, year on year, quotas, completeness."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require
from zongjie.web import insight, queries


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    period = (
        Period.objects.filter(code=(request.GET.get("period") or "").upper()).first()
        or queries.current_period()
    )
    code = request.GET.get("unit") or ""
    parent = Unit.objects.filter(code=code).first() if code else queries.main_unit(user)
    if parent is None:
        raise Http404("没有找到该单位，或您没有可查看的单位。")
    require(user, Action.READ, parent)
    data = insight.dashboard(user, parent, period) if period else None
    today = queries.today()
    running = period is not None and period.start <= today < period.end
    context = {
        "period": period,
        # A period still running is compared with last year's whole period: say how far it is.
        "as_of": f"截至{today.month}月{today.day}日" if running else "",
        "parent": parent,
        "data": data,
        "periods": queries.half_periods(),
        "units": queries.units_for_filter(user).filter(children__isnull=False).distinct(),
    }
    if data:
        context["chart_data"] = {
            k: data[k] for k in ("ranking", "by_category", "by_level", "compared", "quota_chart")
        }
        context["chart_data"]["completeness"] = data["completeness"]["rows"]
    return render(request, "web/dashboard.html", context)
