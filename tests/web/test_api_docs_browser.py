"""/api/docs in a browser with the internet cut off: Swagger UI comes from our own static files."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_api_docs_render_offline(open_as):
    page = open_as("tx_ap01")
    page.goto("/api/docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "总结 zongjie API" in title.inner_text()
    # the operations are listed (drawn from /api/openapi.json by the vendored bundle)
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() > 5
    assert open_as.blocked == []
