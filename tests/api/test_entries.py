"""Entries through the API: the same scoping, validation and workflow as the pages.

bob reports in town A1; carol reviews county A (above A1); olivia reports in county B.
"""

from __future__ import annotations

import pytest

from zongjie.ledger.models import Entry, EntryStatus
from zongjie.security.models import AuditEvent
from zongjie.testing.factories import make_entry, period

pytestmark = pytest.mark.django_db


def _new(**overrides):
    data = {
        "unit": "A1",
        "period": "2026H1",
        "category": "news_article",
        "kind": "article",
        "title": "《城关镇小麦丰收在望》在省报刊发",
        "occurred_on": "2026-03-09",
        "media_level": "provincial",
    }
    data.update(overrides)
    return data


@pytest.fixture
def ledger(org):
    period("2026H1")
    period("2026H2")
    return {
        "a1_draft": make_entry(org.town_a1, status=EntryStatus.DRAFT, title="草稿一"),
        "a1_submitted": make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审一"),
        "a1_h2": make_entry(org.town_a1, period_code="2026H2", kind="event", title="下半年活动", sessions=2),
        "a_county": make_entry(org.county_a, status=EntryStatus.SUBMITTED, title="县里稿件"),
        "b1": make_entry(org.town_b1, title="乙县稿件"),
    }


def _titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_list_is_scoped_to_each_users_subtree(org, api_as, ledger):
    assert _titles(api_as(org.bob).get("/entries")) == {"草稿一", "待审一", "下半年活动"}
    assert _titles(api_as(org.carol).get("/entries")) == {"草稿一", "待审一", "下半年活动", "县里稿件"}
    assert _titles(api_as(org.olivia).get("/entries")) == {"乙县稿件"}
    assert len(_titles(api_as(org.victor).get("/entries"))) == 5


def test_filters(org, api_as, ledger):
    carol = api_as(org.carol)
    assert _titles(carol.get("/entries", {"status": "submitted"})) == {"待审一", "县里稿件"}
    assert _titles(carol.get("/entries", {"kind": "event"})) == {"下半年活动"}
    assert _titles(carol.get("/entries", {"period": "2026H2"})) == {"下半年活动"}
    assert len(_titles(carol.get("/entries", {"period": "2026"}))) == 4  # the year holds both halves
    assert _titles(carol.get("/entries", {"unit": "A", "subtree": "false"})) == {"县里稿件"}
    assert _titles(carol.get("/entries", {"q": "草稿"})) == {"草稿一"}
    # what carol may review: submitted or not, below county A only
    assert _titles(carol.get("/entries", {"reviewable": "true", "status": "submitted"})) == {"待审一"}
    # another unit's subtree answers like an unknown unit (no existence oracle)
    assert carol.get("/entries", {"unit": "B"}).json() == carol.get("/entries", {"unit": "ZZ"}).json() | {
        "detail": "单位“B”不存在。"
    }
    assert carol.get("/entries", {"unit": "B"}).status_code == 404
    missing = carol.get("/entries", {"unit": "NOPE"})
    assert missing.status_code == 404 and missing.json()["detail"] == "单位“NOPE”不存在。"


