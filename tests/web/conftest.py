"""Browser tests: a real `zongjie serve` on the demo data, and headless Debian chromium.

One server per test session (demo data is built once, in its own ZONGJIE_HOME), so the
browser flows run in a few seconds each. The server is a subprocess, independent of the
pytest database; the flows assert on what the pages show.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from zongjie.testing.browser import launch, need_chromium
from zongjie.testing.live import zongjie_server

PASSWORD = "zongjie2026"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}


def block_network(context, blocked: list[str]) -> None:
    """An intranet office has no internet: every request off this machine is aborted and noted."""

    def handle(route):
        url = route.request.url
        host = urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS or f"[{host}]" in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    need_chromium()
    with zongjie_server(tmp_path_factory.mktemp("zj_browser_home"), name="browser", threads=4) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser():
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, demo_server):
    """open_as("tx_ap01", width=390) -> a logged-in page."""
    contexts = []
    blocked: list[str] = []

    def _open(username: str, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", base_url=demo_server
        )
        contexts.append(context)
        block_network(context, blocked)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{demo_server}/")
        return page

    _open.blocked = blocked
    yield _open
    for context in contexts:
        context.close()
