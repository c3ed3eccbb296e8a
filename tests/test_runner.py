"""The test runner's last lines list every skipped test (README promises it)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from zongjie.testing.run import _pytest

HERE = Path(__file__).parent


def test_runner_collects_what_pytest_skipped(tmp_path):
    shutil.copy(HERE / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nDJANGO_SETTINGS_MODULE = zongjie.settings\n", encoding="utf-8"
    )
    (tmp_path / "test_skips.py").write_text(
        "import pytest\n\ndef test_runs():\n    pass\n\ndef test_needs_a_unicorn():\n    pytest.skip('needs a unicorn')\n",
        encoding="utf-8",
    )
    env = {**os.environ, "ZONGJIE_HOME": str(tmp_path / "home"), "ZONGJIE_STRICT": "0"}
    env.pop("DATABASE_URL", None)
    skipped: list[str] = []
    command = [sys.executable, "-m", "pytest", "-q", "-c", str(tmp_path / "pytest.ini"), str(tmp_path)]
    assert _pytest("tests on SQLite", command, env, skipped) == 0
    assert skipped == ["tests on SQLite: test_skips.py::test_needs_a_unicorn — needs a unicorn"]
