"""Importing old summaries as history: one transaction per file, never overwriting a confirmed figure.

    outcome = import_file(data=..., filename="旧总结.txt", unit=unit, period="2025H1", user=user)
    outcome.status   # imported | duplicate | proposed | replaced | refused
    outcome.message  # one line of Simplified Chinese

Pages and the CLI call these functions; the review actions (map, correct, dismiss,
confirm) are in zongjie.imports.review.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from zongjie.imports import baseline
from zongjie.imports.access import check_allowed
from zongjie.imports.checks import FigureRow, check_figures, figure_rows, period_warnings
from zongjie.imports.mapping import Rule, map_quantities, plan_lines
from zongjie.imports.models import (
    DocumentState,
    ExtractedFigure,
    FigureStatus,
    ImportedDocument,
    MetricMapping,
)
from zongjie.imports.reading import ImportRefused, Parsed, content_hash, parse
from zongjie.imports.review import confirm_figures
from zongjie.ledger.models import Period
from zongjie.ledger.periods import PeriodCodeError
from zongjie.org.models import Unit

__all__ = ["DiffRow", "ImportOutcome", "ImportRefused", "apply_proposal", "import_file", "import_path"]


@dataclass(frozen=True)
class DiffRow:
    """What a corrected file would change: the confirmed value next to the newly extracted one."""

    metric: str
    label: str
    confirmed: Decimal | None
    extracted: Decimal | None
    source: str


@dataclass
class ImportOutcome:
    filename: str
    status: str  # imported | duplicate | proposed | replaced | refused
    message: str
    document: ImportedDocument | None = None
    counts: dict[str, int] = field(default_factory=dict)
    diff: list[DiffRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    figures: list[FigureRow] = field(default_factory=list)  # every figure, as the page lists them
    dry_run: bool = False

    def as_dict(self) -> dict:
        """The outcome as `zongjie import --json` prints it."""
        return {
            "file": self.filename,
            "status": self.status,
            "dry_run": self.dry_run,
            "message": self.message,
            "warnings": self.warnings,
            "counts": self.counts,
            "document": self.document.pk if self.document else None,
            "diff": [
                {
                    "metric": d.metric,
                    "label": d.label,
                    "confirmed": None if d.confirmed is None else float(d.confirmed),
                    "extracted": None if d.extracted is None else float(d.extracted),
                }
                for d in self.diff
            ],
            "figures": [f.as_dict() for f in self.figures],
        }

    @property
    def ok(self) -> bool:
        return self.status != "refused"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def resolve_period(code: str | Period) -> Period:
    if isinstance(code, Period):
        return code
    try:
        return Period.objects.get_or_create_code(code)
    except PeriodCodeError as exc:
        raise ImportRefused(str(exc)) from exc


def active_rules() -> list[Rule]:
    return [Rule.from_row(row) for row in MetricMapping.objects.filter(is_active=True)]


def import_path(path: str | Path, **kwargs) -> ImportOutcome:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return ImportOutcome(path.name, "refused", f"无法打开文件：{exc.strerror or exc}")
    return import_file(data=data, filename=path.name, **kwargs)


def import_file(
    *,
    data: bytes,
    filename: str,
    unit: Unit,
    period: str | Period,
    user=None,
    article: int | None = None,
    dry_run: bool = False,
    replace: bool = False,
    propose: bool = False,
    confirm: bool = False,
    progress=None,
) -> ImportOutcome:
    """Import one file for one unit and period; never raises for a bad file (status "refused").

    A file already imported (same content for the same unit, period and article) changes
    nothing. A different file under the same name is a correction: its changes are listed
    (outcome.diff) and applied only with `replace` (or stored for a confirm step with `propose`).
    `confirm` (needs a user) confirms every figure mapped with enough confidence.
    """
    filename = Path(filename).name
    try:
        # Reading and extracting is the slow part and writes nothing: outside the transaction,
        # so an import job's progress can be seen meanwhile.
        if progress:
            progress("读取并提取数字", 0, 1)
        parsed = parse(data, filename, article)
        check_figures(parsed)
        if progress:
            progress("保存", 0, 1)
        with transaction.atomic():
            outcome = _import(
                data, filename, unit, period, user, article, replace, propose, confirm, dry_run, parsed
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        outcome.document = None
    except ImportRefused as exc:
        return ImportOutcome(filename, "refused", str(exc))
    return outcome


def _import(
    data, filename, unit, period, user, article, replace, propose, confirm, dry_run, parsed
) -> ImportOutcome:
    period = resolve_period(period)
    check_allowed(user, unit, period)
    if confirm and user is None:
        raise ImportRefused("确认数字须指定确认人（--user）。")
    digest = content_hash(data)
    number = article or 0
    same = ImportedDocument.objects.filter(
        unit=unit, period=period, content_hash=digest, article_number=number
    ).exclude(state=DocumentState.SUPERSEDED)
    existing = same.first()
    if existing is not None:
        what = "已在等待确认替换" if existing.state == DocumentState.PROPOSED else "已导入过"
        return ImportOutcome(
            filename,
            "duplicate",
            f"{filename}{_article_label(number)}{what}（{timezone.localtime(existing.imported_at):%Y-%m-%d %H:%M}），内容相同，未作任何修改。",
            existing,
        )
    warnings = period_warnings(parsed, period)
    previous = (
        ImportedDocument.objects.current()
        .filter(unit=unit, period=period, filename=filename, article_number=number)
        .first()
    )
    if previous is None:
        doc = _store(parsed, data, unit, period, user, DocumentState.CURRENT)
        _reconcile(doc)
        outcome = ImportOutcome(filename, "imported", "", doc)
    else:
        doc = _store(parsed, data, unit, period, user, DocumentState.PROPOSED, replaces=previous)
        diff = replacement_diff(doc)
        if replace:
            apply_proposal(user, doc)
            outcome = ImportOutcome(filename, "replaced", "", doc, diff=diff)
        elif propose:
            outcome = ImportOutcome(filename, "proposed", "", doc, diff=diff)
        else:
            # The CLI without --replace: show what would change and write nothing.
            outcome = ImportOutcome(filename, "proposed", "", None, diff=diff, dry_run=dry_run)
            _describe(outcome, doc, unit, period, number, warnings)
            transaction.set_rollback(True)
            return outcome
    if confirm:
        confirm_figures(user, doc.figures.filter(status=FigureStatus.MAPPED))
    outcome.dry_run = dry_run
    _describe(outcome, doc, unit, period, number, warnings)
    return outcome


def _describe(outcome: ImportOutcome, doc, unit: Unit, period: Period, number: int, warnings) -> None:
    outcome.counts = _counts(doc)
    outcome.warnings = list(warnings)
    outcome.figures = figure_rows(doc.figures.order_by("position"), baseline.metric_labels())
    outcome.message = _message(outcome, unit, period, number)


def _article_label(number: int) -> str:
    return f"（第{number}篇）" if number else ""


def _counts(doc: ImportedDocument) -> dict[str, int]:
    figures = list(doc.figures.values_list("status", "placeholder", "breakdown_consistent"))
    counts = {s.value: 0 for s in FigureStatus}
    for status, _, _ in figures:
        counts[status] += 1
    counts["total"] = len(figures)
    counts["placeholder"] = sum(1 for _, p, _ in figures if p)
    counts["inconsistent"] = sum(1 for _, _, c in figures if c is False)
    return counts


def _dry(outcome: ImportOutcome) -> str:
    return "（试运行，未写入）" if outcome.dry_run else ""


def _message(outcome: ImportOutcome, unit: Unit, period: Period, number: int) -> str:
    c = outcome.counts
    where = f"{outcome.filename}{_article_label(number)} → {unit.name}，{period.name}"
    figures = (
        f"数字 {c.get('total', 0)} 个：已确认 {c.get('confirmed', 0)}，待确认 {c.get('mapped', 0)}，"
        f"待确认变更 {c.get('pending', 0)}，待人工处理 {c.get('review', 0)}（其中占位符 {c.get('placeholder', 0)}）"
    )
    if outcome.status == "proposed":
        changes = f"，{len(outcome.diff)} 项指标将改变" if outcome.diff else "，已确认的指标不变"
        tail = "确认后生效" if outcome.document else "加 --replace 确认替换"
        if outcome.dry_run:
            tail = "加 --replace 可确认替换"
        return f"{_dry(outcome)}{where}：与已导入的同名文件内容不同{changes}；{tail}。"
    if outcome.dry_run:
        verb = "将导入" if outcome.status == "imported" else "将替换为更正后的文件"
        return f"{_dry(outcome)}{where}：{verb}；{figures}。"
    verb = "已替换为更正后的文件" if outcome.status == "replaced" else "已导入"
    return f"{where}：{verb}；{figures}。"


def _store(
    parsed: Parsed, data: bytes, unit: Unit, period: Period, user, state: str, replaces=None
) -> ImportedDocument:
    doc = ImportedDocument.objects.create(
        unit=unit,
        period=period,
        filename=parsed.filename,
        content_hash=parsed.content_hash,
        content=data,
        kind=parsed.kind,
        encoding=parsed.encoding,
        text="\n".join(parsed.lines),
        article_number=parsed.article_number,
        article_title=parsed.article_title[:300],
        first_line=parsed.first_line,
        last_line=parsed.last_line,
        outline=parsed.headings,
        state=state,
        replaces=replaces,
        imported_by=user if getattr(user, "pk", None) else None,
    )
    mapped = map_quantities(
        parsed.quantities,
        parsed.breakdowns,
        parsed.lines,
        active_rules(),
        plan_lines(parsed.headings, parsed.articles),
    )
    rows = []
    for m in mapped:
        q = m.quantity
        low, high = (q.get("range") or (None, None))[:2]
        rows.append(
            ExtractedFigure(
                document=doc,
                position=m.position,
                line=q["line"],
                char=q.get("char") or 0,
                text=(q.get("text") or "")[:100],
                value=q.get("value"),
                measure=(q.get("unit") or "")[:16],
                qualifier=q.get("qualifier") or "exact",
                placeholder=bool(q.get("placeholder")),
                subject=(q.get("subject") or "")[:300],
                sentence=m.sentence[:2000],
                range_low=low,
                range_high=high,
                breakdown=m.breakdown,
                breakdown_role=m.breakdown_role,
                breakdown_consistent=m.breakdown_consistent,
                metric=m.metric,
                mapping_id=m.rule_id,
                confidence=m.confidence,
                level=m.level,
                reason=m.reason[:300],
                status=FigureStatus.REVIEW if m.needs_review else FigureStatus.MAPPED,
            )
        )
    ExtractedFigure.objects.bulk_create(rows)
    return doc


def _metric_totals(figures) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for f in figures:
        if f.metric and f.effective_value is not None and not f.placeholder:
            totals[f.metric] = totals.get(f.metric, Decimal(0)) + Decimal(str(f.effective_value))
    return totals


def _reconcile(doc: ImportedDocument) -> None:
    """Never overwrite a confirmed figure: a differing new value waits as a pending change.

    For a correction of an earlier file, a metric whose new total equals the confirmed one
    is carried over (confirmed again from the new file's lines; nothing changes in value).
    """
    mapped = list(doc.figures.filter(status=FigureStatus.MAPPED))
    for metric, total in _metric_totals(mapped).items():
        confirmed = baseline.confirmed_value(doc.unit, doc.period, metric)
        if confirmed is None:
            continue
        figures = [f for f in mapped if f.metric == metric]
        ids = [f.pk for f in figures]
        if doc.replaces_id and total == confirmed[0]:
            old = ExtractedFigure.objects.filter(
                document__unit=doc.unit,
                document__period=doc.period,
                document__state=DocumentState.SUPERSEDED,
                metric=metric,
                status=FigureStatus.CONFIRMED,
            )
            carrier = old.select_related("decided_by").first()
            old.update(status=FigureStatus.REPLACED)
            ExtractedFigure.objects.filter(pk__in=ids).update(
                status=FigureStatus.CONFIRMED,
                decided_by=carrier.decided_by if carrier else None,
                decided_at=carrier.decided_at if carrier else None,
                reason="与已确认的值相同，沿用确认",
            )
            baseline.sync(doc.unit, doc.period, metric, carrier.decided_by if carrier else None)
        else:
            ExtractedFigure.objects.filter(pk__in=ids).update(
                status=FigureStatus.PENDING,
                reason=f"已确认值 {_plain(confirmed[0])}（{confirmed[1]}）；提取值 {_plain(total)} 待确认",
            )


def _plain(value: Decimal | float | None) -> str:
    if value is None:
        return "—"
    d = Decimal(str(value))
    return f"{d.normalize():f}" if d != d.to_integral() else str(int(d))


def replacement_diff(doc: ImportedDocument) -> list[DiffRow]:
    """Metrics whose confirmed value differs from what the corrected file says."""
    labels = baseline.metric_labels()
    new_totals = _metric_totals(
        doc.figures.filter(status__in=[FigureStatus.MAPPED, FigureStatus.REVIEW]).exclude(metric="")
    )
    metrics = set(new_totals)
    if doc.replaces_id:
        metrics |= set(
            doc.replaces.figures.filter(status=FigureStatus.CONFIRMED).values_list("metric", flat=True)
        )
    rows = []
    for metric in sorted(metrics):
        confirmed = baseline.confirmed_value(doc.unit, doc.period, metric)
        old = confirmed[0] if confirmed else None
        new = new_totals.get(metric)
        if old == new:
            continue
        rows.append(DiffRow(metric, labels.get(metric, metric), old, new, confirmed[1] if confirmed else ""))
    return rows


@transaction.atomic
def apply_proposal(user, doc: ImportedDocument) -> ImportedDocument:
    """Make a corrected file current; confirmed figures keep their values (see _reconcile)."""
    doc = ImportedDocument.objects.select_for_update().get(pk=doc.pk)
    check_allowed(user, doc.unit, doc.period)
    if doc.state != DocumentState.PROPOSED:
        raise ImportRefused("该文件不是待确认的替换，或已处理过。")
    if doc.replaces_id:
        ImportedDocument.objects.filter(pk=doc.replaces_id).update(state=DocumentState.SUPERSEDED)
        # Unconfirmed figures of the old file are no longer anyone's to do.
        ExtractedFigure.objects.filter(
            document_id=doc.replaces_id,
            status__in=[FigureStatus.MAPPED, FigureStatus.REVIEW, FigureStatus.PENDING],
        ).update(status=FigureStatus.DISMISSED, reason="已被更正后的文件替换")
    doc.state = DocumentState.CURRENT
    doc.save(update_fields=["state"])
    _reconcile(doc)
    return doc


@transaction.atomic
def discard_proposal(user, doc: ImportedDocument) -> None:
    check_allowed(user, doc.unit, doc.period)
    if doc.state != DocumentState.PROPOSED:
        raise ImportRefused("只能放弃尚未确认的替换文件。")
    doc.delete()
