#!/usr/bin/env python
"""Render page 1 (and more) of a demo report as PNG: demo data in a temporary ZONGJIE_HOME
-> report .docx -> LibreOffice PDF with our fontconfig aliases -> pdftoppm PNG.

    .venv/bin/python scripts/render_report_png.py                   # docs/report-sample.png
    .venv/bin/python scripts/render_report_png.py --unit QH --pages 3 --out /tmp/qh.png

Needs libreoffice-writer-nogui, poppler-utils and fonts-noto-cjk (fonts-arphic-ukai for 楷体).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", default="AP", help="demo unit code (default AP, 安平县委宣传部)")
    parser.add_argument("--period", default="2026H1")
    parser.add_argument("--pages", type=int, default=1, help="how many pages to render")
    parser.add_argument("--dpi", type=int, default=110)
    parser.add_argument("--out", default=str(ROOT / "docs" / "report-sample.png"))
    parser.add_argument("--keep", help="also keep the .docx and .pdf in this directory")
    args = parser.parse_args(argv)

    home = tempfile.mkdtemp(prefix="zj-render-")
    os.environ["ZONGJIE_HOME"] = home
    os.environ.pop("DATABASE_URL", None)  # always the throwaway SQLite database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongjie.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from zongjie.ledger.demo import build_demo
        from zongjie.org.models import Unit
        from zongjie.reports.render import docx_to_pdf, pdf_fonts, pdf_to_png
        from zongjie.reports.services import build_report, render

        call_command("migrate", interactive=False, verbosity=0)
        build_demo(progress=False)
        document = build_report(Unit.objects.get(code=args.unit), args.period)
        work = Path(home) / "out"
        work.mkdir()
        docx = work / "report.docx"
        docx.write_bytes(render(document, "docx"))
        pdf = docx_to_pdf(docx, work)
        pages = pdf_to_png(pdf, work / "page", 1, args.pages, dpi=args.dpi)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        written = []
        for number, page in enumerate(pages, start=1):
            target = out if number == 1 else out.with_name(f"{out.stem}-{number}{out.suffix}")
            shutil.copyfile(page, target)
            written.append(target)
        if args.keep:
            keep = Path(args.keep)
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(docx, keep / "report.docx")
            shutil.copyfile(pdf, keep / "report.pdf")
        print(f"{document.title}: {', '.join(map(str, written))}")
        print(pdf_fonts(pdf))
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
