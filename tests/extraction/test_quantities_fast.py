"""The quantities step's faster forms give exactly what their plain forms give.

``_clause_lead_end_by_loop`` (a loop back to the last clause delimiter, then the lead pattern)
against ``_CLAUSE_LEAD`` (one pattern whose ``.*`` backtracks to it); ``_item_bounds_by_table``
(a table of code points) against the same loop over a set of characters (the compiled build
runs these two, the interpreter the plain forms, faster there: both are compared, in either
build, and so are the functions that choose); ``_pre_qualifier`` (only the qualifiers ending
in the character before the number) against a search of all of them; the numeral patterns
written so that the regex engine rejects an alternative at its first character against their
plain forms. Compared at every position of the test documents and the seed (normalised lines)
and on generated text drawn mostly from the characters they look at.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.quantities import (
    _CLAUSE_LEAD,
    _CN_RUN,
    _NUM,
    _PRE_BY_LENGTH,
    _PRE_LAST_CHARS,
    _PRE_VETO,
    _TAIL_CHAR_TABLE,
    _TAIL_CHARS,
    _char_table,
    _clause_lead_end,
    _clause_lead_end_by_loop,
    _in_table,
    _item_bounds,
    _item_bounds_by_set,
    _item_bounds_by_table,
    _pre_qualifier,
)
from zongjie.extraction.read import read_bytes

DATA = Path(__file__).parent / "data"
SEED = Path(__file__).parents[2] / "src" / "zongjie" / "imports" / "seed"
LINES = [
    line.text
    for path in [*sorted(DATA.iterdir()), *sorted(SEED.glob("*.txt"))]
    for line in normalise_lines(list(read_bytes(path.read_bytes()).lines))
]

#: the plain forms (as they were written before the faster ones)
PLAIN_CN_RUN = "[零〇一二两三四五六七八九十百千]+(?:[万亿][零〇一二两三四五六七八九十百千]+)*"
PLAIN_NUM = (
    rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9,])(?:\.[0-9]+|)|[0-9]+(?:\.[0-9]+|)"
    rf"|[xX0-9]*[xX][xX0-9]*(?:\.[xX0-9]+|)|{PLAIN_CN_RUN}|万"
)

_TEXT = st.text(
    alphabet=st.sampled_from(
        list(
            "不少于将近约超过逾至多最0123456789xX.,零〇一二两三四五六七八九十百千万亿个人年 \t，,。；;：:！!？?、()（）“”(其中共累计并还已我市有达为了约近各"
        )
    ),
    max_size=60,
)


def _plain_lead_end(text: str, start: int) -> int:
    m = _CLAUSE_LEAD.match(text, start - 24 if start > 24 else 0, start)
    assert m is not None
    return m.end()


def _plain_pre_qualifier(text: str, num_start: int) -> tuple[str | None, int]:
    if not num_start or text[num_start - 1] not in _PRE_LAST_CHARS:
        return None, num_start
    pre = next((p for p in _PRE_BY_LENGTH if text.startswith(p, num_start - len(p))), None)
    if pre is None:
        return None, num_start
    start = num_start - len(pre)
    if start > 0 and text[start - 1] in _PRE_VETO.get(pre, ""):
        return None, num_start
    return pre, start


def _check_line(text: str) -> None:
    for p in range(len(text) + 1):
        if p < len(text):  # (called before a number, never at the end of a line)
            assert _pre_qualifier(text, p) == _plain_pre_qualifier(text, p), (text, p)
        lead = _plain_lead_end(text, p)
        assert _clause_lead_end_by_loop(text, p) == lead and _clause_lead_end(text, p) == lead, (text, p)
        for e in (p, min(len(text), p + 3)):
            bounds = _item_bounds_by_set(text, p, e)
            assert _item_bounds_by_table(text, p, e) == bounds and _item_bounds(text, p, e) == bounds, (
                text,
                p,
                e,
            )


def test_documents_every_position():
    assert len(LINES) > 300
    for text in LINES:
        _check_line(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_generated_text(text):
    _check_line(text)


def test_a_delimiter_and_connectives_are_found_and_skipped():
    text = "全年，其中累计开展活动12场"
    assert _clause_lead_end_by_loop(text, text.index("12")) == text.index("开展")
    # no delimiter within 24 characters: the clause starts 24 characters back
    text = "开" * 30 + "12场"
    assert _clause_lead_end_by_loop(text, 30) == 6


def test_char_table():
    table = _char_table("，a")
    assert _in_table(table, "x，", 1) and _in_table(table, "a", 0)
    assert not _in_table(table, "b", 0) and not _in_table(table, "\U00020000", 0)
    assert all(_in_table(_TAIL_CHAR_TABLE, ch, 0) for ch in _TAIL_CHARS)
    assert not _in_table(_TAIL_CHAR_TABLE, "开", 0)


def _numerals(text: str) -> None:
    fast, plain = re.compile(_NUM), re.compile(PLAIN_NUM)
    fast_cn, plain_cn = re.compile(_CN_RUN), re.compile(PLAIN_CN_RUN)
    for p in range(len(text) + 1):
        a, b = fast.match(text, p), plain.match(text, p)
        assert (a and a.span()) == (b and b.span()), (text, p)
        a, b = fast_cn.match(text, p), plain_cn.match(text, p)
        assert (a and a.span()) == (b and b.span()), (text, p)


def test_numeral_patterns_on_documents():
    for text in LINES:
        _numerals(text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_numeral_patterns_generated(text):
    _numerals(text)
