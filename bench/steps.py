"""The per-article steps alone: quantities and headings over the bench input, in-process.

    .venv/bin/python bench/steps.py [--small] [REPEAT]        # CPU seconds, best of REPEAT (3)
    valgrind --tool=callgrind --toggle-collect=CPyDef_quantities___find_quantities \\
        .venv/bin/python bench/steps.py --callgrind [--small]  # instructions of the step alone

The 20 MB input of ``bench/extract.py`` (``$BENCH_INPUT``, default /tmp/zongjie_bench20.txt,
written when missing; ``--small``: its first tenth of the characters) is normalised and split
into articles, and each article's class table and walk are computed beforehand, as
``pipeline.extract_article`` does; then ``find_quantities`` and ``find_headings`` run over all
articles, taking turns (``--callgrind``: ``find_quantities`` once, nothing timed).
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extract
from zongjie.extraction import COMPILED
from zongjie.extraction.pipeline import iter_normalised
from zongjie.extraction.quantities import find_quantities
from zongjie.extraction.read import split_lines
from zongjie.extraction.scan import classify
from zongjie.extraction.split import split_articles
from zongjie.extraction.structure import find_headings


def main(argv: list[str]) -> int:
    path = Path(os.environ.get("BENCH_INPUT", "/tmp/zongjie_bench20.txt"))
    if not path.exists():
        path.write_text(extract.build_corpus(20), encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    if "--small" in argv:
        text = text[: len(text) // 10]
    prepared = []
    for article in split_articles(iter_normalised(split_lines(text))):
        body = article.lines
        classes = classify("\n".join([line.text for line in body])) if body else None
        if classes is not None:
            classes.starts()
        prepared.append((article, body, classes))
    gc.disable()

    def quantities() -> int:
        return sum(len(find_quantities(body, classes)) for _, body, classes in prepared)

    def headings() -> None:
        for article, _, classes in prepared:
            find_headings(article, classes)

    if "--callgrind" in argv:
        print(quantities(), "quantities")
        return 0
    repeat = next((int(a) for a in argv if a.isdigit()), 3)
    best = {"quantities": float("inf"), "headings": float("inf")}
    for _ in range(repeat):
        for name, step in (("quantities", quantities), ("headings", headings)):
            t0 = time.process_time()
            step()
            best[name] = min(best[name], time.process_time() - t0)
    print(
        f"{'mypyc build' if COMPILED else 'pure Python'}: {len(prepared)} articles, {quantities()} quantities; "
        f"CPU best of {repeat}: quantities {best['quantities']:.3f} s, headings {best['headings']:.3f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
