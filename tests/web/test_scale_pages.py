"""Pages at a province's shape: thousands of units, each page small and its query count bounded.

The tree is made with bulk_create (a city, 120 counties, 25 towns each: 3,121 units); the
pages must not list every unit (searchable pickers), must page their lists, and must draw
the top and bottom of a ranking rather than every unit.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from zongjie.ledger.models import EntryStatus
from zongjie.org.models import Role, Unit, UnitKind
from zongjie.testing.factories import make_entry, make_unit, make_user, period
from zongjie.web import paging, units

pytestmark = pytest.mark.django_db

MAX_HTML = 300_000
COUNTIES, TOWNS = 120, 25


def _children(parents: list[Unit], count: int, code: str, name: str, kind: str) -> list[Unit]:
    """`count` units under each parent in one bulk_create (paths written as Unit.save would)."""
    Unit.objects.bulk_create(
        Unit(
            code=f"{p.code if p.depth else ''}{code}{j:03d}",
            name=f"{p.name[:4] if p.depth else ''}{name.format(j)}",
            parent=p,
            kind=kind,
            path=f"{p.path}{p.code if p.depth else ''}{code}{j:03d}/",
            depth=p.depth + 1,
            sort_order=j,
        )
        for p in parents
        for j in range(count)
    )
    return list(Unit.objects.filter(parent__in=parents).order_by("path"))


@pytest.fixture
def province(db):
    root = make_unit("P", "全省宣传部", kind=UnitKind.DEPARTMENT)
    counties = _children([root], COUNTIES, "C", "第{:03d}县委宣传部", UnitKind.COUNTY)
    _children(counties, TOWNS, "T", "第{:02d}镇", UnitKind.TOWNSHIP)
    period("2026H1")
    towns = list(Unit.objects.filter(depth=2).order_by("path")[:: TOWNS // 2])
    for i, town in enumerate(towns):
        for k in range(3):
            make_entry(
                town, status=EntryStatus.SUBMITTED if k else EntryStatus.APPROVED, title=f"稿件{i}-{k}"
            )
    return {
        "root": root,
        "viewer": make_user("sheng_lingdao", root, Role.VIEWER),
        "reviewer": make_user("sheng_shenhe", root, Role.REVIEWER),
        "admin": make_user("sheng_guanli", root, Role.UNIT_ADMIN),
        "outsider": make_user("c00_only", counties[0], Role.REVIEWER),
    }


# The home page is the first to ask for the period's scorecards: it computes and stores them
# (a few queries more, the same for 3,000 units as for 30: the refresh lease and the store's
# version check, 9); the note "数据截至 …" reads the latest result and the version key (3).
# A per-unit loop would be thousands.
PAGES = [
    # (63: the first request computes and stores the scorecards, now with the subtree counts: +3)
    ("viewer", "/", 63),
    ("reviewer", "/", 63),
    ("admin", "/", 63),
    ("viewer", "/entries/", 25),
    ("admin", "/entries/?unit=C001", 25),
    ("reviewer", "/review/", 25),
    ("viewer", "/dashboard/", 72),
    ("viewer", "/dashboard/?unit=C003", 72),
    ("viewer", "/dashboard/?unit=P&page=3", 72),
    ("viewer", "/reports/?period=2026H1", 80),
    ("admin", "/imports/", 25),
    ("admin", "/entries/new/article/", 25),
]


@pytest.mark.parametrize(("who", "url", "max_queries"), PAGES)
def test_main_pages_stay_small_at_thousands_of_units(
    province, who, url, max_queries, django_assert_max_num_queries
):
    client = Client()
    client.force_login(province[who])
    with django_assert_max_num_queries(max_queries):
        response = client.get(url)
    assert response.status_code == 200, url
    assert len(response.content) <= MAX_HTML, f"{url}: {len(response.content)} bytes"
    body = response.content.decode()
    # no page lists every unit: at most a picker's worth of <option>s
    assert body.count("<option") <= units.PICKER_LIMIT + 60, url


def test_root_dashboard_draws_top_and_bottom_and_pages_the_table(province):
    client = Client()
    client.force_login(province["viewer"])
    body = client.get("/dashboard/?period=2026H1").content.decode()
    data = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', body, re.S)[1]
    chart = json.loads(data)
    assert len(chart["ranking"]["units"]) == 2 * paging.EDGE
    assert f"共 {COUNTIES} 个单位" in body
    table = re.search(r'<details[^>]*id="ranking-table".*?</details>', body, re.S)[0]
    assert table.count("<tr><td>") == paging.RANK_PAGE
    assert "第 1 / 1 页" not in table and "下一页" in table
    last = client.get("/dashboard/?period=2026H1&unit=P&page=3").content.decode()
    table = re.search(r'<details[^>]*id="ranking-table".*?</details>', last, re.S)[0]
    assert table.count("<tr><td>") == COUNTIES - 2 * paging.RANK_PAGE
    assert "第 3 / 3 页" in table and "上一页" in table


def test_unit_picker_searches_within_the_users_scope(province):
    client = Client()
    client.force_login(province["outsider"])  # reviewer of county C000 only
    found = client.get(reverse("unit_lookup"), {"q": "第0", "scope": "read"}).json()["results"]
    assert 0 < len(found) <= units.LOOKUP_LIMIT
    assert all(row["path"].startswith("P/C000/") for row in found)
    client.force_login(province["viewer"])
    found = client.get(reverse("unit_lookup"), {"q": "第05镇"}).json()["results"]
    assert len(found) == units.LOOKUP_LIMIT  # 120 counties have a 第05镇: capped
    htmx = client.get(reverse("unit_lookup"), {"unit": "C007T00"}, HTTP_HX_REQUEST="true").content.decode()
    assert htmx.count("<option") == 10 and 'value="C007T003"' in htmx


def test_entry_form_at_scale_takes_a_unit_code_typed_into_the_search_box(province):
    client = Client()
    client.force_login(province["admin"])
    body = client.get("/entries/new/event/").content.decode()
    assert 'list="unit-options"' in body and '<datalist id="unit-options">' in body
    from zongjie.ledger.models import Category, Entry

    data = {
        "unit": "C002T005",
        "period": period("2026H1").pk,
        "category": Category.objects.get(code="news_article").pk,
        "title": "全省宣讲稿件",
        "occurred_on": "2026-03-02",
        "outlet_name": "",
        "media_level": "provincial",
        "placement": "normal",
        "action": "save",
    }
    response = client.post("/entries/new/article/", data)
    assert response.status_code == 302, re.findall(
        r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode()
    )
    assert Entry.objects.get(title="全省宣讲稿件").unit.code == "C002T005"


BIG = 12_000  # entries under the root: every figure of the old preview listed its ids, and the
# page carried every entry's title (well over MAX_HTML)


def test_root_report_preview_stays_small_and_lists_a_figure_a_page_at_a_time(
    province, settings, django_assert_max_num_queries
):
    from zongjie.ledger.models import Entry
    from zongjie.web.views import reports as report_views

    settings.REPORT_INLINE_UNITS = 10_000  # composed in the request (no background thread here)
    towns = list(Unit.objects.filter(depth=2).order_by("path")[:400])
    model = make_entry(towns[0], title="样板稿件")
    Entry.objects.bulk_create(
        (
            Entry(
                unit=towns[i % len(towns)],
                period=model.period,
                kind=model.kind,
                status=EntryStatus.APPROVED,
                category=model.category,
                title=f"批量稿件{i:05d}",
                occurred_on=model.occurred_on,
                media_level=model.media_level,
            )
            for i in range(BIG)
        ),
        batch_size=2000,
    )
    client = Client()
    client.force_login(province["viewer"])
    query = {"unit": "P", "period": "2026H1"}
    fragment = client.get(reverse("report_fragment"), query)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "全省宣传部2026年上半年工作总结" in body
    assert len(fragment.content) <= MAX_HTML, len(fragment.content)
    assert "data-entries" not in body and "批量稿件" not in body
    page = client.get(reverse("reports"), {**query, "show": "1"})
    assert "全省宣传部2026年上半年工作总结" in page.content.decode()
    assert len(page.content) <= MAX_HTML, len(page.content)

    # The figure that counts every article: its entries a page at a time, in the report's order.
    total = Entry.objects.filter(status=EntryStatus.APPROVED).count()  # BIG, the fixture's, the model
    assert total > BIG
    n = re.search(rf'data-figure="(\d+)" data-count="{total}" data-metric="articles_municipal_plus"', body)
    assert n is not None
    per_page = report_views.FIGURE_PAGE
    pages = -(-total // per_page)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("report_figure"), {**query, "figure": n[1]})
    assert first.status_code == 200 and len(first.content) <= 30_000
    assert len(first.context["entries"]) == per_page and f"共 {total} 条" in first.content.decode()
    assert f"第 1 / {pages} 页" in first.content.decode()
    last = client.get(reverse("report_figure"), {**query, "figure": n[1], "page": pages})
    assert len(last.context["entries"]) == total - (pages - 1) * per_page
    seen = {e["url"] for e in first.context["entries"]} | {e["url"] for e in last.context["entries"]}
    assert len(seen) == len(first.context["entries"]) + len(last.context["entries"])  # no overlap

    # A reader of one county may not list the root's figures; a figure that is not there is a 404.
    outsider = Client()
    outsider.force_login(province["outsider"])
    refused = outsider.get(reverse("report_figure"), {**query, "figure": n[1]})
    assert refused.status_code == 403 and "批量稿件" not in refused.content.decode()
    assert client.get(reverse("report_figure"), {**query, "figure": 10_000}).status_code == 404
    assert client.get(reverse("report_figure"), {**query, "figure": "x"}).status_code == 404
