"""Entry pages: the list (with its Excel export), the forms per kind, the detail page, outlet look-up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zongjie.ledger import services
from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Category, Entry, EntryKind, EntryStatus, MediaLevel, Outlet
from zongjie.security.disk import storage_problem
from zongjie.web import queries
from zongjie.web.forms import DEFAULT_CATEGORY, KIND_FIELDS, AdoptionForm, EntryForm, InstructionForm
from zongjie.web.views.common import filter_context

NOT_FOUND = "条目不存在，或您无权查看。"
SESSION_UNIT = "entry_unit"
SESSION_PERIOD = "entry_period"


def visible_entry(request: HttpRequest, pk: int) -> Entry:
    try:
        return Entry.objects.visible_to(request.user).select_related(*queries.LIST_RELATED).get(pk=pk)
    except Entry.DoesNotExist as exc:
        raise Http404(NOT_FOUND) from exc


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    entry_filter = EntryFilter.from_params(request.GET)
    qs = queries.entry_list(request.user, entry_filter)
    page = Paginator(qs, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/entry_list.html",
        {"page": page, "entries": page.object_list, **filter_context(request.user, entry_filter)},
    )


def _initial(request: HttpRequest, kind: str) -> dict:
    initial: dict = {"placement": "normal", "occurred_on": queries.today()}
    unit = request.session.get(SESSION_UNIT)
    period = request.session.get(SESSION_PERIOD)
    if unit:
        initial["unit"] = unit
    if period:
        initial["period"] = period
    else:
        current = queries.current_period()
        if current is not None:
            initial["period"] = current.pk
    category = Category.objects.filter(code=DEFAULT_CATEGORY[kind]).values_list("pk", flat=True).first()
    if category:
        initial["category"] = category
    return initial


def _remember(request: HttpRequest, entry: Entry) -> None:
    request.session[SESSION_UNIT] = entry.unit_id
    request.session[SESSION_PERIOD] = entry.period_id


def _save(request: HttpRequest, form: EntryForm, entry: Entry | None) -> Entry | None:
    """Save through the ledger services; on a ValidationError put it on the form and return None."""
    fields = form.entry_fields()
    try:
        if entry is None:
            entry = services.create_entry(request.user, **fields)
        else:
            entry = services.update_entry(
                request.user, entry, expected_version=form.cleaned_data.get("version"), **fields
            )
        if request.POST.get("action") == "submit":
            entry = services.submit_entry(request.user, entry)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None
    except (OSError, DatabaseError) as exc:
        problem = storage_problem(exc)
        if problem is None:
            raise
        # the form comes back with everything the user typed, and says why it was not saved
        form.add_error(None, problem.message)
        form.disk_problem = problem
        return None
    return entry


def _saved_message(request: HttpRequest, entry: Entry) -> None:
    if entry.status == EntryStatus.SUBMITTED:
        messages.success(request, f"已提交审核：{entry.title}")
    else:
        messages.success(request, f"已保存为草稿：{entry.title}")


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in EntryKind.values:
        raise Http404("没有这种条目类型。")
    if not queries.home_roles(request.user).writes:
        raise PermissionDenied("您没有填报台账的权限：只有通讯员和单位管理员可以填报。")
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        kind=kind,
        initial=_initial(request, kind),
    )
    if request.method == "POST" and form.is_valid():
        entry = _save(request, form, None)
        if entry is not None:
            _remember(request, entry)
            _saved_message(request, entry)
            if request.POST.get("action") == "save_new":
                return redirect("entry_create", kind=kind)
            return redirect("entry_detail", pk=entry.pk)
    return _render_form(request, form, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_entry(request, pk)
    actions = queries.entry_actions(request.user, entry)
    if not actions.edit:
        messages.error(
            request,
            f"条目状态为“{entry.get_status_display()}”，只有草稿或已退回的条目可以修改。"
            if entry.status not in (EntryStatus.DRAFT, EntryStatus.RETURNED)
            else "您没有权限修改这个条目。",
        )
        return redirect("entry_detail", pk=entry.pk)
    form = EntryForm(
        request.POST or None, request.FILES or None, instance=entry, user=request.user, kind=entry.kind
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, entry)
        if saved is not None:
            _remember(request, saved)
            _saved_message(request, saved)
            return redirect("entry_detail", pk=saved.pk)
    return _render_form(request, form, entry.kind, entry)


def _render_form(request: HttpRequest, form: EntryForm, kind: str, entry: Entry | None) -> HttpResponse:
    problem = getattr(form, "disk_problem", None)
    status = problem.status if problem else 400 if form.is_bound and form.errors else 200
    context = {
        "form": form,
        "kind": kind,
        "kind_label": EntryKind(kind).label,
        "kinds": EntryKind.choices,
        "entry": entry,
        "kind_fields": KIND_FIELDS[kind],
        "outlets": Outlet.objects.filter(is_active=True).order_by("level", "name")[:200],
    }
    return render(request, "web/entry_form.html", context, status=status)


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_entry(request, pk)
    actions = queries.entry_actions(request.user, entry)
    context = {
        "entry": entry,
        "actions": actions,
        "history": queries.entry_history(entry),
        "adoptions": entry.adoptions.all(),
        "instructions": entry.instructions.all(),
        "adoption_form": AdoptionForm(prefix="adopt", initial={"adopted_on": queries.today()}),
        "instruction_form": InstructionForm(prefix="instr", initial={"given_on": queries.today()}),
    }
    return render(request, "web/entry_detail.html", context)


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = visible_entry(request, pk)
    try:
        entry = services.submit_entry(request.user, entry)
        messages.success(request, f"已提交审核：{entry.title}")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("entry_detail", pk=entry.pk)


@login_required
@require_POST
def entry_record(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Record an adoption (采用) or a leader's instruction (批示) on an entry."""
    entry = visible_entry(request, pk)
    form_class, prefix, label = {
        "adoption": (AdoptionForm, "adopt", "采用"),
        "instruction": (InstructionForm, "instr", "批示"),
    }.get(what, (None, "", ""))
    if form_class is None:
        raise Http404("没有这种登记。")
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            add = services.add_adoption if what == "adoption" else services.add_instruction
            claim = add(request.user, entry, **form.cleaned_data)
            later = "" if claim.is_confirmed else "待上级确认后计分"
            messages.success(request, f"已登记{label}{'，' + later if later else ''}。")
        except ValidationError as exc:
            messages.error(request, f"{label}未登记：" + "；".join(exc.messages))
    else:
        problems = [f"{form.fields[name].label}：{'；'.join(errs)}" for name, errs in form.errors.items()]
        messages.error(request, f"{label}未登记：" + "；".join(problems))
    return redirect("entry_detail", pk=entry.pk)


@login_required
@require_GET
def outlet_lookup(request: HttpRequest) -> HttpResponse:
    """Outlets whose name or alias holds `q`: JSON, or <option>s for a datalist when htmx asks."""
    q = (request.GET.get("q") or request.GET.get("outlet_name") or "").strip()
    outlets = Outlet.objects.filter(is_active=True).order_by("level", "name")
    rows = []
    for outlet in outlets:  # the registry is small (hundreds); aliases are a JSON list
        names = [outlet.name, *(outlet.aliases or [])]
        matched = [n for n in names if q in n] if q else [outlet.name]
        for name in matched[:3]:
            rows.append(
                {
                    "name": name,
                    "outlet": outlet.name,
                    "level": outlet.level,
                    "level_label": MediaLevel(outlet.level).label,
                }
            )
        if len(rows) >= 30:
            break
    if request.headers.get("HX-Request"):
        return render(request, "web/_outlet_options.html", {"rows": rows})
    return JsonResponse({"results": rows})