def test_bad_filter_is_422_with_field_errors(org, api_as, ledger):
    response = api_as(org.carol).get("/entries", {"status": "lost", "page": "0"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"]["status"] == ["取值不在允许的范围内。"]
    assert body["errors"]["page"] == ["数值过小。"]
    assert body["detail"] == "请求参数有误：status、page。"
    bad_period = api_as(org.carol).get("/entries", {"period": "2026X9"})
    assert bad_period.status_code == 422 and "无法识别" in bad_period.json()["detail"]


def test_pagination(org, api_as, ledger, django_assert_max_num_queries):
    for n in range(7):
        make_entry(org.town_a1, title=f"分页{n}")
    bob = api_as(org.bob)
    first = bob.get("/entries", {"page_size": 4}).json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (10, 1, 4, 3)
    assert len(first["items"]) == 4
    last = bob.get("/entries", {"page_size": 4, "page": 3}).json()
    assert len(last["items"]) == 2
    ids = [
        i["id"] for p in (1, 2, 3) for i in bob.get("/entries", {"page_size": 4, "page": p}).json()["items"]
    ]
    assert len(ids) == len(set(ids)) == 10
    assert bob.get("/entries", {"page_size": 500}).status_code == 422
    # a page costs the same number of queries however many rows it holds
    with django_assert_max_num_queries(8):
        bob.get("/entries", {"page_size": 10})


def test_get_one(org, api_as, ledger):
    entry = ledger["a1_draft"]
    body = api_as(org.bob).get(f"/entries/{entry.pk}").json()
    assert (body["unit"], body["period"], body["status"], body["title"]) == (
        "A1",
        "2026H1",
        "draft",
        "草稿一",
    )
    # out of scope answers exactly like a missing entry: 404, the same body
    hidden = api_as(org.olivia).get(f"/entries/{entry.pk}")
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": f"条目 {entry.pk} 不存在。", "errors": {}}
    assert api_as(org.bob).get("/entries/99999999").status_code == 404
    assert api_as(org.bob).get("/entries/0").status_code == 422


def test_create(org, api_as, ledger):
    response = api_as(org.bob).post("/entries", _new())
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["unit"], body["media_level"], body["version"]) == (
        "draft",
        "A1",
        "provincial",
        1,
    )
    assert Entry.objects.get(pk=body["id"]).created_by == org.bob


def test_create_elsewhere_is_forbidden(org, api_as, ledger):
    response = api_as(org.bob).post("/entries", _new(unit="B1"))
    assert response.status_code == 404
    assert response.json()["detail"] == "单位“B1”不存在。"
    # a reviewer reads county A but does not write there
    assert api_as(org.carol).post("/entries", _new()).status_code == 403
    assert not Entry.objects.filter(title=_new()["title"]).exists()


def test_create_validation_errors_are_field_by_field(org, api_as, ledger):
    response = api_as(org.bob).post("/entries", _new(occurred_on="2026-08-01", media_level=""))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["occurred_on"] == ["日期 2026-08-01 不在期间“2026年上半年”（2026-01-01 至 2026-06-30）内。"]
    assert errors["outlet"] == ["稿件须填写刊发媒体或媒体级别。"]
    unknown = api_as(org.bob).post("/entries", _new(category="poetry"))
    assert unknown.status_code == 422 and unknown.json()["errors"]["category"] == ["未知的分类编码“poetry”。"]
    no_period = api_as(org.bob).post("/entries", _new(period="2031H1"))
    assert no_period.status_code == 422 and "尚未设立" in no_period.json()["errors"]["period"][0]
    schema = api_as(org.bob).post("/entries", {"title": "x"})
    assert schema.status_code == 422 and schema.json()["errors"]["unit"] == ["必填。"]
    nul = api_as(org.bob).post("/entries", _new(title="a\x00b"))
    assert nul.status_code == 422 and "空字符" in nul.json()["errors"]["title"][0]


def test_update_with_version(org, api_as, ledger):
    entry = ledger["a1_draft"]
    bob = api_as(org.bob)
    ok = bob.patch(f"/entries/{entry.pk}", {"title": "改过的标题", "version": 1})
    assert ok.status_code == 200 and ok.json()["title"] == "改过的标题" and ok.json()["version"] == 2
    stale = bob.patch(f"/entries/{entry.pk}", {"title": "又改", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"] == "该条目已被他人修改，请刷新后再改。"
    frozen = bob.patch(f"/entries/{ledger['a1_submitted'].pk}", {"title": "改", "version": 1})
    assert frozen.status_code == 422 and "只有草稿或已退回的条目可以修改" in frozen.json()["detail"]
    assert api_as(org.olivia).patch(f"/entries/{entry.pk}", {"title": "x", "version": 2}).status_code == 404


def test_submit_and_review_workflow(org, api_as, ledger):
    entry = ledger["a1_draft"]
    bob, carol = api_as(org.bob), api_as(org.carol)
    assert bob.post(f"/entries/{entry.pk}/submit").json()["status"] == "submitted"
    again = bob.post(f"/entries/{entry.pk}/submit")
    assert again.status_code == 409 and again.json()["detail"] == "条目状态为“待审核”，不能提交。"
    # a reporter does not review, not even the own unit's entries
    assert bob.post(f"/entries/{entry.pk}/review", {"approve": True}).status_code == 403
    no_reason = carol.post(f"/entries/{entry.pk}/review", {"approve": False})
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == {"return_reason": ["退回时必须填写原因。"]}
    approved = carol.post(f"/entries/{entry.pk}/review", {"approve": True})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    twice = carol.post(f"/entries/{entry.pk}/review", {"approve": True})
    assert twice.status_code == 409
    assert AuditEvent.objects.filter(kind="approve", user=org.carol, object_id=str(entry.pk)).count() == 1
    returned = carol.post(
        f"/entries/{ledger['a1_submitted'].pk}/review", {"approve": False, "reason": "缺截图"}
    )
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "缺截图"
    # carol cannot review her own county's entry (review is from above)
    own = carol.post(f"/entries/{ledger['a_county'].pk}/review", {"approve": True})
    assert own.status_code == 403 and "不能审核本单位" in own.json()["detail"]
    history = bob.get(f"/entries/{entry.pk}/history").json()
    assert [h["action"] for h in history] == ["submit", "approve"]


def test_adoptions_and_instructions(org, api_as, ledger):
    entry = ledger["a1_submitted"]
    carol = api_as(org.carol)
    adoption = {"level": "provincial", "adopted_by": "省委宣传部", "adopted_on": "2026-02-01"}
    created = carol.post(f"/entries/{entry.pk}/adoptions", adoption)
    assert created.status_code == 201 and created.json()["adopted_by"] == "省委宣传部"
    duplicate = carol.post(f"/entries/{entry.pk}/adoptions", adoption)
    assert duplicate.status_code == 422 and duplicate.json()["errors"]["adopted_by"] == [
        "“省委宣传部”的采用已登记过。"
    ]
    early = carol.post(
        f"/entries/{entry.pk}/adoptions", {**adoption, "adopted_by": "市报", "adopted_on": "2025-12-01"}
    )
    assert early.json()["errors"] == {"adopted_on": ["采用日期不能早于条目日期。"]}
    assert api_as(org.olivia).post(f"/entries/{entry.pk}/adoptions", adoption).status_code == 404
    instruction = {"level": "municipal", "leader": "市委书记", "given_on": "2026-02-03", "content": "好"}
    assert carol.post(f"/entries/{entry.pk}/instructions", instruction).status_code == 201
    body = api_as(org.bob).get(f"/entries/{entry.pk}").json()
    assert [a["adopted_by"] for a in body["adoptions"]] == ["省委宣传部"]
    assert [i["leader"] for i in body["instructions"]] == ["市委书记"]


def test_evidence_upload_is_checked_by_content(org, api_as, ledger, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    entry = ledger["a1_draft"]
    bob = api_as(org.bob)
    ok = bob.upload(f"/entries/{entry.pk}/evidence", "刊发截图说明.txt", "刊发于省报第一版".encode())
    assert ok.status_code == 200, ok.content
    entry.refresh_from_db()
    assert entry.evidence_file.name.endswith(".txt")
    # the API gives the permission-checked download, which the same token can fetch
    url = ok.json()["evidence_file"]
    assert url == f"/entries/{entry.pk}/evidence/"
    download = bob.client.get(url, **bob.headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == "刊发于省报第一版".encode()
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    outsider = api_as(org.olivia)
    assert outsider.client.get(url, **outsider.headers).status_code == 404
    assert bob.client.get(url, HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    disguised = bob.upload(f"/entries/{entry.pk}/evidence", "photo.png", b"MZ\x90\x00\x03\x00\x00\x00" * 10)
    assert disguised.status_code == 422
    assert "编码无法识别" in disguised.json()["detail"]
    settings.MAX_UPLOAD_BYTES = 10
    big = bob.upload(f"/entries/{entry.pk}/evidence", "a.txt", "很长的文本".encode() * 10)
    assert big.status_code == 422 and "文件过大" in big.json()["detail"]
    assert api_as(org.olivia).upload(f"/entries/{entry.pk}/evidence", "a.txt", b"hello").status_code == 404
