"""Load: 50 concurrent API clients submit and review entries against a real `zongjie serve`
for N seconds; then nothing may be lost or duplicated.

    .venv/bin/python bench/load.py --seconds 60                  # SQLite (WAL)
    .venv/bin/python bench/load.py --seconds 60 --db postgres    # PostgreSQL (fresh database)

Each run builds the demo office in a fresh data directory (and, for PostgreSQL, a fresh
database `<name>_load`), gives every reporter and reviewer a token and starts `zongjie serve`
on a free loopback port. 40 reporter clients create an entry and submit it, again and again;
10 reviewer clients approve what waits in their queue (two reviewers share one county, so
some reviews race and must answer 409, never a double approval). Afterwards every entry a
client was told it created must be in the database exactly once, and every entry it was told
it approved must be approved. The baseline is one client alone, in the same run: the ratio
says how much latency grows and throughput scales under 50 clients.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from zongjie.testing.live import ZONGJIE, drop_pg, free_port, pg_url_for, zongjie_env  # noqa: E402

PREFIX = "压测"


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    requests: int = 0
    created: dict[int, str] = field(default_factory=dict)  # id -> title, as the server acknowledged
    approved: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(
        self, started: float, response: requests.Response | None, expected_conflict: bool = False
    ) -> None:
        elapsed = time.perf_counter() - started
        with self.lock:
            self.requests += 1
            self.latencies.append(elapsed)
            if response is None:
                self.errors["network"] = self.errors.get("network", 0) + 1
            elif response.status_code == 409 and expected_conflict:
                self.conflicts += 1
            elif response.status_code >= 400:
                key = str(response.status_code)
                self.errors[key] = self.errors.get(key, 0) + 1


def _call(session: requests.Session, tally: Tally, method: str, url: str, expected_conflict=False, **kwargs):
    started = time.perf_counter()
    try:
        response = session.request(method, url, timeout=60, **kwargs)
    except requests.RequestException:
        tally.record(started, None)
        return None
    tally.record(started, response, expected_conflict)
    return response


def reporter(base: str, token: str, unit: str, deadline: float, tally: Tally, client: int) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    n = 0
    while time.monotonic() < deadline:
        n += 1
        title = f"{PREFIX}-{client}-{n}-{uuid.uuid4().hex[:8]}"
        body = {
            "unit": unit,
            "period": "2026H2",
            "category": "news_article",
            "kind": "article",
            "title": title,
            "occurred_on": "2026-10-01",
            "media_level": "county",
        }
        response = _call(session, tally, "POST", f"{base}/api/entries", json=body)
        if response is None or response.status_code != 201:
            continue
        entry_id = response.json()["id"]
        with tally.lock:
            tally.created[entry_id] = title
        _call(session, tally, "POST", f"{base}/api/entries/{entry_id}/submit")


def reviewer(base: str, token: str, deadline: float, tally: Tally, seed: int) -> None:
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        params = {"reviewable": "true", "status": "submitted", "q": PREFIX, "page_size": 20}
        response = _call(session, tally, "GET", f"{base}/api/entries", params=params)
        if response is None or response.status_code != 200:
            continue
        items = response.json()["items"]
        if not items:
            time.sleep(0.05)
            continue
        entry_id = rng.choice(items)["id"]
        done = _call(
            session,
            tally,
            "POST",
            f"{base}/api/entries/{entry_id}/review",
            expected_conflict=True,
            json={"approve": True},
        )
        if done is not None and done.status_code == 200:
            with tally.lock:
                tally.approved.add(entry_id)


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


# every reporter and reviewer of the demo, each with a fresh token (one process, not one each)
TOKENS = (
    "import json;from zongjie.org.models import Membership as M;from zongjie.api.tokens import create_token;"
    "rows=M.objects.filter(user__username__regex=r'^(tx|sh)_|^xian_shenhe$').select_related('user','unit');"
    "print(json.dumps([(m.user.username,m.role,m.unit.code,create_token(m.user,'load')[1]) for m in rows]))"
)

CHECK = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "zongjie.settings"
django.setup()
from django.db.models import Count
from zongjie.ledger.models import Entry
rows = list(Entry.objects.filter(title__startswith="{prefix}").values_list("id", "title", "status"))
dupes = list(Entry.objects.filter(title__startswith="{prefix}").values("title").annotate(n=Count("id")).filter(n__gt=1).values_list("title", flat=True))
print(json.dumps({{"rows": rows, "duplicate_titles": dupes}}))
"""


