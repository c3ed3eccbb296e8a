"""Load: 50 concurrent API clients submit and review entries against a real `zongjie serve`
for N seconds; then nothing may be lost or duplicated.

    .venv/bin/python bench/load.py --seconds 60                  # SQLite (WAL)
    .venv/bin/python bench/load.py --seconds 60 --db postgres    # PostgreSQL (fresh database)
    .venv/bin/python bench/load.py pages --help                  # pages under load (read below)

Each run builds the demo office in a fresh data directory (and, for PostgreSQL, a fresh
database `<name>_load`), gives every reporter and reviewer a token and starts `zongjie serve`
on a free loopback port. 40 reporter clients create an entry and submit it, again and again;
10 reviewer clients approve what waits in their queue (two reviewers share one county, so
some reviews race and must answer 409, never a double approval). Afterwards every entry a
client was told it created must be in the database exactly once, and every entry it was told
it approved must be approved. The baseline is one client alone, in the same run: the ratio
says how much latency grows and throughput scales under 50 clients.

`bench/load.py pages` is the read side: logged-in pages against /healthz (PAGES_DOC below).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
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
sys.path.insert(0, str(REPO / "src"))

from zongjie.testing.live import ZONGJIE, drop_pg, free_port, pg_url_for, stop, zongjie_env  # noqa: E402

PREFIX = "压测"


def wait_until_healthy(base: str, tries: int = 300) -> None:
    """Until the server answers /healthz (a minute at most)."""
    for _ in range(tries):
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)


PG_SERVER = "postgres://postgres@127.0.0.1:5432"


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
        wait_until_healthy(base)
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
    parser.add_argument(
        "--pg-url",
        default=f"{PG_SERVER}/zongjie",
        help="PostgreSQL server and base name: the run uses a fresh database <name>_load (default zongjie_load)",
    )
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


# ---------------------------------------------------------------------------------------------
# `bench/load.py pages`: logged-in pages against /healthz, 50 client processes, same run.

PAGES_DOC = """Pages under load: the dashboard, the review queue and the report preview, each against
/healthz in the same run, C clients as separate OS processes, each logged in through the login
form (CSRF) with its own session, hammering one path for S seconds. p50/p95/p99 and errors per
path; the ratio page p95 / /healthz p95 of the same round; median of R rounds.

    bench/load.py pages --db sqlite                       # demo office, fresh ZONGJIE_HOME
    bench/load.py pages --db postgres                     # demo office, fresh database zongjie_load
    bench/load.py pages --scale 20k --pg-url postgres://postgres@127.0.0.1:5432/zongjie_bench
                        # the province bench/score.py built (20,000 units / 2,000,000 entries)

