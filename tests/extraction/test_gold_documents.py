"""Hand-labelled documents (tests/extraction/gold/NAME.json over data/NAME.*), scored with
the project's scorer: shapes the seed does not have (Simplified full-width text, 第一部分,
a five-level outline, a flattened body, Big5, two unmarked documents in one file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zongjie.extraction import extract_path

from ._shared import DATA, f1, load_scorer

GOLD = Path(__file__).resolve().parent / "gold"
NAMES = sorted(p.stem for p in GOLD.glob("*.json"))


def _data_path(name: str) -> Path:
    (path,) = [p for p in DATA.glob(name + ".*")]
    return path


def test_there_are_gold_documents():
    assert len(NAMES) >= 5


@pytest.mark.parametrize("name", NAMES)
def test_gold_document_every_kind_f1_1(name):
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    pred = extract_path(_data_path(name)).to_json_dict()
    counts = load_scorer().score(gold, pred)
    assert {kind: round(f1(c), 4) for kind, c in counts.items()} == dict.fromkeys(counts, 1.0), counts


@pytest.mark.parametrize("name", NAMES)
def test_gold_text_is_the_input_at_char_offset(name):
    """The gold files themselves: every labelled text is where its line and char say."""
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    raw = _data_path(name).read_bytes()
    text = raw.decode("utf-8") if name.endswith("utf8") else raw.decode("cp950")
    lines = text.split("\n")
    for kind in ("quantities", "dates"):
        for item in gold[kind]:
            assert lines[item["line"] - 1][item["char"] :].startswith(item["text"]), item
