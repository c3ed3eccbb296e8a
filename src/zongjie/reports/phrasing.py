"""Small helpers that write the seed's standard phrasing with traceable figures.

Breakdowns follow one rule so that a reader (and the extractor) can check them:
"共…N篇，其中甲a篇、乙b篇、丙c篇" with the parts summing to N, and the sentence
ends (。 or ；) right after the last part. A subset that does not partition its
total (头版头条, 被中央级采用) is always a sentence of its own, never after 其中.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zongjie.reports.facts import Baseline, Count, Number
from zongjie.reports.tree import Figure, Paragraph, Text

ORDINALS = "一二三四五六七八九十"


def fmt_number(value: Number) -> str:
    """92 -> "92", 356.50 -> "356.5", 1.25 -> "1.25" (never a trailing .0)."""
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return str(value)
    d = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    text = format(d, "f")
    return text


def fmt_percent(value: float) -> str:
    """20.0 -> "20%", 11.64 -> "11.6%": one decimal at most, never a trailing .0."""
    return fmt_number(round(float(value), 1)) + "%"


YI_IN_WAN = 10000  # 1亿元 = 10000万元


def money(value: Number) -> tuple[Number, str]:
    """An amount in 万元 as an office writes it: 276200 -> (27.62, "亿元"), 3610 -> (3610, "万元")."""
    if Decimal(str(value)) >= YI_IN_WAN:
        # Rounded to the 0.01亿 written, so the figure's value is the number the text states.
        return (Decimal(str(value)) / YI_IN_WAN).quantize(Decimal("0.01")).normalize(), "亿元"
    return value, "万元"


class Para:
    """Builds a Paragraph from text and figures."""

    def __init__(self, lead: str = "") -> None:
        self.lead = lead
        self.runs: list[Text | Figure] = []

    def t(self, text: str) -> Para:
        if self.runs and isinstance(self.runs[-1], Text):
            self.runs[-1] = Text(self.runs[-1].text + text)
        else:
            self.runs.append(Text(text))
        return self

    def n(self, c: Count, unit: str, metric: str, scope: str = "") -> Para:
        self.runs.append(Figure(fmt_number(c.value) + unit, c.value, unit, metric, c.ids, "ledger", scope))
        return self

    def amount(self, c: Count, metric: str, scope: str = "") -> Para:
        """An amount held in 万元, written in 亿元 from 1亿 up (27.62亿元)."""
        value, unit = money(c.value)
        return self.n(Count(value, c.ids), unit, metric, scope)

    def fig(self, figure: Figure) -> Para:
        self.runs.append(figure)
        return self

    def breakdown(
        self, parts: list[tuple[str, Count, str]], unit: str, scope: str = "", prefix: str = ""
    ) -> Para:
        """ "其中甲a篇、乙b篇": only non-zero parts; the caller checks they sum to the total."""
        shown = [(label, c, metric) for label, c, metric in parts if c.value]
        self.t("，其中" + prefix)
        for i, (label, c, metric) in enumerate(shown):
            if i:
                self.t("、")
            self.t(label).n(c, unit, metric, scope)
        return self

    def compare(
        self,
        current: Count,
        baseline: Baseline | None,
        unit: str,
        metric: str,
        scope: str = "",
        lead: str = "，",
    ) -> bool:
        """ "，比去年同期的80篇增长15.0%" / "，与去年同期持平"; False (nothing written) without a baseline."""
        if baseline is None or not baseline.value:
            return False
        last = baseline.value
        pct = round((float(current.value) - float(last)) / float(last) * 100, 1)
        source = f"去年同期：{baseline.source}"
        last_fig = Figure(fmt_number(last) + unit, last, unit, metric, (), baseline.source, scope)
        if pct == 0:
            self.t(lead + "与去年同期的").fig(last_fig).t("持平")
            return True
        word = "增长" if pct > 0 else "下降"
        self.t(lead + "比去年同期的").fig(last_fig).t(word)
        self.fig(Figure(fmt_percent(abs(pct)), abs(pct), "%", metric, current.ids, source, scope))
        return True

    def trim(self, chars: str = "，；") -> Para:
        """Drop trailing punctuation (a clause that turned out to have nothing after it)."""
        if self.runs and isinstance(self.runs[-1], Text):
            text = self.runs[-1].text.rstrip(chars)
            if text:
                self.runs[-1] = Text(text)
            else:
                self.runs.pop()
        return self

    def extend(self, other: Para) -> Para:
        for run in other.runs:
            self.t(run.text) if isinstance(run, Text) else self.fig(run)
        return self

    def compare_sentence(
        self,
        label: str,
        current: Count,
        baseline: Baseline | None,
        unit: str,
        metric: str,
        as_of: date | None = None,
    ) -> Para:
        """ "市级以上媒体稿件数比去年同期的80篇增长15%。" — or nothing without a baseline; in a
        period still running "截至11月20日，市级以上媒体稿件数比去年同期…"."""
        c = Para().t(f"截至{as_of.month}月{as_of.day}日，{label}" if as_of else label)
        if c.compare(current, baseline, unit, metric, lead=""):
            self.extend(c).end()
        return self

    def end(self, mark: str = "。") -> Para:
        return self.t(mark)

    def build(self) -> Paragraph:
        return Paragraph(list(self.runs), self.lead)

    @property
    def empty(self) -> bool:
        return not self.runs


def parts_sum(parts: list[tuple[str, Count, str]], whole: Count) -> bool:
    """A breakdown is written only when it has two or more parts that add up exactly."""
    shown = [c for _, c, _ in parts if c.value]
    return len(shown) >= 2 and sum(Decimal(str(c.value)) for c in shown) == Decimal(str(whole.value))


def ordinal_list(items: list[str]) -> str:
    """一是…；二是…；三是…。"""
    bits = [f"{ORDINALS[i]}是{text}" for i, text in enumerate(items[: len(ORDINALS)])]
    return "；".join(bits) + "。"


def clean_title(title: str) -> str:
    return title.strip().rstrip("。；;，, ")


def short_unit_name(name: str) -> str:
    """安平县委宣传部 -> 安平县; names without a 委宣传部 suffix stay as they are."""
    for suffix in ("委宣传部", "宣传部"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
