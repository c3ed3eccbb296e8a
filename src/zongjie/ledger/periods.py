"""Period codes: 2026 (year), 2026H1/H2 (half), 2026Q1..Q4 (quarter), 2026M03 (month); names read too."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

PERIOD_CODE = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>[HQM])(?P<n>\d{1,2}))?$")


@dataclass(frozen=True)
class PeriodSpan:
    code: str
    kind: str  # year | half | quarter | month
    year: int
    number: int  # 1-based index within the year (1 for a year)
    start: date
    end: date
    name: str

    def previous(self) -> PeriodSpan:
        """The period just before, of the same kind."""
        per_year = {"year": 1, "half": 2, "quarter": 4, "month": 12}[self.kind]
        if self.number > 1:
            return span_of(self.year, self.kind, self.number - 1)
        return span_of(self.year - 1, self.kind, per_year)

    def same_period_last_year(self) -> PeriodSpan:
        return span_of(self.year - 1, self.kind, self.number)


def span_of(year: int, kind: str, number: int) -> PeriodSpan:
    if kind == "year":
        return PeriodSpan(str(year), kind, year, 1, date(year, 1, 1), date(year, 12, 31), f"{year}年")
    months_per = {"half": 6, "quarter": 3, "month": 1}[kind]
    first_month = (number - 1) * months_per + 1
    last_month = first_month + months_per - 1
    end = date(year, last_month, calendar.monthrange(year, last_month)[1])
    letter = {"half": "H", "quarter": "Q", "month": "M"}[kind]
    code = f"{year}{letter}{number:02d}" if kind == "month" else f"{year}{letter}{number}"
    name = {
        "half": f"{year}年{'上' if number == 1 else '下'}半年",
        "quarter": f"{year}年第{'一二三四'[number - 1]}季度",
        "month": f"{year}年{number}月",
    }[kind]
    return PeriodSpan(code, kind, year, number, date(year, first_month, 1), end, name)


class PeriodCodeError(ValueError):
    pass


# The names the pages show (span_of's names), read back: 2026年上半年, 2026年第一季度, 2026年3月, 2026年.
PERIOD_NAME = re.compile(
    r"^(?P<year>\d{4})\s*年\s*(?:(?P<half>[上下])半年|第?(?P<quarter>[一二三四1-4])季度|(?P<month>\d{1,2})\s*月(?:份)?|全年|度)?$"
)
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _from_name(text: str) -> str | None:
    """The code for a period written as the pages name it, or None."""
    match = PERIOD_NAME.match(text)
    if not match:
        return None
    year = match["year"]
    if match["half"]:
        return f"{year}H{1 if match['half'] == '上' else 2}"
    if match["quarter"]:
        return f"{year}Q{_QUARTERS[match['quarter']]}"
    if match["month"]:
        return f"{year}M{int(match['month']):02d}"
    return year


def parse_period(code: str) -> PeriodSpan:
    """A period from its code (2026H1) or from the name the pages use (2026年上半年)."""
    text = code.strip()
    match = PERIOD_CODE.match(_from_name(text) or text.upper())
    if not match:
        raise PeriodCodeError(
            f"期间“{code}”无法识别，应为 2026年上半年、2026年下半年 这样的名称，"
            "或 2026、2026H1、2026Q1、2026M03 这样的编码。"
        )
    year = int(match["year"])
    if not match["kind"]:
        return span_of(year, "year", 1)
    kind = {"H": "half", "Q": "quarter", "M": "month"}[match["kind"]]
    number = int(match["n"])
    limit = {"half": 2, "quarter": 4, "month": 12}[kind]
    if not 1 <= number <= limit:
        raise PeriodCodeError(f"期间编码“{code}”超出范围。")
    return span_of(year, kind, number)
