"""The dashboard: ranking, points, articles by level, year on year, quotas, completeness."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require
from zongjie.web import fragments, insight, paging, queries, units


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    asked = tuple(request.GET.get(name) or "" for name in ("period", "unit", "page"))
    read = fragments.reading(user)  # one read of the versions for both keys of this page
    found = fragments.for_request("dashboard", user, asked, read=read)
    if found is not None:
        body, has_data = found
        return render(request, "web/dashboard.html", {"body": mark_safe(body), "has_data": has_data})
    period = (
        Period.objects.filter(code=(request.GET.get("period") or "").upper()).first()
        or queries.current_period()
    )
    code = request.GET.get("unit") or ""
    parent = (units.resolve(user, "read", code) or Unit.objects.filter(code=code).first()) if code else None
    parent = parent or (None if code else queries.main_unit(user))
    if parent is None:
        raise Http404("没有找到该单位，或您没有可查看的单位。")
    require(user, Action.READ, parent)
    page_no = request.GET.get("page")

    def build() -> tuple[tuple[str, bool], bool]:
        context = _context(user, parent, period, page_no)
        html = render_to_string("web/_dashboard_body.html", context)
        data = context["data"]
        # Figures still being refreshed are not kept: the fresh ones come under the same versions.
        return (html, bool(data)), not (data and data["scores"].stale)

    parts = ("dashboard", parent.pk, period.pk if period else None, page_no or "")
    body, has_data = fragments.cached("dashboard", user, parts, build, request=asked, read=read)
    return render(request, "web/dashboard.html", {"body": mark_safe(body), "has_data": has_data})


def _context(user, parent: Unit, period: Period | None, page_no: str | None) -> dict:
    data = insight.dashboard(user, parent, period) if period else None
    if data:
        data = paging.window_dashboard(data, page_no)
    today = queries.today()
    running = period is not None and period.start <= today < period.end
    context = {
        "period": period,
        # A period still running is compared with last year's whole period: say how far it is.
        "as_of": f"截至{today.month}月{today.day}日" if running else "",
        "parent": parent,
        "data": data,
        "page_open": bool(page_no),
        "periods": queries.half_periods(),
        "unit_picker": units.picker(
            user, id="d-unit", name="unit", label="单位范围（含下属）", scope="parents", selected=parent
        ),
    }
    if data:
        context["chart_data"] = {
            k: data[k] for k in ("ranking", "by_category", "by_level", "compared", "quota_chart")
        }
        context["chart_data"]["completeness"] = data["completeness"]["chart_rows"]
        context["page_query"] = f"period={period.code}&unit={parent.code}"
    return context
