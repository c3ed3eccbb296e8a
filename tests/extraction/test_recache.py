"""The regex cache (extraction/_recache.py): patterns rebuilt from it equal ``re``'s own."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from zongjie.extraction import _recache

SRC = str(Path(__file__).resolve().parents[2] / "src")

PATTERNS = [
    (r"(?P<n>[0-9]+)\s*(个|人)", 0),
    (r"[\u3400-\u9fff（(][^)）]{0,80}", re.IGNORECASE),
    (rb"\x89PNG", 0),
    ("[" + "".join(map(chr, range(0x4E00, 0x4E00 + 300, 3))) + "]", 0),
]


@pytest.fixture
def fresh_re(monkeypatch):
    """An empty ``re`` cache (the module's own ``_cache`` dict, replaced for the test)."""
    monkeypatch.setattr(re, "_cache", {})
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return re._cache


def _compile_all() -> list[re.Pattern]:
    return [re.compile(p, f) for p, f in PATTERNS]


def test_patterns_from_the_cache_equal_those_compiled(tmp_path, fresh_re):
    compiled = _compile_all()
    assert _recache.save(tmp_path, set(), set())
    fresh_re.clear()
    loaded = _recache.load(tmp_path)
    assert loaded == {(type(p), p, f) for p, f in PATTERNS}
    again = _compile_all()  # found in re's cache: the rebuilt ones
    for old, new in zip(compiled, again, strict=True):
        assert new == old and new.groupindex == old.groupindex and new.groups == old.groups
    assert again[0].match("12 个").group("n") == "12"


def test_loaded_patterns_are_the_ones_re_compile_returns(tmp_path, fresh_re):
    _compile_all()
    _recache.save(tmp_path, set(), set())
    fresh_re.clear()
    _recache.load(tmp_path)
    stored = dict(fresh_re)
    for p, f in PATTERNS:
        assert re.compile(p, f) is stored[(type(p), p, f)]


def _stored_and_reloaded(tmp_path, fresh_re):
    """PATTERNS stored, re's cache emptied, and the file loaded back: (keys before, loaded)."""
    _compile_all()
    _recache.save(tmp_path, set(), set())
    fresh_re.clear()
    before = _recache.snapshot()
    return before, _recache.load(tmp_path)


def test_an_edited_pattern_is_not_found_and_the_file_is_rewritten(tmp_path, fresh_re):
    before, loaded = _stored_and_reloaded(tmp_path, fresh_re)
    edited = re.compile(r"(?P<n>[0-9]+)\s*(个|人|次)")  # not in the file: compiled as usual
    assert (str, edited.pattern, 0) not in loaded
    assert _recache.save(tmp_path, before, loaded)  # a miss: written again
    fresh_re.clear()
    assert (str, edited.pattern, 0) in _recache.load(tmp_path)


def test_nothing_written_when_everything_came_from_the_file(tmp_path, fresh_re):
    before, loaded = _stored_and_reloaded(tmp_path, fresh_re)
    _compile_all()
    assert not _recache.save(tmp_path, before, loaded)


def test_no_file_without_bytecode_writing(tmp_path, fresh_re, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    _compile_all()
    assert not _recache.save(tmp_path, set(), set())
    assert not _recache.cache_path(tmp_path).exists()


@pytest.mark.parametrize("content", [b"", b"not marshal", None])
def test_a_broken_or_foreign_file_is_ignored(tmp_path, fresh_re, content):
    _compile_all()
    _recache.save(tmp_path, set(), set())
    path = _recache.cache_path(tmp_path)
    if content is None:  # written by another Python (or another engine version)
        _, entries = marshal.loads(path.read_bytes())
        content = marshal.dumps(((0, "2.7", 0, 0, 0), entries))
    path.write_bytes(content)
    fresh_re.clear()
    assert _recache.load(tmp_path) == set()
    assert fresh_re == {}
    assert _compile_all()[0].match("3人")


def test_the_package_cache_rebuilds_every_pattern_exactly(tmp_path, fresh_re):
    """Every pattern the package's own modules compile at import, stored by a fresh interpreter
    (as an installed package's first run does), rebuilds a pattern equal to re's compile."""
    store = (
        "import sys, zongjie.extraction; from zongjie.extraction import _recache; "
        "sys.dont_write_bytecode = False; sys.exit(0 if _recache.save(sys.argv[1], set(), set()) else 1)"
    )
    subprocess.run(
        [sys.executable, "-c", store, str(tmp_path)], check=True, env={**os.environ, "PYTHONPATH": SRC}
    )
    path = _recache.cache_path(tmp_path)
    _, entries = marshal.loads(path.read_bytes())
    assert len(entries) > 50  # the extraction modules compile ~110 patterns
    loaded = _recache.load(tmp_path)
    assert len(loaded) == len(entries)
    for pattern, flags, *_ in entries:
        rebuilt = fresh_re[(type(pattern), pattern, flags)]
        assert rebuilt == re._compiler.compile(pattern, flags)
