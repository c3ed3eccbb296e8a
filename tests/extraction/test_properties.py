"""Property tests: nothing crashes; offsets and indices always hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zongjie.extraction import ExtractionError, extract_bytes, extract_text
from zongjie.extraction.errors import EmptyDocumentError

GENRE = list(
    "一二两三十百千万亿〇零0123456789１２xX余多近约共其中篇条次场期个人名家项元%％、，,。：:;（）()“”《》第年月日周-—\n 創(chuàng)網"
)
text_strategy = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from([*GENRE, "篇", "场次", "万元", "以上", "左右", "不少于", "一、", "（一）", "1、"]),
        max_size=120,
    ).map("".join),
)


def _check(result, text: str) -> None:
    lines = text.split("\n")
    for q in result.quantities:
        line = lines[q.line - 1].removesuffix("\r")
        assert line[q.char : q.char + len(q.text)] == q.text
        if q.placeholder or q.range is not None:
            assert q.value is None
        else:
            assert isinstance(q.value, int | float)
    for d in result.dates:
        line = lines[d.line - 1].removesuffix("\r")
        assert line[d.char : d.char + len(d.text)] == d.text
    n = len(result.quantities)
    for b in result.breakdowns:
        assert 0 <= b.total < n and b.parts and all(b.total < p < n for p in b.parts)
    for h in result.headings:
        assert h.level >= 1 and 1 <= h.line <= len(lines)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_strategy)
def test_any_text_never_crashes_and_offsets_hold(text):
    try:
        result = extract_text(text, "t")
    except EmptyDocumentError:
        assert not text.strip()
        return
    _check(result, text)
    assert result.to_json_dict()["doc"] == "t"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), text_strategy.map(lambda t: t.encode("utf-8"))))
def test_any_bytes_raise_only_extraction_errors(data):
    try:
        result = extract_bytes(data, "b")
    except ExtractionError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert result.articles
