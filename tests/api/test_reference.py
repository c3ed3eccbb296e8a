"""Me, units (scoped), periods, categories, outlets (autocomplete), and the OpenAPI schema."""

from __future__ import annotations

import pytest

from zongjie.testing.factories import period

pytestmark = pytest.mark.django_db


def test_me(org, api_as):
    body = api_as(org.carol).get("/me").json()
    assert body == {
        "username": "carol_reviewer",
        "full_name": "",
        "is_superuser": False,
        "roles": ["reviewer"],
        "units": ["A"],
    }


def test_units_are_scoped(org, api_as):
    def codes(user, **params):
        response = api_as(user).get("/units", params)
        assert response.status_code == 200
        return [u["code"] for u in response.json()["items"]]

    assert codes(org.bob) == ["A1"]
    assert codes(org.carol) == ["A", "A1"]
    assert codes(org.olivia) == ["B", "B1"]
    assert codes(org.victor) == ["C", "A", "A1", "B", "B1"]
    assert codes(org.victor, parent="C") == ["A", "B"]
    assert codes(org.victor, q="乙县") == ["B", "B1"]
    page = api_as(org.victor).get("/units", {"page_size": 2, "page": 2}).json()
    assert (page["count"], page["pages"], [u["code"] for u in page["items"]]) == (5, 3, ["A1", "B"])


def test_unit_detail(org, api_as):
    body = api_as(org.carol).get("/units/A1").json()
    assert body == {"code": "A1", "name": "甲县城关镇", "kind": "township", "parent": "A", "level": 3}
    denied = api_as(org.carol).get("/units/B")
    assert denied.status_code == 404 and denied.json()["detail"] == "单位“B”不存在。"
    assert api_as(org.carol).get("/units/ZZ").status_code == 404


def test_periods_and_categories(org, api_as):
    period("2026H1")
    periods = api_as(org.bob).get("/periods").json()
    h1 = next(p for p in periods if p["code"] == "2026H1")
    assert (h1["name"], h1["start"], h1["end"], h1["due"]) == (
        "2026年上半年",
        "2026-01-01",
        "2026-06-30",
        "2026-07-10",
    )
    categories = api_as(org.bob).get("/categories").json()
    by_code = {c["code"]: c for c in categories}
    assert by_code["news"]["parent"] is None
    assert by_code["news_article"]["parent"] == "news"


def test_outlet_autocomplete_matches_names_and_aliases(org, api_as):
    bob = api_as(org.bob)
    names = [o["name"] for o in bob.get("/outlets", {"q": "人民"}).json()]
    assert "人民日报" in names
    provincial = bob.get("/outlets", {"level": "provincial"}).json()
    assert provincial and {o["level"] for o in provincial} == {"provincial"}
    assert len(bob.get("/outlets", {"limit": 2}).json()) == 2
    assert bob.get("/outlets", {"q": "没有这个媒体"}).json() == []


def test_openapi_schema_is_valid_and_documents_errors(client):
    from jsonschema import Draft202012Validator

    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    paths = schema["paths"]
    for path in ["/api/entries", "/api/entries/{entry_id}/review", "/api/units", "/api/outlets"]:
        assert path in paths
    # every operation documents the Chinese error body for its 4xx answers
    for methods in paths.values():
        for operation in methods.values():
            responses = set(operation["responses"])
            assert {"400", "401", "403", "404", "409"} <= responses, operation["operationId"]
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in responses, operation["operationId"]
    for component in schema["components"]["schemas"].values():
        Draft202012Validator.check_schema(component)  # raises on an invalid JSON schema
    assert client.get("/api/docs").status_code == 200
