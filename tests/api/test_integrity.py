"""Issue 16 items 1 and 7: every point a unit scores has passed an upper-level review.

Adoptions and instructions the unit records itself are claims that score only once a reviewer
above confirms them; nothing is added to or reviewed in a locked period; nobody reviews their
own work; out-of-scope objects answer 404 like missing ones; a PATCH needs its version.
Through the real API (tokens) and the real pages (logged-in Django client)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zongjie.assessment.services import scorecard
from zongjie.ledger import services
from zongjie.ledger.models import Adoption, ClaimStatus, Entry, EntryChange, EntryStatus, Instruction
from zongjie.org.models import Membership, Role
from zongjie.testing.factories import make_entry, make_user, period

pytestmark = pytest.mark.django_db

CENTRAL = {"level": "central", "adopted_by": "新华社", "adopted_on": "2026-03-01"}
LEADER = {"level": "provincial", "leader": "省委书记", "given_on": "2026-03-02"}


def _points(unit) -> float:
    return scorecard(unit, "2026H1").points_total


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def approved(org):
    period("2026H1")
    return make_entry(org.town_a1, status=EntryStatus.APPROVED, title="小麦丰收", created_by=org.bob)


# --- 1. claims ------------------------------------------------------------------------------


def test_a_units_own_adoption_scores_only_once_a_reviewer_above_confirms_it(org, api_as, approved):
    before = _points(org.town_a1)
    bob, carol = api_as(org.bob), api_as(org.carol)
    claimed = bob.post(f"/entries/{approved.pk}/adoptions", CENTRAL)
    assert claimed.status_code == 201 and claimed.json()["status"] == "pending"
    assert _points(org.town_a1) == before  # a claim does not score
    assert bob.get(f"/entries/{approved.pk}").json()["adoptions"][0]["status"] == "pending"

    queue = carol.get("/entries/claims/pending").json()
    assert [(c["kind"], c["id"], c["created_by"]) for c in queue] == [
        ("adoption", claimed.json()["id"], "bob_reporter")
    ]
    assert (
        bob.post(
            f"/entries/{approved.pk}/adoptions/{claimed.json()['id']}/review", {"approve": True}
        ).status_code
        == 403
    )
    confirmed = carol.post(
        f"/entries/{approved.pk}/adoptions/{claimed.json()['id']}/review", {"approve": True}
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert _points(org.town_a1) > before
    again = carol.post(f"/entries/{approved.pk}/adoptions/{claimed.json()['id']}/review", {"approve": True})
    assert again.status_code == 409
    actions = [c["action"] for c in carol.get(f"/entries/{approved.pk}/history").json()]
    assert actions[-2:] == ["adopt", "confirm"]
    assert carol.get("/entries/claims/pending").json() == []


def test_a_reviewer_above_records_a_confirmed_adoption_at_once(org, api_as, approved):
    before = _points(org.town_a1)
    created = api_as(org.carol).post(f"/entries/{approved.pk}/adoptions", CENTRAL)
    assert created.status_code == 201 and created.json()["status"] == "confirmed"
    assert _points(org.town_a1) > before


def test_a_claim_is_returned_with_a_reason_and_can_be_claimed_again(org, api_as, approved):
    bob, carol = api_as(org.bob), api_as(org.carol)
    claim = bob.post(f"/entries/{approved.pk}/instructions", LEADER).json()
    url = f"/entries/{approved.pk}/instructions/{claim['id']}/review"
    no_reason = carol.post(url, {"approve": False})
    assert no_reason.status_code == 422 and no_reason.json()["errors"] == {
        "return_reason": ["退回批示时必须填写原因。"]
    }
    returned = carol.post(url, {"approve": False, "reason": "未见批示件"})
    assert returned.json()["status"] == "returned" and returned.json()["return_reason"] == "未见批示件"
    change = EntryChange.objects.filter(entry=approved).last()
    assert (change.action, change.reason, change.user) == ("decline", "未见批示件", org.carol)
    # a returned adoption recorded again goes back to the reviewer
    adoption = bob.post(f"/entries/{approved.pk}/adoptions", CENTRAL).json()
    carol.post(
        f"/entries/{approved.pk}/adoptions/{adoption['id']}/review", {"approve": False, "reason": "无截图"}
    )
    again = bob.post(f"/entries/{approved.pk}/adoptions", {**CENTRAL, "note": "附截图"})
    assert (
        again.status_code == 201
        and again.json()["id"] == adoption["id"]
        and again.json()["status"] == "pending"
    )


def test_claims_on_the_pages_the_entry_page_records_the_queue_confirms(org, approved):
    before = _points(org.town_a1)
    page = _page(org.bob).post(
        reverse("entry_record", args=[approved.pk, "instruction"]),
        {"instr-level": "provincial", "instr-leader": "省委书记", "instr-given_on": "2026-03-02"},
        follow=True,
    )
    assert "已登记批示，待上级确认后计分。" in page.content.decode()
    assert "待上级确认，暂不计分" in page.content.decode()
    instruction = Instruction.objects.get(entry=approved)
    assert instruction.status == ClaimStatus.PENDING and _points(org.town_a1) == before
    carol = _page(org.carol)
    queue = carol.get(reverse("review_queue")).content.decode()
    assert "待确认的采用与领导批示（1 项）" in queue and "省委书记" in queue
    done = carol.post(
        reverse("claim_act", args=["instruction", instruction.pk]), {"decision": "confirm"}, follow=True
    )
    assert "已确认批示：小麦丰收" in done.content.decode()
    assert _points(org.town_a1) > before
    # one out of sight answers 404 like a missing one
    olivia = _page(org.olivia)
    assert (
        olivia.post(
            reverse("claim_act", args=["instruction", instruction.pk]), {"decision": "confirm"}
        ).status_code
        == 404
    )
    assert (
        olivia.post(reverse("claim_act", args=["instruction", 999999]), {"decision": "confirm"}).status_code
        == 404
    )


# --- 2. locked periods ----------------------------------------------------------------------


def _lock(code: str = "2026H1") -> None:
    p = period(code)
    p.locked, p.locked_reason = True, "考核已完成"
    p.save()


def test_nothing_is_added_or_reviewed_in_a_locked_period(org, api_as, approved):
    submitted = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="待审")
    claim = api_as(org.bob).post(f"/entries/{approved.pk}/adoptions", CENTRAL).json()
    _lock()
    bob, carol = api_as(org.bob), api_as(org.carol)
    refused = [
        bob.post(f"/entries/{approved.pk}/adoptions", {**CENTRAL, "adopted_by": "人民日报"}),
        carol.post(f"/entries/{approved.pk}/instructions", LEADER),
        carol.post(f"/entries/{submitted.pk}/review", {"approve": True}),
        carol.post(f"/entries/{submitted.pk}/review", {"approve": False, "reason": "补材料"}),
        carol.post(f"/entries/{approved.pk}/adoptions/{claim['id']}/review", {"approve": True}),
    ]
    for response in refused:
        assert response.status_code == 422, response.content
        assert "期间“2026年上半年”已锁定（考核已完成）" in response.json()["detail"]
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED
    assert Adoption.objects.get().status == ClaimStatus.PENDING and not Instruction.objects.exists()
    # the pages say so too, and change nothing
    page = _page(org.carol).post(
        reverse("review_act"), {"return_one": submitted.pk, f"reason_{submitted.pk}": "补材料"}, follow=True
    )
    assert "已锁定（考核已完成）" in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED


# --- 3. no self review ----------------------------------------------------------------------


@pytest.fixture
def dana(org):
    """A reporter of town A1 who is also a reviewer of county A (above A1)."""
    user = make_user("dana_both", org.town_a1, Role.REPORTER)
    Membership.objects.create(user=user, unit=org.county_a, role=Role.REVIEWER)
    return user


def test_nobody_approves_their_own_entry_or_confirms_their_own_claim(org, api_as, dana):
    period("2026H1")
    d = api_as(dana)
    entry = d.post(
        "/entries",
        {"unit": "A1", "period": "2026H1", "category": "news_article", "kind": "article",
         "title": "自己写的稿", "occurred_on": "2026-03-09", "media_level": "provincial"},
    ).json()  # fmt: skip
    d.post(f"/entries/{entry['id']}/submit")
    own = d.post(f"/entries/{entry['id']}/review", {"approve": True})
    assert own.status_code == 403 and "不能审核自己填报或提交的条目" in own.json()["detail"]
    assert Entry.objects.get(pk=entry["id"]).status == EntryStatus.SUBMITTED
    assert d.get("/entries", {"reviewable": "true"}).json()["count"] == 0  # not in the own queue
    assert "自己写的稿" not in _page(dana).get(reverse("review_queue")).content.decode()
    page = _page(dana).post(reverse("review_act"), {"approve_one": entry["id"]}, follow=True)
    assert "不能审核自己填报或提交的条目" in page.content.decode()
    assert (
        api_as(org.carol).post(f"/entries/{entry['id']}/review", {"approve": True}).json()["status"]
        == "approved"
    )

    # on their own entry even a reviewer above only claims, and cannot confirm the claim
    claim = d.post(f"/entries/{entry['id']}/adoptions", {**CENTRAL, "adopted_on": "2026-03-10"}).json()
    assert claim["status"] == "pending"
    assert d.get("/entries/claims/pending").json() == []
    refused = d.post(f"/entries/{entry['id']}/adoptions/{claim['id']}/review", {"approve": True})
    assert refused.status_code == 403 and "不能确认自己登记的采用" in refused.json()["detail"]
    assert Adoption.objects.get().status == ClaimStatus.PENDING


def test_a_submitter_is_remembered_and_may_not_review_either(org, dana):
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT, created_by=org.bob)
    services.submit_entry(dana, entry)
    entry.refresh_from_db()
    assert entry.submitted_by == dana
    with pytest.raises(services.ScopeDenied, match="不能审核自己填报或提交的条目"):
        services.review_entry(dana, entry, approve=True)


# --- 7. existence oracle, PATCH without version ------------------------------------------------


def test_out_of_scope_answers_like_missing(org, api_as, approved):
    olivia = api_as(org.olivia)
    claim = api_as(org.carol).post(f"/entries/{approved.pk}/adoptions", CENTRAL).json()
    for path, missing in (
        (
            f"/entries/{approved.pk}/adoptions/{claim['id']}/review",
            f"/entries/99999999/adoptions/{claim['id']}/review",
        ),
        (f"/entries/{approved.pk}/review", "/entries/99999999/review"),
        (f"/entries/{approved.pk}/instructions", "/entries/99999999/instructions"),
    ):
        hidden, absent = (
            olivia.post(path, {"approve": True, **LEADER}),
            olivia.post(missing, {"approve": True, **LEADER}),
        )
        assert hidden.status_code == absent.status_code == 404
    assert olivia.get(f"/entries/{approved.pk}/history").status_code == 404
    assert olivia.get("/units/A1").status_code == olivia.get("/units/NOPE").status_code == 404
    for path in ("/scorecards/{}", "/reports/{}"):
        hidden = olivia.get(path.format("A1"), {"period": "2026H1"})
        absent = olivia.get(path.format("NOPE"), {"period": "2026H1"})
        assert hidden.status_code == absent.status_code == 404
    imported = olivia.client.post(
        "/api/imports",
        {
            "file": SimpleUploadedFile("总结.txt", "今年刊发稿件 3 篇。".encode()),
            "unit": "A1",
            "period": "2026H1",
        },
        **olivia.headers,
    )
    assert imported.status_code == 404 and imported.json()["detail"] == "单位“A1”不存在。"
    # pages: detail, edit, submit, record answer 404 for another county's entry
    page = _page(org.olivia)
    for name in ("entry_detail", "entry_edit"):
        assert page.get(reverse(name, args=[approved.pk])).status_code == 404
    assert page.post(reverse("entry_submit", args=[approved.pk])).status_code == 404
    assert page.post(reverse("entry_record", args=[approved.pk, "adoption"]), {}).status_code == 404


def test_a_patch_without_version_never_overwrites_a_newer_edit(org, api_as):
    period("2026H1")
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT, title="原标题")
    bob = api_as(org.bob)
    assert bob.patch(f"/entries/{entry.pk}", {"title": "新标题", "version": 1}).status_code == 200
    blind = bob.patch(f"/entries/{entry.pk}", {"title": "盲改"})
    assert blind.status_code == 409 and "缺少版本号 version" in blind.json()["detail"]
    entry.refresh_from_db()
    assert (entry.title, entry.version) == ("新标题", 2)
    # the page form likewise
    form = {"title": "页面盲改", "occurred_on": "2026-03-01", "unit": entry.unit_id, "period": entry.period_id,
            "category": entry.category_id, "media_level": "municipal", "placement": "normal"}  # fmt: skip
    response = _page(org.bob).post(reverse("entry_edit", args=[entry.pk]), form)
    assert response.status_code == 400 and "缺少版本号" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "新标题"
