"""Round trip over every demo unit: report -> docx -> zongjie.extraction -> the same figures.

The demo is built once for the module (tests/reports/conftest.py).
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date

import docx
import pytest

from zongjie.extraction import extract_bytes
from zongjie.org.models import Unit
from zongjie.reports.facts import METRICS
from zongjie.reports.services import build_report, render, report_data
from zongjie.reports.tree import Paragraph


def _expected_headings(document) -> list[tuple[int, str, str]]:
    out = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            if block.lead:  # "1.媒体刊播。" is a level-3 heading
                number, text = block.lead.rstrip("。").split(".", 1)
                out.append((3, f"{number}.", text))
        else:
            out.append((block.level, block.marker, block.text))
    return out


def _check(document, data: bytes) -> int:
    result = extract_bytes(data, f"{document.unit_code}.docx").to_json_dict()
    lines = [p.text.replace("\n", " ") for p in docx.Document(io.BytesIO(data)).paragraphs]
    # The title's manual line break (before 工作总结) reads back as a space.
    assert result["articles"][0]["title"].replace(" ", "") == document.title
    start, end = 1, len(lines)
    if len(result["articles"]) > 1:  # the chart attachment (附件) is a document of its own
        end = result["articles"][1]["start_line"] - 1
    got = [(h["level"], h["marker"], h["text"]) for h in result["headings"] if start <= h["line"] <= end]
    assert got == _expected_headings(document)
    # Every figure sentence's numbers come back, on the line of that paragraph.
    by_line: dict[int, Counter] = {}
    for q in result["quantities"]:
        by_line.setdefault(q["line"], Counter())[(float(q["value"]), q["unit"])] += 1
    checked = 0
    for paragraph in document.paragraphs():
        figures = [f for f in paragraph.figures() if f.metric != "rank"]
        if not figures:
            continue
        line = lines.index(paragraph.text) + 1
        want = Counter((float(f.value), f.unit) for f in figures)
        assert not want - by_line.get(line, Counter()), (paragraph.text, by_line.get(line))
        checked += len(figures)
        for f in paragraph.figures():
            if f.metric == "rank":
                assert "位居全" in paragraph.text and f.text in lines[line - 1]
    assert result["breakdowns"], document.unit_code
    # Every partition adds up; a subset ("其中头版头条2篇") is not a partition (consistent null).
    assert all(b["consistent"] is not False for b in result["breakdowns"]), result["breakdowns"]
    assert any(b["consistent"] is True for b in result["breakdowns"]), result["breakdowns"]
    assert document.date.isoformat() in [d["iso"] for d in result["dates"]]
    return checked


@pytest.mark.django_db
def test_every_demo_unit_round_trips_through_the_extractor(demo):
    units = list(Unit.objects.order_by("path"))
    assert len(units) == 54
    figures = 0
    for unit in units:
        document = build_report(unit, "2026H1")
        figures += _check(document, render(document, "docx"))
    assert figures > 54 * 10


@pytest.mark.django_db
def test_demo_report_figures_match_the_scorecard(demo):
    from zongjie.assessment.services import scorecard

    for code in ("QH", "AP", "AP01", "WJW"):
        unit = Unit.objects.get(code=code)
        data = report_data(unit, "2026H1")
        card = scorecard(unit, "2026H1")
        for metric, compute in METRICS.items():
            assert compute(data.entries).value == card.metrics[metric], (code, metric)


@pytest.mark.django_db
def test_city_report_names_leading_counties_and_signs_on_the_given_date(demo):
    from zongjie.assessment.services import ranking

    city = Unit.objects.get(code="QH")
    document = build_report(city, "2026H1", on=date(2026, 7, 8))
    top = [c.unit for c in ranking("2026H1", city, compare=False)][:2]
    text = "\n".join(document.lines())
    names = "、".join(u.name.removesuffix("委宣传部") for u in top)
    assert f"从各下属单位考核情况看，{names}位居前列。" in text
    assert document.lines()[-1] == "2026年7月8日"
    assert "团结带领全市宣传思想文化战线" in text
