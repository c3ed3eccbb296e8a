"""The whole pipeline on the seed file, scored by the project's scorer."""

from __future__ import annotations

import json

import pytest

from zongjie.extraction import extract_path

from ._shared import SEED_GOLD, SEED_TXT, f1, load_scorer


@pytest.fixture(scope="module")
def scored():
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
    pred = extract_path(SEED_TXT).to_json_dict()
    return load_scorer().score(gold, pred), pred


def test_seed_overall_f1_at_least_095(scored):
    counts, _ = scored
    macro = sum(f1(c) for c in counts.values()) / len(counts)
    assert macro >= 0.95, counts


def test_seed_quantities_f1_at_least_095(scored):
    counts, _ = scored
    assert f1(counts["quantities"]) >= 0.95, counts["quantities"]


def test_seed_every_kind_at_least_090(scored):
    counts, _ = scored
    for kind, c in counts.items():
        assert f1(c) >= 0.90, (kind, c)


def test_seed_output_schema(scored):
    _, pred = scored
    assert list(pred) == ["doc", "articles", "headings", "quantities", "breakdowns", "dates"]
    assert pred["doc"] == "000_774f85108288457a.txt"
    assert [a["start_line"] for a in pred["articles"]] == [1, 19, 70, 102, 169]
    assert pred["articles"][0]["title"] == "宣傳部201*年上半年工作總結及下半年工作計劃"


def test_seed_text_is_the_input_at_char_offset(scored):
    _, pred = scored
    lines = SEED_TXT.read_text(encoding="utf-8").split("\n")
    for kind in ("quantities", "dates"):
        for item in pred[kind]:
            line = lines[item["line"] - 1]
            assert line[item["char"] : item["char"] + len(item["text"])] == item["text"], item
