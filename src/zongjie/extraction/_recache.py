"""A cache of the package's compiled regular expressions, kept beside its bytecode.

The extraction modules compile some 110 patterns when they load. ``re`` compiles in Python
(parsing, and above all ``_optimize_charset`` on the large character classes): some 40 ms of
CPU and 370 M of the 967 M instructions of ``zongjie extract``'s start-up, on every run. What
``re.compile`` hands to the C engine (``_sre.compile``: the final flags, the code list, the
group tables) is plain data, so it is stored once in ``__pycache__/`` (like bytecode) and, at
the next import, the patterns are rebuilt from it in C (~1 ms) and put in ``re``'s own cache,
where the modules' ``re.compile`` calls find them.

Safe by construction: an entry is keyed like ``re``'s cache (pattern text and flags), so an
edited pattern is simply not found and is compiled as usual; the file holds the Python version,
``_sre.MAGIC`` and ``CODESIZE`` and is ignored under any other; every entry is checked equal
(``Pattern.__eq__`` compares pattern, flags and code) to ``re``'s own compilation before it is
written; any error reading it only means compiling as usual. Standard library only.
"""

from __future__ import annotations

import _sre
import marshal
import os
import re
import sys
from pathlib import Path
from typing import Any

_FORMAT = 1
_HEADER = (_FORMAT, sys.version, _sre.MAGIC, _sre.CODESIZE, sys.maxunicode)


def cache_path(package_dir: str | Path) -> Path:
    return Path(package_dir) / "__pycache__" / f"regex-cache.{sys.implementation.cache_tag}.marshal"


def _usable() -> bool:
    """Whether ``re`` has the internals this relies on (CPython 3.11's: checked, not assumed)."""
    return isinstance(getattr(re, "_cache", None), dict) and hasattr(getattr(re, "_compiler", None), "_code")


def load(package_dir: str | Path) -> set[tuple[Any, ...]]:
    """Put the stored patterns in ``re``'s cache; returns their cache keys (empty when none)."""
    if not _usable():
        return set()
    try:
        header, entries = marshal.loads(cache_path(package_dir).read_bytes())
        if header != _HEADER:
            return set()
        cache = re._cache  # type: ignore[attr-defined]
        loaded = set()
        for pattern, flags, final_flags, code, groups, groupindex, indexgroup in entries:
            key = (type(pattern), pattern, flags)
            if key not in cache:
                cache[key] = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
                loaded.add(key)
        return loaded
    except Exception:  # absent, unreadable or foreign: compile as usual
        return set()


def snapshot() -> set[tuple[Any, ...]]:
    """The keys in ``re``'s cache now (taken before the modules load)."""
    return set(re._cache) if _usable() else set()  # type: ignore[attr-defined]


def save(package_dir: str | Path, before: set[tuple[Any, ...]], loaded: set[tuple[Any, ...]]) -> bool:
    """Store the patterns compiled since ``before`` if any of them was not ``loaded`` from the
    file (first run, or a pattern changed). Not written when Python writes no bytecode
    (``PYTHONDONTWRITEBYTECODE``), as for a ``.pyc``."""
    if sys.dont_write_bytecode or not _usable():
        return False
    keys = [k for k in list(re._cache) if k not in before]  # type: ignore[attr-defined]
    if not keys or all(k in loaded for k in keys):
        return False
    entries = []
    for kind, pattern, flags in keys:
        if kind is not str and kind is not bytes:
            continue
        entry = _entry(pattern, flags)
        if entry is not None:
            entries.append(entry)
    path = cache_path(package_dir)
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((_HEADER, entries)))
        os.replace(tmp, path)
    except OSError:  # a read-only installation: compile as usual
        return False
    return True


def _entry(pattern: str | bytes, flags: int) -> tuple[Any, ...] | None:
    """What ``re._compiler.compile`` passes to ``_sre.compile``, as plain data; None unless the
    pattern built from it equals ``re``'s own."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    try:
        parsed = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(parsed, flags)]  # (opcodes are int subclasses)
        groupindex = {str(k): int(v) for k, v in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, i in groupindex.items():
            indexgroup[i] = name
        entry = (pattern, int(flags), int(flags | parsed.state.flags), code, parsed.state.groups - 1,
                 groupindex, tuple(indexgroup))  # fmt: skip
        rebuilt = _sre.compile(pattern, entry[2], code, entry[4], groupindex, tuple(indexgroup))
        if rebuilt != _compiler.compile(pattern, flags):
            return None
        marshal.dumps(entry)
    except Exception:
        return None
    return entry
