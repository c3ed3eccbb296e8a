"""The import page in a real browser: upload the seed for a county, see the figures, confirm some."""

from __future__ import annotations

import pytest

from zongjie.assessment.models import BaselineFigure
from zongjie.testing.browser import launch, need_chromium


@pytest.fixture
def page(monkeypatch):
    need_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls after it are safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="zh-CN")
        yield context.new_page()
        # ORM calls made while Playwright runs get their own connection (another context);
        # left open, PostgreSQL would refuse to drop the test database at the end of the run.
        from django.db import connections

        connections.close_all()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_page_upload_see_and_confirm(page, live_server, org, seed_path, shots):
    org.alice.set_password("browser-pass-1")
    org.alice.first_name = "爱丽丝"
    org.alice.save()
    page.goto(f"{live_server.url}/login/?next=/imports/")
    page.fill("input[name=username]", "alice_admin")
    page.fill("input[name=password]", "browser-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/imports/")
    assert page.get_by_role("heading", name="导入旧工作总结").is_visible()

    page.get_by_label("单位").select_option(label=org.county_a.name)
    page.get_by_label("期间").fill("2025H1")
    page.get_by_label("只导入第几篇").fill("1")
    page.get_by_label("旧工作总结（.txt 或 .docx，可多选）").set_input_files(str(seed_path))
    page.get_by_role("button", name="导入").click()
    page.get_by_text("查看并确认").click()
    page.wait_for_selector("text=原文与提纲")

    # The figures are marked in the text: mapped ones, and placeholders flagged as such.
    assert page.locator(".outline a.fig-mapped").count() == 4
    assert page.locator(".outline a.fig-placeholder").count() == 14
    assert "占位符" in page.locator(".outline a.fig-placeholder").first.inner_text()

    # Confirm one figure on its own (the 92 articles at municipal level or above) …
    page.get_by_role("button", name="确认第11行“92篇”").click()
    page.wait_for_selector("text=已确认“92篇”")
    assert BaselineFigure.objects.get(unit=org.county_a, metric_id="articles_municipal_plus").value == 92
    # … then the remaining mapped ones together.
    page.get_by_role("button", name="确认全部 3 个待确认数字").click()
    page.wait_for_selector("text=已确认 3 个数字为历史数据")
    assert page.locator(".outline a.fig-confirmed").count() == 4
    values = dict(BaselineFigure.objects.filter(unit=org.county_a).values_list("metric_id", "value"))
    assert values == {
        "articles_municipal_plus": 92,
        "articles_central": 3,
        "articles_provincial": 33,
        "articles_municipal": 56,
    }
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "import.png"), full_page=False)
