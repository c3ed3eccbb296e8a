"""Pages through the Django test client: permissions, CSRF, forms via the services, query counts."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.security.samples import png_bytes
from zongjie.ledger.models import Entry, EntryChange, EntryKind, EntryStatus, MediaLevel, Outlet
from zongjie.testing.factories import make_entry, period
from zongjie.web import queries

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def text_of(response) -> str:
    return response.content.decode()


# --- permissions ---------------------------------------------------------------------------


def test_outsider_gets_a_chinese_404_for_another_countys_entry(org):
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT, title="甲县的稿件")
    olivia = client_for(org.olivia)
    for url in (reverse("entry_detail", args=[entry.pk]), reverse("entry_edit", args=[entry.pk])):
        response = olivia.get(url)
        assert response.status_code == 404
        body = text_of(response)
        assert "条目不存在，或您无权查看。" in body
        assert "Traceback" not in body and "甲县的稿件" not in body


def test_outsider_cannot_edit_or_submit_by_post(org):
    entry = make_entry(org.town_a1, status=EntryStatus.DRAFT, title="原标题")
    olivia = client_for(org.olivia)
    response = olivia.post(reverse("entry_edit", args=[entry.pk]), {"title": "改掉"})
    assert response.status_code == 404
    response = olivia.post(reverse("entry_submit", args=[entry.pk]))
    assert response.status_code == 404
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("原标题", EntryStatus.DRAFT)


def test_outsider_cannot_review_and_sees_a_chinese_404(org):
    entry = make_entry(org.town_a1, status=EntryStatus.SUBMITTED)
    olivia = client_for(org.olivia)
    response = olivia.post(reverse("review_act"), {"approve_one": entry.pk})
    assert response.status_code == 404  # out of sight is the same as missing
    assert "条目不存在，或您无权查看。" in text_of(response)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_outsider_does_not_see_a_entries_in_the_list_or_export(org):
    make_entry(org.town_a1, title="甲县城关镇稿件")
    make_entry(org.town_b1, title="乙县东关镇稿件")
    body = text_of(client_for(org.olivia).get(reverse("entry_list")))
    assert "乙县东关镇稿件" in body and "甲县城关镇稿件" not in body
    from openpyxl import load_workbook

    data = client_for(org.olivia).get(reverse("entry_export")).content
    titles = [row[4] for row in load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True)]
    assert titles == ["乙县东关镇稿件"]


def test_viewer_cannot_open_the_entry_form(org):
    response = client_for(org.victor).get(reverse("entry_create", args=["article"]))
    assert response.status_code == 403
    assert "您没有填报台账的权限" in text_of(response)


def test_pages_need_login(client, org):
    for name in ("home", "entry_list", "review_queue", "dashboard", "entry_import"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_csrf_is_enforced(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.bob)
    response = client.post(
        reverse("entry_create", args=["article"]),
        {"unit": org.town_a1.pk, "period": period("2026H1").pk, "title": "无令牌"},
    )
    assert response.status_code == 403
    assert "CSRF" in text_of(response) and "请刷新页面后重试" in text_of(response)
    assert not Entry.objects.filter(title="无令牌").exists()


def test_login_is_rate_limited_with_a_chinese_message(client, org, settings):
    settings.LOGIN_ATTEMPTS = 3
    for _ in range(3):
        response = client.post(reverse("login"), {"username": "bob_reporter", "password": "wrong"})
        assert "用户名或密码不正确" in text_of(response)
    response = client.post(reverse("login"), {"username": "bob_reporter", "password": PASSWORD})
    assert "登录失败次数过多" in text_of(response)
    assert "_auth_user_id" not in client.session


# --- entry forms -----------------------------------------------------------------------------


def article_post(org, **extra) -> dict:
    data = {
        "unit": org.town_a1.pk,
        "period": period("2026H1").pk,
        "category": _category("news_article"),
        "title": "城关镇乡村振兴绘新景",
        "occurred_on": "2026-03-15",
        "outlet_name": "人民网",
        "media_level": "",
        "placement": "front_page",
        "action": "save",
    }
    data.update(extra)
    return data


def _category(code: str) -> int:
    from zongjie.ledger.models import Category

    return Category.objects.get(code=code).pk


def test_article_form_saves_through_the_service_with_outlet_level_and_history(org):
    bob = client_for(org.bob)
    response = bob.post(reverse("entry_create", args=["article"]), article_post(org))
    entry = Entry.objects.get(title="城关镇乡村振兴绘新景")
    assert response.status_code == 302 and response["Location"] == reverse("entry_detail", args=[entry.pk])
    assert entry.outlet.name == "人民日报"  # the alias 人民网 resolved to the registry's outlet
    assert entry.media_level == MediaLevel.CENTRAL  # level filled from the outlet
    assert entry.status == EntryStatus.DRAFT and entry.created_by == org.bob
    assert list(EntryChange.objects.filter(entry=entry).values_list("action", flat=True)) == ["create"]
    # unit and period are remembered for the next form
    form = bob.get(reverse("entry_create", args=["event"])).context["form"]
    assert form.initial["unit"] == org.town_a1.pk and form.initial["period"] == period("2026H1").pk


def test_service_errors_are_shown_next_to_their_fields(org):
    bob = client_for(org.bob)
    response = bob.post(
        reverse("entry_create", args=["article"]),
        article_post(org, occurred_on="2026-08-01", outlet_name="", media_level=""),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["occurred_on"] == [
        "日期 2026-08-01 不在期间“2026年上半年”（2026-01-01 至 2026-06-30）内。"
    ]
    assert form.errors["outlet_name"] == ["稿件须填写刊发媒体或媒体级别。"]
    body = text_of(response)
    assert 'id="id_occurred_on_errors"' in body and "有 2 处需要修改" in body
    assert not Entry.objects.exists()


def test_unknown_outlet_is_refused_in_chinese(org):
    response = client_for(org.bob).post(
        reverse("entry_create", args=["article"]), article_post(org, outlet_name="不存在的报纸")
    )
    assert response.status_code == 400
    assert "媒体“不存在的报纸”不在媒体名录中" in response.context["form"].errors["outlet_name"][0]


def test_each_kind_has_its_own_fields(org):
    bob = client_for(org.bob)
    expected = {
        "article": {"outlet_name", "media_level", "placement", "link"},
        "info_report": {"sent_to", "sent_level"},
        "event": {"sessions", "participants", "amount"},
        "study": {"sessions", "participants"},
        "honour": {"honour_level"},
        "other": {"sessions", "participants", "amount"},
    }
    specific = {"outlet_name", "media_level", "placement", "link", "sent_to", "sent_level"}
    specific |= {"sessions", "participants", "amount", "honour_level"}
    for kind, own in expected.items():
        fields = set(bob.get(reverse("entry_create", args=[kind])).context["form"].fields)
        assert fields & specific == own, kind


def test_save_and_submit_then_edit_only_until_approved(org):
    bob = client_for(org.bob)
    bob.post(
        reverse("entry_create", args=["info_report"]),
        {
            "unit": org.town_a1.pk,
            "period": period("2026H1").pk,
            "category": _category("info_report"),
            "title": "网络舆情动态",
            "occurred_on": "2026-04-02",
            "sent_to": "省委宣传部",
            "sent_level": "provincial",
            "action": "submit",
        },
    )
    entry = Entry.objects.get(title="网络舆情动态")
    assert entry.status == EntryStatus.SUBMITTED
    response = bob.get(reverse("entry_edit", args=[entry.pk]), follow=True)
    assert "只有草稿或已退回的条目可以修改" in text_of(response)


def test_returned_entry_is_edited_and_resubmitted(org):
    entry = make_entry(
        org.town_a1,
        status=EntryStatus.RETURNED,
        title="旧标题",
        return_reason="请补充截图",
        occurred_on=date(2026, 2, 1),
    )
    bob = client_for(org.bob)
    page = bob.get(reverse("entry_edit", args=[entry.pk]))
    assert "退回原因：请补充截图" in text_of(page)
    data = article_post(org, title="新标题", occurred_on="2026-02-01", version=entry.version, action="submit")
    response = bob.post(reverse("entry_edit", args=[entry.pk]), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("新标题", EntryStatus.SUBMITTED)


def test_evidence_type_is_checked_by_content(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bob = client_for(org.bob)
    fake = SimpleUploadedFile("截图.png", b"MZ\x90\x00 this is an exe", content_type="image/png")
    response = bob.post(
        reverse("entry_create", args=["article"]), {**article_post(org), "evidence_file": fake}
    )
    assert response.status_code == 400
    assert "evidence_file" in response.context["form"].errors
    assert not Entry.objects.exists()
    png = SimpleUploadedFile("截图.bin", png_bytes(), content_type="application/octet-stream")
    response = bob.post(
        reverse("entry_create", args=["article"]), {**article_post(org), "evidence_file": png}
    )
    assert response.status_code == 302
    assert Entry.objects.get().evidence_file.name.endswith(".png")


def test_outlet_lookup_json_and_htmx_options(org):
    bob = client_for(org.bob)
    rows = bob.get(reverse("outlet_lookup"), {"q": "央视"}).json()["results"]
    assert {"name": "央视", "outlet": "中央广播电视总台", "level": "central", "level_label": "中央级"} in rows
    html = text_of(bob.get(reverse("outlet_lookup"), {"outlet_name": "省日报"}, HTTP_HX_REQUEST="true"))
    assert '<option value="省日报" data-level="provincial" data-outlet="省日报"' in html
    html = text_of(bob.get(reverse("outlet_lookup"), {"outlet_name": "人民网"}, HTTP_HX_REQUEST="true"))
    assert (
        '<option value="人民网" data-level="central" data-outlet="人民日报"' in html
    )  # the alias says what it is


# --- review ---------------------------------------------------------------------------------


def test_reviewer_approves_and_returns_one_by_one(org):
    one = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="一")
    two = make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title="二")
    carol = client_for(org.carol)
    carol.post(reverse("review_act"), {"approve_one": one.pk})
    response = carol.post(reverse("review_act"), {"return_one": two.pk, f"reason_{two.pk}": ""}, follow=True)
    assert "退回时必须填写原因。" in text_of(response)
    carol.post(reverse("review_act"), {"return_one": two.pk, f"reason_{two.pk}": "缺少刊发截图"})
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == EntryStatus.APPROVED and one.reviewed_by == org.carol
    assert (two.status, two.return_reason) == (EntryStatus.RETURNED, "缺少刊发截图")
    queue = carol.get(reverse("review_queue"))
    assert queue.context["page"].paginator.count == 0


def test_reviewer_bulk_approves_and_bulk_returns(org):
    entries = [make_entry(org.town_a1, status=EntryStatus.SUBMITTED) for _ in range(4)]
    carol = client_for(org.carol)
    response = carol.post(
        reverse("review_act"), {"bulk": "approve", "ids": [e.pk for e in entries[:3]]}, follow=True
    )
    assert "已通过 3 条。" in text_of(response)
    carol.post(reverse("review_act"), {"bulk": "return", "ids": [entries[3].pk], "bulk_reason": "级别有误"})
    statuses = [Entry.objects.get(pk=e.pk).status for e in entries]
    assert statuses == [EntryStatus.APPROVED] * 3 + [EntryStatus.RETURNED]


def test_reviewer_records_adoption_and_instruction(org):
    entry = make_entry(
        org.town_a1,
        kind=EntryKind.INFO_REPORT,
        sent_to="市委宣传部",
        sent_level="municipal",
        occurred_on=date(2026, 3, 1),
    )
    carol = client_for(org.carol)
    carol.post(
        reverse("entry_record", args=[entry.pk, "adoption"]),
        {"adopt-level": "provincial", "adopt-adopted_by": "省委宣传部", "adopt-adopted_on": "2026-03-05"},
    )
    carol.post(
        reverse("entry_record", args=[entry.pk, "instruction"]),
        {"instr-level": "municipal", "instr-leader": "市委书记", "instr-given_on": "2026-03-06"},
    )
    response = carol.post(
        reverse("entry_record", args=[entry.pk, "adoption"]),
        {"adopt-level": "provincial", "adopt-adopted_by": "省委宣传部", "adopt-adopted_on": "2026-03-05"},
        follow=True,
    )
    assert "“省委宣传部”的采用已登记过。" in text_of(response)
    assert list(entry.adoptions.values_list("adopted_by", "level")) == [("省委宣传部", "provincial")]
    assert list(entry.instructions.values_list("leader", flat=True)) == ["市委书记"]


def test_reviewer_cannot_review_own_unit(org):
    entry = make_entry(org.county_a, status=EntryStatus.SUBMITTED)
    response = client_for(org.carol).post(reverse("review_act"), {"approve_one": entry.pk}, follow=True)
    assert "不能审核本单位" in text_of(response)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 60])
def test_entry_list_queries_do_not_grow_with_rows(org, rows, django_assert_max_num_queries):
    outlet = Outlet.objects.first()
    for _ in range(rows):
        make_entry(org.town_a1, outlet=outlet)
    client = client_for(org.rita)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("entry_list"))
    assert response.context["page"].paginator.count == rows


@pytest.mark.parametrize("rows", [3, 60])
def test_review_queue_queries_do_not_grow_with_rows(org, rows, django_assert_max_num_queries):
    for _ in range(rows):
        make_entry(org.town_a1, status=EntryStatus.SUBMITTED)
    client = client_for(org.carol)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("review_queue"))
    assert response.context["page"].paginator.count == rows


def test_list_filter_is_the_same_for_page_and_export(org):
    make_entry(org.town_a1, title="甲稿件", kind=EntryKind.ARTICLE)
    make_entry(org.town_b1, title="乙稿件", kind=EntryKind.ARTICLE)
    make_entry(org.town_a1, title="甲活动", kind=EntryKind.EVENT, sessions=2)
    client = client_for(org.rita)
    query = {"unit": "A", "kind": "article", "period": "2026"}
    page = client.get(reverse("entry_list"), query)
    assert [e.title for e in page.context["entries"]] == ["甲稿件"]
    from openpyxl import load_workbook

    data = client.get(reverse("entry_export"), query).content
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4]) for r in rows] == [("甲县城关镇", "甲稿件")]


def test_import_page_shows_counts_or_every_bad_row(org):
    from tests.ledger.test_excel import GOOD_ROW, sheet

    bob = client_for(org.bob)
    good = sheet([GOOD_ROW, dict(GOOD_ROW, 标题="第二条")])
    good.name = "台账.xlsx"
    response = bob.post(
        reverse("entry_import"), {"unit": org.town_a1.pk, "file": good}, HTTP_HX_REQUEST="true"
    )
    body = text_of(response)
    assert '<strong id="rows-created">2</strong>' in body and "导入完成" in body
    bad = sheet([GOOD_ROW, dict(GOOD_ROW, 日期="明天")])
    bad.name = "台账.xlsx"
    response = bob.post(reverse("entry_import"), {"unit": org.town_a1.pk, "file": bad})
    assert response.status_code == 400
    body = text_of(response)
    assert "整个文件都没有保存" in body and '<td data-label="行号">3</td>' in body
    assert Entry.objects.count() == 2


def test_dashboard_says_as_of_when_the_period_is_still_running(org):
    from zongjie.ledger.periods import parse_period

    day = queries.today()
    running = period(f"{day.year}H{1 if day.month <= 6 else 2}")  # the half-year holding today
    ended = period("2024H1")
    carol = client_for(org.carol)
    page = text_of(carol.get(reverse("dashboard"), {"unit": "A", "period": running.code}))
    end = parse_period(running.code).end
    if day < end:
        assert f"本期与去年同期（截至{day.month}月{day.day}日）" in page
    page = text_of(carol.get(reverse("dashboard"), {"unit": "A", "period": ended.code}))
    assert "本期与去年同期" in page and "本期与去年同期（截至" not in page


def test_reports_page_builds_the_preview_only_when_asked(org, django_assert_max_num_queries):
    from zongjie.ledger.models import EntryStatus

    ids = [make_entry(org.town_a1, title=f"甲县稿件{i}", occurred_on=date(2026, 3, 1)).pk for i in range(3)]
    make_entry(org.town_a1, title="待审稿件", occurred_on=date(2026, 3, 2), status=EntryStatus.SUBMITTED)
    make_entry(org.town_a1, title="草稿", occurred_on=date(2026, 3, 3), status=EntryStatus.DRAFT)
    carol = client_for(org.carol)
    with django_assert_max_num_queries(12):  # no ledger query, no scorecard: only the form
        page = carol.get(reverse("reports"), {"unit": "A", "period": "2026H1"})
    assert "甲县委宣传部2026年上半年工作总结" not in text_of(page)
    assert f'hx-get="{reverse("report_fragment")}"' in page.content.decode()
    fragment = carol.get(reverse("report_fragment"), {"unit": "A", "period": "2026H1"})
    html = fragment.content.decode()
    assert "甲县委宣传部2026年上半年工作总结" in html
    # What the report leaves out, with links to those entries.
    assert "另有 <strong>2</strong> 条未计入" in html
    assert "/entries/?unit=A&amp;period=2026H1&amp;status=submitted" in html and "待审核 1 条" in html
    assert "草稿 1 条" in html
    # Each figure carries its number and count only; its entries are listed on request.
    assert "data-entries" not in html and all(f"甲县稿件{i}" not in html for i in range(3))
    n = re.search(r'data-figure="(\d+)" data-count="3" data-metric="articles_municipal_plus"', html)[1]
    listed = carol.get(reverse("report_figure"), {"unit": "A", "period": "2026H1", "figure": n})
    assert [e["url"] for e in listed.context["entries"]] == [reverse("entry_detail", args=[pk]) for pk in ids]
    assert "共 3 条" in listed.content.decode()


def test_report_preview_and_download_respect_scope(org):
    make_entry(org.town_a1, title="甲县稿件", occurred_on=date(2026, 3, 1))
    carol = client_for(org.carol)
    response = carol.get(reverse("reports"), {"unit": "A", "period": "2026H1", "show": "1"})
    assert response.status_code == 200 and "甲县委宣传部2026年上半年工作总结" in text_of(response)
    download = carol.get(reverse("report_download"), {"unit": "A", "period": "2026H1", "format": "docx"})
    assert download.content[:4] == b"PK\x03\x04"
    response = client_for(org.olivia).get(reverse("reports"), {"unit": "A", "period": "2026H1"})
    assert response.status_code == 403
    assert "您没有权限查看“甲县委宣传部”的数据。" in text_of(response)
    response = client_for(org.olivia).get(reverse("dashboard"), {"unit": "A"})
    assert response.status_code == 403


def test_bulk_return_without_a_reason_keeps_the_ticked_boxes(org):
    entries = [make_entry(org.town_a1, status=EntryStatus.SUBMITTED, title=f"待审{i}") for i in range(3)]
    carol = client_for(org.carol)
    chosen = [entries[0].pk, entries[2].pk]
    response = carol.post(
        reverse("review_act"),
        {
            "bulk": "return",
            "ids": chosen,
            "bulk_reason": " ",
            "next": reverse("review_queue") + "?kind=article",
        },
        follow=True,
    )
    body = text_of(response)
    assert "退回时必须填写原因。" in body
    for e in entries:
        box = re.search(rf'<input type="checkbox" name="ids" value="{e.pk}"[^>]*>', body)[0]
        assert ("checked" in box) == (e.pk in chosen)
    assert all(Entry.objects.get(pk=e.pk).status == EntryStatus.SUBMITTED for e in entries)
    # after a successful action the boxes are clear again
    response = carol.post(
        reverse("review_act"),
        {"approve_one": entries[1].pk, "next": response.redirect_chain[-1][0]},
        follow=True,
    )
    assert " checked>" not in text_of(response).split('id="queue-table"')[1]
