"""Browser tests: a real `zongjie serve` on the demo data, and headless Debian chromium.

One server per test session (demo data is built once, in its own ZONGJIE_HOME), so the
browser flows run in a few seconds each. The server is a subprocess, independent of the
pytest database; the flows assert on what the pages show.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "zongjie2026"
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _need_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs chromium at /usr/bin/chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("needs the playwright Python package")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    _need_chromium()
    home = tmp_path_factory.mktemp("zj_browser_home")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update({"ZONGJIE_HOME": str(home), "ZONGJIE_DEBUG": "0", "ZONGJIE_PRODUCTION": "0"})
    cli = [sys.executable, "-m", "zongjie.cli"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    log = open(home / "server.log", "wb")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--threads", "4"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((home / "server.log").read_text()) from None
            time.sleep(0.1)
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture(scope="session")
def browser():
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, demo_server):
    """open_as("tx_ap01", width=390) -> a logged-in page."""
    contexts = []

    def _open(username: str, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", base_url=demo_server
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(f"{demo_server}/")
        return page

    yield _open
    for context in contexts:
        context.close()


