"""A real `zongjie serve` in a subprocess, with its own data directory (and, on the
PostgreSQL run, its own database), for the fuzz test and end-to-end checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ZONGJIE = [sys.executable, "-m", "zongjie.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Terminate a server process, killing it if it does not stop within `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def pg_url_for(name: str) -> str | None:
    """A fresh PostgreSQL database named after the run's own, when the run is on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    base, _, _ = url.rpartition("/")
    dbname = f"{url.rpartition('/')[2] or 'zongjie'}_{name}"
    with psycopg.connect(
        f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    return f"{base}/{dbname}"


def drop_pg(url: str) -> None:
    import psycopg

    base, _, dbname = url.rpartition("/")
    with psycopg.connect(
        f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def zongjie_env(home: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"ZONGJIE_HOME": str(home), "PYTHONUNBUFFERED": "1"})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


@dataclass
class Server:
    url: str
    env: dict[str, str]
    process: subprocess.Popen

    def run(self, *args: str) -> str:
        done = subprocess.run([*ZONGJIE, *args], env=self.env, capture_output=True, text=True, check=True)
        return done.stdout

    def token(self, username: str) -> str:
        return self.run("apitoken", username).strip()


@contextmanager
def zongjie_server(
    home: Path,
    name: str = "live",
    threads: int = 8,
    log_path: Path | None = None,
    serve_env: dict[str, str] | None = None,
    serve_args: tuple[str, ...] = (),
) -> Iterator[Server]:
    """Demo data in a fresh database, then `zongjie serve` on a free loopback port (its output in
    `log_path`, by default serve.log in `home`; `serve_env` added to its environment, e.g.
    production settings)."""
    database_url = pg_url_for(name)
    env = zongjie_env(home, database_url)
    subprocess.run([*ZONGJIE, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    env = {**env, **(serve_env or {})}
    port = free_port()
    log_path = log_path or home / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            *ZONGJIE,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--threads",
            str(threads),
            *serve_args,
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except urllib.error.HTTPError:
                break  # up, and saying what is wrong (a nearly full disk): that is its business
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(log_path.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.2)
        yield Server(url=url, env=env, process=process)
    finally:
        stop(process, timeout=15)
        log.close()
        if database_url:
            drop_pg(database_url)