def run(args: argparse.Namespace) -> dict:
    home = Path(tempfile.mkdtemp(prefix="zj_load_"))
    database_url = pg_url_for("load") if args.db == "postgres" else None
    if args.db == "postgres" and database_url is None:
        os.environ["DATABASE_URL"] = args.pg_url
        database_url = pg_url_for("load")
    env = zongjie_env(home, database_url)
    subprocess.run([*ZONGJIE, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    users = json.loads(
        subprocess.run([*ZONGJIE, "shell", "-c", TOKENS], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    tokens = {username: token for username, _, _, token in users}
    users = [(username, role, unit) for username, role, unit, _ in users]
    reporters = [(u, unit) for u, role, unit in users if role == "reporter"]
    reviewers = [u for u, role, _ in users if role == "reviewer"]
    port = args.port or free_port()
    log = (home / "serve.log").open("wb")
    server = subprocess.Popen(
        [*ZONGJIE, "serve", "--host", "127.0.0.1", "--port", str(port), "--threads", str(args.threads)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        results = {}
        for phase, clients, seconds in (
            ("baseline", 1, max(5, args.seconds // 6)),
            ("load", args.clients, args.seconds),
        ):
            tally = Tally()
            deadline = time.monotonic() + seconds
            threads = []
            n_reviewers = 0 if clients == 1 else max(1, clients // 5)
            for i in range(clients - n_reviewers):
                username, unit = reporters[i % len(reporters)]
                threads.append(
                    threading.Thread(target=reporter, args=(base, tokens[username], unit, deadline, tally, i))
                )
            for i in range(n_reviewers):
                threads.append(
                    threading.Thread(
                        target=reviewer,
                        args=(base, tokens[reviewers[i % len(reviewers)]], deadline, tally, i),
                    )
                )
            started = time.monotonic()
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.monotonic() - started
            results[phase] = (tally, wall)
        check = json.loads(
            subprocess.run(
                [sys.executable, "-c", CHECK.format(prefix=PREFIX)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        if database_url:
            drop_pg(database_url)
    created = {}
    approved = set()
    for tally, _ in results.values():
        created.update(tally.created)
        approved |= tally.approved
    in_db = {row[0]: (row[1], row[2]) for row in check["rows"]}
    lost = [i for i in created if i not in in_db]
    wrong_title = [i for i, t in created.items() if i in in_db and in_db[i][0] != t]
    unacknowledged = [i for i in in_db if i not in created]
    not_approved = [i for i in approved if in_db.get(i, ("", ""))[1] != "approved"]
    load, wall = results["load"]
    base_tally, base_wall = results["baseline"]
    summary = {
        "db": args.db,
        "clients": args.clients,
        "seconds": args.seconds,
        "requests": load.requests,
        "throughput_rps": load.requests / wall,
        "errors": load.errors,
        "error_rate": sum(load.errors.values()) / max(1, load.requests),
        "review_conflicts_409": load.conflicts,
        "p50_ms": statistics.median(load.latencies) * 1000,
        "p95_ms": _percentile(load.latencies, 95) * 1000,
        "baseline_p50_ms": statistics.median(base_tally.latencies) * 1000,
        "baseline_rps": base_tally.requests / base_wall,
        "created": len(created),
        "approved": len(approved),
        "lost": len(lost),
        "duplicated": len(check["duplicate_titles"]),
        "wrong_title": len(wrong_title),
        "unacknowledged_rows": len(unacknowledged),
        "approved_but_not_in_db": len(not_approved),
    }
    summary["p50_ratio_vs_baseline"] = summary["p50_ms"] / summary["baseline_p50_ms"]
    summary["throughput_ratio_vs_baseline"] = summary["throughput_rps"] / summary["baseline_rps"]
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the 50-client phase (1..600)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (2..200)")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432/apismith")
    parser.add_argument("--threads", type=int, default=16, help="waitress worker threads")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    args.seconds = min(max(args.seconds, 1), 600)  # bounded: never an endless run
    args.clients = min(max(args.clients, 2), 200)
    summary = run(args)
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    s = summary
    print(
        f"| {s['db']} | {s['clients']} | {s['seconds']} s | {s['requests']} | {s['throughput_rps']:.0f} "
        f"({s['throughput_ratio_vs_baseline']:.1f}× 1 client) | {s['error_rate']:.2%} | {s['p50_ms']:.0f} / "
        f"{s['p95_ms']:.0f} ms ({s['p50_ratio_vs_baseline']:.1f}× 1 client p50 {s['baseline_p50_ms']:.0f} ms) | "
        f"{s['created']} / {s['approved']} | {s['lost']} / {s['duplicated']} |"
    )
    ok = (
        s["lost"] == 0 and s["duplicated"] == 0 and s["wrong_title"] == 0 and s["approved_but_not_in_db"] == 0
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
