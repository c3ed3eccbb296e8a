"""Every page of README's table is in the menu for the roles that may use it."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from zongjie.testing.factories import period

pytestmark = pytest.mark.django_db

# README's table: page name in the menu -> URL name
PAGES = {
    "台账": "entry_list",
    "审核": "review_queue",
    "数据看板": "dashboard",
    "工作总结": "reports",
    "历史导入": "imports:index",
}
EXPECTED = {
    "bob": {"台账", "数据看板", "工作总结", "历史导入"},
    "carol": {"台账", "审核", "数据看板", "工作总结", "历史导入"},
    "alice": {"台账", "数据看板", "工作总结", "历史导入"},
    "victor": {"台账", "数据看板", "工作总结", "历史导入"},
}


def menu_links(client: Client) -> dict[str, str]:
    body = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav aria-label="主导航".*?</nav>', body, re.S)[0]
    return {text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_menu_offers_every_page_the_role_may_use_and_each_opens(org, who):
    period("2026H1")
    client = Client()
    client.force_login(getattr(org, who))
    links = menu_links(client)
    offered = {name for name in PAGES if name in links}
    assert offered == EXPECTED[who]
    for name in offered:
        assert links[name] == reverse(PAGES[name])
        assert client.get(links[name]).status_code == 200, name


def test_system_admin_menu_reaches_admin(db):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x")
    client = Client()
    client.force_login(root)
    links = menu_links(client)
    assert set(PAGES) <= set(links)
    assert links["系统管理"] == reverse("admin:index")


def test_reviewer_without_units_to_write_is_told_who_can_import(org):
    client = Client()
    client.force_login(org.carol)
    body = client.get(reverse("imports:index")).content.decode()
    assert "您没有可以填报的单位，不能导入" in body
    hint = re.search(r'<div class="card" id="import-hint">.*?</div>', body, re.S)[0]
    # alice is the unit admin of the city, above carol's county
    assert "单位管理员" in hint and "alice_admin" in hint and org.city.name in hint
    # olivia reports for the sibling county: not a unit admin, not named
    assert "olivia" not in hint
