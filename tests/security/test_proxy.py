"""Production behind the documented nginx, end to end: a real nginx (TLS, the `location`
block of docs/deployment.md) in front of a real `zongjie serve` in production mode.

The test's client connects to nginx from its own loopback address (127.0.0.x), so the
address nginx sees differs from nginx's own (127.0.0.1, the trusted proxy): the audit
log and the login limits must see the client's, not the proxy's.
"""

from __future__ import annotations

import http.client
import json
import re
import secrets
import shutil
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from zongjie.ledger.demo import DEMO_PASSWORD
from zongjie.testing.live import Server, zongjie_server
from zongjie.testing.nginx import NGINX, nginx_proxy

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")
LIMIT = 5


@dataclass
class Browser:
    """One client with its own source address and cookies, over TLS or plain http."""

    port: int
    source: str
    tls: bool = True
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.port, context=context, source_address=(self.source, 0), timeout=60
            )
        else:
            conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, source_address=(self.source, 0), timeout=60
            )
        all_headers = dict(headers or {})
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=data, headers=all_headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return response, content

    def login(self, username: str, password: str):
        page, html = self.request("GET", "/login/")
        assert page.status == 200, html[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        return self.request(
            "POST",
            "/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token},
            {"Origin": self.origin, "Referer": f"{self.origin}/login/"},
        )


def audit(server: Server, username: str) -> list[dict]:
    code = (
        "import json; from zongjie.security.models import AuditEvent as A; "
        f"print(json.dumps(list(A.objects.filter(username={username!r}).values('kind', 'ip'))))"
    )
    return json.loads(server.run("shell", "-c", code).strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["waitress", "gunicorn"])
def stack(request, tmp_path_factory):
    """Both servers of `zongjie serve`: one waitress process, and gunicorn with two workers."""
    if not shutil.which(NGINX) and not __import__("os").path.exists(NGINX):
        pytest.skip("needs nginx")
    home = tmp_path_factory.mktemp("proxy-home")
    production = {
        "ZONGJIE_PRODUCTION": "1",
        "ZONGJIE_SECRET_KEY": secrets.token_urlsafe(60),
        "ZONGJIE_ALLOWED_HOSTS": "127.0.0.1",
        "ZONGJIE_TRUSTED_PROXIES": "127.0.0.1",
        "ZONGJIE_SSL_REDIRECT": "1",
        "ZONGJIE_LOGIN_ATTEMPTS": str(LIMIT),
    }
    with (
        zongjie_server(
            home,
            name=f"proxy_{request.param}",
            serve_env=production,
            serve_args=("--server", request.param, "--workers", "1" if request.param == "waitress" else "2"),
        ) as server,
        nginx_proxy(tmp_path_factory.mktemp("nginx"), server.url) as proxy,
    ):
        yield server, proxy


def test_login_through_nginx_passes_csrf_sends_hsts_and_logs_the_client_address(stack):
    server, proxy = stack
    browser = Browser(proxy.https_port, source="127.0.0.5")
    response, _ = browser.request("GET", "/login/")
    assert response.status == 200  # no redirect loop: the https from nginx is believed
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    logged_in, body = browser.login("shi_shenhe", DEMO_PASSWORD)
    assert logged_in.status == 302, body[:500]  # not 403: the https Origin matches
    assert logged_in.headers["Location"] == "/"
    home, _ = browser.request("GET", "/")
    assert home.status == 200
    assert [e["ip"] for e in audit(server, "shi_shenhe") if e["kind"] == "login"] == ["127.0.0.5"]


def test_a_forged_forwarded_for_does_not_change_the_address(stack):
    server, proxy = stack
    browser = Browser(proxy.https_port, source="127.0.0.6")
    _page, html = browser.request("GET", "/login/", headers={"X-Forwarded-For": "6.6.6.6"})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    browser.request(
        "POST",
        "/login/",
        {"username": "shi_lingdao", "password": "wrong-password", "csrfmiddlewaretoken": token},
        {"Origin": browser.origin, "X-Forwarded-For": "6.6.6.6"},
    )
    assert [e["ip"] for e in audit(server, "shi_lingdao")] == ["127.0.0.6"]


def test_plain_http_is_redirected_to_https_once(stack):
    _, proxy = stack
    response, _ = Browser(proxy.http_port, source="127.0.0.7", tls=False).request("GET", "/login/")
    assert response.status == 301
    assert response.headers["Location"].startswith("https://127.0.0.1")


def test_forwarded_headers_from_an_untrusted_peer_are_ignored(stack):
    """Straight to zongjie (not through nginx): X-Forwarded-Proto/For count for nothing."""
    server, _ = stack
    port = int(server.url.rsplit(":", 1)[1])
    direct = Browser(port, source="127.0.0.8", tls=False)
    response, _ = direct.request(
        "GET", "/login/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "6.6.6.6"}
    )
    assert response.status == 301  # still plain http: redirected to https


def test_parallel_wrong_passwords_are_checked_at_most_the_limit(stack):
    server, proxy = stack
    attacker = Browser(proxy.https_port, source="127.0.0.9")
    attacker.request("GET", "/login/")
    _, html = attacker.request("GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def attempt(n: int) -> int:
        one = Browser(proxy.https_port, source="127.0.0.9", cookies=dict(attacker.cookies))
        response, _ = one.request(
            "POST",
            "/login/",
            {"username": "xian_shenhe", "password": f"wrong-{n}", "csrfmiddlewaretoken": token},
            {"Origin": one.origin},
        )
        return response.status

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(attempt, range(40)))
    assert statuses == [200] * 40
    events = audit(server, "xian_shenhe")
    checked = [e for e in events if e["kind"] == "login_failed"]
    assert len(events) == 40
    assert len(checked) == LIMIT  # never more, and never fewer: refused attempts take no place
    assert {e["ip"] for e in events} == {"127.0.0.9"}
    # the account is locked, from any address, even with the right password
    _, body = Browser(proxy.https_port, source="127.0.0.10").login("xian_shenhe", DEMO_PASSWORD)
    assert "登录失败次数过多" in body
    # but another client behind the same nginx is not: the limit is per client address
    other, _ = Browser(proxy.https_port, source="127.0.0.11").login("xian_guanli", DEMO_PASSWORD)
    assert other.status == 302


def test_production_serve_refuses_to_start_without_a_secret_key(tmp_path):
    import subprocess

    from zongjie.testing.live import ZONGJIE, zongjie_env

    env = {**zongjie_env(tmp_path, None), "ZONGJIE_PRODUCTION": "1"}
    env.pop("ZONGJIE_SECRET_KEY", None)
    done = subprocess.run(
        [*ZONGJIE, "serve", "--port", "1"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    assert "ZONGJIE_SECRET_KEY" in done.stderr and "服务未启动" in done.stderr
    assert not (tmp_path / "secret_key").exists()
