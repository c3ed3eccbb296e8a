"""Ledger spreadsheets: the blank template, the import of a filled sheet, the export of a list.

The import is all or nothing: every row is parsed and checked with the same
`services.validate_entry` the entry form uses, with categories, outlets and periods
loaded once up front (no query per row). Only when no row has a problem are the
entries written, with `bulk_create`, in one transaction; otherwise nothing is saved
and every problem is reported by its row number and column name. Rows already in the
ledger are skipped or, when they carry the entry's 编号, update it (see excel_match).

Exported text that a spreadsheet would run as a formula (= + - @, tab, CR) is written
as plain text.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from zongjie.ledger import excel_match
from zongjie.ledger.defaults import KIND_CATEGORIES
from zongjie.ledger.models import (
    Category,
    ClaimStatus,
    Entry,
    EntryChange,
    EntryKind,
    EntryStatus,
    MediaLevel,
    Outlet,
    Period,
    Placement,
)
from zongjie.ledger.normalise import title_key
from zongjie.ledger.periods import PeriodCodeError, parse_period, span_of
from zongjie.ledger.services import check_period_open, update_entry, validate_entry
from zongjie.ledger.signals import scores_changed
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, require

SHEET_TITLE = "台账"
MAX_ROWS = 50_000
YES = {"是", "Y", "YES", "TRUE", "1", "√", "✓", "★"}
NO = {"", "否", "N", "NO", "FALSE", "0"}
# A progress callback: (phase description, rows done, rows in all).
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # text | date | int | decimal | bool | period | entry_kind | category | outlet | level | placement
    width: int = 14
    required: bool = False
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("类型", "kind", "entry_kind", 10, True, "稿件、信息报送、活动、学习、荣誉、其他"),
    Column("分类", "category", "category", 18, True, "从下拉列表选择工作分类"),
    Column("标题", "title", "text", 40, True),
    Column("日期", "occurred_on", "date", 12, True, "如 2026-03-15"),
    Column("期间", "period", "period", 14, False, "如 2026年上半年 或 2026H1；留空按日期所在半年"),
    Column("内容摘要", "summary", "text", 30),
    Column("媒体", "outlet", "outlet", 16, False, "稿件填写：媒体名录中的名称或别名"),
    Column("媒体级别", "media_level", "level", 10, False, "留空则取媒体的级别"),
    Column("版面位置", "placement", "placement", 10),
    Column("链接", "link", "text", 24),
    Column("报送对象", "sent_to", "text", 14, False, "信息报送填写，如 省委宣传部"),
    Column("报送对象级别", "sent_level", "level", 12),
    Column("场次", "sessions", "int", 8),
    Column("参与人数", "participants", "int", 10),
    Column("金额（万元）", "amount", "decimal", 12),
    Column("荣誉级别", "honour_level", "level", 10),
    Column("佐证链接", "evidence_url", "text", 24),
    Column("亮点", "starred", "bool", 8, False, "是 / 否"),
)
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
# Export-only columns around the importable ones (an exported sheet can be imported again:
# its 编号 column makes a re-import update or skip those entries instead of copying them).
ID_HEADER = "编号"
EXPORT_HEAD = (ID_HEADER, "单位")
# The export's counts are what scores: confirmed adoptions and instructions only.
CONFIRMED_ADOPTIONS = Q(adoptions__status=ClaimStatus.CONFIRMED)
CONFIRMED_INSTRUCTIONS = Q(instructions__status=ClaimStatus.CONFIRMED)
EXPORT_TAIL = ("状态", "退回原因", "采用次数", "批示次数")


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's own row number (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 “{self.column}”：{self.message}"


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)  # rows already there, with the reason

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({e.row for e in self.errors})

    def as_dict(self) -> dict[str, Any]:
        """For an import job's stored result (from_dict reads it back)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "errors": [[e.row, e.column, e.message] for e in self.errors],
            "skipped": [[e.row, e.column, e.message] for e in self.skipped],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportResult:
        return cls(
            rows=data["rows"],
            created=data["created"],
            updated=data["updated"],
            errors=[RowError(*e) for e in data["errors"]],
            skipped=[RowError(*e) for e in data["skipped"]],
        )


