"""Charts of a report: PNG (matplotlib, for the docx) and ECharts options (for HTML).

matplotlib draws Chinese with Noto Sans CJK SC when it is installed; without it the
chart is still drawn (with DejaVu Sans, Chinese glyphs missing) rather than failing
the whole report, and `cjk_font()` says which font was used.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from zongjie.reports.tree import Chart

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei"]
COLOURS = ["#c23531", "#2f4554", "#61a0a8", "#d48265"]


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in names), None)


CACHE_SIZE = 512  # PNGs kept in memory (some 30 KB each)


def chart_key(chart: Chart, width_in: float = 6.0, height_in: float = 3.0, dpi: int = 150) -> str:
    """The hash of everything a chart's picture depends on: same data, same PNG."""
    data = [chart.key, chart.title, chart.categories, chart.series, chart.unit, width_in, height_in, dpi]
    return hashlib.sha256(json.dumps([data, cjk_font()], ensure_ascii=False).encode()).hexdigest()


def chart_png(chart: Chart, width_in: float = 6.0, height_in: float = 3.0, dpi: int = 150) -> bytes:
    """The chart as PNG, drawn once per content (cached by `chart_key`)."""
    key = chart_key(chart, width_in, height_in, dpi)
    png = _PNGS.get(key)
    if png is None:
        png = draw_png(chart, width_in, height_in, dpi)
        _PNGS[key] = png
        while len(_PNGS) > CACHE_SIZE:
            _PNGS.popitem(last=False)
    else:
        _PNGS.move_to_end(key)
    return png


_PNGS: OrderedDict[str, bytes] = OrderedDict()


def draw_png(chart: Chart, width_in: float = 6.0, height_in: float = 3.0, dpi: int = 150) -> bytes:
    """Draw the chart with matplotlib (no cache)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    font = cjk_font()
    rc = {"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        ax = fig.add_subplot()
        n = len(chart.series)
        width = 0.8 / max(n, 1)
        xs = range(len(chart.categories))
        for i, (name, values) in enumerate(chart.series):
            offset = (i - (n - 1) / 2) * width
            bars = ax.bar(
                [x + offset for x in xs], values, width, label=name, color=COLOURS[i % len(COLOURS)]
            )
            ax.bar_label(bars, labels=[_label(v) for v in values], fontsize=8, padding=2)
        ax.set_xticks(list(xs), chart.categories, fontsize=9)
        ax.set_title(chart.title, fontsize=11)
        if chart.unit:
            ax.set_ylabel(chart.unit, fontsize=9, rotation=0, labelpad=12)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.15)
        if n > 1:
            ax.legend(fontsize=8, frameon=False)
        # Fixed margins: tight_layout would cost as much as drawing the chart.
        fig.subplots_adjust(left=0.09, right=0.98, top=0.88, bottom=0.12)
        out = io.BytesIO()
        fig.savefig(out, format="png")
    return out.getvalue()


def _label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def echarts_option(chart: Chart) -> dict[str, Any]:
    """A plain ECharts bar option (JSON-serialisable)."""
    return {
        "title": {"text": chart.title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0} if len(chart.series) > 1 else {"show": False},
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 40},
        "xAxis": {"type": "category", "data": chart.categories},
        "yAxis": {"type": "value", "name": chart.unit},
        "color": COLOURS,
        "series": [
            {"name": name, "type": "bar", "data": values, "label": {"show": True, "position": "top"}}
            for name, values in chart.series
        ],
    }
