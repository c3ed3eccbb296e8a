"""The review queue: approve, or return with a reason, one entry or many at once."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from zongjie.ledger import services
from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Adoption, Entry, Instruction
from zongjie.web import fragments, queries
from zongjie.web.views.common import filter_context

BULK_LIMIT = 500


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    params = tuple(sorted(request.GET.lists()))

    def build() -> tuple[tuple[str, str], bool]:
        entry_filter = EntryFilter.from_params(request.GET)
        qs = queries.review_queue(user, entry_filter)
        page = Paginator(qs, queries.PAGE_SIZE).get_page(request.GET.get("page"))
        ticked = {int(v) for v in (request.GET.get("ticked") or "").split(",") if v.isdigit()}
        context = {
            "page": page,
            "entries": page.object_list,
            "ticked": ticked,
            **filter_context(user, entry_filter),
        }
        top = render_to_string("web/_review_top.html", context)
        return (top, render_to_string("web/_review_rows.html", context)), True

    # The queue and its filter bar, kept by (scope, query, score versions): every review, edit or
    # submission bumps a version (web/fragments.py). The claims list is kept the same way, for this
    # reviewer alone (it leaves out their own claims); its forms and CSRF tokens render per request.
    read = fragments.reading(user)
    top, rows = fragments.cached("review", user, params, build, read=read)
    claims = fragments.cached(
        "review-claims", user, (user.pk,), lambda: (queries.claim_rows(user), True), read=read
    )
    context = {"top": mark_safe(top), "rows": mark_safe(rows), "claims": claims}
    return render(request, "web/review_queue.html", context)


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()][:BULK_LIMIT]


@login_required
@require_POST
def review_act(request: HttpRequest) -> HttpResponse:
    """One form, four buttons: approve/return this row, approve/return the ticked rows."""
    post = request.POST
    if post.get("approve_one") or post.get("return_one"):
        pk = post.get("approve_one") or post.get("return_one")
        approve = bool(post.get("approve_one"))
        ids = _ids([pk])
        reason = post.get(f"reason_{pk}", "")
    else:
        approve = post.get("bulk") == "approve"
        ids = _ids(post.getlist("ids"))
        reason = post.get("bulk_reason", "")
        if not ids:
            messages.error(request, "请先勾选要审核的条目。")
            return redirect(_back(request))
    # Only entries the user may see; review_entry itself checks the right to review each.
    entries = list(Entry.objects.visible_to(request.user).filter(pk__in=ids))
    if not entries:
        raise Http404("条目不存在，或您无权查看。")
    if not approve and not reason.strip():
        messages.error(request, "退回时必须填写原因。")
        if post.get("bulk"):  # the page comes back with the same boxes ticked
            return redirect(_with_ticked(_back(request), [e.pk for e in entries]))
        return redirect(_back(request))
    if len(entries) == 1:
        try:
            entry = services.review_entry(request.user, entries[0], approve=approve, reason=reason)
            messages.success(request, f"{'已通过' if approve else '已退回'}：{entry.title}")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _message(exc))
        return redirect(_back(request))
    outcome = services.review_many(request.user, entries, approve=approve, reason=reason)
    done, failed = outcome["done"], outcome["failed"]
    messages.success(request, f"{'已通过' if approve else '已退回'} {len(done)} 条。")
    for entry, problem in failed[:20]:
        messages.error(request, f"“{entry.title}”未处理：{problem}")
    return redirect(_back(request))


CLAIM_MODELS = {"adoption": Adoption, "instruction": Instruction}


@login_required
@require_POST
def claim_act(request: HttpRequest, what: str, pk: int) -> HttpResponse:
    """Confirm, or return with a reason, an adoption or instruction the unit recorded itself."""
    model = CLAIM_MODELS.get(what)
    claim = None
    if model is not None:
        visible = Entry.objects.visible_to(request.user)
        claim = model.objects.filter(pk=pk, entry__in=visible).select_related("entry").first()
    if claim is None:
        raise Http404("没有找到该采用或批示，或您无权查看。")
    approve = request.POST.get("decision") == "confirm"
    try:
        services.review_claim(request.user, claim, approve=approve, reason=request.POST.get("reason", ""))
        messages.success(
            request, f"{'已确认' if approve else '已退回'}{model.KIND_LABEL}：{claim.entry.title}"
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    return redirect(_back(request))


def _with_ticked(url: str, ids: list[int] | None) -> str:
    """`url` with its `ticked` boxes replaced by `ids` (dropped when None)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "ticked"]
    if ids:
        query.append(("ticked", ",".join(str(i) for i in ids)))
    return urlunsplit(parts._replace(query=urlencode(query), fragment="bulk_reason" if ids else ""))


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc)


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    # Only a URL on this site (never another site taken from the form).
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return _with_ticked(target, None)
    return reverse("review_queue")
