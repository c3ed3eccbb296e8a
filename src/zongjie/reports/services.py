"""Reports: gather a unit's data from the ledger and the assessment scorecard, compose, render.

Public API (the pages and the API call these; the CLI too):
    build_report(unit, period, user=None, on=None) -> Document
    render(document, fmt) -> bytes            fmt in docx | html | md
    render_html_fragment(document) -> str
    report_data(unit, period, user=None, on=None) -> ReportData   (the plain data compose gets)

A unit's report rolls up its whole subtree: the entries of the unit and all units
below it, as the scorecard's metrics do. Only approved entries count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from zongjie.ledger.models import Adoption, Category, Entry, Instruction, Period, PlanItem
from zongjie.ledger.periods import PeriodSpan, parse_period
from zongjie.org.models import Unit, UnitKind
from zongjie.org.permissions import Action, require
from zongjie.reports.compose import compose
from zongjie.reports.facts import (
    Baseline,
    CategoryInfo,
    EntryFact,
    PlanFact,
    QuotaFact,
    RankFact,
    ReportData,
)
from zongjie.reports.tree import Document
from zongjie.reports.writers.html import render_html_fragment, render_html_page
from zongjie.reports.writers.markdown import render_markdown

FORMATS = {"docx": "Word 文档（.docx）", "html": "网页（.html）", "md": "Markdown（.md）"}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
LEADING_UNITS = 2  # how many top-ranked sub-units the report names as 位居前列
CHILD_LABELS = {
    UnitKind.COUNTY: "各县（市、区）",
    UnitKind.TOWNSHIP: "各乡镇（街道）",
    UnitKind.BUREAU: "各部门单位",
    UnitKind.OFFICE: "各科室",
}
RANK_SCOPE = {UnitKind.DEPARTMENT: "全市", UnitKind.COUNTY: "全县"}
SCOPE_WORDS = {UnitKind.DEPARTMENT: "全市", UnitKind.COUNTY: "全县", UnitKind.TOWNSHIP: "全镇"}


class ReportError(ValueError):
    """A report cannot be made as asked; the message is for the user."""


def _period_span(period: Period | str) -> tuple[Period, PeriodSpan]:
    if isinstance(period, Period):
        return period, period.span
    span = parse_period(period)  # raises PeriodCodeError (a ValueError) with a Chinese message
    return Period.objects.get_or_create_code(span.code), span


def _next_span(span: PeriodSpan) -> PeriodSpan:
    per_year = {"year": 1, "half": 2, "quarter": 4, "month": 12}[span.kind]
    if span.number < per_year:
        return parse_period(_code(span.year, span.kind, span.number + 1))
    return parse_period(_code(span.year + 1, span.kind, 1))


def _code(year: int, kind: str, number: int) -> str:
    if kind == "year":
        return str(year)
    letter = {"half": "H", "quarter": "Q", "month": "M"}[kind]
    return f"{year}{letter}{number:02d}" if kind == "month" else f"{year}{letter}{number}"


def leadership(unit: Unit) -> str:
    """Who a unit works under, in the seed's words: 县委和清河市委宣传部."""
    own = {
        UnitKind.DEPARTMENT: "市委",
        UnitKind.COUNTY: "县委",
        UnitKind.TOWNSHIP: "乡党委" if unit.name.endswith("乡") else "镇党委",
        UnitKind.BUREAU: "局党委" if unit.name.endswith("局") else "党组",
    }.get(unit.kind, "上级党委")
    if unit.parent_id:
        return f"{own}和{unit.parent.name}"
    return f"{own}和上级宣传部门"


def _categories() -> list[CategoryInfo]:
    rows = list(Category.objects.filter(is_active=True).values("id", "code", "name", "order", "parent_id"))
    by_id = {r["id"]: r for r in rows}
    children: dict[int, dict[str, str]] = defaultdict(dict)
    for r in sorted(rows, key=lambda r: (r["order"], r["code"])):
        if r["parent_id"]:
            children[r["parent_id"]][r["code"]] = r["name"]
    return [
        CategoryInfo(r["code"], r["name"], r["order"], children[r["id"]])
        for r in by_id.values()
        if not r["parent_id"]
    ]


