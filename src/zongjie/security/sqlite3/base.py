"""Django's SQLite backend, plus: when the data directory is read-only (a mount gone read-only,
no write permission), the database is opened read-only instead of failing every request.

Opening a WAL database normally needs its -shm/-wal files; on a read-only directory that
cannot be, so the file is opened with `mode=ro` (using the -shm/-wal files when they exist)
or, failing that, `immutable=1` (the main file as it is: changes still only in a -wal file that
was never checkpointed are not seen). Writes then fail with "attempt to write a readonly
database", which security.disk turns into a clear page.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote

from django.db.backends.sqlite3 import base
from django.db.backends.sqlite3._functions import register as register_functions

from zongjie.security.disk import read_only

log = logging.getLogger("zongjie.security")
Database = base.Database


class DatabaseWrapper(base.DatabaseWrapper):
    _said_read_only = False  # once per process, not once per request

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except Database.OperationalError:
            name = str(conn_params.get("database", ""))
            if name.startswith("file:") or name == ":memory:" or not read_only(Path(name).parent):
                raise
            if not self._said_read_only:
                log.warning("the database directory is read-only: %s opened read-only", name)
                DatabaseWrapper._said_read_only = True
            return self._read_only_connection(conn_params, name)

    def _read_only_connection(self, conn_params, name: str):
        uri = f"file:{quote(str(Path(name).resolve()))}?mode=ro"
        for candidate in (uri, uri + "&immutable=1"):
            conn = Database.connect(**{**conn_params, "database": candidate, "uri": True})
            try:
                conn.execute("PRAGMA schema_version").fetchone()
            except Database.OperationalError:
                conn.close()
                continue
            break
        else:
            raise Database.OperationalError("unable to open database file")
        register_functions(conn)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 20000")
        return conn
