"""NUL characters and oversized bodies: a clear Chinese 400 / 413, never a 500 (on PostgreSQL
a NUL in any text reaching a query fails inside the driver)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/units/C%00",
        "/api/units?parent=C%00",
        "/api/entries?q=%00",
        "/api/entries?%00=1",
        "/api/scorecards?period=2026H1%00&unit=C",
    ],
)
def test_nul_in_the_api_path_or_query_is_a_400_in_the_api_shape(org, path):
    response = ApiClient(org.alice).client.get(path, **ApiClient(org.alice).headers)
    assert response.status_code == 400
    body = response.json()
    assert "空字符" in body["detail"] and body["errors"] == {}


@pytest.mark.parametrize("path", ["/entries/?q=%E7%A8%BF%00", "/entries/%00/", "/login/?next=%00"])
def test_nul_on_a_page_is_a_chinese_400_page(org, path):
    client = Client()
    client.force_login(org.bob)
    response = client.get(path)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


def test_an_api_body_over_the_limit_is_a_413_in_chinese(org, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    api = ApiClient(org.bob)
    response = api.post("/entries", {"kind": "article", "title": "长" * 3000, "unit": "A1"})
    assert response.status_code == 413
    assert "超过" in response.json()["detail"]


def test_a_form_over_the_limit_is_a_413_page_in_chinese(org, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    client = Client()
    client.force_login(org.bob)
    response = client.post("/entries/new/article/", {"title": "长" * 3000})
    assert response.status_code == 413
    text = response.content.decode()
    assert "超过" in text and "Bad Request" not in text
