from datetime import date

import pytest

from zongjie.ledger.models import Period
from zongjie.ledger.periods import PeriodCodeError, parse_period


@pytest.mark.parametrize(
    ("code", "start", "end", "name"),
    [
        ("2026H1", date(2026, 1, 1), date(2026, 6, 30), "2026年上半年"),
        ("2026h2", date(2026, 7, 1), date(2026, 12, 31), "2026年下半年"),
        ("2026", date(2026, 1, 1), date(2026, 12, 31), "2026年"),
        ("2026Q1", date(2026, 1, 1), date(2026, 3, 31), "2026年第一季度"),
        ("2024M02", date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
    ],
)
def test_parse_period(code, start, end, name):
    span = parse_period(code)
    assert (span.start, span.end, span.name) == (start, end, name)


def test_previous_and_same_period_last_year():
    assert parse_period("2026H1").previous().code == "2025H2"
    assert parse_period("2026H2").previous().code == "2026H1"
    assert parse_period("2026H1").same_period_last_year().code == "2025H1"
    assert parse_period("2026Q1").previous().code == "2025Q4"


@pytest.mark.parametrize("bad", ["2026H3", "26H1", "2026Q5", "半年", ""])
def test_bad_period_codes(bad):
    with pytest.raises(PeriodCodeError, match=r"无法识别|超出范围"):
        parse_period(bad)


def test_get_or_create_code(db):
    p = Period.objects.get_or_create_code("2026H1")
    assert (p.kind, p.start, p.end, p.due_date) == (
        "half",
        date(2026, 1, 1),
        date(2026, 6, 30),
        date(2026, 7, 10),
    )
    assert Period.objects.get_or_create_code("2026h1") == p


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("2026年上半年", "2026H1"),
        ("2026年下半年", "2026H2"),
        (" 2025 年 下半年 ", "2025H2"),
        ("2026年第三季度", "2026Q3"),
        ("2026年3月", "2026M03"),
        ("2026年", "2026"),
    ],
)
def test_parse_period_reads_the_names_the_pages_show(name, code):
    assert parse_period(name).code == code
    assert parse_period(parse_period(code).name).code == code
