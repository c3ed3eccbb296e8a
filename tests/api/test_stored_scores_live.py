"""A real `zongjie serve` on the demo data, every recomputation counted as expensive: after an
entry is approved through the API, GET /api/rankings serves the stored (stale) result at once, a
thread of the server refreshes it, and then it equals `zongjie score --fresh --json --full`."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from zongjie.testing.live import zongjie_server

PERIOD = "2026H1"


def _call(url: str, token: str, body: dict | None = None):
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def test_the_served_ranking_catches_up_with_a_fresh_score_after_a_review(tmp_path):
    serve_env = {"ZONGJIE_SCORES_INLINE_MS": "0"}
    with zongjie_server(tmp_path, name="scores", threads=4, serve_env=serve_env) as server:
        token = server.token("shi_shenhe")

        def fresh() -> list[dict]:
            return json.loads(server.run("score", "--period", PERIOD, "--fresh", "--json", "--full"))

        root = fresh()[0]["parent"]
        rankings = f"{server.url}/api/rankings?period={PERIOD}&parent={root}"
        status, before = _call(rankings, token)  # nothing stored yet: computed in the request
        assert status == 200 and before == fresh()

        status, page = _call(
            f"{server.url}/api/entries?period={PERIOD}&status=submitted&page_size=200", token
        )
        assert status == 200
        for item in page["items"]:  # the first a city reviewer may approve (not its own unit's)
            status, _ = _call(f"{server.url}/api/entries/{item['id']}/review", token, {"approve": True})
            if status == 200:
                break
        else:
            raise AssertionError("no submitted entry the city reviewer may approve")
        after = fresh()
        assert after != before  # the approval moved a score

        status, served = _call(rankings, token)  # stale: served at once, refreshed in a thread
        assert status == 200 and served in (before, after)
        deadline = time.monotonic() + 60
        while served != after and time.monotonic() < deadline:
            time.sleep(0.2)
            status, served = _call(rankings, token)
        assert served == after
