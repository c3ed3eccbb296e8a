"""Report benchmark: the root unit's (清河市委宣传部) 2026H1 .docx against the floor of its
library — python-docx writing the same finished document (the same paragraphs and the same
chart PNGs, no zongjie logic: no styles built, no fonts set, no charts drawn) — in the same run.

    .venv/bin/python bench/report.py [--runs 7]      # demo data in a temporary ZONGJIE_HOME

Prints medians of --runs (≥ 5): data + compose, docx with the chart cache warm (the same report
asked for again, e.g. preview then download), docx with the cache cleared, the floor, and
the ratios docx / floor. Goal: warm docx ≤ 1.5× the floor.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time


def _median(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_docx(lines: list[str], pngs: list[bytes]) -> bytes:
    """python-docx alone: the same paragraphs and pictures in its default template."""
    from docx import Document
    from docx.shared import Mm

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    for png in pngs:
        doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Mm(150))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--unit", default="QH", help="demo unit code (default QH, the root)")
    args = parser.parse_args(argv)
    runs = max(args.runs, 5)
    home = tempfile.mkdtemp(prefix="zj-bench-report-")
    os.environ["ZONGJIE_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongjie.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from zongjie.ledger.demo import build_demo
        from zongjie.org.models import Unit
        from zongjie.reports import charts
        from zongjie.reports.services import build_report, render

        call_command("migrate", interactive=False, verbosity=0)
        build_demo(progress=False)
        unit = Unit.objects.get(code=args.unit)
        doc = build_report(unit, "2026H1")
        data = render(doc, "docx")  # warm up imports, fonts, matplotlib
        lines = [doc.title, *(b.full if hasattr(b, "full") else b.text for b in doc.blocks)]
        lines += [doc.signature, doc.date_text]
        pngs = [charts.chart_png(c) for c in doc.charts]
        floor_docx(lines, pngs)

        t_build = _median(lambda: build_report(unit, "2026H1"), runs)
        t_warm = _median(lambda: render(doc, "docx"), runs)

        def cold():
            charts._PNGS.clear()
            render(doc, "docx")

        t_cold = _median(cold, runs)
        t_floor = _median(lambda: floor_docx(lines, pngs), runs)
        print(f"{unit.name} 2026H1, median of {runs}: {len(lines)} paragraphs, {len(pngs)} charts, "
              f"docx {len(data) // 1024} KB")  # fmt: skip
        print(f"  data + compose          {t_build * 1000:7.1f} ms")
        print(f"  docx, chart cache warm  {t_warm * 1000:7.1f} ms   {t_warm / t_floor:.2f}x floor")
        print(f"  docx, chart cache cold  {t_cold * 1000:7.1f} ms   {t_cold / t_floor:.2f}x floor")
        print(f"  floor: python-docx, same paragraphs and PNGs {t_floor * 1000:7.1f} ms")
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
