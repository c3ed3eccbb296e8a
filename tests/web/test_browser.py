"""The daily flows in a real browser (headless chromium) on the demo data.

Demo users: tx_ap01 (reporter, 安平城关镇), xian_shenhe (reviewer, 安平县委宣传部),
shi_lingdao (viewer, 清河市委宣传部); the server is shared, so each test reads the
numbers it starts from off the page and asserts on the change it makes.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _count(page, selector: str) -> int:
    return int(page.locator(selector).inner_text())


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def test_reporter_home_shows_returned_entries_and_recent_work(open_as):
    page = open_as("tx_ap01")
    assert page.get_by_role("heading", level=1).inner_text() == "安平城关镇"
    returned = page.locator("section[aria-labelledby=returned-title]")
    assert re.search(r"被退回的条目（\d+）", returned.get_by_role("heading").inner_text())
    reasons = returned.locator("td.reason").all_inner_texts()
    assert reasons and all(r.strip() for r in reasons)
    assert page.locator("section[aria-labelledby=recent-title] tbody tr").count() == 15
    assert page.get_by_role("link", name="填报稿件").is_visible()


def test_reporter_fills_an_article_with_outlet_autocomplete_and_submits(open_as):
    page = open_as("tx_ap01", width=390)
    page.get_by_role("link", name="填报稿件").click()
    assert page.get_by_role("heading", level=1).inner_text() == "填报稿件"
    _no_sideways_scroll(page)
    outlet = page.get_by_label("刊发媒体")
    outlet.press_sequentially("央视", delay=30)
    page.wait_for_function("() => document.querySelector('#outlet-options option[value=\"央视\"]') !== null")
    outlet.blur()
    page.wait_for_function("() => document.getElementById('id_media_level').value === 'central'")
    page.get_by_label("标题").fill("《城关镇小麦丰收在望》在央视刊播")
    page.get_by_label("版面位置").select_option(label="头版头条")
    page.get_by_role("button", name="保存并提交审核").click()
    assert page.locator("#entry-status").inner_text() == "待审核"
    assert page.get_by_text("已提交审核：《城关镇小麦丰收在望》在央视刊播").is_visible()
    facts = page.locator("dl.facts").inner_text()
    assert "中央广播电视总台" in facts and "中央级" in facts and "头版头条" in facts
    # the unit and period are remembered for the next form
    page.goto("/entries/new/event/")
    assert page.get_by_label("单位").locator("option:checked").inner_text().strip() == "安平城关镇"


def test_service_messages_appear_next_to_fields(open_as):
    page = open_as("tx_ap01")
    page.goto("/entries/new/info_report/")
    page.get_by_label("标题").fill("网络舆情动态")
    page.get_by_label("日期").fill("2026-03-01")
    page.get_by_role("button", name="保存草稿").click()
    alert = page.locator("#form-errors")
    assert "有 2 处需要修改" in alert.inner_text()
    assert "信息报送须填写报送对象或其级别。" in page.locator("#id_sent_to_errors").inner_text()
    assert "不在期间" in page.locator("#id_occurred_on_errors").inner_text()


def test_reporter_fixes_a_returned_entry_and_resubmits(open_as):
    page = open_as("tx_ap01")
    returned = page.locator("section[aria-labelledby=returned-title]")
    before = int(re.search(r"（(\d+)）", returned.get_by_role("heading").inner_text())[1])
    title = returned.locator("tbody tr").first.locator("td").first.inner_text()
    returned.get_by_role("link", name="修改后重新提交").first.click()
    assert page.locator("p.notice").inner_text().startswith("退回原因：")
    page.get_by_label("内容摘要").fill("已补充刊发截图。")
    page.get_by_role("button", name="保存并提交审核").click()
    assert page.locator("#entry-status").inner_text() == "待审核"
    page.goto("/")
    heading = page.locator("section[aria-labelledby=returned-title] h2")
    after = int(re.search(r"（(\d+)）", heading.inner_text())[1]) if heading.count() else 0
    assert after == before - 1
    page.goto("/entries/?status=submitted&q=" + title.split()[0])
    assert page.locator("table.entries tbody tr").count() >= 1


def test_reviewer_approves_returns_and_bulk_approves(open_as):
    page = open_as("xian_shenhe")
    page.get_by_role("link", name="进入审核").click()
    total = _count(page, "#queue-total")
    assert total > 4
    first_title = page.locator("#queue-table tbody tr").first.locator("td[data-label=标题] a").inner_text()
    page.locator("#queue-table tbody tr").first.get_by_role("button", name="通过").click()
    assert page.get_by_text(f"已通过：{first_title}").is_visible()
    assert _count(page, "#queue-total") == total - 1

    row = page.locator("#queue-table tbody tr").first
    second_title = row.locator("td[data-label=标题] a").inner_text()
    row.get_by_role("button", name="退回").click()
    assert page.get_by_text("退回时必须填写原因。").is_visible()
    row = page.locator("#queue-table tbody tr").first
    row.get_by_placeholder("退回原因").fill("请补充刊发截图")
    row.get_by_role("button", name="退回").click()
    assert page.get_by_text(f"已退回：{second_title}").is_visible()
    assert _count(page, "#queue-total") == total - 2

    boxes = page.locator('#queue-table input[name="ids"]')
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="通过勾选的条目").click()
    assert page.get_by_text("已通过 2 条。").is_visible()
    assert _count(page, "#queue-total") == total - 4


def test_reviewer_records_adoption_and_instruction(open_as):
    page = open_as("xian_shenhe")
    page.goto("/entries/?kind=info_report&status=approved&unit=AP02")
    page.locator("table.entries tbody tr a").first.click()
    date = page.locator("dl.facts dd").first.inner_text()
    form = page.locator("form[aria-labelledby=adopt-form-title]")
    form.get_by_label("采用级别").select_option(label="省级")
    form.get_by_label("采用单位或媒体").fill("省委办公厅")
    form.get_by_label("采用日期").fill(date)
    form.get_by_role("button", name="登记采用").click()
    assert page.get_by_text("已登记采用。").is_visible()
    assert "省委办公厅（省级）" in page.locator("#adoptions").inner_text()
    form = page.locator("form[aria-labelledby=instr-form-title]")
    form.get_by_label("领导级别").select_option(label="市级")
    form.get_by_label("批示领导").fill("市委副书记")
    form.get_by_label("批示日期").fill(date)
    form.get_by_role("button", name="登记批示").click()
    assert "市委副书记（市级）" in page.locator("#instructions").inner_text()


def test_viewer_sees_ranking_and_dashboard_charts(open_as):
    page = open_as("shi_lingdao")
    ranking = page.locator("section[aria-labelledby=rank-title] table tbody tr")
    assert ranking.count() == 13  # 8 counties + 5 city bureaus
    assert ranking.first.locator("td").first.inner_text() == "1"
    page.get_by_role("link", name="打开数据看板").click()
    page.wait_for_function(
        "() => document.body.dataset.chartsReady === String(document.querySelectorAll('.chart').length)"
    )
    assert page.locator(".chart svg").count() == page.locator(".chart").count() >= 5
    assert page.locator("#kpi-rank").inner_text() == "第 1 名 / 共 1 个"
    assert "54 个单位中" in page.locator("#completeness-summary").inner_text()
    page.get_by_label("单位范围（含下属）").select_option(value="AP")
    page.get_by_label("期间", exact=True).select_option(label="2026年上半年")
    page.get_by_role("button", name="查看").click()
    assert page.get_by_role("heading", level=1).inner_text() == "数据看板：安平县委宣传部 · 2026年上半年"
    page.wait_for_function(
        "() => document.body.dataset.chartsReady === String(document.querySelectorAll('.chart').length)"
    )
    assert re.fullmatch(r"第 \d 名 / 共 13 个", page.locator("#kpi-rank").inner_text())


def test_report_preview_and_docx_download(open_as):
    page = open_as("shi_lingdao")
    page.get_by_role("link", name="工作总结").click()
    # htmx (deferred) takes over the button at DOMContentLoaded; a click before that is the
    # no-JavaScript path (a new page with show=1), which is not what this test is about.
    page.wait_for_url(re.compile(r"/reports/$"))  # waits for the load event
    page.get_by_label("期间", exact=True).select_option(label="2026年上半年")
    page.get_by_role("button", name="预览").click()
    preview = page.locator("#report-preview")
    assert (
        preview.get_by_role("heading", level=1).first.inner_text()
        == "清河市委宣传部2026年上半年工作总结及下半年工作计划"
    )
    assert "一、上半年工作情况" in preview.inner_text()
    assert page.url.endswith("/reports/")  # loaded into the page by htmx, not a new page
    assert re.search(r"另有 \d+ 条未计入", page.locator("#report-left-out").inner_text())
    # A figure shows the entries it counts.
    figure = preview.locator(".zj-figure[data-figure]:not([data-count='0'])").first
    count = int(figure.get_attribute("data-count"))
    figure.click()
    panel = page.locator("#figure-entries")
    panel.wait_for(state="visible")
    assert panel.locator("li").count() == min(count, 50)  # a page at a time
    assert f"（共 {count} 条" in panel.get_by_role("heading").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载 Word（.docx）").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as fh:
        assert fh.read(4) == b"PK\x03\x04"


def test_excel_import_page_reports_bad_rows_then_imports(open_as, tmp_path):
    from openpyxl import Workbook

    def write(rows: list[list], name: str):
        wb = Workbook()
        ws = wb.active
        ws.title = "台账"
        ws.append(["类型", "分类", "标题", "日期", "媒体"])
        for row in rows:
            ws.append(row)
        path = tmp_path / name
        wb.save(path)
        return path

    good = ["稿件", "稿件刊播", "导入的稿件", "2026-09-01", "市日报"]
    bad = write([good, ["稿件", "稿件刊播", "坏行", "2026-09-01", "不存在的报纸"], good], "bad.xlsx")
    page = open_as("tx_ap01")
    page.goto("/entries/import/")
    page.get_by_label("台账表格（.xlsx）").set_input_files(str(bad))
    page.get_by_role("button", name="上传并导入").click()
    summary = page.locator("#import-summary")
    summary.wait_for()
    assert "整个文件都没有保存" in summary.inner_text()
    cells = summary.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[:2] == ["3", "媒体"]
    many = write([[*good[:2], f"导入的稿件{i}", *good[3:]] for i in range(300)], "good.xlsx")
    page.get_by_label("台账表格（.xlsx）").set_input_files(str(many))
    page.get_by_role("button", name="上传并导入").click()
    page.locator("#rows-created").wait_for()
    assert page.locator("#rows-created").inner_text() == "300"


def test_keyboard_skip_link_and_landmarks(open_as):
    page = open_as("tx_ap01", width=390)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    assert page.locator("a.skip").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.locator("main").count() == 1 and page.locator("nav[aria-label=主导航]").count() == 1
    assert page.locator("#messages[aria-live=polite]").count() == 1
    for url in ("/", "/entries/", "/entries/new/article/", "/entries/import/"):
        page.goto(url)
        _no_sideways_scroll(page)
        unlabeled = page.evaluate(
            """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
               .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
               .map(el => el.name)"""
        )
        assert unlabeled == [], url


def test_screenshots_of_main_pages(open_as, shots):
    page = open_as("shi_lingdao")
    page.goto("/dashboard/")
    page.wait_for_function(
        "() => document.body.dataset.chartsReady === String(document.querySelectorAll('.chart').length)"
    )
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)
    page = open_as("tx_ap01", width=390, height=844)
    page.goto("/entries/new/article/")
    page.get_by_label("标题").fill("《乡村振兴绘新景》在省日报刊发")
    page.get_by_label("刊发媒体").fill("省日报")
    page.get_by_label("刊发媒体").blur()
    page.wait_for_function("() => document.getElementById('id_media_level').value === 'provincial'")
    page.screenshot(path=str(shots / "entry-form.png"), full_page=True)
    page = open_as("xian_shenhe")
    page.goto("/review/")
    page.screenshot(path=str(shots / "review-queue.png"), full_page=False)
    page = open_as("shi_lingdao")
    page.goto("/reports/?period=2026H1&show=1")
    page.locator("#report-preview h1").first.wait_for()
    page.wait_for_timeout(300)  # let the report's charts draw
    page.screenshot(path=str(shots / "report-preview.png"), full_page=False)
    for name in ("dashboard.png", "entry-form.png", "review-queue.png", "report-preview.png"):
        data = (shots / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_outlet_alias_shows_which_outlet_it_resolves_to_while_typing(open_as):
    page = open_as("tx_ap01")
    page.goto("/entries/new/article/")
    outlet = page.get_by_label("刊发媒体")
    outlet.press_sequentially("人民网", delay=30)
    said = page.locator("#outlet-resolved")
    page.wait_for_function(
        "() => document.getElementById('outlet-resolved').textContent.includes('人民日报')"
    )
    assert said.inner_text() == "“人民网”将记为“人民日报”（中央级）。"
    outlet.fill("")
    outlet.press_sequentially("不存在的晚报", delay=10)
    outlet.blur()
    page.wait_for_function(
        "() => document.getElementById('outlet-resolved').textContent.includes('名录中没有')"
    )


def test_no_page_asks_for_a_missing_favicon(open_as):
    page = open_as("tx_ap01")
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto("/entries/")
    page.wait_for_load_state("networkidle")
    assert missing == []
    assert page.request.get("/favicon.ico").ok
