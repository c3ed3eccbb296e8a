"""`zongjie serve --workers 2` (gunicorn gthread) keeps an idle keep-alive connection open.

With gunicorn's default keepalive (2 s) a client that paused a little longer between two
requests sent its next one onto a socket the server was closing: "Connection reset by peer"
under load (bench/load.py pages). The connection must still answer after such a pause."""

from __future__ import annotations

import http.client
import time

import pytest

from zongjie.testing.live import zongjie_server
from zongjie.web.gunicorn import KEEPALIVE_SECONDS
from zongjie.web.management.commands.serve import gunicorn_available

pytestmark = pytest.mark.skipif(not gunicorn_available(), reason="gunicorn runs on POSIX only")

GUNICORN_DEFAULT_KEEPALIVE = 2  # seconds: what the server closed idle connections after


def test_an_idle_keep_alive_connection_is_still_answered_after_gunicorns_default(tmp_path):
    assert KEEPALIVE_SECONDS > GUNICORN_DEFAULT_KEEPALIVE + 1
    with zongjie_server(tmp_path, name="keepalive", serve_args=("--workers", "2")) as server:
        host, port = server.url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", "/healthz")
        first = conn.getresponse()
        first.read()
        assert first.status == 200
        assert (first.getheader("Connection") or "").lower() != "close"
        sock = conn.sock
        time.sleep(GUNICORN_DEFAULT_KEEPALIVE + 1.5)  # idle, longer than the old limit
        conn.request("GET", "/healthz")  # the same socket: http.client reconnects only when told to close
        second = conn.getresponse()
        second.read()
        assert conn.sock is sock
        assert second.status == 200
        conn.close()
