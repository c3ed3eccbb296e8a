"""Document tree -> Markdown (for pasting into other systems, and as the benchmark baseline).

Outline markers stay as the document writes them (一、 （一） 1.); a line-initial "1."
is escaped so Markdown does not turn it into a list. Charts become small tables.
"""

from __future__ import annotations

import re

from zongjie.reports.phrasing import fmt_number
from zongjie.reports.tree import ATTACHMENT_TITLE, Chart, Document, Heading

_LIST_START = re.compile(r"^(\d+)\.")
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    return _LIST_START.sub(r"\1\\.", _SPECIAL.sub(r"\\\1", text))


def _value(v: float) -> str:
    return fmt_number(int(v)) if float(v).is_integer() else fmt_number(v)


def _table(chart: Chart, number: int) -> list[str]:
    names = [name for name, _ in chart.series]
    lines = [f"**图{number}　{_escape(chart.title)}**", ""]
    lines.append("| 项目 | " + " | ".join(names) + " |")
    lines.append("|---|" + "---:|" * len(names))
    for i, category in enumerate(chart.categories):
        values = " | ".join(_value(values[i]) for _, values in chart.series)
        lines.append(f"| {_escape(category)} | {values} |")
    return [*lines, ""]


def render_markdown(document: Document) -> str:
    lines = [f"# {_escape(document.title)}", ""]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'##' if block.level == 1 else '###'} {_escape(block.full)}", ""]
        else:
            lead = f"**{_escape(block.lead)}**" if block.lead else ""
            lines += [lead + _escape("".join(run.text for run in block.runs)), ""]
    if document.charts:
        lines += [f"附件：{ATTACHMENT_TITLE}", ""]
    lines += [_escape(document.signature), "", document.date_text, ""]
    if document.charts:
        lines += ["---", "", "附件", "", f"## {ATTACHMENT_TITLE}", ""]
        for n, chart in enumerate(document.charts, start=1):
            lines += _table(chart, n)
    return "\n".join(lines).rstrip() + "\n"
