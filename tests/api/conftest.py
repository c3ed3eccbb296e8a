"""API test helpers: a client per named user, authenticated with a real token."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from zongjie.api.tokens import create_token


class ApiClient:
    def __init__(self, user=None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            _, token = create_token(user, "tests")
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    def get(self, path: str, params: dict[str, Any] | None = None):
        return self.client.get(f"/api{path}", params or {}, **self.headers)

    def post(self, path: str, data: Any = None):
        return self.client.post(
            f"/api{path}",
            json.dumps(data if data is not None else {}),
            content_type="application/json",
            **self.headers,
        )

    def patch(self, path: str, data: Any):
        return self.client.patch(
            f"/api{path}", json.dumps(data), content_type="application/json", **self.headers
        )

    def upload(self, path: str, name: str, content: bytes):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(f"/api{path}", {"file": SimpleUploadedFile(name, content)}, **self.headers)


@pytest.fixture
def api_as(org) -> Callable[[Any], ApiClient]:
    return ApiClient
