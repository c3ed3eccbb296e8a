"""A real nginx in front of a `zongjie serve`, for end-to-end tests of the proxy path.

nginx runs in the foreground with its own prefix, config and self-signed certificate in a
temporary directory: one TLS server and one plain-http server on free loopback ports,
both with the `location / {…}` block of docs/deployment.md (so the documented config is
the one tested), pointed at the zongjie server.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from zongjie.testing.live import free_port, stop

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOYMENT_DOC = Path(__file__).resolve().parents[3] / "docs" / "deployment.md"


def documented_location() -> str:
    """The `location / { … }` block of the nginx config in docs/deployment.md."""
    text = DEPLOYMENT_DOC.read_text(encoding="utf-8")
    for block in re.findall(r"```nginx\n(.*?)```", text, flags=re.S):
        found = re.search(r"^\s*location / \{.*?^\s*\}", block, flags=re.S | re.M)
        if found:
            return found.group(0)
    raise LookupError("docs/deployment.md has no nginx `location / { … }` block")


@dataclass
class Proxy:
    https_port: int
    http_port: int
    log: Path


def _self_signed(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def _wait_for(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(log.read_text(errors="replace")[-3000:]) from None
            time.sleep(0.1)


@contextmanager
def nginx_proxy(directory: Path, upstream: str) -> Iterator[Proxy]:
    """nginx proxying to `upstream` (http://127.0.0.1:PORT) as docs/deployment.md configures it."""
    directory.mkdir(parents=True, exist_ok=True)
    cert, key = _self_signed(directory)
    location = re.sub(r"proxy_pass [^;]+;", f"proxy_pass {upstream};", documented_location())
    https_port, http_port = free_port(), free_port()
    log = directory / "error.log"
    temp = "\n".join(
        f"  {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
daemon off;
pid {directory / "nginx.pid"};
error_log {log} warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
{temp}
  server {{
    listen 127.0.0.1:{https_port} ssl;
    server_name 127.0.0.1;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    client_max_body_size 25m;
    {location}
  }}
  server {{
    listen 127.0.0.1:{http_port};
    server_name 127.0.0.1;
    {location}
  }}
}}
"""
    conf = directory / "nginx.conf"
    conf.write_text(config)
    process = subprocess.Popen(
        [NGINX, "-p", str(directory), "-c", str(conf), "-e", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(https_port, process, log)
        _wait_for(http_port, process, log)
        yield Proxy(https_port=https_port, http_port=http_port, log=log)
    finally:
        stop(process)
