"""The report preview as a stored result (reports/stored.py), through the page: what it serves
equals the live composition (services.build_report, left_out, figure_entries) after each change;
a large subtree is composed in the background while the page says so; a stale preview is served
with its date until it is composed again."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zongjie.ledger import services as ledger
from zongjie.ledger.models import EntryStatus, Period, PlanItem
from zongjie.org.models import Unit
from zongjie.reports import stored
from zongjie.reports.models import ReportPreview
from zongjie.testing.factories import make_entry

PERIOD = "2026H1"


def fragment(user, unit="A"):
    client = Client()
    client.force_login(user)
    response = client.get(reverse("report_fragment"), {"unit": unit, "period": PERIOD})
    assert response.status_code == 200
    return response


def titles(response) -> set[str]:
    """The titles of every entry a figure of the preview counts, through the figure listing."""
    client = Client()
    client.force_login(response.wsgi_request.user)
    out = set()
    for n in set(re.findall(r'data-figure="(\d+)" data-count="[1-9]', response.content.decode())):
        page = client.get(reverse("report_figure"), {"unit": "A", "period": PERIOD, "figure": n})
        out |= {e["title"] for e in page.context["entries"]}
    return out


def same_as_live(response, unit="A") -> None:
    """The page's preview is what the live path composes now, figure for figure."""
    ctx = response.context
    u, p = Unit.objects.get(code=unit), Period.objects.get(code=PERIOD)
    live = stored.compose(u, p, timezone.localdate())
    assert str(ctx["preview"]) == live.html
    for n, (metric, text, ids) in enumerate(live.figure_ids):
        kept = stored.figure(u, p, n)
        assert (kept.metric, kept.text, kept.ids) == (metric, text, list(ids)) if ids else kept is None
    assert ctx["left_out_total"] == sum(live.left_out.values())
    assert not ctx["preparing"] and not ctx["preview_stale"]


def test_a_small_preview_is_stored_and_follows_every_change(org):
    first = make_entry(org.town_a1, title="甲县稿件一", occurred_on=date(2026, 3, 1))
    waiting = make_entry(
        org.town_a1, title="待审稿件", occurred_on=date(2026, 3, 2), status=EntryStatus.SUBMITTED
    )
    response = fragment(org.carol)
    same_as_live(response)
    assert (
        "甲县稿件一" in titles(response) and "另有 <strong>1</strong> 条未计入" in response.content.decode()
    )
    row = ReportPreview.objects.get()
    assert fragment(org.carol).context["preview_at"] == row.computed_at  # read back, not composed again

    ledger.review_entry(org.carol, waiting, approve=True)  # a review: counted now
    response = fragment(org.carol)
    same_as_live(response)
    assert "本期间的条目均已审核通过" in response.content.decode()
    assert ReportPreview.objects.get().computed_at > row.computed_at

    first.title = "改过的标题"
    first.save()  # an edit of an entry
    response = fragment(org.carol)
    same_as_live(response)
    assert "改过的标题" in titles(response)
    nxt = Period.objects.get_or_create_code("2026H2")
    PlanItem.objects.create(unit=org.county_a, period=nxt, title="下半年计划事项甲")  # the plans section
    response = fragment(org.carol)
    same_as_live(response)
    assert "下半年计划事项甲" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_large_preview_is_prepared_in_the_background_and_served_stale_meanwhile(org, settings):
    settings.REPORT_INLINE_UNITS = 0  # every subtree counts as large: nothing composed in a request
    settings.SCORES_INLINE_MS = 0
    entry = make_entry(
        org.town_a1, title="甲县稿件一", occurred_on=date(2026, 3, 1), status=EntryStatus.SUBMITTED
    )
    response = fragment(org.carol)
    assert response.context["preparing"] and "总结正在生成" in response.content.decode()
    assert 'hx-trigger="load delay:10s"' in response.content.decode()  # the page asks again by itself
    assert stored.wait(60)
    same_as_live(fragment(org.carol))
    old = ReportPreview.objects.get()

    ledger.review_entry(org.carol, entry, approve=True)
    response = fragment(org.carol)  # stale: the old preview with its date, composed again behind it
    assert response.context["preview_stale"] and str(response.context["preview"]) == old.html
    stamp = timezone.localtime(old.computed_at)
    assert (
        f"数据正在更新，当前显示 {stamp.month}月{stamp.day}日 {stamp:%H:%M} 的结果"
        in response.content.decode()
    )
    assert stored.wait(60)
    response = fragment(org.carol)
    same_as_live(response)
    assert "甲县稿件一" in titles(response)


def test_the_stored_preview_keeps_the_scope(org):
    make_entry(org.town_a1, title="甲县稿件", occurred_on=date(2026, 3, 1))
    fragment(org.carol)  # stored for A
    client = Client()
    client.force_login(org.olivia)
    response = client.get(reverse("report_fragment"), {"unit": "A", "period": PERIOD})
    assert response.status_code == 403 and "甲县稿件" not in response.content.decode()


def test_without_background_threads_refresh_scores_composes_the_asked_for_preview(org, settings):
    settings.REPORT_INLINE_UNITS = 0
    settings.SCORES_BACKGROUND = False  # left to `zongjie refresh_scores` (a cron job)
    make_entry(org.town_a1, title="甲县稿件一", occurred_on=date(2026, 3, 1))
    assert fragment(org.carol).context["preparing"]
    assert fragment(org.carol).context["preparing"]  # nothing composes it in the server
    out = StringIO()
    call_command("refresh_scores", stdout=out)
    assert f"{PERIOD} A 总结预览：已生成" in out.getvalue()
    response = fragment(org.carol)
    same_as_live(response)
    assert "甲县稿件一" in titles(response)
    out = StringIO()
    call_command("refresh_scores", stdout=out)
    assert "总结预览" not in out.getvalue()  # fresh: nothing to do
