"""Django admin, in zh-hans, works for every registered model (list, add, change pages)."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from zongjie.ledger.models import Entry, EntryChange, EntryStatus
from zongjie.testing.factories import make_entry, make_user


@pytest.fixture
def root_client(client, org):
    make_entry(org.town_a1, status=EntryStatus.SUBMITTED)
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    return client


def _admin_urls():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        yield f"admin:{meta.app_label}_{meta.model_name}_changelist", model_admin
        if model_admin.has_add_permission.__func__ is admin.ModelAdmin.has_add_permission:
            yield f"admin:{meta.app_label}_{meta.model_name}_add", model_admin


def test_every_model_page_renders_in_chinese(root_client):
    checked = 0
    for name, _ in _admin_urls():
        response = root_client.get(reverse(name))
        assert response.status_code == 200, name
        assert response.headers["Content-Language"] == "zh-hans", name
        checked += 1
    assert checked >= 10
    index = root_client.get(reverse("admin:index")).content.decode()
    assert "系统管理" in index and "台账条目" in index and "单位" in index


def test_admin_change_is_validated_and_kept_in_history(root_client, org):
    entry = Entry.objects.get()
    url = reverse("admin:ledger_entry_change", args=[entry.pk])
    form = root_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "unit": entry.unit_id,
            "period": entry.period_id,
            "category": entry.category_id,
            "occurred_on": "2026-09-01",
            "submitted_at_0": "",
            "submitted_at_1": "",
        }
    )
    for prefix in ("adoptions", "instructions", "changes"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.pop("evidence_file", None)
    response = root_client.post(url, data)
    assert response.status_code == 200
    assert "不在期间" in response.content.decode()
    data["occurred_on"] = "2026-03-01"
    data["title"] = "管理员修改的标题"
    response = root_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = EntryChange.objects.filter(entry=entry, action="update").get()
    assert change.changes["title"][1] == "管理员修改的标题"
    assert change.reason == "管理后台"
