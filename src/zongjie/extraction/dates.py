"""Step 7 — dates with a day, to ISO 8601.

二〇一四年七月二日 → 2014-07-02; 1月9日 → --01-09; 6月21-25日 → --06-21/--06-25;
x月xx日 → iso None, placeholder. A day listed after a date (x月xx日、xx日) is a date of
the same month. Months alone, periods (1至6月) and lunar dates (正月初一) are not dates.
"""

from __future__ import annotations

import re
from typing import Final

from .model import DateMention
from .normalise import NormLine
from .numerals import chinese_to_number, year_digits

#: figures are ASCII digits once normalised; ``[0-9]`` rather than ``\d`` (see quantities._NUM)
_Y = r"(?P<y>[0-9]{4}|[0-9*xX]{4}|[〇零○一二三四五六七八九]{4})\s*年\s*"
#: (元月: January, 今年元月28日)
_M = r"(?P<m>[0-9]{1,2}|[xX]{1,2}|十[一二]?|[一二三四五六七八九]|元)\s*月\s*"
_D = r"(?P<d>[0-9]{1,2}|[xX]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_D2 = r"(?P<d2>[0-9]{1,2}|[xX]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
#: (optional groups as empty alternatives, ``(?:…|)``: see quantities.QUANTITY_RE)
DATE_RE = re.compile(
    rf"(?<![\d农历腊正闰])(?:{_Y}|)(?<![\d]){_M}{_D}\s*(?:[日号]\s*|)(?:(?:[-—–~～至到])\s*{_D2}\s*|)[日号]"
)
#: the characters of a date candidate's numeral run
_CAND_NUMERALS = "0123456789*xX〇零○一二三四五六七八九十元"
#: where a date may start (a numeral run before 年 or 月): one character class first, so the
#: scan skips ahead fast; DATE_RE is then matched at each candidate
_DATE_CAND = re.compile(rf"[{re.escape(_CAND_NUMERALS)}]{{1,4}}\s*[年月]")
_MORE_DAY = re.compile(
    r"\s*[、和及,，]\s*(?P<d>[0-9]{1,2}|[xX]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*[日号]"
)
_LUNAR_BEFORE = ("农历", "阴历")
#: year, month and day run together in figures before 日 (截至20221230日, as typed without
#: the 年/月 a form field added): eight figures that read as a valid year, month and day
_FUSED = re.compile(
    r"(?<![0-9])(?P<y>(?:19|20)[0-9]{2})(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12][0-9]|3[01])\s*[日号]"
)


def _part(token: str | None) -> int | None:
    if token is None:
        return None
    if token.isdigit():
        return int(token)
    if token == "元":
        return 1  # 元月, January
    value = chinese_to_number(token)
    return int(value) if isinstance(value, int) else None


def _is_placeholder(*tokens: str | None) -> bool:
    for t in tokens:  # noqa: SIM110 - a plain loop, no generator (a hot path)
        if t is not None and ("x" in t or "X" in t or "*" in t):
            return True
    return False


#: "00" … "99": a month's or day's two digits by table (``f"{n:02d}"`` is a generic format call)
_TWO_DIGITS: Final = tuple(f"{n:02d}" for n in range(100))


def _iso(year: int | None, month: int, day: int) -> str:
    if not (0 <= month < 100 and 0 <= day < 100 and (not year or 1000 <= year <= 9999)):
        return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    mm, dd = _TWO_DIGITS[month], _TWO_DIGITS[day]
    return f"{year}-{mm}-{dd}" if year else f"--{mm}-{dd}"


#: the characters a date candidate (:data:`_DATE_CAND`) is made of, besides spaces
_CAND_CHARS = frozenset(_CAND_NUMERALS + "年月")


def _date_window(text: str, first_month: int) -> int:
    """Where the candidate scan may start. Every date holds a 月, and a date, like a
    candidate, is one run of candidate characters and spaces up to its 月; so nothing before
    the run that leads up to the first 月 can start one, and no candidate reaches across the
    run's start: a scan from there finds the candidates a scan of the whole line finds."""
    start = first_month
    while start and (text[start - 1] in _CAND_CHARS or text[start - 1].isspace()):
        start -= 1
    return start


#: what joins the two ends of a range of dates
_RANGE_TO = re.compile(r"\s*(?:[-—–~～至到]|一直到)\s*")


def _range_end(text: str, pos: int, year: int | None, month: int, day: int) -> tuple[int, str] | None:
    """(end, iso) of a second full date (its own month, maybe its own year) joined to the date
    ending at ``pos`` by 至/到/—, when it falls after it; None otherwise."""
    join = _RANGE_TO.match(text, pos)
    if join is None:
        return None
    m = DATE_RE.match(text, join.end())
    if m is None or m.group("d2") is not None or _is_placeholder(m.group("y"), m.group("m"), m.group("d")):
        return None
    y_tok = m.group("y")
    year2 = year_digits(y_tok) if y_tok else year
    month2, day2 = _part(m.group("m")), _part(m.group("d"))
    if month2 is None or day2 is None or not (1 <= month2 <= 12 and 1 <= day2 <= 31):
        return None
    if year is None and y_tok:
        return None  # (a year only on the second end: no range a reader would write)
    if (year2 or 0, month2, day2) <= (year or 0, month, day):
        return None
    return m.end(), _iso(year2, month2, day2)


def find_dates_in_line(line: NormLine) -> list[DateMention]:
    text = line.text
    first_month = text.find("月")
    if first_month < 0:
        return []
    out: list[DateMention] = []
    consumed = 0
    # candidates end in 年 or 月, and a date ends after its 月: none past the last 月 counts
    end = text.rfind("月") + 1
    for cand in _DATE_CAND.finditer(text, _date_window(text, first_month), end):
        if cand.start() < consumed:
            continue
        m = DATE_RE.match(text, cand.start())
        if m is None:
            continue
        consumed = m.end()
        if text[max(0, m.start() - 2) : m.start()] in _LUNAR_BEFORE:
            continue
        y_tok, m_tok, d_tok, d2_tok = m.group("y", "m", "d", "d2")  # (one call, not four)
        placeholder = _is_placeholder(m_tok, d_tok, d2_tok)
        iso: str | None = None
        month = _part(m_tok)
        if not placeholder:
            day, day2 = _part(d_tok), _part(d2_tok)
            if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
                continue
            year = year_digits(y_tok) if y_tok and not _is_placeholder(y_tok) else None
            iso = _iso(year, month, day)
            if d2_tok is not None:
                if day2 is None or not (day < day2 <= 31):
                    continue
                iso = f"{iso}/{_iso(year, month, day2)}"
            else:
                until = _range_end(text, m.end(), year, month, day)
                if until is not None:  # 9月4日至10月8日: one range across months
                    out.append(_mention(line, m.start(), until[0], f"{iso}/{until[1]}", False))
                    consumed = until[0]
                    continue
        out.append(_mention(line, m.start(), m.end(), iso, placeholder))
        # more days of the same month listed after it: x月xx日、xx日
        pos = m.end()
        while more := _MORE_DAY.match(text, pos):
            d_tok = more.group("d")
            ph = placeholder or _is_placeholder(d_tok)
            day = _part(d_tok)
            if not ph and (month is None or day is None or not 1 <= day <= 31):
                break
            more_iso = None if ph else _iso(None, month or 0, day or 0)
            out.append(_mention(line, more.start("d"), more.end(), more_iso, ph))
            pos = consumed = more.end()
    return out


def _mention(line: NormLine, start: int, end: int, iso: str | None, placeholder: bool) -> DateMention:
    s, e = line.orig_span(start, end)
    return DateMention(line.lineno, s, line.original[s:e], iso, placeholder)


def _fused_dates(line: NormLine) -> list[DateMention]:
    """Dates written as eight figures before 日 (:data:`_FUSED`)."""
    out: list[DateMention] = []
    for m in _FUSED.finditer(line.text):
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        out.append(_mention(line, m.start(), m.end(), iso, False))
    return out


def _may_hold_fused(text: str) -> bool:
    """Whether some 日 or 号 of ``text`` has eight digits before it (spaces between allowed):
    False means :data:`_FUSED` cannot match. Found from each 日/号 backwards (literal finds),
    where the pattern's own search tests every character of the line."""
    return _digits_before(text, "日") or _digits_before(text, "号")


def _digits_before(text: str, mark: str) -> bool:
    """Whether some ``mark`` of ``text`` has eight digits before it (spaces between allowed)."""
    at = text.find(mark)
    while at >= 0:
        j = at
        while j and text[j - 1].isspace():
            j -= 1
        # (``isdigit`` takes more than [0-9]: a superset is enough for a prefilter)
        if j >= 8 and text[j - 8 : j].isdigit():
            return True
        at = text.find(mark, at + 1)
    return False


def find_dates(lines: list[NormLine], joined: str | None = None) -> list[DateMention]:
    """The dates of ``lines``; ``joined`` is their texts joined by newlines, if the caller has it."""
    out: list[DateMention] = []
    # the fused-date prefilter over all the lines at once first (a few finds in all, not two a
    # line; a superset of the lines', as its space skip may cross a line break)
    fused = _may_hold_fused("\n".join([line.text for line in lines]) if joined is None else joined)
    for line in lines:
        text = line.text
        found = find_dates_in_line(line) if "月" in text else []  # a date has a month, or:
        if fused and _may_hold_fused(text) and _FUSED.search(text):
            found = sorted(found + _fused_dates(line), key=lambda d: d.char)
        out.extend(found)
    return out
