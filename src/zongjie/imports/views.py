"""The import page: thin views over services (import) and review (map, correct, dismiss, confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from zongjie.imports import baseline
from zongjie.imports.forms import FigureForm, UploadForm
from zongjie.imports.models import DocumentState, ExtractedFigure, FigureStatus, ImportedDocument
from zongjie.imports.outline import annotated_lines, css_class, flag_label
from zongjie.imports.reading import ImportRefused
from zongjie.imports.review import confirm_figures, dismiss_figures, map_figure
from zongjie.imports.services import apply_proposal, discard_proposal, import_file, replacement_diff
from zongjie.org.permissions import Action, can, filter_by_scope, require_visible, units_for

DOCUMENT_MISSING = "没有找到该文档，或您无权查看。"
SECTIONS = [
    (FigureStatus.REVIEW, "待人工处理：未对应指标、置信度低、占位符或分项不一致"),
    (FigureStatus.PENDING, "待确认变更：与已确认的值不同"),
    (FigureStatus.MAPPED, "待确认：已对应指标"),
    (FigureStatus.CONFIRMED, "已确认：作为历史基数"),
    (FigureStatus.DISMISSED, "已忽略"),
]


def _documents(user):
    docs = ImportedDocument.objects.exclude(state=DocumentState.SUPERSEDED).select_related("unit", "period")
    docs = filter_by_scope(docs, user, Action.READ, "unit__path")
    return docs.defer("content", "text").annotate(
        n_review=Count("figures", filter=Q(figures__status__in=[FigureStatus.REVIEW, FigureStatus.PENDING])),
        n_mapped=Count("figures", filter=Q(figures__status=FigureStatus.MAPPED)),
        n_confirmed=Count("figures", filter=Q(figures__status=FigureStatus.CONFIRMED)),
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    units = units_for(request.user, Action.WRITE)
    outcomes = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, units=units)
        if form.is_valid():
            for upload in form.cleaned_data["files"]:
                outcomes.append(
                    import_file(
                        data=upload.read(),
                        filename=upload.name,
                        unit=form.cleaned_data["unit"],
                        period=form.cleaned_data["period"],
                        user=request.user,
                        article=form.cleaned_data["article"],
                        propose=True,
                    )
                )
    else:
        form = UploadForm(units=units)
    context = {
        "form": form,
        "outcomes": outcomes,
        "failed": [o for o in outcomes if not o.ok],
        "documents": _documents(request.user)[:100],
        "can_upload": units.exists(),
    }
    return render(request, "imports/index.html", context, status=200)


def _document_for(request: HttpRequest, pk: int, action: Action) -> ImportedDocument:
    doc = ImportedDocument.objects.select_related("unit", "period", "replaces").filter(pk=pk).first()
    if doc is None:
        raise Http404(DOCUMENT_MISSING)
    require_visible(request.user, action, doc.unit, DOCUMENT_MISSING)
    return doc


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk, Action.READ)
    figures = list(doc.figures.select_related("decided_by").order_by("position"))
    labels = baseline.metric_labels()
    for f in figures:
        f.css, f.flag, f.label = css_class(f), flag_label(f), labels.get(f.metric, f.metric)
    sections = [(status, title, [f for f in figures if f.status == status]) for status, title in SECTIONS]
    context = {
        "doc": doc,
        "lines": annotated_lines(doc, figures),
        "sections": sections,
        "labels": labels,
        "editable": can(request.user, Action.WRITE, doc.unit) and doc.state == DocumentState.CURRENT,
        "n_mapped": sum(1 for f in figures if f.status == FigureStatus.MAPPED),
        "diff": replacement_diff(doc) if doc.state == DocumentState.PROPOSED else [],
        "proposed": doc.state == DocumentState.PROPOSED,
        "may_write": can(request.user, Action.WRITE, doc.unit),
    }
    return render(request, "imports/document.html", context)


def _back(doc: ImportedDocument, anchor: str = "") -> HttpResponse:
    return redirect(reverse("imports:document", args=[doc.pk]) + anchor)


@login_required
@require_POST
def figure_action(request: HttpRequest, pk: int, fid: int) -> HttpResponse:
    doc = _document_for(request, pk, Action.WRITE)
    figure = get_object_or_404(ExtractedFigure, pk=fid, document=doc)
    form = FigureForm(request.POST, labels=baseline.metric_labels())
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return _back(doc, f"#f{figure.pk}")
    action = form.cleaned_data["action"]
    try:
        if action == "dismiss":
            dismiss_figures(request.user, [figure])
            messages.success(request, f"已忽略“{figure.text}”（第{figure.line}行）。")
        else:
            metric, value = form.cleaned_data["metric"], form.cleaned_data["value"]
            changed = metric != figure.metric or value is not None
            if changed:
                figure = map_figure(request.user, figure, metric=metric, value=value)
            if action == "confirm":
                problems = confirm_figures(request.user, [figure])
                if problems:
                    raise ImportRefused(problems[0])
                messages.success(request, f"已确认“{figure.text}”（第{figure.line}行）为历史数据。")
            else:
                messages.success(request, f"已保存“{figure.text}”（第{figure.line}行）的对应关系。")
    except (ImportRefused, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return _back(doc, f"#f{figure.pk}")


@login_required
@require_POST
def confirm_all(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk, Action.WRITE)
    chosen = request.POST.getlist("figure")
    figures = doc.figures.filter(status=FigureStatus.MAPPED)
    if chosen:
        figures = figures.filter(pk__in=[int(c) for c in chosen if c.isdigit()])
    try:
        count = figures.count()
        problems = confirm_figures(request.user, figures)
        messages.success(request, f"已确认 {count - len(problems)} 个数字为历史数据。")
        for p in problems:
            messages.warning(request, p)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    return _back(doc)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk, Action.WRITE)
    try:
        apply_proposal(request.user, doc)
        messages.success(request, "已替换为更正后的文件；已确认的值保持不变，不同之处列为“待确认变更”。")
    except ImportRefused as exc:
        messages.error(request, str(exc))
    return _back(doc)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    doc = _document_for(request, pk, Action.WRITE)
    try:
        discard_proposal(request.user, doc)
        messages.success(request, f"已放弃“{doc.filename}”的替换，原文件不变。")
    except ImportRefused as exc:
        messages.error(request, str(exc))
        return _back(doc)
    return redirect("imports:index")
