"""The import page's view of a document: its lines with each figure marked where it stands."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from zongjie.imports.models import ExtractedFigure, FigureStatus, ImportedDocument

#: A page shows at most this many lines of one document (old summaries are far shorter).
MAX_LINES = 3000


@dataclass
class Line:
    number: int
    heading_level: int | None
    segments: list[tuple[str, ExtractedFigure | None]] = field(default_factory=list)


def css_class(f: ExtractedFigure) -> str:
    """One class per state; placeholders and inconsistent breakdowns override the rest."""
    if f.placeholder:
        return "fig fig-placeholder"
    if f.inconsistent and f.status != FigureStatus.CONFIRMED:
        return "fig fig-inconsistent"
    return f"fig fig-{f.status}"


def flag_label(f: ExtractedFigure) -> str:
    if f.placeholder:
        return "占位符，不是数字"
    if f.inconsistent:
        return "分项与合计不一致"
    return f.get_status_display()


def annotated_lines(doc: ImportedDocument, figures: list[ExtractedFigure]) -> list[Line]:
    lines = doc.lines
    headings = {h["line"]: h.get("level", 1) for h in doc.outline}
    by_line: dict[int, list[ExtractedFigure]] = defaultdict(list)
    for f in figures:
        by_line[f.line].append(f)
    last = min(doc.last_line, len(lines), doc.first_line + MAX_LINES - 1)
    out = []
    for number in range(doc.first_line, last + 1):
        text = lines[number - 1]
        line = Line(number, headings.get(number))
        cursor = 0
        for f in sorted(by_line.get(number, []), key=lambda f: f.char):
            start = f.char if text[f.char : f.char + len(f.text)] == f.text else text.find(f.text, cursor)
            if start < cursor:  # overlapping or not found: leave the text as it is
                continue
            line.segments.append((text[cursor:start], None))
            line.segments.append((f.text, f))
            cursor = start + len(f.text)
        line.segments.append((text[cursor:], None))
        out.append(line)
    return out
