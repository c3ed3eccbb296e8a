"""Disk trouble — a full disk, a read-only or unwritable data directory, a database that cannot
write — said plainly, in Chinese, instead of a bare 500.

    storage_problem(exc)   # a DiskProblem for OSError ENOSPC/EROFS/EACCES… and the databases'
                           # "disk is full" / "readonly database" errors; None for anything else
    health()               # what is wrong right now with the data directory and the database
    server_error(request)  # handler500: the disk page (507 or 503) when the error was one of these

Reads go on where the database allows: a read-only SQLite file is reopened read-only
(security.sqlite3), and pages that only read do not write.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

FULL, READ_ONLY, DENIED = "disk_full", "read_only", "no_permission"
MESSAGES = {
    FULL: "服务器磁盘空间已满，本次修改没有保存（上传了一半的文件已清除）。查看数据不受影响；"
    "请联系系统管理员清理磁盘后重试。",
    READ_ONLY: "服务器的数据目录当前是只读的，暂时不能保存任何修改。查看数据不受影响；请联系系统管理员。",
    DENIED: "服务器没有写入数据目录的权限，暂时不能保存修改。查看数据不受影响；请联系系统管理员检查目录权限。",
}
STATUS = {FULL: 507, READ_ONLY: 503, DENIED: 503}
_ERRNO = {
    errno.ENOSPC: FULL,
    errno.EDQUOT: FULL,
    errno.EFBIG: FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: DENIED,
    errno.EPERM: DENIED,
}
# What SQLite and PostgreSQL say (lower case), in the order they are tried.
_DB_TEXTS = (
    ("database or disk is full", FULL),
    ("no space left on device", FULL),
    ("could not extend file", FULL),
    ("readonly database", READ_ONLY),
    ("read-only transaction", READ_ONLY),
    ("read-only file system", READ_ONLY),
    ("unable to open database file", READ_ONLY),
)


@dataclass(frozen=True)
class DiskProblem:
    kind: str
    message: str
    where: str = ""

    @property
    def status(self) -> int:
        return STATUS[self.kind]


def _problem(kind: str, where: str = "") -> DiskProblem:
    return DiskProblem(kind=kind, message=MESSAGES[kind], where=where)


def storage_problem(exc: BaseException | None) -> DiskProblem | None:
    """The disk problem behind `exc` (or what caused it), if it is one."""
    seen = 0
    while exc is not None and seen < 6:
        if isinstance(exc, OSError) and exc.errno in _ERRNO:
            return _problem(_ERRNO[exc.errno])
        if isinstance(exc, DatabaseError) or type(exc).__module__.startswith(("sqlite3", "psycopg")):
            text = str(exc).lower()
            for needle, kind in _DB_TEXTS:
                if needle in text:
                    return _problem(kind)
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


# --------------------------------------------------------------------------- health


def read_only(path: Path) -> bool:
    """Whether `path` (a directory) sits on a read-only mount or cannot be written by this process."""
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(path, os.W_OK)


def _existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _probe(label: str, path: Path) -> DiskProblem | None:
    """Write, flush and remove a small file where the application writes."""
    path = _existing(path)
    if read_only(path):
        return _problem(READ_ONLY if os.statvfs(path).f_flag & os.ST_RDONLY else DENIED, label)
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".zongjie-health-") as fh:
            fh.write(b"\0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        found = storage_problem(exc)
        return _problem(found.kind if found else DENIED, label)
    if shutil.disk_usage(path).free < settings.MAX_UPLOAD_BYTES:
        return _problem(FULL, label)
    return None


def _database_problem() -> DiskProblem | None:
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if name.startswith("file:") or name == ":memory:":
            return None
        return _probe("数据库", Path(name).parent)
    with connection.cursor() as cursor:
        cursor.execute("SHOW transaction_read_only")
        if cursor.fetchone()[0] == "on":
            return _problem(READ_ONLY, "数据库")
    return None


def health() -> dict:
    """{"status": "ok"} or {"status": "degraded", "reads": bool, "problems": [...]} (Chinese messages)."""
    problems: list[DiskProblem] = []
    reads = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        found = _database_problem()
        if found:
            problems.append(found)
    except DatabaseError as exc:
        reads = False
        problems.append(storage_problem(exc) or DiskProblem("database", f"数据库无法访问：{exc}", "数据库"))
    for label, path in (("上传文件目录", Path(settings.MEDIA_ROOT)), ("数据目录", Path(settings.HOME))):
        found = _probe(label, path)
        if found and all(p.where != label for p in problems):
            problems.append(found)
    if not problems:
        return {"status": "ok"}
    return {"status": "degraded", "reads": reads, "problems": [asdict(p) for p in problems]}


# --------------------------------------------------------------------------- the error page


def problem_response(request: HttpRequest, problem: DiskProblem) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {"detail": problem.message, "errors": {}, "problem": problem.kind},
            status=problem.status,
            json_dumps_params={"ensure_ascii": False},
        )
    body = render_to_string("security/disk_trouble.html", {"problem": problem})
    return HttpResponse(body, status=problem.status)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: the disk page when the error was disk trouble, the plain 500 page otherwise."""
    problem = storage_problem(sys.exc_info()[1])
    if problem is not None:
        return problem_response(request, problem)
    return default_server_error(request, template_name)
