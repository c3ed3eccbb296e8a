"""``ExtractionResult.json_text()`` (what ``zongjie extract --json`` writes) is exactly
``json.dumps(to_json_dict(), ensure_ascii=False, separators=(",", ":"))``, on every document
and on findings with every optional field, awkward strings and figures."""

from __future__ import annotations

import json

import pytest

from zongjie.extraction import (
    Article,
    Breakdown,
    DateMention,
    ExtractionResult,
    Heading,
    Quantity,
    extract_path,
)

from ._shared import DATA, SEED_TXT, TEST_DATA

DOCUMENTS = sorted(
    [SEED_TXT, *(p for p in DATA.iterdir() if p.is_file()), *(TEST_DATA / "corpus").glob("*.txt")]
)


def dumped(result: ExtractionResult) -> str:
    return json.dumps(result.to_json_dict(), ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_json_text_is_the_dumped_dict_on_every_document(path):
    try:
        result = extract_path(path)
    except Exception as exc:  # a document the reader refuses has no JSON to compare
        pytest.skip(f"refused: {exc}")
    assert result.json_text() == dumped(result)


AWKWARD = [
    "",
    'a"b',
    "back\\slash",
    "tab\there",
    "new\nline",
    "\x00\x1f\x7f",
    "\ud800 lone",
    "𠀀 外",
    "“引号”",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_json_text_on_every_optional_field_and_awkward_strings(text):
    result = ExtractionResult(doc=text or "d.txt")
    result.articles = [Article(title=text, start_line=1), Article(title="", start_line=9, end_line=12)]
    result.headings = [
        Heading(line=2, level=1, marker="一、", text=text),
        Heading(line=3, level=2, marker=text, text="x", char=7, inline=True),
    ]
    result.quantities = [
        Quantity(line=4, char=0, text=text, value=12, unit="篇", subject=text),
        Quantity(
            line=4, char=5, text="1.5万", value=15000.5, unit="人次", qualifier="over", placeholder=True
        ),
        Quantity(line=5, char=1, text="xx", value=None, unit="个", placeholder=True),
        Quantity(line=6, char=2, text="3-5", value=3, unit="场", range=(3, 5)),
        Quantity(line=6, char=9, text="0.5-1.25", value=0.5, unit="万", range=(0.5, 1.25)),
        Quantity(line=7, char=3, text="big", value=10**30, unit="元", qualifier="about"),
        Quantity(line=7, char=4, text="odd", value=float("inf"), unit="元", range=(float("nan"), -0.0)),
    ]
    result.breakdowns = [
        Breakdown(total=0, parts=[1, 2], consistent=True),
        Breakdown(total=3, parts=[], consistent=False),
        Breakdown(total=4, parts=[5], consistent=None),
    ]
    result.dates = [
        DateMention(line=8, char=0, text=text, iso="2014-07-02"),
        DateMention(line=8, char=4, text="x月x日", iso=None, placeholder=True),
    ]
    assert result.json_text() == dumped(result)


def test_json_text_of_an_empty_result():
    assert ExtractionResult(doc="").json_text() == dumped(ExtractionResult(doc=""))


def test_vocabulary_strings_escaped_once_and_the_store_bounded():
    from json.encoder import encode_basestring

    from zongjie.extraction import model

    words = [f'第{i}"\\\n篇' for i in range(model._VOCABULARY_MAX + 50)]
    for _ in range(2):  # the second time from the store, where it was kept
        assert [model._json_word(w) for w in words] == [encode_basestring(w) for w in words]
    assert len(model._VOCABULARY_JSON) <= model._VOCABULARY_MAX
