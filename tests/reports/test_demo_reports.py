"""Every demo unit with entries, in every demo half-year, in all three formats: the text as
an office writes it, checked with the project's own extractor (the `zongjie extract` pipeline).

A breakdown the report writes must add up (zongjie.extraction finds none inconsistent); no
"共1场次" frame; no 万元 figure of 1亿 or more; percentages without a trailing .0; the 成文日期
in Arabic numerals; the unit's rank where it has siblings and its quota status where it has quotas.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from html.parser import HTMLParser

import docx as docx_reader
import pytest

from zongjie.assessment.services import scorecard
from zongjie.extraction import extract_bytes, extract_text
from zongjie.ledger.demo import PERIODS
from zongjie.ledger.periods import parse_period
from zongjie.org.models import Unit
from zongjie.reports.compose import compose
from zongjie.reports.services import render, report_data
from zongjie.reports.standing import top_third

RUNNING_DAY = date(2026, 11, 20)  # 2026H2 seen while it is still running
BLOCKS = {"p", "h1", "h2", "h3", "div", "section", "article"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def _day(code: str) -> date:
    end = parse_period(code).end
    return end + timedelta(days=2) if end < RUNNING_DAY else RUNNING_DAY


def _check_text(text: str, result, document, card, where: str) -> None:
    bad = [b for b in result["breakdowns"] if b["consistent"] is False]
    assert not bad, (
        where,
        [[result["quantities"][i]["text"] for i in (b["total"], *b["parts"])] for b in bad],
    )
    assert not re.search(r"共1(?![\d.])", text), (where, re.search(r".{20}共1(?![\d.]).{10}", text))
    for m in re.finditer(r"(\d+(?:\.\d+)?)万元", text):
        assert float(m.group(1)) < 10000, (where, m.group(0))
    assert not re.search(r"\d\.0%", text), where
    d = document.date
    assert f"{d.year}年{d.month}月{d.day}日" in text and "〇" not in text, where
    assert d.isoformat() in [m["iso"] for m in result["dates"]], where
    if card.unit.parent_id and card.rank_of > 1:
        scope = "全县" if card.unit.parent.kind == "county" else "全市"
        want = (
            f"位居{scope}前列（第{card.rank}位）"
            if top_third(card.rank, card.rank_of)
            else f"位居{scope}第{card.rank}位"
        )
        assert want in text, (where, want)
    running = document.date < parse_period(document.period_code).end
    for q in card.quotas:
        pct = round(q.actual / q.target * 100)
        want = f"完成进度{pct}%" if running else f"任务的{pct}%"
        assert f"{q.metric_name}" in text and want in text, (where, q.metric_name, want)
        if (q.actual < q.expected) if running else q.missed:  # behind its pace: the plan names the gap
            plan = text[text.index("工作计划\n") :]
            assert re.search(f"{q.metric_name}[^。]*还差{q.target - q.actual:g}篇", plan), (
                where,
                q.metric_name,
            )


@pytest.mark.django_db
@pytest.mark.parametrize("code", PERIODS)
def test_every_demo_report_reads_as_an_office_writes_it(demo, code):
    day = _day(code)
    checked = ranked = quotas = 0
    plans_by_kind: dict[str, set] = {}
    for unit in Unit.objects.order_by("path"):
        data = report_data(unit, code, on=day)
        if not data.entries:
            continue
        document = compose(data)
        card = scorecard(unit, code, today=day)
        docx = render(document, "docx")
        paragraphs = docx_reader.Document(io.BytesIO(docx)).paragraphs
        texts = {
            "docx": ("\n".join(p.text for p in paragraphs), extract_bytes(docx, "r.docx").to_json_dict()),
            "html": (t := html_text(render(document, "html").decode()), extract_text(t).to_json_dict()),
            "md": (m := render(document, "md").decode(), extract_text(m).to_json_dict()),
        }
        for fmt, (text, result) in texts.items():
            _check_text(text, result, document, card, f"{unit.code} {code} {fmt}")
        # The plan is the unit's own PlanItems for the next half-year.
        plan_headings = document.headings()[[h.marker for h in document.headings()].index("二、") :]
        assert data.plans and {p.title for p in data.plans} <= {h.text for h in plan_headings}, unit.code
        plans_by_kind.setdefault(unit.kind, set()).add(tuple(p.title for p in data.plans))
        checked += 1
        ranked += card.rank_of > 1
        quotas += len(card.quotas)
    assert checked >= 50 and ranked >= 40, (checked, ranked)
    # Each level has its own plans: no two kinds of unit share a plan.
    assert all(len(v) == 1 for v in plans_by_kind.values()) and len(plans_by_kind) == 4, plans_by_kind
    if code.startswith("2026"):
        assert quotas >= 24  # the 8 counties' three quotas each
