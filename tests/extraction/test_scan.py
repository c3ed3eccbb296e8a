"""The class-table scans (extraction.scan) give exactly what the regex scans they replace give.

Each is compared with its pattern's own ``finditer`` on the repository's documents (normalised,
articles joined as the pipeline joins them) and on generated text drawn mostly from the
characters the patterns care about, so that runs, backtracking and overlaps come up often.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie.extraction.lexicon import FIXED_PHRASES
from zongjie.extraction.normalise import _FW_MAP, _FW_RE, _fullwidth_to_ascii
from zongjie.extraction.pipeline import iter_normalised
from zongjie.extraction.quantities import _CANDIDATE_JOINED, _EXCLUDED_RE, _QUOTED
from zongjie.extraction.read import read_bytes
from zongjie.extraction.scan import (
    _CLASS_RES,
    QUOTE_OPENS,
    classify,
    excluded_starts,
    inline_starts,
    matches_from,
    number_runs,
)
from zongjie.extraction.split import split_articles
from zongjie.extraction.structure import _INLINE_CANDIDATE

DATA = Path(__file__).parent / "data"


def _articles() -> list[str]:
    """Every article of the test documents, normalised, its lines joined by newlines."""
    out = []
    for path in sorted(DATA.iterdir()):
        lines = read_bytes(path.read_bytes()).lines
        for article in split_articles(iter_normalised(lines)):
            out.append("\n".join(line.text for line in article.lines))
    return out


ARTICLES = _articles()

# what the scans look at, and what surrounds it in these texts
_ALPHABET = (
    "0123456789xX.,零〇一二两三四五六七八九十百千万亿余多来个人次篇场项元年月第章部分"
    '-—~至到 \t\u3000\n。!?:;、，()（）①②⑴⒈“”《》‘’「」『』"其中一把手人手一事一议文明'
)
# whole fixed phrases and heading markers after spaces too, which random characters would
# hardly ever spell
_TOKENS = [
    *_ALPHABET,
    *sorted(FIXED_PHRASES),
    "一、",
    "二、",
    "1、",
    "2.",
    "(1)",
    "(一)",
    "第二部分",
    " ",
    "\u3000 ",
]
texts = (
    st.text(alphabet=st.sampled_from(_ALPHABET), max_size=60)
    | st.lists(st.sampled_from(_TOKENS), max_size=25).map("".join)
    | st.text(max_size=30)
)


def _candidate_starts(text: str) -> list[int]:
    return [m.start() for m in _CANDIDATE_JOINED.finditer(text)]


def _spans(matches) -> list[tuple[int, int]]:
    return [m.span() for m in matches]


def test_quote_opens_cover_every_quotation_branch():
    # the scan tries quotations only where one of QUOTE_OPENS stands: a branch added to the
    # quotation pattern with another opening mark would silently never be tried
    opens = {branch.removeprefix("\\")[0] for branch in _QUOTED.pattern.split("|")}  # (\" is ")
    assert opens == set(QUOTE_OPENS)


def test_the_documents_give_articles_to_compare():
    assert len(ARTICLES) >= 9
    assert sum(len(_candidate_starts(a)) for a in ARTICLES) > 100
    assert sum(len(list(_EXCLUDED_RE.finditer(a))) for a in ARTICLES) > 10
    assert sum(len(list(_INLINE_CANDIDATE.finditer(a))) for a in ARTICLES) > 5


@pytest.mark.parametrize("index", range(len(ARTICLES)))
def test_scans_equal_the_patterns_on_the_documents(index):
    text = ARTICLES[index]
    tc = classify(text)
    assert number_runs(tc) == _candidate_starts(text)
    assert _spans(matches_from(_EXCLUDED_RE, text, excluded_starts(tc))) == _spans(
        _EXCLUDED_RE.finditer(text)
    )
    assert _spans(matches_from(_INLINE_CANDIDATE, text, inline_starts(tc))) == _spans(
        _INLINE_CANDIDATE.finditer(text)
    )


@settings(max_examples=400, deadline=None)
@given(texts)
def test_number_runs_equal_the_candidate_pattern(text):
    assert number_runs(classify(text)) == _candidate_starts(text)


def test_number_runs_give_back_to_a_hundred_or_a_thousand():
    # 百 and 千 both continue a figure and may follow one (百分之, 千米): a run that nothing
    # may follow backs off to them (三百啊: 三 before 百; 一百 at the end: 一 before 百)
    assert number_runs(classify("三百啊二千克一百")) == _candidate_starts("三百啊二千克一百") == [0, 3, 6]
    assert number_runs(classify("三二啊")) == _candidate_starts("三二啊") == []
    assert number_runs(classify("3,5人")) == _candidate_starts("3,5人") == [0]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_excluded_starts_find_every_quotation_and_phrase(text):
    found = matches_from(_EXCLUDED_RE, text, excluded_starts(classify(text)))
    assert _spans(found) == _spans(_EXCLUDED_RE.finditer(text))


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(min_value=0, max_value=20))
def test_inline_starts_find_every_inline_candidate(text, start):
    start = min(start, len(text))
    found = matches_from(_INLINE_CANDIDATE, text, inline_starts(classify(text), start))
    expected = [m for m in _INLINE_CANDIDATE.finditer(text) if m.start() >= start]
    # no candidate crosses a line break, so one that starts before ``start`` on the same line
    # would be lost: the pipeline only starts where a line does
    if start == 0 or text[start - 1] == "\n":
        assert _spans(found) == _spans(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_classes_of_every_character_are_the_patterns_classes(text):
    """Also past U+FFFF (``\\d`` takes digits of every plane) and for lone surrogates."""
    flags = classify(text).flags
    for i, ch in enumerate(text):
        assert flags[i] == sum(bit for bit, pattern in _CLASS_RES if pattern.match(ch))


def test_classes_past_the_basic_plane_and_of_lone_surrogates():
    text = "1\U0001d7ce\ud800\udc00一"
    flags = classify(text).flags
    assert len(flags) == 5
    assert flags[1] == sum(bit for bit, p in _CLASS_RES if p.match("\U0001d7ce")) != 0  # a digit
    assert flags[2] == flags[3] == 0


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=40)
    | st.text(alphabet=st.sampled_from("０１９ａＺ（）：；！？，\u3000﹒∶﹕․x\ud800\udc00"), max_size=30)
)
def test_fullwidth_table_equals_the_regex(text):
    assert _fullwidth_to_ascii(text) == _FW_RE.sub(lambda m: _FW_MAP[m.group()], text)


def test_inline_starts_look_past_spaces():
    text = "完成。 \u30001、宣传;  (二)工作"
    expected = _spans(_INLINE_CANDIDATE.finditer(text))
    assert len(expected) == 2
    assert _spans(matches_from(_INLINE_CANDIDATE, text, inline_starts(classify(text)))) == expected


def test_matches_from_skips_starts_inside_a_match():
    pattern = re.compile("ab+")
    assert _spans(matches_from(pattern, "abbbab", [0, 1, 2, 4])) == [(0, 4), (4, 6)]


def test_first_plane_is_every_code_point_below_u10000_in_order():
    from zongjie.extraction import scan

    assert "".join(map(chr, range(0x10000))) == scan._FIRST_PLANE


def test_class_table_is_each_class_found_over_the_whole_plane():
    """The table read off the characters of any class equals each class's own scan of every
    code point below U+10000 (and the inline spaces their own)."""
    import re

    import numpy as np

    from zongjie.extraction import scan
    from zongjie.extraction.normalise import INLINE_SPACE_CLASS

    plane = "".join(map(chr, range(0x10000)))
    expected = np.zeros(0x10000, dtype=np.uint8)
    for bit, body in scan._CLASSES:
        expected[[m.start() for m in re.finditer(f"[{body}]", plane)]] |= bit
    assert (expected == scan._TABLE).all()
    assert frozenset(re.findall(f"[{INLINE_SPACE_CLASS}]", plane)) == scan._INLINE_SPACES
