#!/usr/bin/env python3
"""Check hand-labelled gold files against their documents.

Usage:
    check_gold.py GOLD_DIR DOC_DIR      # every NAME.json in GOLD_DIR against DOC_DIR/NAME.txt

Every labelled quantity and date ``text`` must stand at its ``line``/``char`` in the
document (1-based line, 0-based char of the line as given); every heading's marker
must stand at its ``char`` (or open its line when it has none) with its ``text`` after
it; every article's ``start_line`` must be a line of the file; every breakdown's
indices must name quantities. Prints each failure and exits 1 if there was one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def check(gold: dict, lines: list[str]) -> list[str]:
    errors: list[str] = []

    def line_of(item: dict) -> str | None:
        n = item.get("line", 0)
        if not 1 <= n <= len(lines):
            errors.append(f"line {n} out of range: {item}")
            return None
        return lines[n - 1]

    for kind in ("quantities", "dates"):
        for item in gold.get(kind, []):
            text = line_of(item)
            if text is not None and not text[item["char"] :].startswith(item["text"]):
                errors.append(f"{kind}: {item['text']!r} not at line {item['line']} char {item['char']}")
    for item in gold.get("headings", []):
        text = line_of(item)
        if text is None:
            continue
        start = item["char"] if "char" in item else len(text) - len(text.lstrip())
        rest = text[start:]
        if not rest.startswith(item["marker"]) or item["text"] not in rest[len(item["marker"]) :]:
            errors.append(f"heading {item['marker']}{item['text']!r} not at line {item['line']} char {start}")
    for article in gold.get("articles", []):
        if not 1 <= article["start_line"] <= len(lines):
            errors.append(f"article start_line {article['start_line']} out of range")
    count = len(gold.get("quantities", []))
    for b in gold.get("breakdowns", []):
        if not all(0 <= i < count for i in [b["total"], *b["parts"]]):
            errors.append(f"breakdown indices out of range: {b}")
    return errors


def main(argv: list[str]) -> int:
    gold_dir, doc_dir = Path(argv[1]), Path(argv[2])
    failed = 0
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = doc_dir / (path.stem + ".txt")
        lines = doc.read_text(encoding="utf-8").split("\n")
        for error in check(gold, lines):
            print(f"{path.name}: {error}")
            failed += 1
    print(f"{failed} problem(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
