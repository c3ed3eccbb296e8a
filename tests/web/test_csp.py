"""The Content-Security-Policy holds on the main pages: a real browser reports no violation
(the `securitypolicyviolation` event and chromium's console) while the pages run their
scripts — htmx, ECharts charts, the report preview, the upload progress."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def _page(browser, demo_server, username: str | None):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", base_url=demo_server
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    page.add_init_script(WATCH)
    console: list[str] = []
    page.on(
        "console",
        lambda m: (
            console.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else None
        ),
    )
    response = page.goto("/login/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "object-src 'none'" in policy
    if username:
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{demo_server}/")
    return context, page, console


def _violations(page, console: list[str]) -> list[str]:
    return [*page.evaluate("window.__csp"), *console]


def _charts_ready(page) -> None:
    page.wait_for_function(
        "() => document.body.dataset.chartsReady === String(document.querySelectorAll('.chart').length)"
    )


def test_no_policy_violation_on_the_main_pages(browser, demo_server):
    found: dict[str, list[str]] = {}
    context, page, console = _page(browser, demo_server, None)
    found["/login/"] = _violations(page, console)
    context.close()

    context, page, console = _page(browser, demo_server, "tx_ap01")
    found["/ (reporter)"] = _violations(page, console)
    for path in ["/entries/", "/entries/import/"]:
        page.goto(path)
        found[path] = _violations(page, console)
    page.goto("/entries/new/article/")
    page.get_by_label("刊发媒体").first.fill("人民")  # the outlet autocomplete (htmx)
    page.wait_for_timeout(600)
    found["/entries/new/article/"] = _violations(page, console)
    page.goto("/entries/")
    page.locator("table a[href^='/entries/']").first.click()
    page.wait_for_load_state()
    found["entry detail"] = _violations(page, console)
    context.close()

    context, page, console = _page(browser, demo_server, "xian_shenhe")
    page.goto("/review/")
    found["/review/"] = _violations(page, console)
    context.close()

    context, page, console = _page(browser, demo_server, "shi_lingdao")
    page.goto("/dashboard/")
    _charts_ready(page)
    found["/dashboard/"] = _violations(page, console)
    page.goto("/reports/")
    page.get_by_label("期间", exact=True).select_option(label="2026年上半年")
    page.get_by_role("button", name="预览").click()
    page.locator("#report-preview").wait_for()
    page.wait_for_timeout(500)
    found["/reports/ preview"] = _violations(page, console)
    page.goto("/api/docs")
    page.locator(".swagger-ui .info").first.wait_for()
    found["/api/docs"] = _violations(page, console)
    context.close()

    assert {where: seen for where, seen in found.items() if seen} == {}
