"""Benchmark the extraction pipeline against OpenCC t2s alone, and its memory when streaming.

    .venv/bin/python bench/extract.py            # 20 MB corpus + 100 MB streaming run
    .venv/bin/python bench/extract.py --quick    # 2 MB + 10 MB
    .venv/bin/python bench/extract.py --no-stream   # the timings of the build in use only
    .venv/bin/python bench/extract.py --whole [--quick]   # whole processes only (see below)

``--whole`` compares whole processes, as a user runs them: ``zongjie extract FILE --json``
(imports, reading, extraction, ``to_json_dict``, JSON to a file) against a process that reads
the same file, converts it with OpenCC t2s and writes it out; each run under /usr/bin/time
(wall, CPU = user + system, peak RSS of that process alone), the two taking turns, median
of five.

The corpus repeats and shuffles the seed's articles (fixed random seed). Throughput is
measured for the whole pipeline (extract_text) and for OpenCC t2s alone on the same text
in the same process, taking turns; the ratio is pipeline time / OpenCC time (wall clock and
CPU time, best of five runs each). When the mypyc build is in use
(``zongjie.extraction.COMPILED``), the same measurement runs again in a child process on the
pure-Python modules (ZONGJIE_PURE_PYTHON=1), with its own OpenCC baseline. Peak memory is the max RSS of a child process (VmHWM) that
streams a large file article by article (iter_extract_path).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "src" / "zongjie" / "imports" / "seed" / "000_774f85108288457a.txt"
sys.path.insert(0, str(REPO / "src"))

import zongjie.extraction  # noqa: E402
from zongjie.extraction import extract_text  # noqa: E402
from zongjie.extraction.normalise import t2s  # noqa: E402
from zongjie.extraction.read import split_lines  # noqa: E402
from zongjie.extraction.split import ARTICLE_MARKER  # noqa: E402


def seed_articles() -> list[str]:
    lines = split_lines(SEED.read_text(encoding="utf-8"))
    starts = [i for i, line in enumerate(lines) if ARTICLE_MARKER.match(line)]
    return ["\n".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]


def build_corpus(megabytes: float, seed: int = 20240601) -> str:
    rng = random.Random(seed)
    articles = seed_articles()
    target = int(megabytes * 1024 * 1024)
    parts: list[str] = []
    size = 0
    while size < target:
        batch = articles[:]
        rng.shuffle(batch)
        for art in batch:
            parts.append(art)
            size += len(art.encode("utf-8")) + 1
    return "\n".join(parts) + "\n"


def best_of_interleaved(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """Best wall-clock and best CPU time (``time.process_time``) of ``repeat`` runs of each
    function, the functions taking turns, so that a machine that speeds up or slows down during
    the run (other load, clock changes) weighs on all of them alike."""
    wall: dict[str, list[float]] = {name: [] for name in fns}
    cpu: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            t0, c0 = time.perf_counter(), time.process_time()
            fn()
            wall[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    return {name: (min(wall[name]), min(cpu[name])) for name in fns}


def stream_peak_rss(path: Path) -> tuple[int, int, float]:
    """Run iter_extract_path in a child; returns (articles, peak RSS KiB, seconds).

    The peak is the child's VmHWM (ru_maxrss would carry the parent's high-water mark
    across fork+exec on Linux)."""
    code = (
        "import sys,time;sys.path.insert(0,{!r});"
        "from zongjie.extraction import iter_extract_path;"
        "t=time.perf_counter();n=0\n"
        "for part in iter_extract_path({!r}): n+=1\n"
        "hwm=[l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
        "print(n, hwm, time.perf_counter()-t)"
    ).format(str(REPO / "src"), str(path))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), int(out[1]), float(out[2])


def baseline_rss() -> int:
    code = (
        "import sys;sys.path.insert(0,{!r});import zongjie.extraction;"
        "from zongjie.extraction.normalise import t2s;t2s('測試');"
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    ).format(str(REPO / "src"))
    return int(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    )


def measure(text: str, repeat: int) -> None:
    """Pipeline and OpenCC alone on the same corpus, in this process; prints the figures."""
    build = "mypyc build" if zongjie.extraction.COMPILED else "pure Python"
    size_mb = len(text.encode("utf-8")) / (1024 * 1024)
    t2s("預熱")  # create the converter outside the timings
    result = None

    def run():
        nonlocal result
        result = extract_text(text, "corpus")

    times = best_of_interleaved({"opencc": lambda: t2s(text), "pipeline": run}, repeat)
    (t_opencc, c_opencc), (t_pipe, c_pipe) = times["opencc"], times["pipeline"]
    assert result is not None
    print(f"[{build}]")
    print(
        f"corpus            {size_mb:.1f} MB, {len(result.articles)} articles, {len(result.quantities)} quantities"
    )
    print(f"OpenCC t2s only   {t_opencc:.2f} s  {size_mb / t_opencc:.1f} MB/s")
    print(f"pipeline          {t_pipe:.2f} s  {size_mb / t_pipe:.1f} MB/s")
    print(f"ratio             {t_pipe / t_opencc:.2f}x  (pipeline time / OpenCC-only time; target <= 3)")
    print(
        f"ratio, CPU time   {c_pipe / c_opencc:.2f}x  ({c_pipe:.2f} s / {c_opencc:.2f} s)",
        flush=True,
    )


def measure_scans(text: str, repeat: int) -> None:
    """The class-led scans of the quantities and structure steps, the regex way against the
    class table (extraction.scan), on the same normalised articles in this process."""
    from zongjie.extraction.pipeline import iter_normalised
    from zongjie.extraction.quantities import _CANDIDATE_JOINED, _EXCLUDED_RE
    from zongjie.extraction.scan import classify, excluded_starts, inline_starts, matches_from, number_runs
    from zongjie.extraction.split import split_articles
    from zongjie.extraction.structure import _INLINE_CANDIDATE

    articles = [
        "\n".join(line.text for line in a.lines) for a in split_articles(iter_normalised(split_lines(text)))
    ]

    # the lines where the regex way scanned quotations and phrases: those holding a candidate
    # (chosen outside the timing)
    candidate_lines = []
    for text in articles:
        starts = {m.start() for m in _CANDIDATE_JOINED.finditer(text)}
        lines, offset = [], 0
        for line in text.split("\n"):
            if any(offset <= c <= offset + len(line) for c in starts):
                lines.append(line)
            offset += len(line) + 1
        candidate_lines.append(lines)

    def regex_scans() -> None:
        for text, lines in zip(articles, candidate_lines, strict=True):
            [m.start() for m in _CANDIDATE_JOINED.finditer(text)]
            for line in lines:
                list(_EXCLUDED_RE.finditer(line))
            list(_INLINE_CANDIDATE.finditer(text))

    def table_scans() -> None:
        for text in articles:
            classes = classify(text)
            number_runs(classes)
            matches_from(_EXCLUDED_RE, text, excluded_starts(classes))
            matches_from(_INLINE_CANDIDATE, text, inline_starts(classes))

    times = best_of_interleaved({"regex": regex_scans, "table": table_scans}, repeat)
    (_, c_regex), (_, c_table) = times["regex"], times["table"]
    print(
        f"article scans     class table {c_table * 1000:.0f} ms, regex {c_regex * 1000:.0f} ms "
        f"(ratio {c_table / c_regex:.2f}; CPU time, {len(articles)} articles)",
        flush=True,
    )


_OPENCC_PROCESS = (
    "import sys,opencc;c=opencc.OpenCC('t2s');"
    "t=open(sys.argv[1],encoding='utf-8').read();open(sys.argv[2],'w',encoding='utf-8').write(c.convert(t))"
)


def timed_process(args: list[str]) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS KiB) of one process run under /usr/bin/time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%e %U %S %M", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        )
        wall, user, system, rss = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss)


def measure_whole(megabytes: int, repeat: int = 5) -> None:
    """The whole command against OpenCC as a whole process; prints medians and ratios."""
    import statistics

    # the command's Python modules as bytecode, as an installed package has them (pip compiles
    # them at install; a fresh clone run with PYTHONDONTWRITEBYTECODE=1 would compile them on
    # every run, ~30 ms that the OpenCC process does not pay)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "src" / "zongjie" / "extraction")], check=True
    )
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "-l", str(REPO / "src" / "zongjie")], check=True
    )
    # and the regex cache beside the bytecode (extraction/_recache.py), which an installed
    # package's first run writes
    subprocess.run(
        [sys.executable, "-c", "import sys;sys.dont_write_bytecode=False;import zongjie.extraction"],
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "corpus.txt", Path(tmp) / "out"
        src.write_text(build_corpus(megabytes), encoding="utf-8")
        runs: dict[str, list[tuple[float, float, int]]] = {"zongjie": [], "opencc": []}
        cli = [sys.executable, "-c", "import sys;from zongjie.cli import main;sys.exit(main(sys.argv[1:]))"]
        for _ in range(repeat):
            runs["zongjie"].append(timed_process([*cli, "extract", str(src), "--json"]))
            runs["opencc"].append(timed_process([sys.executable, "-c", _OPENCC_PROCESS, str(src), str(out)]))
    med = {k: tuple(statistics.median(r[i] for r in v) for i in range(3)) for k, v in runs.items()}
    build = "mypyc build" if zongjie.extraction.COMPILED else "pure Python"
    for name, (wall, cpu, rss) in med.items():
        print(
            f"{name:<8} {megabytes} MB whole process ({build}): wall {wall:.2f} s, CPU {cpu:.2f} s, peak RSS {rss / 1024:.0f} MB"
        )
    z, o = med["zongjie"], med["opencc"]
    print(
        f"ratio    wall {z[0] / o[0]:.2f}x, CPU {z[1] / o[1]:.2f}x, peak RSS {z[2] / o[2]:.2f}x (median of {repeat})"
    )


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    if "--whole" in argv:
        measure_whole(2 if quick else 20)
        return 0
    corpus_mb, stream_mb = (2, 10) if quick else (20, 100)
    corpus = build_corpus(corpus_mb)
    measure(corpus, repeat=5)
    measure_scans(corpus, repeat=5)
    if "--no-stream" in argv:
        return 0
    if zongjie.extraction.COMPILED:
        # the same on the pure-Python modules, in a child (the choice is made at import)
        print()
        env = {**os.environ, "ZONGJIE_PURE_PYTHON": "1"}
        args = [sys.executable, __file__, "--no-stream", *(["--quick"] if quick else [])]
        subprocess.run(args, env=env, check=True)
        print()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        with path.open("w", encoding="utf-8") as fh:
            chunk = build_corpus(10 if not quick else 2, seed=7)
            written = 0
            while written < stream_mb * 1024 * 1024:
                fh.write(chunk)
                written += len(chunk.encode("utf-8"))
        big_mb = path.stat().st_size / (1024 * 1024)
        n, rss_kib, secs = stream_peak_rss(path)
        base_kib = baseline_rss()
        print(
            f"streaming         {big_mb:.0f} MB file, {n} articles in {secs:.1f} s ({big_mb / secs:.1f} MB/s); "
            f"peak RSS {rss_kib / 1024:.0f} MB (interpreter + imports alone {base_kib / 1024:.0f} MB)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
