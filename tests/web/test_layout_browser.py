"""Every main page at desk (1280 px) and phone (390 px) width, with the internet cut off.

No page scrolls sideways, menu items never overlap or break inside a word, and the
menu folds behind a button on a phone.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

# README's pages (and the forms behind them), each with a user who may open it.
PAGES = [
    ("tx_ap01", "/"),
    ("xian_shenhe", "/"),
    ("shi_lingdao", "/"),
    ("tx_ap01", "/entries/"),
    ("tx_ap01", "/entries/new/article/"),
    ("tx_ap01", "/entries/import/"),
    ("xian_shenhe", "/review/"),
    ("shi_lingdao", "/dashboard/"),
    ("shi_lingdao", "/reports/?period=2026H1"),
    ("xian_guanli", "/imports/"),
    ("xian_shenhe", "/imports/"),
    ("tx_ap01", "/api/docs"),
]

OVERLAPS = """() => {
  const links = [...document.querySelectorAll('nav[aria-label=主导航] a')].filter(a => a.offsetParent);
  const boxes = links.map(a => [a.textContent, a.getBoundingClientRect()]);
  const bad = [];
  for (let i = 0; i < boxes.length; i++) {
    const [t, r] = boxes[i];
    const range = document.createRange();
    range.selectNodeContents(links[i]);
    const lines = new Set([...range.getClientRects()].map(q => Math.round(q.top))).size;
    if (lines > 1) bad.push(t + ' wraps');
    for (let j = i + 1; j < boxes.length; j++) {
      const s = boxes[j][1];
      if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
        bad.push(t + ' overlaps ' + boxes[j][0]);
    }
  }
  return {bad, shown: boxes.length};
}"""


def _no_overflow(page, where: str) -> None:
    # Measure the settled page: htmx fragments and fonts load after the first paint.
    page.wait_for_load_state("networkidle")
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"{where}: {scroll}px wide in a {client}px window"


@pytest.mark.parametrize("width", [1280, 390])
def test_main_pages_fit_the_window_with_a_tidy_menu(open_as, width):
    pages: dict[str, object] = {}
    for user, url in PAGES:
        page = pages.get(user) or open_as(user, width=width, height=900 if width > 400 else 844)
        pages[user] = page
        page.goto(url)
        page.wait_for_load_state("load")
        if url.startswith("/dashboard/"):
            page.wait_for_function(
                "document.body.dataset.chartsReady === String(document.querySelectorAll('.chart').length)"
            )
        if url == "/api/docs":
            page.locator(".swagger-ui .info .title").wait_for()
        _no_overflow(page, f"{user} {url} @{width}")
        if url == "/api/docs":
            continue
        toggle = page.locator(".menu-toggle")
        if width < 600:
            assert toggle.is_visible()
            assert page.evaluate(OVERLAPS)["shown"] == 0  # folded away
            toggle.click()
            assert toggle.get_attribute("aria-expanded") == "true"
        else:
            assert not toggle.is_visible()
        result = page.evaluate(OVERLAPS)
        assert result["shown"] >= 4 and result["bad"] == [], f"{url} @{width}: {result}"
        _no_overflow(page, f"{user} {url} @{width}, menu open")
    assert open_as.blocked == []


def test_phone_tables_keep_dates_whole_and_the_confirm_button_visible(open_as):
    page = open_as("xian_guanli", width=390, height=844)
    page.goto("/imports/")
    page.locator("table a[href^='/imports/']").first.click()
    page.wait_for_url(re.compile(r"/imports/\d+/$"))
    page.wait_for_load_state("load")
    _no_overflow(page, "import figures")
    button = page.get_by_role("button", name=re.compile("^确认第")).first
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page = open_as("tx_ap01", width=390, height=844)
    page.goto("/entries/")
    dates = page.locator('td[data-label="日期"]')
    assert dates.count() > 0
    heights = dates.evaluate_all("cells => cells.map(c => c.getBoundingClientRect().height)")
    line = page.evaluate(
        """parseFloat(getComputedStyle(document.querySelector('td[data-label="日期"]')).lineHeight)"""
    )
    assert max(heights) < line * 1.9  # a date is one line: 2026-06-26, never 2026-06-/26