def _entries(unit: Unit, span: PeriodSpan) -> list[EntryFact]:
    """Approved entries of the subtree whose own period lies within the report's period."""
    qs = Entry.objects.approved().in_subtree(unit).within(span)
    fields = (
        "id", "category__code", "category__parent__code", "kind", "title", "occurred_on", "starred",
        "media_level", "outlet__level", "outlet__name", "placement", "sent_level", "sent_to", "sessions",
        "participants", "amount", "honour_level", "unit__code",
    )  # fmt: skip
    rows = list(qs.order_by("occurred_on", "id").values_list(*fields))
    ids = [r[0] for r in rows]
    adoptions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    instructions: dict[int, list[str]] = defaultdict(list)
    if ids:
        for entry_id, level, by in (
            Adoption.objects.confirmed().filter(entry__in=qs).values_list("entry_id", "level", "adopted_by")
        ):
            adoptions[entry_id].append((level, by))
        for entry_id, level in (
            Instruction.objects.confirmed().filter(entry__in=qs).values_list("entry_id", "level")
        ):
            instructions[entry_id].append(level)
    out = []
    for (
        pk, cat, parent_cat, kind, title, day, starred, level, outlet_level, outlet, placement, sent_level,
        sent_to, sessions, participants, amount, honour_level, unit_code,
    ) in rows:  # fmt: skip
        out.append(
            EntryFact(
                id=pk,
                category=parent_cat or cat,
                subcategory=cat,
                kind=kind,
                title=title,
                occurred_on=day,
                starred=starred,
                media_level=level or outlet_level or "",
                outlet=outlet or "",
                placement=placement,
                sent_level=sent_level,
                sent_to=sent_to,
                adoptions=tuple(adoptions.get(pk, ())),
                instructions=tuple(instructions.get(pk, ())),
                sessions=sessions,
                participants=participants,
                amount=amount,
                honour_level=honour_level,
                unit_code=unit_code,
            )
        )
    return out


def _plans(unit: Unit, span: PeriodSpan) -> list[PlanFact]:
    nxt = _next_span(span)
    items = list(
        PlanItem.objects.filter(unit=unit, period__code=nxt.code)
        .select_related("category", "category__parent")
        .order_by("order", "id")
    )
    names = _metric_names({i.metric_code for i in items if i.metric_code})
    out = []
    for item in items:
        cat = item.category.top.code if item.category_id else ""
        name, label = names.get(item.metric_code, ("", ""))
        out.append(
            PlanFact(
                id=item.pk,
                title=item.title,
                description=item.description,
                category=cat,
                metric=item.metric_code,
                metric_name=name,
                unit=_unit_label(item.metric_code) if item.metric_code else label,
                target=item.target,
            )
        )
    return out


def _metric_names(codes: set[str]) -> dict[str, tuple[str, str]]:
    if not codes:
        return {}
    from zongjie.assessment.models import Metric

    return {m.code: (m.name, m.unit_label) for m in Metric.objects.filter(code__in=codes)}


def _assessment(unit: Unit, period: Period, on: date | None, data: ReportData) -> None:
    """Rank, points, quotas and last year's figures from the assessment scorecard."""
    from zongjie.assessment import services as assessment

    card = assessment.scorecard(unit, period, today=on)
    data.last_year = {
        code: Baseline(c.last_year, c.last_year_source or "台账")
        for code, c in card.comparison.items()
        if c.last_year is not None
    }
    scope = RANK_SCOPE.get(unit.parent.kind, "同级单位中") if unit.parent_id else ""
    data.ranking = RankFact(
        rank=card.rank if unit.parent_id else 0,
        rank_of=card.rank_of if unit.parent_id else 0,
        scope=scope,
        points_total=card.points_total,
        points_by_category={k: v for k, v in card.points_by_category.items() if v},
        rule_version=card.rule_version or "",
    )
    data.quotas = [
        QuotaFact(
            q.metric,
            q.metric_name,
            _unit_label(q.metric),
            q.target,
            q.actual,
            q.completion * 100,
            expected_share=1.0 if data.as_of is None else q.expected_share,
        )
        for q in card.quotas
    ]
    children = list(unit.children.filter(is_active=True))
    if len(children) > 1:
        ranked = assessment.ranking(period, unit, today=on, compare=False)
        top = [c for c in ranked if c.rank <= LEADING_UNITS and c.points_total > 0][:LEADING_UNITS]
        data.leading_units = [c.unit.name for c in top]
        kinds = {c.kind for c in children}
        data.children_label = CHILD_LABELS.get(kinds.pop(), "各下属单位") if len(kinds) == 1 else "各下属单位"


