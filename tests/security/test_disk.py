"""A full disk, a read-only data directory, a database that refuses writes: a clear Chinese page
(507/503) and /healthz say what is wrong, reads go on, and no half-written file stays.

The disks are real: small tmpfs mounts (we run as root; chmod does not stop root), remounted
read-only where needed; uploads go through the real form, the real API and a real server."""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.web.test_views import article_post, text_of
from zongjie.api.tokens import create_token
from zongjie.ledger.models import Entry, EntryStatus
from zongjie.testing.factories import make_entry
from zongjie.testing.live import zongjie_server


def _mount(target: Path, size: str) -> None:
    target.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


@pytest.fixture
def small_disk(tmp_path):
    """A 64 KB disk for the uploads."""
    target = tmp_path / "small"
    _mount(target, "64k")
    yield target
    _umount(target)


def noisy_png(side: int = 300) -> bytes:
    """A real PNG that stays large once re-encoded (random pixels do not compress)."""
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(out, "PNG")
    return out.getvalue()


def files_under(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()]


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_full_disk_on_the_entry_form_keeps_the_input_and_leaves_no_partial_file(org, settings, small_disk):
    settings.MEDIA_ROOT = small_disk
    bob = client_for(org.bob)
    response = bob.post(
        reverse("entry_create", args=["article"]),
        {
            **article_post(org, title="磁盘满时填报的稿件"),
            "evidence_file": SimpleUploadedFile("版面.png", noisy_png()),
        },
    )
    assert response.status_code == 507
    body = text_of(response)
    assert "服务器磁盘空间已满，本次修改没有保存" in body
    assert 'value="磁盘满时填报的稿件"' in body  # nothing the user typed is lost
    assert not Entry.objects.exists()
    assert files_under(small_disk) == []  # the truncated file was removed


@pytest.mark.django_db
def test_full_disk_on_the_api_upload_is_a_chinese_507(org, settings, small_disk):
    settings.MEDIA_ROOT = small_disk
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    _, token = create_token(org.bob, "t")
    response = Client().post(
        f"/api/entries/{entry.pk}/evidence",
        {"file": SimpleUploadedFile("版面.png", noisy_png())},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 507
    assert "磁盘空间已满" in response.json()["detail"]
    entry.refresh_from_db()
    assert not entry.evidence_file and files_under(small_disk) == []


@pytest.mark.django_db
def test_healthz_says_the_upload_disk_is_full(org, settings, small_disk):
    settings.MEDIA_ROOT = small_disk
    response = Client().get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "degraded" and report["reads"] is True
    assert {"kind": "disk_full", "where": "上传文件目录"}.items() <= report["problems"][0].items()
    assert "磁盘空间已满" in report["problems"][0]["message"]


@pytest.mark.django_db
def test_database_that_refuses_writes_gives_a_form_error_not_a_500(org):
    """SQLite: the file may not grow (SQLITE_FULL, "database or disk is full").
    PostgreSQL: the transaction is read-only (as on a standby), inside a savepoint that undoes it."""
    bob = client_for(org.bob)
    data = article_post(org, title="写不进去的稿件", summary="很长的内容。" * 40_000)

    class Undo(Exception):
        pass

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA page_count")
                cursor.execute(f"PRAGMA max_page_count = {cursor.fetchone()[0]}")
                expected = (507, "服务器磁盘空间已满")
            else:
                cursor.execute("SET TRANSACTION READ ONLY")  # reverts with the savepoint
                expected = (503, "数据目录当前是只读的")
            try:
                response = bob.post(reverse("entry_create", args=["article"]), data)
            finally:
                if connection.vendor == "sqlite":
                    cursor.execute("PRAGMA max_page_count = 1073741823")
            raise Undo
    except Undo:
        pass
    assert response.status_code == expected[0], text_of(response)[:500]
    assert expected[1] in text_of(response) and 'value="写不进去的稿件"' in text_of(response)
    assert not Entry.objects.filter(title="写不进去的稿件").exists()


def test_read_only_data_directory_keeps_reads_and_says_why(tmp_path):
    """A real server whose data directory (SQLite, uploads) is remounted read-only under it."""
    import requests

    on_sqlite = not os.environ.get("DATABASE_URL", "").startswith("postgres")
    mount = tmp_path / "data"
    _mount(mount, "128m")
    try:
        with zongjie_server(
            mount / "home",
            name="readonly",
            threads=2,
            log_path=tmp_path / "serve.log",
            # a kept SQLite connection holds the file open for writing: the remount would be "busy"
            serve_env={"ZONGJIE_CONN_MAX_AGE": "0"},
        ) as server:
            session = requests.Session()
            session.get(f"{server.url}/login/")
            login = session.post(
                f"{server.url}/login/",
                {
                    "username": "tx_ap01",
                    "password": "zongjie2026",
                    "csrfmiddlewaretoken": session.cookies["csrftoken"],
                },
                headers={"Referer": f"{server.url}/login/"},
            )
            assert login.ok and "退出" in login.text
            token = server.token("tx_ap01")
            auth = {"Authorization": f"Bearer {token}"}
            drafts = requests.get(f"{server.url}/api/entries", {"status": "draft"}, headers=auth).json()[
                "items"
            ]
            entry_id = drafts[0]["id"]
            png = io.BytesIO()
            Image.new("RGB", (20, 20), (9, 9, 9)).save(png, "PNG")
            up = requests.post(
                f"{server.url}/api/entries/{entry_id}/evidence",
                files={"file": ("a.png", png.getvalue())},
                headers=auth,
            )
            assert up.status_code == 200, up.text
            evidence_url = server.url + up.json()["evidence_file"]

            done = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, text=True)
            assert done.returncode == 0, done.stderr

            # reads go on
            for path in ("/", "/entries/", f"/entries/{entry_id}/", "/dashboard/"):
                page = session.get(server.url + path)
                assert page.status_code == 200, (path, page.status_code)
            assert session.get(evidence_url).content.startswith(b"\x89PNG")
            assert requests.get(f"{server.url}/api/entries/{entry_id}", headers=auth).status_code == 200

            # writes say why they cannot be saved
            csrf = {"csrfmiddlewaretoken": session.cookies["csrftoken"]}
            referer = {"Referer": f"{server.url}/entries/{entry_id}/"}
            if on_sqlite:  # the database is in the read-only directory too
                submit = session.post(f"{server.url}/entries/{entry_id}/submit/", csrf, headers=referer)
                assert submit.status_code == 503
                assert "服务器的数据目录当前是只读的，暂时不能保存任何修改" in submit.text
            again = requests.post(
                f"{server.url}/api/entries/{entry_id}/evidence",
                files={"file": ("b.png", png.getvalue())},
                headers=auth,
            )
            assert again.status_code == 503 and "只读" in again.json()["detail"]

            health = requests.get(f"{server.url}/healthz")
            assert health.status_code == 503
            report = health.json()
            assert report["reads"] is True
            expected = {"上传文件目录": "read_only", **({"数据库": "read_only"} if on_sqlite else {})}
            assert {p["where"]: p["kind"] for p in report["problems"]}.items() >= expected.items()
            assert "Traceback" not in json.dumps(report, ensure_ascii=False)
    finally:
        _umount(mount)
