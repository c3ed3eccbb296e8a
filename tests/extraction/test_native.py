"""The mypyc build of zongjie.extraction: the same output as pure Python, used in CI, never stale.

The pure-Python side always runs in a child process (``ZONGJIE_PURE_PYTHON=1`` or a copy of
the package), since one interpreter holds one version of each module.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import zongjie.extraction as extraction
from zongjie.extraction import _native, extract_path

from ._shared import DATA, SEED_TXT

STRICT = os.environ.get("ZONGJIE_STRICT") == "1"
EXT = tuple(importlib.machinery.EXTENSION_SUFFIXES)
DATA_FILES = sorted(p for p in DATA.iterdir() if p.is_file())
needs_compiled = pytest.mark.skipif(
    not extraction.COMPILED, reason="extraction modules not compiled (make dev builds them; needs gcc)"
)

# Prints what a fresh interpreter imported and what it extracted from the files in argv.
PROBE = r"""
import json, sys
import zongjie.extraction as e
from zongjie.extraction import _native
print(json.dumps({
    "compiled": e.COMPILED,
    "build": e._BUILD,
    "init": e.__file__,
    "files": {m: sys.modules["zongjie.extraction." + m].__file__ for m in _native.COMPILED_MODULES},
    "probe": hasattr(e.numerals, "STALE_PROBE"),
    "results": {p: json.dumps(e.extract_path(p).to_json_dict(), ensure_ascii=False, indent=1) for p in sys.argv[1:]},
}))
"""


def as_json(path: Path) -> str:
    return json.dumps(extract_path(path).to_json_dict(), ensure_ascii=False, indent=1)


def probe(files: list[Path], *, pure: bool = False, pythonpath: Path | None = None) -> tuple[dict, str]:
    """Run PROBE in a child; returns (its report, its stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("ZONGJIE_PURE_PYTHON", "PYTHONPATH")}
    if pure:
        env["ZONGJIE_PURE_PYTHON"] = "1"
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *map(str, files)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=pythonpath or None,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def copy_package(target: Path) -> Path:
    """The package as imported here (sources, extensions, manifest, mypyc's shared library) under target."""
    package_dir = Path(extraction.__file__).parent
    top = package_dir.parents[1]
    shutil.copytree(
        package_dir, target / "zongjie" / "extraction", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy2(top / "zongjie" / "__init__.py", target / "zongjie" / "__init__.py")
    for lib in top.glob("*__mypyc.*"):
        shutil.copy2(lib, target / lib.name)
    return target / "zongjie" / "extraction"


def test_compiled_flag_matches_what_was_loaded():
    loaded = {m: sys.modules[f"zongjie.extraction.{m}"].__file__ or "" for m in _native.COMPILED_MODULES}
    from_extensions = {m for m, f in loaded.items() if f.endswith(EXT)}
    if extraction.COMPILED:
        assert extraction._BUILD == "compiled"
        assert from_extensions == set(_native.COMPILED_MODULES), loaded
        assert _native.stale_reason(Path(extraction.__file__).parent) == ""
    else:
        assert extraction._BUILD in ("absent", "pure", "stale")
        assert from_extensions == set(), loaded


def test_ci_runs_the_compiled_modules():
    """CI (ZONGJIE_STRICT=1) must test the compiled build, not silently the pure-Python one."""
    if STRICT:
        assert extraction.COMPILED, (
            f"ZONGJIE_STRICT=1 but the extraction modules are not compiled ({extraction._BUILD})"
        )
    else:
        assert extraction.COMPILED is (extraction._BUILD == "compiled")


@pytest.fixture(scope="module")
def pure_run():
    """The seed and every test data file, extracted by pure Python."""
    report, _ = probe([SEED_TXT, *DATA_FILES], pure=True)
    return report


@needs_compiled
@pytest.mark.parametrize("path", [SEED_TXT, *DATA_FILES], ids=lambda p: p.name)
def test_compiled_and_pure_give_identical_json(pure_run, path):
    assert pure_run["compiled"] is False and pure_run["build"] == "pure"
    assert all(f.endswith(".py") for f in pure_run["files"].values()), pure_run["files"]
    compiled = as_json(path)
    assert '"quantities": [' in compiled
    assert pure_run["results"][str(path)].encode() == compiled.encode()


@needs_compiled
def test_a_copy_of_the_build_runs_compiled(tmp_path):
    """The control for the stale test below: copying alone does not make the build stale."""
    copy_package(tmp_path)
    report, stderr = probe(DATA_FILES[:2], pythonpath=tmp_path)
    assert report["init"].startswith(str(tmp_path))
    assert report["compiled"] is True and report["build"] == "compiled"
    assert all(f.endswith(EXT) and f.startswith(str(tmp_path)) for f in report["files"].values())
    assert "编译模块与源码不符" not in stderr


@needs_compiled
def test_an_edited_source_is_not_shadowed_by_its_old_build(tmp_path):
    package_dir = copy_package(tmp_path)
    with (package_dir / "numerals.py").open("a", encoding="utf-8") as fh:
        fh.write("\nSTALE_PROBE = 1  # added after the build\n")
    report, stderr = probe(DATA_FILES, pythonpath=tmp_path)
    assert report["compiled"] is False and report["build"] == "stale"
    assert report["probe"] is True  # the edited numerals.py is the module that ran
    assert all(f.endswith(".py") and f.startswith(str(tmp_path)) for f in report["files"].values())
    warning = [line for line in stderr.splitlines() if "编译模块与源码不符" in line]
    assert len(warning) == 1 and "numerals.py" in warning[0], stderr
    for path in DATA_FILES:
        assert report["results"][str(path)] == as_json(path), path.name


def test_leftover_extensions_without_a_manifest_are_not_loaded(tmp_path):
    """Without a build at all: junk extension files (which would crash if imported) are ignored."""
    package_dir = tmp_path / "zongjie" / "extraction"
    package_dir.mkdir(parents=True)
    (tmp_path / "zongjie" / "__init__.py").write_text("")
    for source in Path(extraction.__file__).parent.glob("*.py"):
        shutil.copy2(source, package_dir / source.name)
    for name in _native.COMPILED_MODULES:
        (package_dir / f"{name}{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"not an ELF file")
    report, stderr = probe(DATA_FILES[:1], pythonpath=tmp_path)
    assert report["compiled"] is False and report["build"] == "stale"
    assert "_compiled.json" in stderr
    assert report["results"][str(DATA_FILES[0])] == as_json(DATA_FILES[0])


def test_stale_reason(tmp_path):
    for source in Path(extraction.__file__).parent.glob("*.py"):
        shutil.copy2(source, tmp_path / source.name)
    assert _native.stale_reason(tmp_path).startswith("缺少编译模块 model")
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for name in _native.COMPILED_MODULES:
        (tmp_path / f"{name}{suffix}").write_bytes(b"")
    assert _native.stale_reason(tmp_path) == f"缺少或无法读取 {_native.MANIFEST}"
    _native.write_manifest(tmp_path, _native.source_hashes(tmp_path))
    assert _native.stale_reason(tmp_path) == ""
    # Sources compiled code never imports may change freely.
    (tmp_path / "cli.py").write_text("# edited\n", encoding="utf-8")
    assert _native.stale_reason(tmp_path) == ""
    (tmp_path / "read.py").write_text("# edited\n", encoding="utf-8")
    assert _native.stale_reason(tmp_path) == "read.py 在编译后已修改"
    (tmp_path / "newstep.py").write_text("", encoding="utf-8")
    assert _native.stale_reason(tmp_path) == "newstep.py, read.py 在编译后已修改"
    (tmp_path / f"dates{suffix}").unlink()
    assert _native.stale_reason(tmp_path) == "缺少编译模块 dates"


@pytest.mark.parametrize(
    ("value", "pure"), [("1", True), ("true", True), (" ON ", True), ("0", False), ("", False), ("no", False)]
)
def test_pure_python_switch(value, pure):
    assert _native.pure_requested({"ZONGJIE_PURE_PYTHON": value}) is pure
    assert _native.pure_requested({}) is False