def _unit_label(code: str) -> str:
    # The report counts information and articles in 篇 as the seed does; others as the metric says.
    return (
        "篇"
        if code.startswith(("articles", "info_", "research"))
        else _metric_names({code}).get(code, ("", ""))[1]
    )


def _unit_level(unit: Unit) -> str:
    """The level a unit works at: the city's department and bureaus municipal, the rest county."""
    node = unit
    while node.kind not in (UnitKind.DEPARTMENT, UnitKind.COUNTY) and node.parent_id:
        node = node.parent
    return "municipal" if node.kind == UnitKind.DEPARTMENT else "county"


def report_data(unit: Unit, period: Period | str, user=None, on: date | None = None) -> ReportData:
    if user is not None:
        require(user, Action.READ, unit)
    period_obj, span = _period_span(period)
    today = on or timezone.localdate()
    running = today < span.end  # figures 截至 today; the report is dated today
    data = ReportData(
        unit_code=unit.code,
        unit_name=unit.name,
        period_code=span.code,
        period_kind=span.kind,
        period_year=span.year,
        period_number=span.number,
        period_end=span.end,
        leadership=leadership(unit),
        categories=_categories(),
        entries=_entries(unit, span),
        plans=_plans(unit, span),
        rollup=unit.children.exists(),
        scope_word=SCOPE_WORDS.get(unit.kind, "全系统"),
        report_date=on or (today if running else None),
        as_of=today if running else None,
        unit_level=_unit_level(unit),
        unit_depths={
            code: depth - unit.depth
            for code, depth in Unit.objects.subtree_of(unit).values_list("code", "depth")
        },
    )
    _assessment(unit, period_obj, on, data)
    return data


LEFT_OUT = ("submitted", "draft", "returned")  # in this order on the preview page


def left_out(unit: Unit, period: Period | str) -> dict[str, int]:
    """Entries of the subtree within the period that the report does not count (not approved):
    status -> number, for the preview page (the document itself says nothing of them)."""
    from django.db.models import Count as DbCount

    _, span = _period_span(period)
    rows = (
        Entry.objects.in_subtree(unit)
        .within(span)
        .exclude(status="approved")
        .values_list("status")
        .annotate(n=DbCount("id"))
    )
    counts = dict(rows)
    return {status: counts[status] for status in LEFT_OUT if counts.get(status)}


def figure_entries(document: Document) -> list[tuple[str, str, tuple[int, ...]]]:
    """(metric, text, entry ids) of every figure of the document, numbered as Document.figures()
    (the number the HTML writer gives each figure's span)."""
    return [(f.metric, f.text, tuple(f.entry_ids)) for f in document.figures()]


def entry_rows(unit: Unit, ids: list[int]) -> list[tuple[int, str, date, str]]:
    """(id, title, date, unit name) of the given entries of the unit's subtree, in the given
    order: one page of a figure's entries (an id outside the subtree is left out)."""
    rows = (
        Entry.objects.in_subtree(unit)
        .filter(pk__in=ids)
        .values_list("pk", "title", "occurred_on", "unit__name")
    )
    by_id = {r[0]: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def build_report(unit: Unit, period: Period | str, user=None, on: date | None = None) -> Document:
    """The composed document tree of `unit`'s report for `period`; `on` is the signature date
    (default: two days after the period ends, e.g. 2026-07-02 for 2026H1)."""
    return compose(report_data(unit, period, user=user, on=on))


def render(document: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from zongjie.reports.writers.docx import write_docx

        return write_docx(document)
    if fmt == "html":
        return render_html_page(document).encode("utf-8")
    if fmt == "md":
        return render_markdown(document).encode("utf-8")
    raise ReportError(f"不支持的格式“{fmt}”，可选：{'、'.join(FORMATS)}。")


def filename(document: Document, fmt: str) -> str:
    return f"{document.title}.{fmt}"


__all__ = [
    "ReportError",
    "build_report",
    "entry_rows",
    "figure_entries",
    "filename",
    "left_out",
    "render",
    "render_html_fragment",
    "report_data",
]
