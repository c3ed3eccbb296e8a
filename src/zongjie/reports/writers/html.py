"""Document tree -> HTML: a fragment for the preview page, and a standalone full page.

Charts are <div class="zj-chart" data-option='…'> holding ECharts option JSON; the
full page loads /static/vendor/echarts/echarts.min.js (vendored by the pages app) and
a few lines initialise every such div. Each figure is a <span class="zj-figure"> that
carries its metric code, its number in the document (`data-figure`, the order of
Document.figures()) and how many entries it counts (`data-count`). The standalone page (a
download) also lists the entry ids (`data-entries`); the preview page does not: at a province's
scale that is millions of ids, so the page asks for a figure's entries a page at a time.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from html import escape

from zongjie.reports.charts import echarts_option
from zongjie.reports.tree import ATTACHMENT_TITLE, Document, Figure, Heading, Paragraph

ECHARTS_SRC = "/static/vendor/echarts/echarts.min.js"

CSS = """
.zj-report{max-width:46em;margin:0 auto;padding:2em 1.5em;background:#fff;color:#111;
  font-family:"仿宋_GB2312","FangSong","FandolFang","Noto Serif CJK SC","Songti SC",serif;
  font-size:16pt;line-height:28.95pt}
.zj-report h1{font-family:"方正小标宋简体","Noto Serif CJK SC","Songti SC",serif;font-size:22pt;
  font-weight:bold;text-align:center;line-height:1.5;margin:0 0 1em}
.zj-report h2{font-family:"黑体","SimHei","Noto Sans CJK SC",sans-serif;font-size:16pt;font-weight:normal;
  text-indent:2em;margin:0}
.zj-report h3{font-family:"楷体_GB2312","KaiTi","AR PL UKai CN","Noto Serif CJK SC",serif;font-size:16pt;
  font-weight:normal;text-indent:2em;margin:0}
.zj-report p{text-indent:2em;margin:0;text-align:justify}
.zj-report p b{font-weight:bold}
.zj-report .zj-signature{text-align:right;text-indent:0;padding-right:4em;margin-top:2em}
.zj-report .zj-date{text-align:right;text-indent:0;padding-right:4em}
.zj-report .zj-figure{border-bottom:1px dotted #c23531}
.zj-report .zj-attachment{margin-top:3em;border-top:1px solid #ddd;padding-top:1em}
.zj-report .zj-chart{width:100%;height:320px;margin:1em 0 0}
.zj-report .zj-caption{text-align:center;text-indent:0}
"""

INIT_JS = """
document.querySelectorAll('.zj-chart[data-option]').forEach(function (el) {
  if (!window.echarts) { return; }
  window.echarts.init(el).setOption(JSON.parse(el.getAttribute('data-option')));
});
"""


def _figure(fig: Figure, n: int, entry_ids: bool) -> str:
    count = len(fig.entry_ids)
    title = f"{fig.metric}：{count} 条" if count else fig.source
    ids = f' data-entries="{",".join(map(str, fig.entry_ids))}"' if entry_ids else ""
    return (
        f'<span class="zj-figure" data-figure="{n}" data-count="{count}" data-metric="{escape(fig.metric)}"'
        f' data-source="{escape(fig.source)}"{ids} title="{escape(title)}">{escape(fig.text)}</span>'
    )


def _paragraph(p: Paragraph, numbers: Iterator[int], entry_ids: bool) -> str:
    lead = f"<b>{escape(p.lead)}</b>" if p.lead else ""
    body = "".join(
        _figure(r, next(numbers), entry_ids) if isinstance(r, Figure) else escape(r.text) for r in p.runs
    )
    return f"<p>{lead}{body}</p>"


def render_html_fragment(document: Document, entry_ids: bool = True) -> str:
    """The report as one <article>; the page around it supplies ECharts and INIT_JS.

    `entry_ids=False` (the preview page): each figure carries its number and count only."""
    numbers = itertools.count()
    out = [f'<article class="zj-report" lang="zh-CN" data-unit="{escape(document.unit_code)}"'
           f' data-period="{escape(document.period_code)}">']  # fmt: skip
    out.append(f"<h1>{escape(document.title)}</h1>")
    for block in document.blocks:
        if isinstance(block, Heading):
            tag = "h2" if block.level == 1 else "h3"
            out.append(f"<{tag}>{escape(block.full)}</{tag}>")
        else:
            out.append(_paragraph(block, numbers, entry_ids))
    if document.charts:
        out.append(f"<p>附件：{ATTACHMENT_TITLE}</p>")
    out.append(f'<p class="zj-signature">{escape(document.signature)}</p>')
    out.append(f'<p class="zj-date">{escape(document.date_text)}</p>')
    if document.charts:
        out.append('<section class="zj-attachment"><h2>附件</h2>')
        out.append(f"<h1>{ATTACHMENT_TITLE}</h1>")
        for n, chart in enumerate(document.charts, start=1):
            option = escape(json.dumps(echarts_option(chart), ensure_ascii=False), quote=True)
            out.append(f'<div class="zj-chart" data-chart="{chart.key}" data-option="{option}"></div>')
            out.append(f'<p class="zj-caption">图{n}　{escape(chart.title)}</p>')
        out.append("</section>")
    out.append("</article>")
    return "\n".join(out)


def render_html_page(document: Document) -> str:
    return f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(document.title)}</title>
<style>{CSS}</style>
<script src="{ECHARTS_SRC}"></script>
</head>
<body>
{render_html_fragment(document)}
<script>{INIT_JS}</script>
</body>
</html>
"""
