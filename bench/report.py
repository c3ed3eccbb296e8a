"""Report benchmark: one unit's .docx and every demo unit's .docx, beside writing the same
document trees as Markdown in the same run (the baseline: no styles, no charts).

    .venv/bin/python bench/report.py            # demo data in a temporary ZONGJIE_HOME

Prints: data+compose time, docx time, Markdown time, and the docx/Markdown ratio.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def main() -> int:
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
        from zongjie.reports.services import build_report, render

        call_command("migrate", interactive=False, verbosity=0)
        build_demo(progress=False)
        units = list(Unit.objects.order_by("path"))
        county = Unit.objects.get(code="AP")
        render(build_report(county, "2026H1"), "docx")  # warm up imports, fonts, matplotlib

        doc, t_build_one = _timed(lambda: build_report(county, "2026H1"))
        docx_one, t_docx_one = _timed(lambda: render(doc, "docx"))
        _, t_md_one = _timed(lambda: render(doc, "md"))

        docs, t_build_all = _timed(lambda: [build_report(u, "2026H1") for u in units])
        sizes, t_docx_all = _timed(lambda: [len(render(d, "docx")) for d in docs])
        _, t_md_all = _timed(lambda: [render(d, "md") for d in docs])
        charts = sum(len(d.charts) for d in docs)

        print(f"one unit ({county.name}): data+compose {t_build_one * 1000:.0f} ms, "
              f"docx {t_docx_one * 1000:.0f} ms ({len(docx_one) // 1024} KB, {len(doc.charts)} charts), "
              f"markdown {t_md_one * 1000:.2f} ms")  # fmt: skip
        print(f"  ratio docx / markdown: {t_docx_one / t_md_one:.0f}x")
        print(f"all {len(units)} demo units: data+compose {t_build_all:.2f} s, docx {t_docx_all:.2f} s "
              f"({sum(sizes) // 1024} KB, {charts} charts), markdown {t_md_all * 1000:.1f} ms")  # fmt: skip
        print(f"  ratio docx / markdown: {t_docx_all / t_md_all:.0f}x; "
              f"per unit: data+compose {t_build_all / len(units) * 1000:.0f} ms, "
              f"docx {t_docx_all / len(units) * 1000:.0f} ms")  # fmt: skip
        return 0
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
