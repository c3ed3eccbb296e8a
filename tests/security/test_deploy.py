"""Production settings pass `zongjie check --deploy` with nothing but environment variables."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _check(tmp_path, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"ZONGJIE_HOME": str(tmp_path), **env_overrides})
    return subprocess.run(
        [sys.executable, "-m", "zongjie.cli", "check", "--deploy"], env=env, capture_output=True, text=True
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    done = _check(
        tmp_path,
        ZONGJIE_PRODUCTION="1",
        ZONGJIE_SECRET_KEY=secrets.token_urlsafe(60),
        ZONGJIE_ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://zongjie@db.example.org:5432/zongjie",
    )
    assert done.returncode == 0, done.stderr
    assert "System check identified no issues" in done.stdout + done.stderr
    # the secret came from the environment: nothing was written beside the data
    assert not (tmp_path / "secret_key").exists()


def test_check_deploy_complains_without_production_settings(tmp_path):
    done = _check(tmp_path, ZONGJIE_PRODUCTION="0")
    output = done.stdout + done.stderr
    assert "zongjie.W001" in output and "security.W004" in output  # no HSTS outside production
