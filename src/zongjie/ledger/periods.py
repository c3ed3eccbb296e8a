"""Period codes: 2026 (year), 2026H1/H2 (half), 2026Q1..Q4 (quarter), 2026M03 (month)."""

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


def parse_period(code: str) -> PeriodSpan:
    match = PERIOD_CODE.match(code.strip().upper())
    if not match:
        raise PeriodCodeError(f"期间编码“{code}”无法识别，应为 2026、2026H1、2026Q1 或 2026M03 的形式。")
    year = int(match["year"])
    if not match["kind"]:
        return span_of(year, "year", 1)
    kind = {"H": "half", "Q": "quarter", "M": "month"}[match["kind"]]
    number = int(match["n"])
    limit = {"half": 2, "quarter": 4, "month": 12}[kind]
    if not 1 <= number <= limit:
        raise PeriodCodeError(f"期间编码“{code}”超出范围。")
    return span_of(year, kind, number)
