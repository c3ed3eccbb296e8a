"""Backups: SQLite through sqlite3's online backup API; PostgreSQL through pg_dump/pg_restore
(custom format, -Fc) when they are on PATH, else a JSON dump (dumpdata/loaddata) of every
table with the original primary keys.

`table_checksums()` gives (row count, SHA-256 of all rows in key order) per table, so a
backup round trip can be verified row for row.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections, transaction


class BackupError(Exception):
    """A backup or restore could not be done; the message is for the user (Chinese)."""


def vendor() -> str:
    return connection.vendor


def backup_format(requested: str = "auto") -> str:
    """'sqlite', 'pg_dump' or 'json' for the current database."""
    if requested == "json":
        return "json"
    if vendor() == "sqlite":
        return "sqlite"
    if vendor() == "postgresql":
        if shutil.which("pg_dump") and shutil.which("pg_restore"):
            return "pg_dump"
        return "json"
    raise BackupError(f"不支持的数据库类型：{vendor()}。")


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _pg_env() -> tuple[list[str], dict[str, str]]:
    """libpq connection arguments for pg_dump/pg_restore, the password via the environment."""
    s = connection.settings_dict
    args = ["-d", s["NAME"]]
    if s.get("HOST"):
        args += ["-h", str(s["HOST"])]
    if s.get("PORT"):
        args += ["-p", str(s["PORT"])]
    if s.get("USER"):
        args += ["-U", str(s["USER"])]
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[-2000:]}")


def backup(path: Path, fmt: str = "auto") -> str:
    """Write a backup of the whole database to `path`; returns the format used."""
    fmt = backup_format(fmt)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    try:
        _write(tmp, fmt)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    # only a complete file takes the final name
    os.replace(tmp, path)
    return fmt


def _write(tmp: Path, fmt: str) -> None:
    if fmt == "sqlite":
        target = sqlite3.connect(tmp)
        try:
            # an online, consistent copy: writers may go on while the pages are copied
            _raw_sqlite().backup(target)
        finally:
            target.close()
    elif fmt == "pg_dump":
        args, env = _pg_env()
        _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", "-f", str(tmp), *args], env)
    else:
        _dump_json(tmp)


class _PreciseEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump_json(tmp: Path) -> None:
    """Every row of every model, in dependency order, as one loaddata-compatible JSON list."""
    from django.apps import apps
    from django.core import serializers
    from django.core.serializers import sort_dependencies

    app_list = {config: None for config in apps.get_app_configs() if config.models_module is not None}
    models = [m for m in sort_dependencies(app_list.items(), allow_cycles=True) if m._meta.managed]
    with tmp.open("w", encoding="utf-8") as out:
        out.write("[")
        first = True
        for model in models:
            if model._meta.proxy:
                continue
            rows = model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000)
            for obj in serializers.serialize("python", rows):
                out.write("" if first else ",\n")
                out.write(json.dumps(obj, cls=_PreciseEncoder, ensure_ascii=False))
                first = False
        out.write("]\n")


def detect_format(path: Path) -> str:
    head = Path(path).read_bytes()[:16]
    if head.startswith(b"SQLite format 3\x00"):
        return "sqlite"
    if head.startswith(b"PGDMP"):
        return "pg_dump"
    if head.lstrip()[:1] == b"[":
        return "json"
    raise BackupError(f"无法识别备份文件“{path}”的格式（应为 zongjie backup 生成的文件）。")


def restore(path: Path) -> str:
    """Replace the database's contents with the backup at `path`; returns the format."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"备份文件“{path}”不存在。")
    fmt = detect_format(path)
    if fmt == "sqlite":
        if vendor() != "sqlite":
            raise BackupError(
                "这是 SQLite 备份，当前数据库是 PostgreSQL：请用 --format json 重新备份后恢复。"
            )
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(_raw_sqlite())
        finally:
            source.close()
    elif fmt == "pg_dump":
        if vendor() != "postgresql":
            raise BackupError("这是 PostgreSQL 备份（pg_dump），当前数据库不是 PostgreSQL。")
        if not shutil.which("pg_restore"):
            raise BackupError("找不到 pg_restore，无法恢复 pg_dump 格式的备份。")
        connections.close_all()
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(path),
            ],
            env,
        )
    else:
        _restore_json(path)
    return fmt


def _restore_json(path: Path) -> None:
    # the dump holds rows, not tables: the tables must exist in the current schema
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        # empty every table without re-creating content types and permissions: the dump
        # carries them with their original keys
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        # loaddata picks the format by the file's extension, whatever the backup is called
        with tempfile.TemporaryDirectory() as tmp:
            named = Path(tmp) / "zongjie-backup.json"
            named.symlink_to(path.resolve())
            call_command("loaddata", str(named), verbosity=0)


def table_checksums() -> dict[str, tuple[int, str]]:
    """{table: (rows, sha256 of all rows ordered by every column)} for every table of the database."""
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        tables = sorted(
            t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")
        )
        for table in tables:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} ORDER BY {quoted}")
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_canonical(v) for v in row)).encode("utf-8"))
                count += 1
            result[table] = (count, digest.hexdigest())
    return result


def _canonical(value):
    # JSON columns come back as text on SQLite and as parsed values on PostgreSQL: compare as text
    if isinstance(value, memoryview):
        return bytes(value)
    return value
