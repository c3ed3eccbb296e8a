"""Paths shared by the extraction tests: the seed, its gold labels, the scorer (tests/data) and test data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_DATA = REPO_ROOT / "tests" / "data"
SEED_TXT = REPO_ROOT / "src" / "zongjie" / "imports" / "seed" / "000_774f85108288457a.txt"
SEED_GOLD = TEST_DATA / "gold" / "seed.json"
SCORER = TEST_DATA / "tools" / "score_extraction.py"
DATA = Path(__file__).resolve().parent / "data"


def load_scorer():
    """The project's scorer module, imported by path."""
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def f1(counts: tuple[int, int, int]) -> float:
    n_gold, n_pred, n_hit = counts
    if n_gold == 0 and n_pred == 0:
        return 1.0
    p = n_hit / n_pred if n_pred else 0.0
    r = n_hit / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0
