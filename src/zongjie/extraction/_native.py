"""The optional mypyc build of this package, and the guard that keeps a stale build out of use.

``setup.py`` compiles :data:`COMPILED_MODULES` to C extensions (mypyc) when it can and
records a SHA-256 of every checked source in :data:`MANIFEST` beside them. The ``.py``
files stay, so the package also runs uncompiled. Python prefers an extension module over
a ``.py`` of the same name, so an edited ``.py`` would be silently shadowed by an old
``.so`` built in place (``pip install -e``): :func:`guard` runs before any other submodule
is imported and, if any source no longer matches its build (or ``ZONGJIE_PURE_PYTHON=1``),
makes all of the package load from ``.py``.

Standard library only: ``setup.py`` loads this file by path, before anything is installed.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import ModuleType

try:  # CPython's own SHA-256: importing hashlib loads OpenSSL (~11 M instructions a start-up)
    from _sha256 import sha256
except ImportError:  # pragma: no cover - other Pythons
    from hashlib import sha256

#: Compiled by mypyc, in dependency order. The others stay Python: ``read`` (zip/codec
#: work in C already), ``errors``, the entry points, and this guard.
COMPILED_MODULES = (
    "model",
    "numerals",
    "normalise",
    "sections",
    "split",
    "lexicon",
    "scan",
    "structure",
    "quantities",
    "breakdowns",
    "dates",
    "pipeline",
)

#: Never imported by compiled code, so editing them cannot make a build stale. Every other
#: ``.py`` here is checked: compiled code was type-checked against ``read`` and ``errors``
#: too, and a module added later is not in the manifest, which asks for a rebuild.
UNCHECKED = frozenset({"__init__", "__main__", "_native", "_recache", "cli", "render"})

MANIFEST = "_compiled.json"
PURE_ENV = "ZONGJIE_PURE_PYTHON"


def pure_requested(environ: Mapping[str, str] = os.environ) -> bool:
    """``ZONGJIE_PURE_PYTHON`` read like every zongjie boolean (``zongjie.conf.env_bool``)."""
    return environ.get(PURE_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def source_hashes(package_dir: Path) -> dict[str, str]:
    """SHA-256 of every checked ``.py`` in the package, by module name."""
    return {
        path.stem: sha256(path.read_bytes()).hexdigest()
        for path in sorted(package_dir.glob("*.py"))
        if path.stem not in UNCHECKED
    }


def write_manifest(target_dir: Path, sources: dict[str, str]) -> Path:
    """Record, beside the extensions just built, the :func:`source_hashes` they were built from."""
    path = target_dir / MANIFEST
    data = {"compiled": list(COMPILED_MODULES), "sources": sources}
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def extension_files(package_dir: Path) -> dict[str, Path]:
    """The extension file the import system would load for each compiled module present."""
    found: dict[str, Path] = {}
    for name in COMPILED_MODULES:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = package_dir / f"{name}{suffix}"
            if path.exists():
                found[name] = path
                break
    return found


def stale_reason(package_dir: Path) -> str:
    """Why the extensions in ``package_dir`` must not be used ("" when they may be)."""
    present = extension_files(package_dir)
    missing = [name for name in COMPILED_MODULES if name not in present]
    if missing:
        return f"缺少编译模块 {', '.join(missing)}"
    try:
        data = json.loads((package_dir / MANIFEST).read_text(encoding="utf-8"))
        built = data["sources"]
        built_set = data["compiled"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"缺少或无法读取 {MANIFEST}"
    if list(built_set) != list(COMPILED_MODULES):
        return "编译模块清单已变"
    now = source_hashes(package_dir)
    changed = sorted(name for name in now.keys() | built.keys() if now.get(name) != built.get(name))
    if changed:
        return f"{', '.join(f'{name}.py' for name in changed)} 在编译后已修改"
    return ""


class SourceFinder:
    """Loads every submodule of one package from its ``.py`` file, never an extension.

    A meta path finder by its ``find_spec`` alone: subclassing ``importlib.abc.MetaPathFinder``
    would import ``importlib.abc`` and through it ``importlib.resources`` (some 20 ms of every
    ``zongjie extract`` start-up, for a base class that adds nothing here)."""

    def __init__(self, package: str, package_dir: Path) -> None:
        self.prefix = package + "."
        self.package_dir = package_dir

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not fullname.startswith(self.prefix) or "." in fullname[len(self.prefix) :]:
            return None
        source = self.package_dir / f"{fullname[len(self.prefix) :]}.py"
        if not source.is_file():
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def guard(package: str, directory: str | Path) -> str:
    """Decide before the submodules load: "compiled", "absent", "pure" or "stale".

    For "pure" and "stale" a :class:`SourceFinder` goes first on ``sys.meta_path`` so no
    module of the package (nor mypyc's shared library) is loaded from an extension.
    """
    package_dir = Path(directory)
    if not extension_files(package_dir):
        return "absent"
    if pure_requested():
        state = "pure"
    else:
        reason = stale_reason(package_dir)
        if not reason:
            return "compiled"
        state = "stale"
        print(
            f"{package}：编译模块与源码不符（{reason}），改用纯 Python 模块；重新编译：make dev",
            file=sys.stderr,
        )
    if not any(isinstance(f, SourceFinder) and f.prefix == package + "." for f in sys.meta_path):
        sys.meta_path.insert(0, SourceFinder(package, package_dir))
    return state


def in_use(package: str) -> bool:
    """True when every compiled module of ``package`` was loaded from its extension."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for name in COMPILED_MODULES:
        module = importlib.import_module(f"{package}.{name}")
        if not (getattr(module, "__file__", None) or "").endswith(suffixes):
            return False
    return True
