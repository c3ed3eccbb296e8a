"""services.py on the small `org` tree, the `report` command, and LibreOffice rendering."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zongjie.ledger.models import Adoption, EntryKind, EntryStatus, MediaLevel, PlanItem
from zongjie.org.permissions import ScopeDenied
from zongjie.reports.render import docx_to_pdf, pdf_fonts, pdf_to_png, soffice_binary
from zongjie.reports.services import ReportError, build_report, render, report_data
from zongjie.testing.factories import category, make_entry, period

STRICT = os.environ.get("ZONGJIE_STRICT") == "1"


@pytest.fixture
def ledger(org):
    """Town A1: 2 provincial + 3 municipal articles, 1 county; an adopted info report; a draft."""
    ids = []
    for level in ["provincial"] * 2 + ["municipal"] * 3 + ["county"]:
        ids.append(make_entry(org.town_a1, media_level=level).pk)
    report = make_entry(
        org.town_a1,
        kind=EntryKind.INFO_REPORT,
        category=category("info_report"),
        sent_level=MediaLevel.MUNICIPAL,
        sent_to="市委宣传部",
        starred=True,
        title="关于基层宣讲的信息",
    )
    Adoption.objects.create(
        entry=report, level=MediaLevel.MUNICIPAL, adopted_by="市委宣传部", adopted_on=date(2026, 3, 2)
    )
    make_entry(org.town_a1, media_level="central", status=EntryStatus.DRAFT)  # not approved: never counted
    make_entry(org.town_b1, media_level="central")  # the sibling county: outside county A's report
    make_entry(org.town_a1, media_level="municipal", period_code="2025H1")  # last year: 1 municipal article
    PlanItem.objects.create(
        unit=org.county_a,
        period=period("2026H2"),
        category=category("news"),
        title="着力打造舆论强势",
        order=1,
    )
    return ids


def test_county_report_rolls_up_its_township(org, ledger):
    document = build_report(org.county_a, "2026H1")
    text = "\n".join(document.lines())
    assert document.title == "甲县委宣传部2026年上半年工作总结及下半年工作计划"
    assert "在县委和市委宣传部的正确领导下" in text
    assert "共在市级以上媒体播发稿件5篇，其中省级媒体2篇、市级媒体3篇。" in text
    assert "市级以上媒体稿件数比去年同期的1篇增长400%。" in text
    assert "在县级媒体播发稿件1篇。" in text
    assert "报送信息1篇，被采用1篇。" in text
    assert "上半年，重点抓好了以下工作：一是报送的《关于基层宣讲的信息》被市委宣传部采用。" in text
    assert "国家级" not in text  # the draft and the sibling county's article are left out
    assert "二、下半年工作计划\n（一）着力打造舆论强势" in text
    plus = next(f for f in document.figures() if f.metric == "articles_municipal_plus" and f.value == 5)
    assert sorted(plus.entry_ids) == sorted(ledger[:5])


def test_permissions_and_scope(org, ledger):
    assert build_report(org.town_a1, "2026H1", user=org.bob).unit_code == "A1"
    assert build_report(org.county_a, "2026H1", user=org.carol).unit_code == "A"
    with pytest.raises(ScopeDenied):
        build_report(org.county_a, "2026H1", user=org.olivia)
    with pytest.raises(ScopeDenied):
        report_data(org.county_a, "2026H1", user=org.bob)  # a township reporter cannot read its county


def test_render_formats_and_unknown_format(org, ledger):
    document = build_report(org.town_a1, "2026H1")
    assert render(document, "docx")[:2] == b"PK"
    assert render(document, "html").decode().startswith("<!doctype html>")
    assert render(document, "md").decode().startswith("# 甲县城关镇2026年上半年工作总结")
    with pytest.raises(ReportError, match="不支持的格式"):
        render(document, "pdf")


def test_report_command(org, ledger, tmp_path, capsys):
    out = tmp_path / "a.docx"
    call_command("report", unit="A", period="2026H1", output=str(out), date="2026-07-06")
    assert out.read_bytes()[:2] == b"PK"
    assert "落款 2026年7月6日" in capsys.readouterr().out
    md = tmp_path / "a.md"
    call_command("report", unit="A", period="2026H1", output=str(md))
    text = md.read_text(encoding="utf-8")
    assert "\n甲县委宣传部\n\n2026年7月2日\n" in text
    assert "| 市级以上稿件 | 5 | 1 |" in text and "活动场次" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"unit": "ZZ", "period": "2026H1", "output": "x.docx"}, "没有编码为“ZZ”的单位"),
        ({"unit": "A", "period": "2026H3", "output": "x.docx"}, "期间编码“2026H3”超出范围"),
        ({"unit": "A", "period": "半年", "output": "x.docx"}, "无法识别"),
        ({"unit": "A", "period": "2026H1", "output": "x.pdf"}, "不支持的输出格式“.pdf”"),
        ({"unit": "A", "period": "2026H1", "output": "x.docx", "date": "7月2日"}, "日期“7月2日”无法识别"),
    ],
)
def test_report_command_errors_in_chinese(org, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("report", **args)


@pytest.mark.libreoffice
def test_libreoffice_converts_the_docx_with_our_fonts(org, ledger, tmp_path):
    if soffice_binary() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = build_report(org.county_a, "2026H1")
    path = tmp_path / "report.docx"
    path.write_bytes(render(document, "docx"))
    pdf = docx_to_pdf(path, tmp_path)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    fonts = pdf_fonts(pdf)
    # The fontconfig aliases took effect: CJK fonts are embedded, no DejaVu fallback for Chinese.
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts
    pages = pdf_to_png(pdf, tmp_path / "page", 1, 1, dpi=40)
    assert len(pages) == 1 and pages[0].read_bytes()[:4] == b"\x89PNG"
    assert Path(pages[0]).stat().st_size > 2000