def _labels(choices: Iterable[tuple[str, str]]) -> list[str]:
    return [label for _, label in choices]


def _level_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in MediaLevel.choices:
        lookup[value] = value
        lookup[label] = value
        lookup[label.removesuffix("级")] = value
    lookup["国家级"] = MediaLevel.CENTRAL
    return lookup


def _choice_lookup(choices) -> dict[str, str]:
    lookup = {}
    for value, label in choices:
        lookup[value] = value
        lookup[label] = value
    return lookup


# --- template -------------------------------------------------------------------------------


def _category_names() -> list[str]:
    return list(
        Category.objects.filter(is_active=True, parent__isnull=False)
        .order_by("parent__order", "order", "code")
        .values_list("name", flat=True)
    )


def _period_names() -> list[str]:
    """Half-years a sheet may be filed under, newest first: last year's and this year's, and
    any other half-year already in the database, without the locked ones."""
    this_year = timezone.localdate().year
    codes = {span_of(y, "half", n).code for y in (this_year - 1, this_year) for n in (1, 2)}
    codes |= set(Period.objects.filter(kind="half").values_list("code", flat=True))
    locked = set(Period.objects.filter(locked=True).values_list("code", flat=True))
    return [parse_period(c).name for c in sorted(codes - locked, reverse=True)]


def template_workbook() -> bytes:
    """A blank ledger sheet: Chinese headers with notes, and drop-down lists where values are fixed."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    head_font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDE8E8")
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
        cell.font = head_font
        cell.alignment = Alignment(horizontal="center")
        if column.required:
            cell.fill = fill
        if column.note:
            cell.comment = Comment(column.note, "zongjie")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    lists = {
        "entry_kind": _labels(EntryKind.choices),
        "level": _labels(MediaLevel.choices),
        "placement": _labels(Placement.choices),
        "category": _category_names(),
        "bool": ["是", "否"],
        "period": _period_names(),
    }
    options_sheet = None
    for index, column in enumerate(COLUMNS, start=1):
        values = lists.get(column.kind)
        if not values:
            continue
        inline = ",".join(values)
        if len(inline) <= 250:  # Excel's limit for an inline list is 255 characters
            formula = f'"{inline}"'
        else:
            # A long taxonomy does not fit inline: keep it on a hidden sheet.
            if options_sheet is None:
                options_sheet = wb.create_sheet("选项")
                options_sheet.sheet_state = "hidden"
            col = options_sheet.max_column + (1 if options_sheet.max_row > 1 else 0)
            for r, value in enumerate(values, start=1):
                options_sheet.cell(row=r, column=col, value=value)
            letter = get_column_letter(col)
            formula = f"{quote_sheetname(options_sheet.title)}!${letter}$1:${letter}${len(values)}"
        validation = DataValidation(type="list", formula1=formula, allow_blank=True)
        validation.error = f"请从下拉列表中选择{column.header}。"
        validation.errorTitle = "输入值无效"
        validation.showErrorMessage = True
        if column.kind == "period":  # the list offers names; a typed code (2026H1) is fine too
            validation.errorStyle = "warning"
            validation.error = "请从下拉列表中选择期间，或填写 2026H1 这样的期间编码。"
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        ws.add_data_validation(validation)
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind == "date":
            letter = get_column_letter(index)
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------


class _Lookups:
    """Everything a row may refer to, loaded once per import."""

    def __init__(self) -> None:
        self.kinds = _choice_lookup(EntryKind.choices)
        self.levels = _level_lookup()
        self.placements = _choice_lookup(Placement.choices)
        self.categories: dict[str, Category] = {}
        for category in Category.objects.select_related("parent"):
            self.categories.setdefault(category.code, category)
            self.categories.setdefault(category.name, category)
        self.outlets: dict[str, Outlet] = {}
        for outlet in Outlet.objects.filter(is_active=True):
            self.outlets[outlet.name] = outlet
            for alias in outlet.aliases or []:
                self.outlets.setdefault(alias, outlet)
        self.periods: dict[str, Period] = {p.code: p for p in Period.objects.all()}
        self.period_problems: dict[str, str | None] = {}

    def kind_problem(self, kind: str, category: Category) -> str | None:
        """Why a row's 类型 and 分类 disagree (KIND_CATEGORIES), or None."""
        allowed = KIND_CATEGORIES.get(kind)
        if not allowed or category.code in allowed or category.top.code in allowed:
            return None
        names = [
            c.name
            for c in dict.fromkeys(self.categories.values())
            if c.parent_id and c.is_active and (c.code in allowed or c.parent.code in allowed)
        ]
        label = EntryKind(kind).label
        return f"类型“{label}”与分类“{category.name}”不符；{label}应选择：{'、'.join(names)}。"

    def period(self, code: str) -> Period:
        found = self.periods.get(code)
        if found is None:
            # Not saved yet: a failed import must leave nothing behind, not even a period.
            span = parse_period(code)
            found = self.periods[code] = Period(
                code=span.code, kind=span.kind, name=span.name, start=span.start, end=span.end
            )
        return found

    def period_problem(self, period: Period) -> str | None:
        if period.code not in self.period_problems:
            try:
                check_period_open(period)
                self.period_problems[period.code] = None
            except ValidationError as exc:
                self.period_problems[period.code] = "；".join(exc.messages)
        return self.period_problems[period.code]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = DATE_TEXT.match(_text(value))
    if not match:
        raise ValueError(f"日期“{_text(value)}”无法识别，应为 2026-03-15 的形式。")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"日期“{_text(value)}”不存在。") from exc


