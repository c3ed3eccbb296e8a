"""The whole test suite, as `make test` and `.ci/run` run it.

1. ruff and `makemigrations --check`;
2. pytest on the embedded SQLite database;
3. pytest again on PostgreSQL (DATABASE_URL, else PG_TEST_URL) when it answers.

Whatever could not run on this machine is listed at the end. With ZONGJIE_STRICT=1
(CI) a missing component or a skipped test is a failure, so CI always runs everything.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

from zongjie.conf import env_str


def _run(title: str, command: list[str], env: dict[str, str]) -> int:
    print(f"\n=== {title}: {' '.join(command)}", flush=True)
    return subprocess.call(command, env=env)


def _pytest(title: str, command: list[str], env: dict[str, str], skipped: list[str]) -> int:
    """Run pytest; the tests it skipped (written by tests/conftest.py) go into `skipped`."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "skips.txt"
        code = _run(title, command, {**env, "ZONGJIE_SKIP_REPORT": str(report)})
        if report.exists():
            skipped.extend(f"{title}: {line}" for line in report.read_text(encoding="utf-8").splitlines())
    return code


def _postgres_reachable(url: str) -> str | None:
    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def main(argv: list[str]) -> int:
    strict = os.environ.get("ZONGJIE_STRICT", "") == "1"
    python = sys.executable
    base_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    skipped: list[str] = []
    failures: list[str] = []

    if _run("ruff", [python, "-m", "ruff", "check", "src", "tests", "bench"], base_env):
        failures.append("ruff check")
    if _run("migrations", [python, "-m", "zongjie.cli", "makemigrations", "--check", "--dry-run"], base_env):
        failures.append("makemigrations --check (a model change has no migration)")

    pytest = [python, "-m", "pytest", *argv]
    if _pytest("tests on SQLite", pytest, base_env, skipped):
        failures.append("tests on SQLite")

    pg_url = os.environ.get("DATABASE_URL") or env_str("PG_TEST_URL")
    problem = _postgres_reachable(pg_url)
    if problem:
        skipped.append(f"PostgreSQL suite ({pg_url} unreachable: {problem})")
    else:
        env = {**base_env, "DATABASE_URL": pg_url, "ZONGJIE_PG_RUN": "1"}
        # Browser, LibreOffice and other slow tests hardly depend on the database: run them once, on
        # SQLite. The API fuzz run (slow) does: NUL and other text PostgreSQL refuses, so it runs here too.
        pg_tests = [*pytest, "-m", "not browser and not libreoffice and (not slow or fuzz)"]
        if _pytest("tests on PostgreSQL", pg_tests, env, skipped):
            failures.append("tests on PostgreSQL")

    print("\n=== summary")
    for item in skipped:
        print(f"SKIPPED: {item}")
    if not skipped:
        print("nothing was skipped")
    if skipped and strict:
        failures.append("ZONGJIE_STRICT=1 and something was skipped (listed above)")
    for item in failures:
        print(f"FAILED: {item}")
    if not failures:
        print("all test runs passed" + (" (with skips, see above)" if skipped else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
