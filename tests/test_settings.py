"""Settings come from the environment; the embedded SQLite is tuned for concurrent use."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.backends.sqlite3.base import DatabaseWrapper

from zongjie.conf import database_config


def test_sqlite_connection_has_wal_busy_timeout_and_foreign_keys(tmp_path, django_db_blocker):
    config = database_config("", tmp_path)
    options = {"TIME_ZONE": None, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True}
    wrapper = DatabaseWrapper({**config, **options, "ATOMIC_REQUESTS": False}, alias="probe")
    try:
        with django_db_blocker.unblock(), wrapper.cursor() as cursor:
            values = {}
            for pragma in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous"):
                cursor.execute(f"PRAGMA {pragma}")
                values[pragma] = cursor.fetchone()[0]
    finally:
        wrapper.close()
    assert values == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 20000, "synchronous": 1}
    assert config["NAME"] == tmp_path / "zongjie.sqlite3"


def test_database_url_selects_postgres(tmp_path):
    config = database_config("postgres://someone@db.example:5433/zongjie", tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "zongjie",
        "someone",
    )
    assert config["OPTIONS"]["options"] == "-c jit=off"


def test_bad_database_url_is_a_clear_error(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_config("nosuchdb://x/y", tmp_path)


def _check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zongjie.cli", "check", "--deploy"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_the_deploy_check(tmp_path):
    result = _check_deploy(
        {"ZONGJIE_HOME": str(tmp_path), "ZONGJIE_PRODUCTION": "1", "ZONGJIE_SECRET_KEY": ""}
    )
    assert result.returncode != 0
    assert "zongjie.E001" in result.stderr and "ZONGJIE_SECRET_KEY" in result.stderr
