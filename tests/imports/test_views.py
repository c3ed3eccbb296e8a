"""The import page: upload several files (one bad), see the outline and figures, map, confirm."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.imports.conftest import NEWS_V1, NEWS_V2
from zongjie.assessment.models import BaselineFigure
from zongjie.imports.models import DocumentState, FigureStatus, ImportedDocument

pytestmark = pytest.mark.django_db


def upload(client, *files, unit, period="2025H1"):
    return client.post(
        reverse("imports:index"), {"unit": unit.pk, "period": period, "article": "", "files": list(files)}
    )


def test_login_is_required(client):
    response = client.get(reverse("imports:index"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_upload_a_batch_with_a_bad_file_and_confirm(client, org):
    client.force_login(org.bob)
    good = SimpleUploadedFile("总结.txt", NEWS_V1.encode(), content_type="text/plain")
    bad = SimpleUploadedFile("照片.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, content_type="text/plain")
    response = upload(client, good, bad, unit=org.town_a1)
    assert response.status_code == 200
    page = response.content.decode()
    assert "照片.txt" in page and "未能导入" in page and "1 个文件未能导入" in page
    doc = ImportedDocument.objects.get()
    assert doc.filename == "总结.txt" and doc.unit == org.town_a1

    page = client.get(reverse("imports:document", args=[doc.pk])).content.decode()
    assert "原文与提纲" in page and "fig fig-mapped" in page
    assert "市级以上媒体稿件" in page
    assert "确认全部 6 个待确认数字" in page

    sent = doc.figures.get(text="40余篇")
    response = client.post(
        reverse("imports:figure", args=[doc.pk, sent.pk]),
        {"metric": "info_sent", "value": "41", "action": "confirm"},
    )
    assert response.status_code == 302
    assert BaselineFigure.objects.get(unit=org.town_a1, metric_id="info_sent").value == Decimal("41")

    client.post(reverse("imports:confirm_all", args=[doc.pk]))
    assert doc.figures.filter(status=FigureStatus.CONFIRMED).count() == 6
    assert BaselineFigure.objects.get(unit=org.town_a1, metric_id="articles_central").value == 3


def test_outsiders_cannot_see_or_change_and_cannot_pick_the_unit(client, org):
    client.force_login(org.bob)
    upload(client, SimpleUploadedFile("总结.txt", NEWS_V1.encode()), unit=org.town_a1)
    doc = ImportedDocument.objects.get()
    client.force_login(org.olivia)
    assert client.get(reverse("imports:document", args=[doc.pk])).status_code == 404  # as if missing
    assert client.get(reverse("imports:document", args=[doc.pk + 1000])).status_code == 404
    figure = doc.figures.first()
    response = client.post(reverse("imports:figure", args=[doc.pk, figure.pk]), {"action": "dismiss"})
    assert response.status_code == 404
    response = upload(client, SimpleUploadedFile("x.txt", NEWS_V1.encode()), unit=org.county_a)
    assert (
        "选择一个有效的选项" in response.content.decode()
        or "Select a valid choice" in response.content.decode()
    )
    assert ImportedDocument.objects.count() == 1


def test_a_corrected_upload_shows_the_diff_and_applies_on_confirmation(client, org):
    client.force_login(org.bob)
    upload(client, SimpleUploadedFile("总结.txt", NEWS_V1.encode()), unit=org.town_a1)
    doc = ImportedDocument.objects.get()
    client.post(reverse("imports:confirm_all", args=[doc.pk]))
    page = upload(client, SimpleUploadedFile("总结.txt", NEWS_V2.encode()), unit=org.town_a1).content.decode()
    assert "已确认 92 → 新提取 95" in page
    proposal = ImportedDocument.objects.get(state=DocumentState.PROPOSED)
    page = client.get(reverse("imports:document", args=[proposal.pk])).content.decode()
    assert "确认替换" in page
    client.post(reverse("imports:apply", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.state == DocumentState.CURRENT
    assert BaselineFigure.objects.get(unit=org.town_a1, metric_id="articles_municipal_plus").value == 92


def test_a_locked_period_is_listed_as_refused(client, org):
    from zongjie.ledger.models import Period

    Period.objects.get_or_create_code("2025H1")
    Period.objects.filter(code="2025H1").update(locked=True)
    client.force_login(org.bob)
    page = upload(client, SimpleUploadedFile("总结.txt", NEWS_V1.encode()), unit=org.town_a1).content.decode()
    assert "已锁定" in page
    assert not ImportedDocument.objects.exists()


def test_the_list_and_document_pages_use_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries
):
    from zongjie.imports.services import import_file

    for n in range(3):
        text = NEWS_V1.replace("92篇", f"{90 + n}篇")
        import_file(data=text.encode(), filename=f"{n}.txt", unit=org.town_a1, period="2025H1", user=org.bob)
    client.force_login(org.bob)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports:index")).status_code == 200
    doc = ImportedDocument.objects.first()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("imports:document", args=[doc.pk])).status_code == 200
