"""Chinese numerals through cn2an, with its traps guarded (STACK.md)."""

from __future__ import annotations

import cn2an
import pytest

from zongjie.extraction import extract_text
from zongjie.extraction.numerals import chinese_digit_range, chinese_to_number, parse_number, year_digits


@pytest.mark.parametrize(
    ("token", "value"),
    [
        ("十四", 14),
        ("两", 2),
        ("二十六", 26),
        ("一千五百", 1500),
        ("一万五千", 15000),
        ("一百零八", 108),
        ("三十", 30),
        ("十", 10),
        ("三千余", 3000),  # cn2an fails on 三千余 in every mode: 余 is stripped first
        ("两万", 20000),
    ],
)
def test_chinese_numerals(token, value):
    assert chinese_to_number(token) == value


@pytest.mark.parametrize("token", ["五一", "一二", "百", "万", "", "十x"])
def test_not_numerals(token):
    assert chinese_to_number(token) is None


def test_trap_liang_rejected_by_strict_mode_is_read_as_two():
    with pytest.raises(ValueError):
        cn2an.cn2an("两", "strict")
    assert parse_number("两") == 2


def test_trap_fullwidth_digits_give_ints_not_floats():
    assert cn2an.cn2an("１２", "smart") == 12.0  # the trap
    value = parse_number("１２")
    assert value == 12 and isinstance(value, int)


def test_trap_mixed_wan_without_smart_mode():
    assert parse_number("1.5万") == 15000
    assert parse_number("3000余") == 3000
    assert parse_number("2,350") == 2350


def test_trap_transform_is_never_applied_to_running_text():
    # cn2an.transform("两三个") gives "23个"; the extractor reads a range 2-3
    assert "23" in cn2an.transform("两三个", "cn2an")
    (q,) = extract_text("参加的有两三个单位", "t").quantities
    assert (q.value, q.range, q.unit) == (None, (2, 3), "个")
    assert extract_text("全国两会精神传达到位", "t").quantities == []
    assert extract_text("一位年过半百的老同志", "t").quantities[0].text == "一位"


def test_digit_range_and_years():
    assert chinese_digit_range("两三") == (2, 3)
    assert chinese_digit_range("七八") == (7, 8)
    assert chinese_digit_range("五一") is None
    assert year_digits("二〇一四") == 2014
    assert year_digits("二○二二") == 2022


def test_place_value_reading_agrees_with_cn2an():
    """The common numerals are read without cn2an; over 1…99999 (and a sample of larger
    ones) the reading equals cn2an's, which stays the judge of the rare forms."""
    import cn2an

    from zongjie.extraction.numerals import _place_value, chinese_to_number

    for n in [*range(1, 100_000), *range(100_000, 100_000_000, 9_973)]:
        assert _place_value(cn2an.an2cn(n)) == n
    assert chinese_to_number("一百十") == 110  # not the standard form: cn2an reads it
    assert _place_value("一百十") is None and _place_value("五一") is None and _place_value("百") is None


def test_cn2an_is_not_imported_for_common_numerals():
    import subprocess
    import sys

    code = (
        "import sys; from zongjie.extraction import extract_text;"
        "extract_text('共发稿件一千五百篇，其中十四篇、三百零五篇。');"
        "print('cn2an' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_figures_between_place_words():
    # d200: 1万2千 is 12,000 (and 3万5千5百 35,500); plain figures and decimals are untouched
    from zongjie.extraction.numerals import parse_number

    assert parse_number("1万2千") == 12000
    assert parse_number("3万5千5百") == 35500
    assert parse_number("1.5万") == 15000
    assert parse_number("2,350") == 2350
