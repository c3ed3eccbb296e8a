"""Step 7: dates."""

from __future__ import annotations

import pytest

from zongjie.extraction.dates import find_dates_in_line
from zongjie.extraction.normalise import normalise_lines


def _d(text: str):
    (line,) = normalise_lines([text])
    return [(d.text, d.iso, d.placeholder, d.char) for d in find_dates_in_line(line)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇一四年七月二日", [("二〇一四年七月二日", "2014-07-02", False, 0)]),
        ("二○二二年十二月三十一日", [("二○二二年十二月三十一日", "2022-12-31", False, 0)]),
        ("2021年7月10日", [("2021年7月10日", "2021-07-10", False, 0)]),
        ("于1月9日刊发", [("1月9日", "--01-09", False, 1)]),
        ("于6月21-25日期间", [("6月21-25日", "--06-21/--06-25", False, 1)]),
        ("3月15日至17日举办", [("3月15日至17日", "--03-15/--03-17", False, 0)]),
        ("x月xx日、xx日,在广场", [("x月xx日", None, True, 0), ("xx日", None, True, 6)]),
        ("5月4日和6日", [("5月4日", "--05-04", False, 0), ("6日", "--05-06", False, 5)]),
        ("6月5号召开", [("6月5号", "--06-05", False, 0)]),
    ],
)
def test_dates(text, expected):
    assert _d(text) == expected


@pytest.mark.parametrize(
    "text", ["1至6月", "截止到5月份", "正月初一", "元宵节", "农历八月十五日", "13月40日", "五.一二护士节"]
)
def test_not_dates(text):
    assert _d(text) == []


def test_offsets_survive_pinyin_artefacts():
    text = "網(wǎng)絡會議於6月24日召開"
    (line,) = normalise_lines([text])
    (d,) = find_dates_in_line(line)
    assert text[d.char : d.char + len(d.text)] == "6月24日" and d.iso == "--06-24"
