"""The summary report: previewed in HTML, downloaded as docx (zongjie.reports.services)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require
from zongjie.reports import services as reports
from zongjie.reports import stored
from zongjie.reports.writers.html import CSS, INIT_JS
from zongjie.web import fragments, queries, units


def _choice(request: HttpRequest) -> tuple[Unit, Period]:
    user = request.user
    code = request.GET.get("unit") or ""
    unit = (units.resolve(user, "read", code) or Unit.objects.filter(code=code).first()) if code else None
    unit = unit or (None if code else queries.main_unit(user))
    if unit is None:
        raise Http404("没有找到该单位，或您没有可查看的单位。")
    require(user, Action.READ, unit)
    period = Period.objects.filter(code=(request.GET.get("period") or "").upper()).first()
    period = period or queries.current_period()
    if period is None:
        raise Http404("还没有任何期间。")
    return unit, period


STATUS_WORDS = {"submitted": "待审核", "draft": "草稿", "returned": "已退回"}


def _preview_context(request: HttpRequest, unit: Unit, period: Period) -> dict:
    """The preview: the report as HTML, the entries each figure counts, what was left out.

    Read from the stored previews (reports/stored.py: a province's report is minutes of work,
    never done in a request) and kept in the cache by (reader's scope, unit, period, score
    versions): a pure function of those (web/fragments.py). A report error is raised again on
    every request, never kept."""
    return fragments.cached(
        "preview", request.user, (unit.pk, period.pk), lambda: _build_preview(request, unit, period)
    )


def _build_preview(request: HttpRequest, unit: Unit, period: Period) -> tuple[dict, bool]:
    shown = stored.preview(unit, period)
    # A stale or not yet composed preview, or scorecards being refreshed, are not kept: the
    # fresh ones come under the same versions.
    keep = not (shown.stale or shown.preparing or _scores_stale(period))
    left = shown.left_out
    base = reverse("entry_list")
    context = {
        # The writer escapes every text it puts in; the fragment is its own markup.
        "preview": mark_safe(shown.html),
        "preparing": shown.preparing,
        "preview_stale": shown.stale,
        "preview_at": shown.computed_at,
        "figure_url": f"{reverse('report_figure')}?{urlencode({'unit': unit.code, 'period': period.code})}",
        "left_out": [
            (
                STATUS_WORDS[status],
                n,
                f"{base}?{urlencode({'unit': unit.code, 'period': period.code, 'status': status})}",
            )
            for status, n in left.items()
        ],
        "left_out_total": sum(left.values()),
    }
    return context, keep


def _scores_stale(period: Period) -> bool:
    try:
        from zongjie.assessment import services as assessment
    except ImportError:  # reports without the assessment module
        return False
    return assessment.scores_state(period).stale


@login_required
@require_GET
def report_preview(request: HttpRequest) -> HttpResponse:
    """The page: unit and period to choose; the preview is built only when asked for (the 预览
    button loads it with htmx; `show=1` renders it in the page without JavaScript)."""
    unit, period = _choice(request)
    context = {
        "unit": unit,
        "period": period,
        "error": "",
        "report_css": mark_safe(CSS),
        "report_js": mark_safe(INIT_JS),
        "periods": queries.half_periods(),
        "unit_picker": units.picker(
            request.user, id="r-unit", name="unit", label="单位", scope="read", selected=unit
        ),
    }
    if request.GET.get("show"):
        try:
            context.update(_preview_context(request, unit, period))
        except reports.ReportError as exc:
            context["error"] = str(exc)
    return render(request, "web/reports.html", context)


@login_required
@require_GET
def report_fragment(request: HttpRequest) -> HttpResponse:
    """The preview alone, for htmx to put into the page."""
    unit, period = _choice(request)
    try:
        context = {"unit": unit, "period": period, **_preview_context(request, unit, period)}
    except reports.ReportError as exc:
        context = {"error": str(exc)}
    return render(request, "web/_report_preview.html", context)


FIGURE_PAGE = 50  # entries a page in the list of what a figure counts


@login_required
@require_GET
def report_figure(request: HttpRequest) -> HttpResponse:
    """The entries one figure of the preview counts, a page at a time (htmx puts it into the
    preview's side panel): the preview's HTML carries only each figure's number."""
    unit, period = _choice(request)  # the reader may read the unit: its report's entries too
    try:
        n = int(request.GET.get("figure", ""))
    except ValueError:
        raise Http404("没有这个数字。") from None
    found = stored.figure(unit, period, n)
    if found is None:
        raise Http404("这个数字没有统计条目，或总结正在更新，请刷新预览后再试。")
    page = Paginator(found.ids, FIGURE_PAGE).get_page(request.GET.get("page"))
    rows = reports.entry_rows(unit, list(page.object_list))
    query = urlencode({"unit": unit.code, "period": period.code, "figure": n})
    context = {
        "figure": found,
        "page": page,
        "entries": [
            {"title": t, "day": day, "unit": u, "url": reverse("entry_detail", args=[pk])}
            for pk, t, day, u in rows
        ],
        "page_url": f"{reverse('report_figure')}?{query}",
    }
    return render(request, "web/_figure_entries.html", context)


@login_required
@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    unit, period = _choice(request)
    fmt = request.GET.get("format") or "docx"
    if fmt not in reports.FORMATS:
        raise Http404("不支持的格式。")
    document = reports.build_report(unit, period, user=request.user)
    response = HttpResponse(reports.render(document, fmt), content_type=reports.CONTENT_TYPES[fmt])
    name = reports.filename(document, fmt)
    response["Content-Disposition"] = f"attachment; filename=\"report.{fmt}\"; filename*=UTF-8''{quote(name)}"
    return response
