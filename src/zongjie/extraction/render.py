"""Human view of an extraction (rich): the outline with the figures under each heading."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from .model import ExtractionResult, Heading, Quantity


def _quantity_label(q: Quantity, index: int, inconsistent: set[int]) -> str:
    if q.placeholder:
        value = "?"
    elif q.range is not None:
        value = f"{q.range[0]}–{q.range[1]}"
    else:
        value = str(q.value)
    qual = "" if q.qualifier == "exact" else f" ({q.qualifier})"
    label = f"{escape(q.subject or '—')}: [bold]{value}[/bold] {escape(q.unit)}{qual}  [dim]L{q.line} {escape(q.text)}[/dim]"
    if q.placeholder:
        return f"[yellow]{label}[/yellow]"
    if index in inconsistent:
        return f"[red]{label}[/red]"
    return label


def build_tree(result: ExtractionResult) -> Tree:
    root = Tree(f"[bold]{escape(result.doc or '(text)')}[/bold]")
    inconsistent: set[int] = set()
    for b in result.breakdowns:
        if b.consistent is False:
            inconsistent.add(b.total)
            inconsistent.update(b.parts)
    positions: list[tuple[tuple[int, int], str, object]] = []
    for heading in result.headings:
        positions.append(((heading.line, heading.char if heading.inline else -1), "h", heading))
    for i, q in enumerate(result.quantities):
        positions.append(((q.line, q.char), "q", (i, q)))
    positions.sort(key=lambda p: p[0])
    articles = sorted(result.articles, key=lambda a: a.start_line)
    art_index = 0
    current_article: Tree | None = None
    stack: list[tuple[int, Tree]] = []
    for (line, _), kind, item in positions:
        while art_index < len(articles) and articles[art_index].start_line <= line:
            a = articles[art_index]
            current_article = root.add(
                f"[bold cyan]{escape(a.title or '(untitled)')}[/bold cyan] [dim]L{a.start_line}[/dim]"
            )
            stack = []
            art_index += 1
        parent_root = current_article or root
        if kind == "h":
            h: Heading = item  # type: ignore[assignment]
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            parent = stack[-1][1] if stack else parent_root
            node = parent.add(f"{escape(h.marker)} {escape(h.text)} [dim]L{h.line}[/dim]")
            stack.append((h.level, node))
        else:
            i, q = item  # type: ignore[misc]
            parent = stack[-1][1] if stack else parent_root
            parent.add(_quantity_label(q, i, inconsistent))
    while art_index < len(articles):
        a = articles[art_index]
        root.add(f"[bold cyan]{escape(a.title or '(untitled)')}[/bold cyan] [dim]L{a.start_line}[/dim]")
        art_index += 1
    return root


def render(result: ExtractionResult, out: TextIO) -> None:
    """Print the outline, figures, breakdowns (inconsistent in red) and dates."""
    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(build_tree(result))
    for b in result.breakdowns:
        total = result.quantities[b.total]
        parts = " + ".join(str(result.quantities[p].value) for p in b.parts)
        verdict = {
            True: "[green]consistent[/green]",
            False: "[red]INCONSISTENT[/red]",
            None: "[dim]subset[/dim]",
        }[b.consistent]
        console.print(f"breakdown L{total.line}: {total.value} {escape(total.unit)} = {parts}  {verdict}")
    if result.dates:
        dates = ", ".join(
            f"[yellow]{escape(d.text)}[/yellow]" if d.placeholder else f"{escape(d.text)}→{d.iso}"
            for d in result.dates
        )
        console.print(f"dates: {dates}")
