"""Macro F1 per kind of ``zongjie extract`` on the seed and on the corpus's dev and held-back parts.

Runs the extractor in-process on each document, scores it with the owners' scorer
(tests/data/tools/score_extraction.py) against its gold labels, and prints one table
per set (gold, predicted, matched, P, R, F1 per kind; then the macro F1).

    PYTHONPATH=src .venv/bin/python bench/corpus_f1.py             # seed, dev, held_back
    PYTHONPATH=src .venv/bin/python bench/corpus_f1.py dev --verbose
    PYTHONPATH=src .venv/bin/python bench/corpus_f1.py --names d141,d142   # only these dev documents
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "data" / "corpus"
sys.path.insert(0, str(REPO / "tests" / "extraction"))


def corpus_sets() -> dict[str, list[tuple[Path, Path]]]:
    """{"seed" | "dev" | "held_back": [(document, gold), ...]}."""
    split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))
    seed = REPO / "src" / "zongjie" / "imports" / "seed" / "000_774f85108288457a.txt"
    sets = {"seed": [(seed, REPO / "tests" / "data" / "gold" / "seed.json")]}
    for part in ("dev", "held_back"):
        sets[part] = [(CORPUS / f"{name}.txt", CORPUS / "gold" / f"{name}.json") for name in split[part]]
    return sets


def score_set(pairs: list[tuple[Path, Path]], verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """Summed (gold, predicted, matched) per kind over the documents of one set."""
    from _shared import load_scorer

    from zongjie.extraction import extract_path

    scorer = load_scorer()
    totals: dict[str, list[int]] = {}
    for doc, gold_path in pairs:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        if verbose:
            print(f"== {doc.name}")
        for kind, counts in scorer.score(gold, extract_path(doc).to_json_dict(), verbose).items():
            acc = totals.setdefault(kind, [0, 0, 0])
            for i, c in enumerate(counts):
                acc[i] += c
    return {kind: (a[0], a[1], a[2]) for kind, a in totals.items()}


def main(argv: list[str]) -> None:
    from _shared import load_scorer

    verbose = "--verbose" in argv
    names = next((a.split("=", 1)[1] for a in argv if a.startswith("--names=")), None)
    if "--names" in argv:
        names = argv[argv.index("--names") + 1]
    sets = corpus_sets()
    if names:
        # A batch of new dev documents alone (its score before the batch's rules); never held_back.
        prefixes = tuple(n.strip() + "_" for n in names.split(","))
        batch = [pair for pair in sets["dev"] if pair[0].name.startswith(prefixes)]
        print(f"# dev documents {names} ({len(batch)} documents)")
        load_scorer().report({k: list(v) for k, v in score_set(batch, verbose).items()})
        return
    wanted = [a for a in argv if not a.startswith("--")] or ["seed", "dev", "held_back"]
    for name in wanted:
        print(f"# {name} ({len(sets[name])} documents)")
        load_scorer().report({k: list(v) for k, v in score_set(sets[name], verbose).items()})


if __name__ == "__main__":
    main(sys.argv[1:])