def _int(value: Any, label: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"{label}应为整数，而不是“{text}”。") from exc
    if number != number.to_integral_value():
        raise ValueError(f"{label}应为整数，而不是“{text}”。")
    if number < 0:
        raise ValueError(f"{label}不能为负数。")
    return int(number)


def _decimal(value: Any, label: str) -> Decimal | None:
    text = _text(value).replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError(f"{label}应为数字，而不是“{text}”。") from exc


def _half_of(day: date) -> str:
    return span_of(day.year, "half", 1 if day.month <= 6 else 2).code


def _parse_row(
    values: dict[str, Any], lookups: _Lookups, unit: Unit, user, row: int, errors: list[RowError]
) -> Entry | None:
    """Turn one row into an unsaved Entry, or add its problems to `errors` and return None."""
    fields: dict[str, Any] = {}
    own: list[RowError] = []

    def problem(field_name: str, message: str) -> None:
        own.append(RowError(row, COLUMN_BY_FIELD[field_name].header, message))

    for column in COLUMNS:
        raw = values.get(column.field)
        text = _text(raw)
        if column.required and not text:
            problem(column.field, f"{column.header}不能为空。")
            continue
        try:
            if column.kind == "text":
                fields[column.field] = text
            elif column.kind == "date":
                fields[column.field] = _date(raw)
            elif column.kind == "int":
                fields[column.field] = _int(raw, column.header)
            elif column.kind == "decimal":
                fields[column.field] = _decimal(raw, column.header)
            elif column.kind == "bool":
                if text.upper() not in YES | NO:
                    raise ValueError(f"应填“是”或“否”，而不是“{text}”。")
                fields[column.field] = text.upper() in YES
            elif column.kind == "entry_kind":
                if text not in lookups.kinds:
                    raise ValueError(f"未知的类型“{text}”，应为：{'、'.join(_labels(EntryKind.choices))}。")
                fields[column.field] = lookups.kinds[text]
            elif column.kind == "level":
                if text and text not in lookups.levels:
                    raise ValueError(f"未知的级别“{text}”，应为：{'、'.join(_labels(MediaLevel.choices))}。")
                fields[column.field] = lookups.levels.get(text, "")
            elif column.kind == "placement":
                if text and text not in lookups.placements:
                    raise ValueError(
                        f"未知的版面位置“{text}”，应为：{'、'.join(_labels(Placement.choices))}。"
                    )
                fields[column.field] = lookups.placements.get(text, Placement.NORMAL)
            elif column.kind == "category":
                category = lookups.categories.get(text)
                if category is None:
                    raise ValueError(f"未知的分类“{text}”，请从下拉列表选择。")
                fields[column.field] = category
            elif column.kind == "outlet":
                if text and text not in lookups.outlets:
                    raise ValueError(f"媒体“{text}”不在媒体名录中；请用名录中的名称，或留空只填媒体级别。")
                fields[column.field] = lookups.outlets.get(text)
            elif column.kind == "period":
                fields[column.field] = parse_period(text).code if text else ""
        except (ValueError, PeriodCodeError) as exc:
            problem(column.field, str(exc))
    if not own and (mismatch := lookups.kind_problem(fields["kind"], fields["category"])):
        problem("category", mismatch)
    if own:
        errors.extend(own)
        return None
    code = fields.pop("period") or _half_of(fields["occurred_on"])
    period = lookups.period(code)
    locked = lookups.period_problem(period)
    if locked:
        errors.append(RowError(row, COLUMN_BY_FIELD["period"].header, locked))
        return None
    day = fields["occurred_on"]
    if period.pk is None and not period.contains(day):
        # validate_entry checks this only for a saved period; a new one is checked here alike.
        message = f"日期 {day:%Y-%m-%d} 不在期间“{period.name}”（{period.start} 至 {period.end}）内。"
        errors.append(RowError(row, COLUMN_BY_FIELD["occurred_on"].header, message))
        return None
    entry = Entry(unit=unit, period=period, created_by=user, status=EntryStatus.DRAFT, **fields)
    try:
        validate_entry(entry)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            header = COLUMN_BY_FIELD[name].header if name in COLUMN_BY_FIELD else "整行"
            errors.extend(RowError(row, header, message) for message in messages)
        return None
    return entry


