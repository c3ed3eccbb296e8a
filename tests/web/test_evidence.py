"""Evidence files: uploaded through the real form, downloaded through the permission-checked view,
previewed inline only when their content checks out, and never left behind on disk."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.security.samples import clean_pdf, jpeg_bytes, js_action, pdf_with_object_stream, png_bytes
from tests.web.test_views import article_post, client_for, text_of
from zongjie.ledger.models import Entry, EntryStatus
from zongjie.testing.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def upload(client: Client, name: str, data: bytes, **extra) -> Entry:
    response = client.post(
        reverse("entry_create", args=["article"]),
        {**article_post(extra.pop("org"), **extra), "evidence_file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 302, text_of(response)
    return Entry.objects.latest("pk")


def test_uploaded_picture_is_linked_previewed_and_downloaded(org, media):
    bob = client_for(org.bob)
    html = b"<html><script>alert(document.cookie)</script></html>"
    entry = upload(bob, "刊发截图.jpg", jpeg_bytes() + html, org=org)
    url = reverse("entry_evidence", args=[entry.pk])

    page = text_of(bob.get(reverse("entry_detail", args=[entry.pk])))
    assert f'href="{url}"' in page and f'<img id="evidence-preview" src="{url}?inline=1"' in page
    assert entry.evidence_file.name not in page  # no bare storage path any more
    form = text_of(bob.get(reverse("entry_edit", args=[entry.pk])))
    assert f'href="{url}"' in form and "/media/" not in form

    download = bob.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "image/jpeg"
    data = body_of(download)
    assert b"<script" not in data  # stored re-encoded: only the picture
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"

    preview = bob.get(url, {"inline": "1"})
    assert preview.status_code == 200
    assert preview["Content-Disposition"].startswith("inline;")
    assert preview["X-Content-Type-Options"] == "nosniff"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"


def test_evidence_follows_the_entrys_scope(org, media):
    entry = upload(client_for(org.bob), "截图.png", png_bytes(), org=org, action="submit")
    url = reverse("entry_evidence", args=[entry.pk])
    for outsider in (org.olivia,):
        response = client_for(outsider).get(url)
        assert response.status_code == 404
        assert "条目不存在，或您无权查看。" in text_of(response)
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    # the reviewer above finds it on the review page and may open it
    carol = client_for(org.carol)
    queue = text_of(carol.get(reverse("review_queue")))
    assert f'href="{url}?inline=1"' in queue
    assert carol.get(url, {"inline": "1"}).status_code == 200
    assert client_for(org.rita).get(url).status_code == 200


def test_pdf_is_previewed_in_a_frame(org, media):
    bob = client_for(org.bob)
    entry = upload(bob, "刊发版面.pdf", clean_pdf(), org=org)
    url = reverse("entry_evidence", args=[entry.pk])
    page = text_of(bob.get(reverse("entry_detail", args=[entry.pk])))
    assert f'<iframe id="evidence-preview" src="{url}?inline=1"' in page
    preview = bob.get(url, {"inline": "1"})
    assert preview["Content-Type"] == "application/pdf"
    assert preview["Content-Disposition"].startswith("inline;")
    assert body_of(preview) == clean_pdf()


def test_only_content_that_checks_out_is_shown_inline(org, media):
    # files stored before the checks existed (written straight to storage, as the old code could)
    active = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    active.evidence_file.save("old.pdf", ContentFile(pdf_with_object_stream(js_action())))
    fake_png = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    fake_png.evidence_file.save("fake.png", ContentFile(b"<html><script>alert(1)</script></html>"))
    sheet = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    sheet.evidence_file.save("table.docx", ContentFile(b"PK\x03\x04 not really"))
    bob = client_for(org.bob)
    for entry in (active, fake_png, sheet):
        response = bob.get(reverse("entry_evidence", args=[entry.pk]), {"inline": "1"})
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    page = text_of(bob.get(reverse("entry_detail", args=[sheet.pk])))
    assert "evidence-preview" not in page and "下载佐证材料" in page


def test_entry_without_evidence_or_with_a_lost_file_is_a_chinese_404(org, media):
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    bob = client_for(org.bob)
    response = bob.get(reverse("entry_evidence", args=[entry.pk]))
    assert response.status_code == 404 and "没有上传佐证材料" in text_of(response)
    entry.evidence_file.save("gone.pdf", ContentFile(clean_pdf()))
    (media / entry.evidence_file.name).unlink()
    response = bob.get(reverse("entry_evidence", args=[entry.pk]))
    assert response.status_code == 404 and "已不在服务器上" in text_of(response)


def test_replaced_evidence_and_deleted_entries_leave_no_orphans(
    org, media, django_capture_on_commit_callbacks
):
    bob = client_for(org.bob)
    with django_capture_on_commit_callbacks(execute=True):
        entry = upload(bob, "第一版.png", png_bytes(colour=(1, 2, 3)), org=org)
    assert len(stored_files(media)) == 1
    for round_no in range(1, 4):
        entry.refresh_from_db()
        data = {
            **article_post(org, version=entry.version),
            "evidence_file": SimpleUploadedFile(f"第{round_no + 1}版.pdf", clean_pdf()),
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = bob.post(reverse("entry_edit", args=[entry.pk]), data)
        assert response.status_code == 302, text_of(response)
        entry.refresh_from_db()
        assert stored_files(media) == [media / entry.evidence_file.name]
    # the API's upload replaces it too
    from zongjie.api.tokens import create_token

    _, token = create_token(org.bob, "t")
    with django_capture_on_commit_callbacks(execute=True):
        response = bob.post(
            f"/api/entries/{entry.pk}/evidence",
            {"file": SimpleUploadedFile("截图.png", png_bytes())},
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert stored_files(media) == [media / entry.evidence_file.name]
    with django_capture_on_commit_callbacks(execute=True):
        Entry.objects.get(pk=entry.pk).delete()
    assert stored_files(media) == []


def test_a_refused_upload_stores_nothing(org, media):
    bob = client_for(org.bob)
    response = bob.post(
        reverse("entry_create", args=["article"]),
        {
            **article_post(org),
            "evidence_file": SimpleUploadedFile("a.pdf", pdf_with_object_stream(js_action())),
        },
    )
    assert response.status_code == 400
    assert "脚本（JavaScript）" in text_of(response)
    assert stored_files(media) == [] and not Entry.objects.exists()


def test_admin_uploads_pass_the_same_checks_and_replace_without_orphans(
    client, org, media, django_capture_on_commit_callbacks
):
    from zongjie.testing.factories import make_user

    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT)
    entry.evidence_file.save("old.png", ContentFile(png_bytes()))
    client.force_login(make_user("root", is_superuser=True, is_staff=True))
    url = reverse("admin:ledger_entry_change", args=[entry.pk])
    page = client.get(url)
    assert f'href="{reverse("entry_evidence", args=[entry.pk])}"' in text_of(page)
    assert "/media/" not in text_of(page)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "evidence_file"}
    data.update({"unit": entry.unit_id, "period": entry.period_id, "category": entry.category_id})
    data.update({"occurred_on": "2026-03-01", "submitted_at_0": "", "submitted_at_1": ""})
    for prefix in ("adoptions", "instructions", "changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    refused = client.post(
        url, {**data, "evidence_file": SimpleUploadedFile("a.pdf", pdf_with_object_stream(js_action()))}
    )
    assert refused.status_code == 200 and "脚本（JavaScript）" in text_of(refused)
    html = b"<html><script>alert(1)</script></html>"
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, {**data, "evidence_file": SimpleUploadedFile("新.jpg", jpeg_bytes() + html)})
    assert saved.status_code == 302, text_of(saved)[:2000]
    entry.refresh_from_db()
    assert entry.evidence_file.name.endswith(".jpg")
    assert stored_files(media) == [media / entry.evidence_file.name]
    assert b"<script" not in (media / entry.evidence_file.name).read_bytes()