Before measuring, every page is requested by its user until it no longer says that its figures
are being refreshed (results stored for today's versions), then the single-client round (1 client: /healthz, the root dashboard) and R rounds of C clients."""

PAGE_PASSWORD = "zongjie2026"
REFRESHING_NOTES = ("数据正在更新", "总结正在生成")  # what a page says while its results are computed
LOGIN_AT_ONCE = 3  # below the login rate limit (5 attempts in flight per user and address)

# Users for the 20k province (the demo has its own): created by the bench, not by hand.
SCALE_USERS = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from zongjie.org.models import Membership, Unit
User = get_user_model()
root = Unit.objects.get(parent__isnull=True, code="S")
city = Unit.objects.filter(parent=root).order_by("code").first()
pw = make_password("{password}")
for name, unit, role in [("bench_root", root, "viewer"), ("bench_city", city, "viewer"),
                         ("bench_root_shenhe", root, "reviewer")]:
    user, _ = User.objects.update_or_create(username=name, defaults={{"password": pw, "is_active": True}})
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
print(root.code, city.code)
"""


def _login(session: requests.Session, base: str, username: str) -> None:
    page = session.get(f"{base}/login/", timeout=120)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{base}/login/",
        {"username": username, "password": PAGE_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/login/"},
        timeout=120,
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login of {username} failed: {response.status_code}")


def _page_client(base: str, username: str | None, path: str, seconds: float, gate, ready, go, out) -> None:
    """One client process: log in, wait for the start, request `path` until the time is up.

    At most LOGIN_AT_ONCE clients log in at the same time: the login rate limit counts an
    attempt before it checks the password, so 50 simultaneous logins of one user from one
    address would be refused (as they should be)."""
    session = requests.Session()
    try:
        if username:
            with gate:
                _login(session, base, username)
    except Exception as exc:  # reported as an error of the run, not a crash
        ready.put(str(exc))
        out.put(([], {"login": 1}, 0))
        return
    ready.put("")
    go.wait()
    times: list[float] = []
    errors: dict[str, int] = {}
    size = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        started = time.perf_counter()
        try:
            response = session.get(f"{base}{path}", timeout=120, allow_redirects=False)
            body = response.content
        except requests.RequestException as exc:
            kind = f"network: {type(exc).__name__}: {str(exc)[:80]}"
            errors[kind] = errors.get(kind, 0) + 1
            continue
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
        size = len(body)
    out.put((times, errors, size))


def measure_path(base: str, username: str | None, path: str, clients: int, seconds: float) -> dict:
    ctx = mp.get_context("spawn")  # fresh processes: nothing shared with the measuring one
    ready, out, go, gate = ctx.Queue(), ctx.Queue(), ctx.Event(), ctx.Semaphore(LOGIN_AT_ONCE)
    procs = [
        ctx.Process(target=_page_client, args=(base, username, path, seconds, gate, ready, go, out))
        for _ in range(clients)
    ]
    for p in procs:
        p.start()
    problems = [ready.get(timeout=600) for _ in procs]
    if any(problems):
        print(
            f"{sum(map(bool, problems))} clients could not log in: {next(p for p in problems if p)}",
            file=sys.stderr,
        )
    go.set()
    started = time.monotonic()
    results = [out.get(timeout=seconds + 600) for _ in procs]
    wall = time.monotonic() - started
    for p in procs:
        p.join()
    times = [t for r in results for t in r[0]]
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r[1].items():
            errors[k] = errors.get(k, 0) + v
    return {
        "path": path,
        "user": username or "",
        "clients": clients,
        "requests": len(times),
        "rps": len(times) / wall,
        "p50_ms": _percentile(times, 50) * 1000,
        "p95_ms": _percentile(times, 95) * 1000,
        "p99_ms": _percentile(times, 99) * 1000,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "html_bytes": max((r[2] for r in results), default=0),
        "login_problems": [p for p in problems if p],
    }


def _fresh_pg(url: str) -> str:
    import psycopg

    base, _, dbname = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        c.execute(f'CREATE DATABASE "{dbname}"')
    return url


def pages(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="bench/load.py pages",
        description=PAGES_DOC,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--scale", choices=["demo", "20k"], default="demo")
    parser.add_argument(
        "--pg-url",
        default=None,
        help="PostgreSQL database: demo, created fresh and dropped (default zongjie_load); "
        "20k, the one bench/score.py built, kept (default zongjie_bench)",
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every path (median reported)")
    parser.add_argument("--workers", type=int, default=2, help="zongjie serve --workers")
    parser.add_argument("--threads", type=int, default=8, help="zongjie serve --threads")
    parser.add_argument("--json", type=Path, help="write every measurement here")
    parser.add_argument(
        "--pages",
        default="",
        help="only these pages, comma-separated (dashboard, dashboard_city, review, preview); default all",
    )
    args = parser.parse_args(argv)
    args.clients = min(max(args.clients, 1), 200)
    args.seconds = min(max(args.seconds, 1), 600)
    args.rounds = min(max(args.rounds, 1), 20)
    if args.scale == "20k":
        args.db = "postgres"
    home = Path(tempfile.mkdtemp(prefix="zj_pages_"))
    drop = None
    if args.db == "postgres" and args.scale == "demo":
        drop = database_url = _fresh_pg(args.pg_url or f"{PG_SERVER}/zongjie_load")
    elif args.db == "postgres":
        database_url = args.pg_url or f"{PG_SERVER}/zongjie_bench"
    else:
        database_url = None
    env = zongjie_env(home, database_url)
    env["PYTHONPATH"] = str(REPO / "src")  # this checkout's code
    if args.scale == "demo":
        subprocess.run([*ZONGJIE, "demo", "--no-serve"], env=env, check=True, capture_output=True)
        root, city = None, None
        viewer, reviewer = "shi_lingdao", "shi_shenhe"
        period = ""
        users = {"/dashboard/": viewer, "/review/": reviewer, "/reports/preview/": viewer}
        paths = {"dashboard": "/dashboard/", "review": "/review/", "preview": "/reports/preview/"}
        single = [("healthz", None, "/healthz"), ("dashboard", viewer, "/dashboard/")]
    else:
        done = subprocess.run(
            [*ZONGJIE, "shell", "-c", SCALE_USERS.format(password=PAGE_PASSWORD)],
            env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        root, city = done.stdout.split()[-2:]
        period = "period=2026H1"  # where bench/score.py puts its 2,000,000 entries
        paths = {
            "dashboard": f"/dashboard/?{period}",
            "dashboard_city": f"/dashboard/?{period}&unit={city}",
            "review": f"/review/?{period}",
            "preview": f"/reports/preview/?{period}&unit={root}",
        }
        users = {
            paths["dashboard"]: "bench_root",
            paths["dashboard_city"]: "bench_city",
            paths["review"]: "bench_root_shenhe",
            paths["preview"]: "bench_root",
        }
        single = [("healthz", None, "/healthz"), ("dashboard", "bench_root", paths["dashboard"])]
    if args.pages:
        wanted = set(args.pages.split(","))
        paths = {name: path for name, path in paths.items() if name in wanted}
        users = {path: user for path, user in users.items() if path in paths.values()}
    port = free_port()
    log = (home / "serve.log").open("wb")
    server = subprocess.Popen(
        [*ZONGJIE, "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(args.workers), "--threads", str(args.threads)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    rows: list[dict] = []
    try:
        wait_until_healthy(base)
        # Warm: every page once per user, so that the scorecards are computed and stored before
        # any timing (and every worker process has loaded its code).
        # A page that still says its figures are being refreshed (or its summary composed) is
        # asked again until it does not: the goal is about pages whose results are stored.
        warm = {}
        for path, username in users.items():
            session = requests.Session()
            _login(session, base, username)
            deadline = time.monotonic() + 1800
            calls = 0
            while True:
                started = time.perf_counter()
                response = session.get(f"{base}{path}", timeout=900)
                warm.setdefault(path, []).append(
                    (response.status_code, round(time.perf_counter() - started, 3))
                )
                calls += 1
                refreshing = any(note in response.text for note in REFRESHING_NOTES)
                if (calls >= args.workers * 2 and not refreshing) or time.monotonic() > deadline:
                    break
                if refreshing:
                    time.sleep(1)
        print(json.dumps({"warm (status, seconds)": warm}, ensure_ascii=False), flush=True)
        for name, username, path in single:
            row = {"round": "single", "name": name, **measure_path(base, username, path, 1, args.seconds)}
            rows.append(row)
            print(json.dumps(row, ensure_ascii=False), flush=True)
        for r in range(args.rounds):
            for name, path in [("healthz", "/healthz"), *paths.items()]:
                username = users.get(path)
                row = {
                    "round": r,
                    "name": name,
                    **measure_path(base, username, path, args.clients, args.seconds),
                }
                rows.append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
    finally:
        stop(server, timeout=30)
        log.close()
        if drop:
            drop_pg(drop)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=2))
    return _pages_table(args, rows, list(paths))


def _pages_table(args, rows: list[dict], names: list[str]) -> int:
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[args.db] + (
        " 20k" if args.scale == "20k" else " demo"
    )
    ok = True
    print(f"\n{label}: {args.clients} client processes × {args.seconds:g} s, {args.rounds} rounds, "
          f"serve --workers {args.workers} --threads {args.threads}; medians over rounds")  # fmt: skip
    print("| path | requests/s | p50 | p95 | p99 | p95 ÷ /healthz p95 (rounds) | errors | HTML |")
    print("|---|---|---|---|---|---|---|---|")
    floor = {row["round"]: row["p95_ms"] for row in rows if row["name"] == "healthz"}
    for name in ["healthz", *names]:
        mine = [row for row in rows if row["name"] == name and row["round"] != "single"]
        ratios = [row["p95_ms"] / floor[row["round"]] for row in mine]
        errors = sum(row["errors"] for row in mine)
        med = {k: statistics.median(row[k] for row in mine) for k in ("rps", "p50_ms", "p95_ms", "p99_ms")}
        ratio = statistics.median(ratios)
        if name != "healthz":
            ok = ok and ratio <= 5 and errors == 0
        print(
            f"| `{mine[0]['path']}` | {med['rps']:.0f} | {med['p50_ms']:.0f} ms | {med['p95_ms']:.0f} ms | "
            f"{med['p99_ms']:.0f} ms | {ratio:.2f}× ({', '.join(f'{x:.2f}' for x in ratios)}) | {errors} | "
            f"{mine[0]['html_bytes'] / 1024:.0f} KB |"
        )
    single = {row["name"]: row for row in rows if row["round"] == "single"}
    if single:
        s_ratio = single["dashboard"]["p95_ms"] / single["healthz"]["p95_ms"]
        p50_ratio = single["dashboard"]["p50_ms"] / single["healthz"]["p50_ms"]
        print(
            f"single client: /healthz p50 {single['healthz']['p50_ms']:.1f} ms p95 {single['healthz']['p95_ms']:.1f} ms; "
            f"dashboard p50 {single['dashboard']['p50_ms']:.1f} ms p95 {single['dashboard']['p95_ms']:.1f} ms "
            f"(p50 {p50_ratio:.2f}×, p95 {s_ratio:.2f}×; errors {single['dashboard']['errors']})"
        )
    print("goal (p95 ≤ 5× /healthz, 0 errors):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(pages(sys.argv[2:]) if sys.argv[1:2] == ["pages"] else main())