def _entry_id(value: Any, row: int, errors: list[RowError]) -> int | None:
    text = _text(value)
    if not text:
        return None
    if not text.isdigit():
        errors.append(RowError(row, ID_HEADER, f"编号应为导出表中的条目编号（整数），而不是“{text}”。"))
        return None
    return int(text)


def _header_map(header: tuple[Any, ...]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field, by header text (order free, a trailing * ignored)."""
    by_header = {c.header: c.field for c in COLUMNS} | {ID_HEADER: "id"}
    mapping: dict[int, str] = {}
    for index, value in enumerate(header):
        name = _text(value).rstrip("*").strip()
        if name in by_header:
            mapping[index] = by_header[name]
    missing = [c.header for c in COLUMNS if c.required and c.field not in mapping.values()]
    return mapping, missing


def import_entries(
    user, unit: Unit, source: BinaryIO | str, *, progress: Progress | None = None
) -> ImportResult:
    """Import a filled ledger sheet into `unit` as draft entries: all rows, or none."""
    require(user, Action.WRITE, unit)
    result = ImportResult()
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not xlsx
        result.errors.append(
            RowError(0, "文件", f"无法读取该文件，请上传 .xlsx 格式的台账表（{type(exc).__name__}）。")
        )
        return result
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        # Read into memory first: a sheet written by other tools often has no reliable
        # dimension, and the progress bar needs the number of rows.
        all_rows = list(ws.iter_rows(values_only=True))
        if not all_rows:
            result.errors.append(RowError(1, "表头", "表格是空的。"))
            return result
        header, rows = all_rows[0], all_rows[1:]
        mapping, missing = _header_map(header)
        if missing:
            result.errors.append(RowError(1, "表头", f"缺少列：{'、'.join(missing)}。请使用下载的台账模板。"))
            return result
        total = len(rows)
        lookups = _Lookups()
        parsed: list[excel_match.Parsed] = []
        for row_number, row in enumerate(rows, start=2):
            if progress and (row_number - 1) % 500 == 0:
                progress("检查", row_number - 1, total)
            if row is None or all(_text(v) == "" for v in row):
                continue
            result.rows += 1
            if result.rows > MAX_ROWS:
                result.errors.append(
                    RowError(row_number, "整行", f"一次最多导入 {MAX_ROWS} 行，请分批导入。")
                )
                break
            values = {name: row[i] for i, name in mapping.items() if i < len(row)}
            before = len(result.errors)
            entry_id = _entry_id(values.pop("id", None), row_number, result.errors)
            entry = _parse_row(values, lookups, unit, user, row_number, result.errors)
            if entry is not None and len(result.errors) == before:
                parsed.append(excel_match.Parsed(row_number, entry, entry_id))
        if progress:
            progress("检查", total, total)
    finally:
        wb.close()
    if result.errors or not parsed:
        if not result.errors:
            result.errors.append(RowError(2, "整行", "表格中没有可导入的数据行。"))
        return result
    plan = excel_match.plan_rows(unit, parsed)
    result.errors.extend(RowError(row, ID_HEADER, message) for row, message in plan.errors)
    result.skipped = [RowError(row, "整行", why) for row, why in plan.skipped]
    if result.errors:
        return result
    with transaction.atomic():
        result.created = _save(user, [p.entry for p in plan.new], progress)
        for p, existing in plan.updates:
            if p.entry.period.pk is None:
                p.entry.period = Period.objects.get_or_create_code(p.entry.period.code)
            try:
                update_entry(user, existing, **excel_match.differences(p.entry, existing))
            except ValidationError as exc:
                result.errors.extend(RowError(p.row, "整行", m) for m in exc.messages)
        if result.errors:  # all or nothing, updates included
            transaction.set_rollback(True)
            result.created = 0
            return result
        result.updated = len(plan.updates)
    return result


def _save(user, entries: list[Entry], progress: Progress | None) -> int:
    batch = 1000
    if not entries:
        return 0
    with transaction.atomic():
        saved: dict[str, Period] = {}
        for entry in entries:
            if entry.period.pk is None:
                code = entry.period.code
                if code not in saved:
                    saved[code] = Period.objects.get_or_create_code(code)
                entry.period = saved[code]
        for entry in entries:  # bulk_create skips Entry.save(), which sets the key
            entry.title_key = title_key(entry.title)
        created: list[Entry] = []
        for start in range(0, len(entries), batch):
            created.extend(Entry.objects.bulk_create(entries[start : start + batch]))
            if progress:
                progress("保存", len(created), len(entries))
        EntryChange.objects.bulk_create(
            [
                EntryChange(
                    entry=e,
                    user=user if getattr(user, "pk", None) else None,
                    action=EntryChange.Action.IMPORT,
                )
                for e in created
            ],
            batch_size=2000,
        )
        scores_changed.send(sender=Entry, period_ids=sorted({e.period_id for e in created}))
    return len(created)


# --- export ---------------------------------------------------------------------------------


def _cell(entry: Entry, column: Column) -> Any:
    value = getattr(entry, column.field)
    if column.kind == "entry_kind":
        return entry.get_kind_display()
    if column.kind == "category":
        return entry.category.name
    if column.kind == "outlet":
        return entry.outlet.name if entry.outlet_id else ""
    if column.kind == "level":
        return MediaLevel(value).label if value else ""
    if column.kind == "placement":
        return Placement(value).label if value else ""
    if column.kind == "period":
        return entry.period.name  # the wording of the pages; the import reads names and codes
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "decimal":
        return float(value) if value is not None else None
    return value


#: A text starting with one of these is a formula (or DDE command) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(ws, value: Any) -> Any:
    """Text that a spreadsheet would run is written as plain text (string type, quote prefix)."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a live formula
    cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def export_entries(queryset: QuerySet) -> bytes:
    """The entries of a (filtered, permission-scoped) list as a sheet that can be imported again."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    headers = [*EXPORT_HEAD, *(c.header for c in COLUMNS), *EXPORT_TAIL]
    widths = [8, 20, *(c.width for c in COLUMNS), 8, 24, 8, 8]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    ws.append(headers)
    rows = (
        queryset.select_related("unit", "period", "category", "outlet")
        .annotate(
            n_adoptions=Count("adoptions", filter=CONFIRMED_ADOPTIONS, distinct=True),
            n_instructions=Count("instructions", filter=CONFIRMED_INSTRUCTIONS, distinct=True),
        )
        .order_by("unit__path", "occurred_on", "id")
    )
    for entry in rows.iterator(chunk_size=2000):
        values = [
            entry.pk,
            entry.unit.name,
            *(_cell(entry, c) for c in COLUMNS),
            entry.get_status_display(),
            entry.return_reason,
            entry.n_adoptions,
            entry.n_instructions,
        ]
        ws.append([_safe(ws, v) for v in values])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
