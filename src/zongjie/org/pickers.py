"""A unit field that holds at any scale: a select for a few units, a search box past PICKER_LIMIT.

The search box's suggestions come from the web's `/units/` look-up (at most LOOKUP_LIMIT
matches inside the user's scope); its value is the unit's code.
"""

from __future__ import annotations

from django import forms
from django.urls import reverse

PICKER_LIMIT = 50
LOOKUP_LIMIT = 20
OPTIONS_ID = "unit-options"


def search_at_scale(form: forms.BaseForm, name: str = "unit", scope: str = "write") -> None:
    """Turn `form`'s unit ModelChoiceField into a code search box when its queryset is large."""
    field = form.fields[name]
    if field.queryset[: PICKER_LIMIT + 1].count() <= PICKER_LIMIT:
        return
    field.to_field_name = "code"
    field.widget = forms.TextInput(
        attrs={
            "list": OPTIONS_ID,
            "autocomplete": "off",
            "placeholder": "输入单位名称或代码搜索",
            "hx-get": reverse("unit_lookup") + f"?scope={scope}",
            "hx-trigger": "input changed delay:250ms",
            "hx-target": f"#{OPTIONS_ID}",
        }
    )
    chosen = form.initial.get(name)
    if chosen and not isinstance(chosen, str):
        form.initial[name] = field.queryset.filter(pk=chosen).values_list("code", flat=True).first()
