"""The document tree a report is composed into; every writer renders the same tree.

A paragraph is a sequence of plain text and Figure runs. A Figure is a number the
report states, with where it came from: the metric code and the ledger entries it
counts, or the source of an imported baseline (e.g. "旧总结.docx 第11行"), so any
figure in the document can be traced back and disputed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Number = int | float | Decimal


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Figure:
    """A stated number: `text` is how it is written ("92篇", "10.0%", "第3")."""

    text: str
    value: Number
    unit: str
    metric: str
    entry_ids: tuple[int, ...] = ()
    source: str = "ledger"
    scope: str = ""  # a category code when the figure counts one section's entries only


Run = Text | Figure


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    # A numbered item ("1.理论学习。…") whose lead-in is shown in bold in the docx.
    lead: str = ""

    @property
    def text(self) -> str:
        return self.lead + "".join(run.text for run in self.runs)

    def figures(self) -> list[Figure]:
        return [run for run in self.runs if isinstance(run, Figure)]


@dataclass
class Heading:
    level: int  # 1 = 一、 (黑体), 2 = （一） (楷体)
    marker: str
    text: str

    @property
    def full(self) -> str:
        return f"{self.marker}{self.text}"


ATTACHMENT_TITLE = "工作情况统计图"


@dataclass
class Chart:
    """A small bar chart: docx gets a PNG, HTML an ECharts option."""

    key: str  # points_by_category | articles_by_level | year_on_year
    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = ""


Block = Heading | Paragraph


@dataclass
class Document:
    title: str
    unit_name: str
    unit_code: str
    period_code: str
    date: date
    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    # Charts go in an attachment after the signature (附件), so the body reads as a document.
    charts: list[Chart] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return arabic_date(self.date)

    def paragraphs(self) -> Iterator[Paragraph]:
        return (b for b in self.blocks if isinstance(b, Paragraph))

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    def figures(self) -> list[Figure]:
        return [f for p in self.paragraphs() for f in p.figures()]

    def lines(self) -> list[str]:
        """The document as plain lines: title, headings, paragraphs, signature, date."""
        out = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(block.full)
            elif isinstance(block, Paragraph):
                out.append(block.text)
        out += [self.signature, self.date_text]
        return out


_DIGITS = "〇一二三四五六七八九"


def arabic_date(day: date) -> str:
    """2026年7月2日: the 成文日期 in Arabic numerals, as GB/T 9704-2012 §7.3.5 requires."""
    return f"{day.year}年{day.month}月{day.day}日"


def month_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def chinese_date(day: date) -> str:
    """二〇二六年七月二日: the year digit by digit, month and day as numbers (十二, 二十一)."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as dates write them: 十, 十二, 二十, 三十一."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    head = "" if tens == 1 else _DIGITS[tens]
    return f"{head}十{_DIGITS[ones] if ones else ''}"
