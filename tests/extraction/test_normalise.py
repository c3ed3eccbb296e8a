"""Step 2: artefact removal, full-width, t2s — and the offset map back to the input."""

from __future__ import annotations

import bisect

from hypothesis import given, settings
from hypothesis import strategies as st

from zongjie.extraction.normalise import (
    _ARTEFACT_SPLIT,
    LAZY,
    NormLine,
    _bisect_right,
    _removal_map,
    normalise_lines,
    split_artefacts,
    strip_artefacts,
    t2s,
)


def test_pinyin_artefacts_removed_in_general():
    text, breaks = strip_artefacts("改革創(chuàng)新,實現(xiàn)經濟,網(wǎng)絡")
    assert text == "改革創新,實現經濟,網絡"
    assert breaks == ([3, 7, 11], [8, 14, 20])  # 新 is input offset 3 + 8 = 11
    (line,) = normalise_lines(["改革創(chuàng)新,實現(xiàn)經濟,網(wǎng)絡"])
    assert [line.orig_index(i) for i in (2, 3, 5, 7, 9, 11)] == [2, 11, 13, 21, 23, 31]


def test_brackets_without_tone_marks_are_kept():
    assert strip_artefacts("中心(試行)和(zhongxin)及(A)")[0] == "中心(試行)和(zhongxin)及(A)"


def test_inline_watermark_removed():
    line = "完成“三(本文來自公文素材庫:www.taixiivf.com)好一滿意”推薦"
    assert strip_artefacts(line)[0] == "完成“三好一滿意”推薦"
    assert strip_artefacts("评选（本文来自公文素材库：www.abc.com）工作")[0] == "评选工作"


def test_footer_lines_removed():
    assert strip_artefacts("來源:網絡整理 免責聲明:本文僅限學習分享")[0] == ""
    assert strip_artefacts("免责声明：本文来自网络")[0] == ""


def test_normalised_line_maps_back_to_input():
    (n,) = normalise_lines(["參與人數(shù)達xxxx余人，共１２場"], first_lineno=7)
    assert n.lineno == 7
    assert n.text == "参与人数达xxxx余人，共12场"
    start = n.text.index("xxxx")
    assert n.orig_text(start, start + 6) == "xxxx余人"
    assert n.orig_span(start, start + 6) == (10, 16)
    s = n.text.index("12场")
    assert n.orig_text(s, s + 3) == "１２場"


def test_placeholders_stay():
    (n,) = normalise_lines(["201*年xx縣xxx萬元"])
    assert n.text == "201x年xx县xxx万元"  # a withheld digit reads x, whatever stands for it


def test_lookalikes_read_as_numerals_and_placeholders():
    # d31 (二○○三年, U+25CB circles) and d04 (××人, 部长*人) of tests/data/corpus
    (n,) = normalise_lines(["二○○三年,現有人員××人,部長*人,○ 項目"])
    assert n.text == "二〇〇三年,现有人员xx人,部长x人,〇 项目"


def test_t2s_is_char_for_char_here():
    assert t2s("臺灣鐘頭兩個") == "台湾钟头两个"
    lines = ["網絡宣傳工作", "", "乾隆年間"]
    out = normalise_lines(lines)
    assert [len(n.text) for n in out] == [len(x) for x in lines]


# --- the fast artefact split (normalise.split_artefacts) equals the full pattern's split ---

#: pieces the artefact branches are made of, and near misses of them
_ARTEFACT_PIECES = [
    "創",
    "網",
    "(chuàng)",
    "(wǎng)",
    "( fā )",
    "(zhong)",
    "（wèi）",
    "(",
    ")",
    "（",
    "）",
    "本文来自",
    "本文來自",
    "本文",
    "公文素材库:",
    "www.example.com",
    "http://a.cn/x",
    " ",
    "，",
    "\n",
    "a",
    "。",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_ARTEFACT_PIECES), max_size=40))
def test_split_artefacts_equals_the_full_pattern(pieces):
    block = "".join(pieces)
    parts, block_map = split_artefacts(block)
    assert parts == _ARTEFACT_SPLIT.split(block)
    assert block_map == _removal_map(parts)


def test_split_artefacts_bare_watermark_after_a_removed_bracket():
    # the bracketed watermark is removed whole by the ASCII split; the bare one after it is not
    # inside a removal, so the full pattern must run (and removes it)
    block = "三(本文來自公文素材庫:www.a.com)好 本文来自网站www.b.com 一(yī)个"
    parts, _ = split_artefacts(block)
    assert parts == _ARTEFACT_SPLIT.split(block)
    assert "本文来自网站www.b.com" in parts[1::2]
    assert "(本文來自公文素材庫:www.a.com)" in parts[1::2]


def test_split_artefacts_bare_watermark_inside_a_removed_bracket():
    block = "三(本文來自公文素材庫:www.a.com)好一滿意"
    parts, block_map = split_artefacts(block)
    assert parts == ["三", "(本文來自公文素材庫:www.a.com)", "好一滿意"]
    assert block_map == ([1], [len("(本文來自公文素材庫:www.a.com)")])


def test_removal_map_counts_kept_and_removed_characters():
    # kept "ab", removed "(x)", kept "c", removed "(yy)", kept "": removals at stripped offsets
    # 2 and 3, after 3 and then 7 removed characters
    assert _removal_map(["ab", "(x)", "c", "(yy)", ""]) == ([2, 3], [3, 7])
    assert _removal_map(["no artefacts"]) is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(-5, 40), max_size=30), st.integers(-10, 50), st.data())
def test_bisect_right_is_the_library_one(values, x, data):
    values.sort()
    lo = data.draw(st.integers(0, len(values)))
    hi = data.draw(st.integers(lo, len(values)))
    assert _bisect_right(values, x, lo, hi) == bisect.bisect_right(values, x, lo, hi)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([p for p in _ARTEFACT_PIECES if p != "\n"]), max_size=12),
        min_size=1,
        max_size=8,
    )
)
def test_block_offsets_are_each_lines_own(lines_pieces):
    """A line normalised in a block maps its offsets back through the block's removal map
    (bounded to the line's own removals); the same line's own map (built from the line alone,
    :func:`artefact_breaks`) gives the same input offsets, whatever the lines around it removed
    (a removal at a line's very end included)."""
    lines = ["".join(pieces) for pieces in lines_pieces]
    for line in normalise_lines(lines):
        if line.breaks is None:  # nothing removed (or a footer line, blanked): offsets are the input's
            continue
        own = NormLine(line.lineno, line.original, line.text, LAZY)  # no block map
        n = len(line.text)
        for i in range(n + 1):
            assert line.orig_index(i) == own.orig_index(i)
            for j in range(i, n + 1):
                assert line.orig_span(i, j) == own.orig_span(i, j)
