"""The login limit under parallel logins, through a real `zongjie serve` (gunicorn, two worker
processes, as bench/load.py pages runs it) on this run's database (SQLite, or PostgreSQL on the
PostgreSQL run): logins of one user, and of several users from one address, all succeed while
fewer than the limit are in flight; a parallel brute force is still refused after the limit.

Each client binds its own loopback source address, which the server sees as REMOTE_ADDR.
"""

from __future__ import annotations

import http.client
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from zongjie.ledger.demo import DEMO_PASSWORD
from zongjie.security.ratelimit import BLOCKED_MESSAGE
from zongjie.testing.live import Server, zongjie_server

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="gunicorn and 127.0.0.x sources: Linux")
LIMIT = 5
IN_FLIGHT = LIMIT - 1
WRONG_LOGIN = "用户名或密码不正确"


def login(server: Server, username: str, password: str, source: str) -> tuple[int, str]:
    """GET the form (CSRF cookie and token), POST it: (status, body) of the POST."""
    port = int(server.url.rpartition(":")[2])
    cookies: dict[str, str] = {}

    def request(method: str, path: str, body: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0), timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        data = None
        if body is not None:
            data = urlencode(body)
            headers.update(
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"{server.url}/login/"}
            )
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", errors="replace")
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookies.update({name: morsel.value for name, morsel in SimpleCookie(value).items()})
        return response.status, content

    status, html = request("GET", "/login/")
    assert status == 200, html[:300]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return request(
        "POST", "/login/", {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with zongjie_server(
        tmp_path_factory.mktemp("login-live"),
        name="login_live",
        serve_env={"ZONGJIE_LOGIN_ATTEMPTS": str(LIMIT)},
        serve_args=("--workers", "2", "--threads", "8"),
    ) as server:
        yield server


def _refusals(results: list[tuple[int, str]]) -> list[str]:
    return [
        "blocked" if BLOCKED_MESSAGE in body else "wrong" if WRONG_LOGIN in body else f"{status}"
        for status, body in results
        if status != 302
    ]


def test_parallel_logins_of_one_user_below_the_limit_all_succeed(server):
    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        results = list(
            pool.map(lambda _: login(server, "shi_lingdao", DEMO_PASSWORD, "127.0.0.1"), range(24))
        )
    assert _refusals(results) == []


def test_parallel_logins_of_several_users_from_one_address_all_succeed(server):
    users = ["shi_lingdao", "shi_shenhe", "xian_shenhe", "xian_guanli"] * 6
    with ThreadPoolExecutor(IN_FLIGHT) as pool:
        results = list(pool.map(lambda name: login(server, name, DEMO_PASSWORD, "127.0.0.2"), users))
    assert _refusals(results) == []


def test_a_parallel_brute_force_is_refused_after_the_limit(server):
    with ThreadPoolExecutor(12) as pool:
        results = list(pool.map(lambda _: login(server, "xian_guanli", "guess", "127.0.0.3"), range(12)))
    refusals = _refusals(results)
    # exactly LIMIT passwords were checked, whatever the interleaving; the rest were refused unchecked
    assert sorted(refusals) == ["blocked"] * (12 - LIMIT) + ["wrong"] * LIMIT
    # the right password is refused now, from another address too (the username's count) ...
    status, body = login(server, "xian_guanli", DEMO_PASSWORD, "127.0.0.4")
    assert status == 200 and BLOCKED_MESSAGE in body
    # ... and another user from the guessing address (the address's count)
    status, body = login(server, "shi_shenhe", DEMO_PASSWORD, "127.0.0.3")
    assert status == 200 and BLOCKED_MESSAGE in body
    # another user from another address is not affected
    status, _ = login(server, "shi_shenhe", DEMO_PASSWORD, "127.0.0.5")
    assert status == 302
