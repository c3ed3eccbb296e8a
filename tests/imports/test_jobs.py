"""Long imports run as jobs off the request: a worker thread started by the upload, progress
polled by the page, the result on the job page; the same for the ledger sheet and history."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.imports.conftest import NEWS_V1
from tests.ledger.test_excel import GOOD_ROW, sheet
from zongjie.imports import jobs
from zongjie.imports.models import ImportedDocument, ImportJob, JobKind, JobState
from zongjie.ledger.models import Entry

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def poll(client: Client, job: ImportJob, rounds: int = 600) -> str:
    """Ask for the job fragment like the page's htmx does until the job has ended."""
    url = reverse("imports:job", args=[job.pk])
    for _ in range(rounds):
        body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        if 'hx-trigger="every 1s"' not in body:
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job.pk} still running: {body[:500]}")


def test_a_large_sheet_is_imported_by_a_background_job(org, settings):
    settings.IMPORT_BACKGROUND_KB = 0  # every upload goes to the worker thread
    rows = [dict(GOOD_ROW, 标题=f"稿件{i}") for i in range(300)]
    client = client_for(org.bob)
    upload = sheet(rows)
    upload.name = "台账.xlsx"
    response = client.post(
        reverse("entry_import"), {"unit": org.town_a1.pk, "file": upload}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    job = ImportJob.objects.get()
    assert job.kind == JobKind.LEDGER and job.user == org.bob and job.filename == "台账.xlsx"
    if job.state != JobState.DONE:  # the answer came before the worker finished: it says so
        assert f'hx-get="{reverse("imports:job", args=[job.pk])}"' in body or "导入完成" in body
    final = poll(client, job)
    assert '<strong id="rows-created">300</strong>' in final
    assert Entry.objects.count() == 300
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result["created"] == 300 and bytes(job.data) == b""
    # the job page without htmx, and nobody else's
    assert "导入完成" in client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert client_for(org.olivia).get(reverse("imports:job", args=[job.pk])).status_code in (403, 404)


def test_history_files_become_jobs_with_their_outcome(org, settings):
    settings.IMPORT_BACKGROUND_KB = 0
    client = client_for(org.alice)
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [
        SimpleUploadedFile("总结.txt", NEWS_V1.encode()),
        SimpleUploadedFile("空.txt", "没有数字的一行字".encode()),
    ]
    client.post(reverse("imports:index"), {"unit": org.county_a.pk, "period": "2025H1", "files": files})
    good, empty = ImportJob.objects.order_by("pk")
    assert "已导入；数字 6 个" in poll(client, good)
    assert "没有找到工作总结的数字" in poll(client, empty)
    assert ImportedDocument.objects.get().filename == "总结.txt"


def test_a_job_whose_worker_is_gone_is_shown_failed(org):
    job = jobs.create(org.bob, JobKind.LEDGER, org.town_a1, data=b"x", filename="台账.xlsx")
    from django.utils import timezone

    ImportJob.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker="nohost:1", heartbeat_at=timezone.now()
    )
    assert jobs.refresh(ImportJob.objects.get(pk=job.pk)).state == JobState.RUNNING  # another host: alive
    import socket

    ImportJob.objects.filter(pk=job.pk).update(worker=f"{socket.gethostname()}:999999999")
    refreshed = jobs.refresh(ImportJob.objects.get(pk=job.pk))
    assert refreshed.state == JobState.FAILED and "没有写入任何数据" in refreshed.error
