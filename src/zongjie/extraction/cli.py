"""``zongjie extract FILE... [--json]`` — thin front over :func:`extract_path`."""

from __future__ import annotations

import gc
import sys
from typing import TextIO

from .errors import ExtractionError
from .pipeline import extract_path

USAGE = "usage: zongjie extract FILE... [--json]"


def os_error_message(exc: OSError) -> str:
    """A one-line Chinese message for a file that cannot be opened."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取该文件的权限"
    return f"无法读取文件（{exc.strerror or exc}）"


def main(argv: list[str]) -> int:
    """Extract each file; a failing file is reported on stderr, the others still run.

    Exit status 0 when every file went through, 1 if any failed, 2 on bad usage.
    """
    as_json = "--json" in argv
    files = [a for a in argv if a != "--json"]
    if not files or any(a in ("-h", "--help") for a in files):
        print(USAGE, file=sys.stderr if not files else sys.stdout)
        return 2 if not files else 0
    unknown = [a for a in files if a.startswith("--")]
    if unknown:
        print(f"zongjie extract: 未知选项 {unknown[0]}\n{USAGE}", file=sys.stderr)
        return 2
    # The cyclic collector paused for the whole command (the pipeline pauses it during
    # extraction already): to_json_dict makes some 10 dicts and strings per finding, all alive
    # until written, and every collection walked them again (two thirds of to_json_dict's time
    # at 20 MB). Nothing here makes a reference cycle.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _extract_files(files, as_json)
    finally:
        if paused:
            gc.enable()


def _extract_files(files: list[str], as_json: bool) -> int:
    failed = False
    out: TextIO = sys.stdout
    for name in files:
        try:
            result = extract_path(name)
        except ExtractionError as exc:
            print(f"zongjie extract: {name}: {exc}", file=sys.stderr)
            failed = True
            continue
        except OSError as exc:
            print(f"zongjie extract: {name}: {os_error_message(exc)}", file=sys.stderr)
            failed = True
            continue
        if as_json:
            # one line per file, compact: json.dumps(result.to_json_dict(), ensure_ascii=False,
            # separators=(",", ":")) written directly (model.json_text: no dict per finding)
            text = result.json_text()
            del result  # (the text is what is written: the result's objects can go)
            out.write(text)
            out.write("\n")
            del text
        else:
            from .render import render

            render(result, out)
        out.flush()
    return 1 if failed else 0
