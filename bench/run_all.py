"""Run every benchmark in bench/ with its defaults, one after the other (``make bench``).

Each prints its own figures. The full-size runs take minutes and build large databases (see
docs/benchmarks.md for each one's reproduce command and options); not part of ``make test``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ("extract.py", "report.py", "load.py", "score.py")


def main() -> int:
    failed = []
    for name in BENCHES:
        print(f"==> bench/{name}", flush=True)
        if subprocess.run([sys.executable, str(HERE / name)]).returncode:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
