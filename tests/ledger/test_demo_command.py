"""`zongjie demo`: a busy port is told in Chinese before any set-up; every run lists the same accounts."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys

import pytest
from django.core.management import call_command


def test_busy_port_is_told_in_chinese_without_commanderror_or_traceback(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        env = {**os.environ, "ZONGJIE_HOME": str(tmp_path)}
        run = subprocess.run(
            [sys.executable, "-m", "zongjie.cli", "demo", "--port", str(port)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert run.returncode == 1
    assert f"端口 {port} 已被占用" in run.stderr and f"PORT={port + 1}" in run.stderr
    assert "CommandError" not in run.stderr and "Traceback" not in run.stderr
    assert "已启动" not in run.stdout
    assert not (tmp_path / "zongjie.sqlite3").exists()  # nothing was set up first


def test_cli_errors_are_plain_chinese(tmp_path):
    env = {**os.environ, "ZONGJIE_HOME": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-m", "zongjie.cli", "score", "--period", "XXXX"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 1
    assert run.stderr.startswith("错误：") and "CommandError" not in run.stderr


@pytest.mark.django_db
def test_every_run_prints_the_same_accounts_with_roles():
    def accounts() -> list[str]:
        out = io.StringIO()
        call_command("demo", no_serve=True, stdout=out)
        text = out.getvalue()
        return text[text.index("演示账号") :].splitlines()

    first, second = accounts(), accounts()
    assert first == second
    names = [line.split()[0] for line in first[1:]]
    assert names == ["admin", "shi_shenhe", "shi_lingdao", "xian_shenhe", "xian_guanli", "tx_ap01"]
    assert all(len(line.split()) >= 3 for line in first[1:])  # username, role, unit
    assert "通讯员" in first[-1] and "审核员" in first[2]
