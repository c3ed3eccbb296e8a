"""Bad entries get a clear Simplified-Chinese message and nothing is half-saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from zongjie.ledger import services
from zongjie.ledger.models import Entry, EntryChange, EntryKind, EntryStatus, Outlet
from zongjie.testing.factories import category, make_entry, period


def _fields(org, **overrides):
    fields = dict(
        unit=org.town_a1,
        period=period(),
        category=category(),
        kind=EntryKind.ARTICLE,
        title="《城关镇小麦丰收在望》",
        occurred_on=date(2026, 3, 9),
        media_level="provincial",
    )
    fields.update(overrides)
    return fields


def _messages(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"participants": -5, "kind": EntryKind.EVENT}, "参与人数不能为负数"),
        ({"sessions": -1, "kind": EntryKind.STUDY}, "场次不能为负数"),
        ({"media_level": "galactic"}, "未知的级别“galactic”，应为：中央级、省级、市级、县级"),
        ({"kind": "poem"}, "未知的条目类型“poem”"),
        (
            {"occurred_on": date(2026, 8, 1)},
            "日期 2026-08-01 不在期间“2026年上半年”（2026-01-01 至 2026-06-30）内",
        ),
        ({"title": "  "}, "标题不能为空"),
        ({"media_level": ""}, "稿件须填写刊发媒体或媒体级别"),
        ({"kind": EntryKind.INFO_REPORT, "media_level": ""}, "信息报送须填写报送对象或其级别"),
        ({"placement": "sideways"}, "未知的版面位置“sideways”"),
    ],
)
def test_invalid_entry_is_refused_and_nothing_saved(org, overrides, message):
    with pytest.raises(ValidationError) as caught:
        services.create_entry(org.bob, **_fields(org, **overrides))
    assert message in _messages(caught.value)
    assert Entry.objects.count() == 0
    assert EntryChange.objects.count() == 0


def test_locked_period_refuses_new_and_changed_entries(org):
    entry = services.create_entry(org.bob, **_fields(org))
    p = period()
    p.locked, p.locked_reason = True, "上半年考核已完成"
    p.save()
    with pytest.raises(
        ValidationError, match="期间“2026年上半年”已锁定（上半年考核已完成），不能新增或修改条目"
    ):
        services.create_entry(org.bob, **_fields(org, title="新稿件"))
    with pytest.raises(ValidationError, match="已锁定"):
        services.update_entry(org.bob, entry, title="改标题")
    entry.refresh_from_db()
    assert entry.title == "《城关镇小麦丰收在望》"
    assert Entry.objects.count() == 1


def test_outlet_fills_the_level(org):
    outlet = Outlet.objects.get(name="人民日报")
    entry = services.create_entry(org.bob, **_fields(org, media_level="", outlet=outlet))
    assert entry.media_level == "central"
    assert entry.effective_level == "central"


def test_history_keeps_who_when_what(org):
    entry = services.create_entry(org.bob, **_fields(org))
    services.update_entry(org.bob, entry, title="新标题", participants=None)
    services.submit_entry(org.bob, entry)
    services.review_entry(org.carol, entry, approve=False, reason="请补充佐证")
    trail = list(EntryChange.objects.filter(entry=entry).values_list("action", "user__username"))
    assert trail == [
        ("create", "bob_reporter"),
        ("update", "bob_reporter"),
        ("submit", "bob_reporter"),
        ("return", "carol_reviewer"),
    ]
    update = EntryChange.objects.get(entry=entry, action="update")
    assert update.changes == {"title": ["《城关镇小麦丰收在望》", "新标题"]}
    assert EntryChange.objects.get(entry=entry, action="return").reason == "请补充佐证"


def test_review_workflow_and_frozen_after_approval(org):
    entry = services.create_entry(org.bob, **_fields(org))
    with pytest.raises(ValidationError, match="不是待审核状态"):
        services.review_entry(org.carol, entry, approve=True)
    services.submit_entry(org.bob, entry)
    with pytest.raises(ValidationError, match="只有草稿或已退回的条目可以修改"):
        services.update_entry(org.bob, entry, title="x")
    with pytest.raises(ValidationError, match="退回时必须填写原因"):
        services.review_entry(org.carol, entry, approve=False, reason=" ")
    returned = services.review_entry(org.carol, entry, approve=False, reason="级别有误")
    assert returned.status == EntryStatus.RETURNED and returned.return_reason == "级别有误"
    services.update_entry(org.bob, returned, media_level="municipal")
    services.submit_entry(org.bob, returned)
    approved = services.review_entry(org.carol, returned, approve=True)
    assert approved.status == EntryStatus.APPROVED and approved.reviewed_by == org.carol
    assert approved.return_reason == ""
    with pytest.raises(ValidationError, match="不能提交"):
        services.submit_entry(org.bob, approved)


def test_second_review_is_a_conflict(org):
    entry = make_entry(org.town_a1, status=EntryStatus.SUBMITTED)
    services.review_entry(org.carol, entry, approve=True)
    with pytest.raises(services.StateConflict, match="可能已被他人审核"):
        services.review_entry(org.rita, entry, approve=False, reason="重复")
    entry.refresh_from_db()
    assert entry.reviewed_by == org.carol


def test_stale_version_is_a_conflict(org):
    entry = services.create_entry(org.bob, **_fields(org))
    services.update_entry(org.bob, entry, expected_version=1, title="第一次")
    with pytest.raises(services.StateConflict, match="已被他人修改"):
        services.update_entry(org.bob, entry, expected_version=1, title="第二次")


def test_adoptions_many_levels_and_no_duplicates(org):
    entry = make_entry(
        org.town_a1, kind=EntryKind.INFO_REPORT, sent_to="省委宣传部", sent_level="provincial", media_level=""
    )
    services.add_adoption(
        org.carol, entry, level="provincial", adopted_by="省委宣传部", adopted_on=date(2026, 2, 1)
    )
    services.add_adoption(org.carol, entry, level="central", adopted_by="中宣部", adopted_on=date(2026, 2, 3))
    assert sorted(entry.adoptions.values_list("level", flat=True)) == ["central", "provincial"]
    with pytest.raises(ValidationError, match="已登记过"):
        services.add_adoption(
            org.carol, entry, level="central", adopted_by="中宣部", adopted_on=date(2026, 2, 4)
        )
    with pytest.raises(ValidationError, match="未知的采用级别"):
        services.add_adoption(org.carol, entry, level="cosmic", adopted_by="x", adopted_on=date(2026, 2, 4))
    assert entry.adoptions.count() == 2
    with pytest.raises(services.ScopeDenied):
        services.add_adoption(
            org.olivia, entry, level="county", adopted_by="县台", adopted_on=date(2026, 2, 4)
        )


def test_bulk_review_reports_each_failure(org):
    ok = make_entry(org.town_a1, status=EntryStatus.SUBMITTED)
    outside = make_entry(org.town_b1, status=EntryStatus.SUBMITTED)
    result = services.review_many(org.carol, [ok, outside], approve=True)
    assert [e.pk for e in result["done"]] == [ok.pk]
    assert [(e.pk, "没有权限" in msg) for e, msg in result["failed"]] == [(outside.pk, True)]
