"""Step 7: dates."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
        # d146 (大通街道): 元月 is January
        ("今年元月28日在蛇年新春佳节", [("元月28日", "--01-28", False, 2)]),
        ("2014年元月5日", [("2014年元月5日", "2014-01-05", False, 0)]),
    ],
)
def test_dates(text, expected):
    assert _d(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1至6月",
        "截止到5月份",
        "正月初一",
        "元宵节",
        "农历八月十五日",
        "13月40日",
        "五.一二护士节",
        "奖励500元月度之星",
    ],
)
def test_not_dates(text):
    assert _d(text) == []


def test_offsets_survive_pinyin_artefacts():
    text = "網(wǎng)絡會議於6月24日召開"
    (line,) = normalise_lines([text])
    (d,) = find_dates_in_line(line)
    assert text[d.char : d.char + len(d.text)] == "6月24日" and d.iso == "--06-24"


# --- the candidate scan starts near the first 月 (dates._date_window) and stops at the last ---


def _date_spans(text: str, window: bool) -> list[tuple[int, int]]:
    """Spans of the DATE_RE matches tried at each candidate (as find_dates_in_line does),
    the candidates scanned over the whole line or only over the window around its 月."""
    from zongjie.extraction.dates import _DATE_CAND, DATE_RE, _date_window

    first = text.find("月")
    if first < 0:
        return []
    bounds = (_date_window(text, first), text.rfind("月") + 1) if window else (0, len(text))
    spans, consumed = [], 0
    for cand in _DATE_CAND.finditer(text, *bounds):
        if cand.start() < consumed:
            continue
        m = DATE_RE.match(text, cand.start())
        if m is not None:
            consumed = m.end()
            spans.append(m.span())
    return spans


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "2014",
                "二〇一四",
                "xx",
                "6",
                "十二",
                "三",
                "年",
                "月",
                "日",
                "号",
                " ",
                "　",
                "至",
                "-",
                "、",
                "和",
                "农历",
                "的",
                "会",
                "第",
            ]
        ),
        max_size=30,
    )
)
def test_the_window_finds_what_the_whole_line_scan_finds(pieces):
    text = "".join(pieces)
    assert _date_spans(text, window=True) == _date_spans(text, window=False)


def _all(text: str):
    from zongjie.extraction.dates import find_dates

    return [(d.text, d.iso, d.char) for d in find_dates(normalise_lines([text]))]


def test_year_month_day_run_together_before_ri():
    # d53: the 年 and 月 of a form field lost; the months 20221月 / 202212月 stay no dates
    text = "20221月至202212月,“方志上海”共推送90期。截至20221230日,关注人数近2万人。"
    assert _all(text) == [("20221230日", "2022-12-30", text.index("2022123"))]


@pytest.mark.parametrize("text", ["编号20221330日", "2022123日", "电话13920221230日", "20221200日"])
def test_figures_before_ri_that_are_no_date(text):
    assert _all(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d63: one range across months
        ("从9月4日至10月8日共开展服务35天", [("9月4日至10月8日", "--09-04/--10-08", 1)]),
        ("2022年1月1日至6月30日", [("2022年1月1日至6月30日", "2022-01-01/2022-06-30", 0)]),
        ("2021年12月20日至2022年1月5日", [("2021年12月20日至2022年1月5日", "2021-12-20/2022-01-05", 0)]),
    ],
)
def test_a_range_of_two_full_dates_is_one(text, expected):
    assert _all(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # backwards, or two dates in a list: two dates, no range
        ("10月8日至9月4日", [("10月8日", "--10-08", 0), ("9月4日", "--09-04", 6)]),
        ("1月9日、2月3日", [("1月9日", "--01-09", 0), ("2月3日", "--02-03", 5)]),
    ],
)
def test_dates_that_make_no_range(text, expected):
    assert _all(text) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["2", "0", "1", "9", "3", "12", "2014", "0702", "日", "号", " ", "\u3000", "\t", "年", "x", "a"]
        ),
        max_size=24,
    )
)
def test_the_fused_prefilter_never_hides_a_fused_date(pieces):
    from zongjie.extraction.dates import _FUSED, _may_hold_fused

    text = "".join(pieces)
    if _FUSED.search(text):
        assert _may_hold_fused(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("截至20221230日", True),
        ("截至20221230 \u3000号", True),
        ("截至2022123日", False),
        ("今日召开", False),
        ("日期20221230", False),
    ],
)
def test_the_fused_prefilter(text, expected):
    from zongjie.extraction.dates import _may_hold_fused

    assert _may_hold_fused(text) is expected


def test_iso_by_table_is_the_formatted_date():
    from zongjie.extraction.dates import _iso

    for year in (None, 0, 1, 999, 1000, 2014, 9999, 10000, -5):
        for month in (0, 1, 9, 10, 12, 99, 100, 123):
            for day in (0, 1, 31, 99, 100):
                expected = f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
                assert _iso(year, month, day) == expected


def test_dates_with_the_joined_text_as_without():
    from zongjie.extraction.dates import find_dates

    lines = normalise_lines(["截至20221230", "日，共有5人。", "2014年7月2日召开，截至20221230日止。"])
    joined = "\n".join(line.text for line in lines)

    def found(*args):
        return [(d.line, d.text, d.iso, d.char) for d in find_dates(lines, *args)]

    assert (
        found()
        == found(joined)
        == [(3, "2014年7月2日", "2014-07-02", 0), (3, "20221230日", "2022-12-30", 14)]
    )
    # the joined text's prefilter is a superset (the figures of line 1 before the 日 of line
    # 2 pass it): each line is still looked at on its own, and a date split over two is none
    lines = lines[:2]
    joined = "\n".join(line.text for line in lines)
    assert found() == found(joined) == []
