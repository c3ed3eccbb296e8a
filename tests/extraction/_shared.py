"""Paths shared by the extraction tests: the repo's sibling folder ``shared/`` and test data."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED = REPO_ROOT / ".." / "shared"
SEED_TXT = SHARED / "000_774f85108288457a.txt"
SEED_GOLD = SHARED / "gold" / "seed.json"
SCORER = SHARED / "tools" / "score_extraction.py"
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
