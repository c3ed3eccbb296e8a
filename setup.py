"""zongjie's build: pyproject.toml holds the metadata; this file only adds the optional C build.

The extraction steps (``COMPILED_MODULES`` in src/zongjie/extraction/_native.py) are compiled
by mypyc into C extensions beside their ``.py`` files, with a manifest of the sources they
were built from (the import-time guard compares it). Building never makes an install fail:
with ZONGJIE_PURE_PYTHON=1, without mypy, or when mypyc or the C compiler fails, the plain
pure-Python package is built, with a warning. See docs/development.md.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py
from setuptools.errors import CCompilerError, CompileError, ExecError, LinkError, PlatformError

HERE = Path(__file__).resolve().parent
PACKAGE_PARTS = ("zongjie", "extraction")
# Relative: mypyc names modules by the path it is given, and setuptools runs from HERE.
SOURCE_DIR = Path("src", *PACKAGE_PARTS)
BUILD_ERRORS = (CCompilerError, CompileError, ExecError, LinkError, PlatformError, OSError, ValueError)


def load_native():
    """src/zongjie/extraction/_native.py by path: nothing of zongjie is importable yet."""
    spec = importlib.util.spec_from_file_location("_zongjie_native", HERE / SOURCE_DIR / "_native.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


NATIVE = load_native()


def warn(message: str) -> None:
    print(f"zongjie setup.py: {message}", file=sys.stderr, flush=True)


# setup.py runs once per PEP 517 hook; only the hooks that build need mypyc (~3 s of type-checking).
BUILD_COMMANDS = {"build", "build_ext", "build_py", "bdist_wheel", "editable_wheel", "develop", "install"}
BUILDING = not BUILD_COMMANDS.isdisjoint(sys.argv[1:])


def mypyc_extensions() -> tuple[list, dict[str, str]]:
    """(extensions, source hashes they are built from); ([], {}) for a pure-Python build."""
    if not BUILDING:
        return [], {}
    if NATIVE.pure_requested():
        warn(f"{NATIVE.PURE_ENV}=1: building the pure-Python package")
        return [], {}
    try:
        from mypyc.build import mypycify
    except ImportError:
        warn("mypy (mypyc) is not installed: building the pure-Python package")
        return [], {}
    # Hashed before mypyc reads the files: a source edited during the build reads as stale.
    sources = NATIVE.source_hashes(HERE / SOURCE_DIR)
    paths = [str(SOURCE_DIR / f"{name}.py") for name in NATIVE.COMPILED_MODULES]
    try:
        # cn2an and opencc ship no type information (and are not in the build environment).
        extensions = mypycify(["--ignore-missing-imports", *paths], opt_level="3")
    except (Exception, SystemExit) as exc:  # mypyc reports type errors with sys.exit
        warn(f"mypyc could not translate the extraction modules ({exc!r}): building the pure-Python package")
        return [], {}
    return extensions, sources


EXTENSIONS, BUILT_FROM = mypyc_extensions()


def package_dirs(cmd) -> list[Path]:
    """Where a build command puts the extensions: build_lib, and the source tree for ``-e``."""
    dirs = [Path(cmd.build_lib, *PACKAGE_PARTS)]
    if getattr(cmd, "inplace", False) or getattr(cmd, "editable_mode", False):
        dirs.append(HERE / SOURCE_DIR)
    return dirs


def remove_compiled(dirs: list[Path]) -> None:
    """Drop the extensions and manifest of an earlier or partial build: they would shadow the .py."""
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    for package_dir in dirs:
        doomed = [package_dir / NATIVE.MANIFEST]
        doomed += [package_dir / f"{name}{suffix}" for name in NATIVE.COMPILED_MODULES for suffix in suffixes]
        doomed += package_dir.parents[len(PACKAGE_PARTS) - 1].glob("*__mypyc.*")
        removed = [path for path in doomed if path.is_file()]
        for path in removed:
            path.unlink()
        if removed:
            names = ", ".join(path.name for path in removed)
            warn(f"removed {names} (an earlier build) under {package_dir.parents[1]}")


class BuildPy(build_py):
    """build_py that, for a pure-Python build, leaves no compiled module of an earlier build."""

    def run(self) -> None:
        super().run()
        if BUILDING and not EXTENSIONS:
            # build_ext does not run without extensions; package data ("**/*") may have copied some.
            remove_compiled(package_dirs(self))


class OptionalBuildExt(build_ext):
    """build_ext whose failure leaves the pure-Python package instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except BUILD_ERRORS as exc:
            reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            warn(f"compiling the extraction modules failed ({reason}): building the pure-Python package")
            self.extensions = []
            remove_compiled(package_dirs(self))
            return
        for target in package_dirs(self):
            NATIVE.write_manifest(target, BUILT_FROM)


setup(ext_modules=EXTENSIONS, cmdclass={"build_py": BuildPy, "build_ext": OptionalBuildExt})
