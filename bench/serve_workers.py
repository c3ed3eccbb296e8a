"""`zongjie serve --workers N`: /healthz and a logged-in page (/entries/) under C concurrent
clients (separate processes), 1 worker (waitress) against N workers (gunicorn), demo data.

    .venv/bin/python bench/serve_workers.py --clients 20 --seconds 10 --workers 1 2
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from zongjie.testing.live import ZONGJIE, free_port, zongjie_env  # noqa: E402


def _client(url: str, path: str, seconds: float, out) -> None:
    session = requests.Session()
    page = session.get(f"{url}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{url}/login/",
        {"username": "shi_lingdao", "password": "zongjie2026", "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/login/"},
    )
    times, errors = [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.monotonic()
        response = session.get(f"{url}{path}")
        times.append(time.monotonic() - start)
        errors += response.status_code != 200
    out.put((times, errors))


def measure(url: str, path: str, clients: int, seconds: float) -> dict:
    queue: mp.Queue = mp.Queue()
    procs = [mp.Process(target=_client, args=(url, path, seconds, queue)) for _ in range(clients)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    times = sorted(t for r in results for t in r[0])
    q = statistics.quantiles(times, n=100)
    return {
        "path": path,
        "requests/s": round(len(times) / seconds, 1),
        "p50 ms": round(q[49] * 1000),
        "p95 ms": round(q[94] * 1000),
        "errors": sum(r[1] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="zj-workers-"))
    env = zongjie_env(home, None)
    env["PYTHONPATH"] = str(REPO / "src")  # this checkout, not whatever zongjie is installed
    subprocess.run([*ZONGJIE, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    for workers in args.workers:
        port = free_port()
        server = subprocess.Popen(
            [*ZONGJIE, "serve", "--port", str(port), "--workers", str(workers), "--threads", "8"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if requests.get(f"{url}/healthz", timeout=1).ok:
                        break
                except requests.ConnectionError:
                    time.sleep(0.2)
            for path in ("/healthz", "/entries/"):
                print(
                    {
                        "workers": workers,
                        "clients": args.clients,
                        **measure(url, path, args.clients, args.seconds),
                    }
                )
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
