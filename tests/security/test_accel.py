"""Evidence sent by a real nginx (X-Accel-Redirect to an `internal` location, as docs/deployment.md
describes) in front of a real `zongjie serve`: the app checks the permission, nginx sends the bytes,
and the headers the app chose (attachment or inline, nosniff) reach the browser."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest

from zongjie.testing.live import free_port, zongjie_server

NGINX_CONF = """
daemon off;
user root;  # the workers read the test's private temp directory (ignored when not started as root)
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 25m;
        location / {{
            proxy_pass {upstream};
            proxy_set_header Host $http_host;
        }}
        location /_media/ {{
            internal;
            alias {media}/;
            add_header X-Content-Type-Options nosniff always;
        }}
    }}
}}
"""


@pytest.fixture
def accel_site(tmp_path, monkeypatch):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed")
    monkeypatch.setenv("ZONGJIE_MEDIA_ACCEL", "/_media/")
    with zongjie_server(tmp_path / "home", name="accel", threads=2) as server:
        port = free_port()
        conf = tmp_path / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(tmp=tmp_path, port=port, upstream=server.url, media=tmp_path / "home" / "media")
        )
        process = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
        try:
            import requests

            url = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    requests.get(f"{url}/healthz", timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            yield server, url
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_nginx_sends_the_evidence_after_the_app_checked_the_permission(accel_site):
    import requests

    from tests.security.samples import clean_pdf

    server, url = accel_site
    auth = {"Authorization": f"Bearer {server.token('tx_ap01')}"}
    entry_id = requests.get(f"{url}/api/entries", {"status": "draft"}, headers=auth).json()["items"][0]["id"]
    up = requests.post(
        f"{url}/api/entries/{entry_id}/evidence", files={"file": ("版面.pdf", clean_pdf())}, headers=auth
    )
    assert up.status_code == 200, up.text
    evidence = url + up.json()["evidence_file"]

    download = requests.get(evidence, headers=auth)
    assert download.status_code == 200
    assert download.content == clean_pdf()
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "nosniff" in download.headers["X-Content-Type-Options"]
    assert "X-Accel-Redirect" not in download.headers

    preview = requests.get(evidence, {"inline": "1"}, headers=auth)
    assert preview.status_code == 200 and preview.content == clean_pdf()
    assert preview.headers["Content-Disposition"].startswith("inline;")

    # the app itself sends only the header; the bytes come from nginx
    direct = requests.get(server.url + up.json()["evidence_file"], headers=auth)
    assert direct.headers["X-Accel-Redirect"].startswith("/_media/evidence/") and direct.content == b""
    # nobody reaches the internal location from outside, nor the file without the permission
    assert requests.get(url + direct.headers["X-Accel-Redirect"]).status_code == 404
    outsider = {"Authorization": f"Bearer {server.token('tx_yn01')}"}
    assert requests.get(evidence, headers=outsider).status_code == 404
