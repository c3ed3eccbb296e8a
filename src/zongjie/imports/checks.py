"""What is checked about a file before its figures are stored, and how a figure is listed.

Pure functions over the parsed file: whether it holds a summary at all, how many figures
one document may bring, and whether the half-year it says it sums up is the chosen one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.conf import settings

from zongjie.extraction.normalise import t2s
from zongjie.imports.reading import ImportRefused, Parsed
from zongjie.ledger.models import Period

#: A summary's own words for the half it sums up: 上半年工作总结, 2025年下半年总结 …
_HALF = re.compile(r"(?:(\d{4})\s*年)?\s*([上下])半年[^。；\n]{0,12}?总结")


def max_figures() -> int:
    return int(getattr(settings, "IMPORT_MAX_FIGURES", 5000))


def check_figures(parsed: Parsed) -> None:
    """Refuse a file with no figure in it (not a summary) or with more than one document may hold."""
    count = len(parsed.quantities)
    if count == 0:
        raise ImportRefused(
            "文件中没有找到工作总结的数字（如“稿件92篇”“活动12场”），看起来不是一份工作总结，未导入。"
        )
    limit = max_figures()
    if count > limit:
        raise ImportRefused(
            f"文件中有 {count} 个数字，超过每份总结 {limit} 个的上限（设置 ZONGJIE_IMPORT_MAX_FIGURES），"
            "未导入；一个文件含多篇总结时请用“只导入第几篇”分篇导入，或拆分文件。"
        )


def period_warnings(parsed: Parsed, period: Period) -> list[str]:
    """A summary of the other half (or another year) than the period it is imported into."""
    head = [parsed.article_title, *parsed.lines[parsed.first_line - 1 : parsed.first_line + 2]]
    match = next((m for m in (_HALF.search(t2s(line or "")) for line in head) if m), None)
    if match is None or period.kind != "half":
        return []
    year, half = match.group(1), 1 if match.group(2) == "上" else 2
    said = f"{year + '年' if year else ''}{'上' if half == 1 else '下'}半年"
    number = 1 if period.start.month <= 6 else 2
    if half != number:
        return [f"文件标题写的是“{said}”工作总结，却导入到了“{period.name}”，请核对期间。"]
    if year and int(year) != period.start.year:
        return [f"文件标题写的是“{said}”工作总结，却导入到了“{period.name}”，请核对年份。"]
    return []


@dataclass(frozen=True)
class FigureRow:
    """One figure as the page and `zongjie import` list it."""

    line: int
    text: str
    value: float | None
    unit: str
    metric: str
    metric_label: str
    status: str
    status_label: str
    confidence: float
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def figure_rows(figures, labels: dict[str, str]) -> list[FigureRow]:
    return [
        FigureRow(
            line=f.line,
            text=f.text,
            value=None if f.placeholder else f.effective_value,
            unit=f.measure,
            metric=f.metric,
            metric_label=labels.get(f.metric, f.metric) if f.metric else "",
            status=f.status,
            status_label=f.get_status_display(),
            confidence=f.confidence,
            reason=f.reason,
        )
        for f in figures
    ]
