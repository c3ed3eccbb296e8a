"""The genre corpus (tests/data/corpus): its labels are where they say, and the extractor's
macro F1 on the seed, the dev part and the held-back part stays above measured floors
(docs/benchmarks.md has the figures; bench/corpus_f1.py prints them)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from ._shared import REPO_ROOT, TEST_DATA, f1

CORPUS = TEST_DATA / "corpus"
SPLIT = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))

# Floors slightly under what the extractor reaches (bench/corpus_f1.py), per set: macro, quantities.
FLOORS = {"seed": (0.98, 0.98), "dev": (0.985, 0.998), "held_back": (0.98, 0.945)}


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_corpus_is_split_and_big_enough():
    names = {p.stem for p in CORPUS.glob("*.txt")}
    dev, held = set(SPLIT["dev"]), set(SPLIT["held_back"])
    assert len(names) >= 30 and dev | held == names and not dev & held and len(held) >= 10


def test_every_label_stands_where_it_says():
    checker = _load(TEST_DATA / "tools" / "check_gold.py", "check_gold")
    for gold_path in sorted((CORPUS / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        lines = (CORPUS / f"{gold_path.stem}.txt").read_text(encoding="utf-8").split("\n")
        assert checker.check(gold, lines) == [], gold_path.name


def test_checker_sees_a_misplaced_label():
    checker = _load(TEST_DATA / "tools" / "check_gold.py", "check_gold")
    gold = {"quantities": [{"line": 1, "char": 0, "text": "12次"}], "headings": [], "dates": []}
    assert checker.check(gold, ["学习12次。"]) != []
    gold["quantities"][0]["char"] = 2
    assert checker.check(gold, ["学习12次。"]) == []


@pytest.mark.parametrize("part", ["seed", "dev", "held_back"])
def test_macro_f1_floor(part):
    bench = _load(REPO_ROOT / "bench" / "corpus_f1.py", "corpus_f1")
    counts = bench.score_set(bench.corpus_sets()[part])
    per_kind = {kind: f1(c) for kind, c in counts.items()}
    macro = sum(per_kind.values()) / len(per_kind)
    floor_macro, floor_quantities = FLOORS[part]
    assert macro >= floor_macro and per_kind["quantities"] >= floor_quantities, per_kind
