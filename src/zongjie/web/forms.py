"""Forms of the pages: they parse input; every rule is checked by zongjie.ledger.services.

`EntryForm` only turns the posted text into values (dates, numbers, objects); the
view hands them to `services.create_entry` / `update_entry`, and any ValidationError
the service raises is put back next to the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from zongjie.ledger.evidence import DownloadLinkMixin, checked_upload
from zongjie.ledger.models import (
    Category,
    Entry,
    EntryKind,
    MediaLevel,
    Outlet,
    Period,
    PeriodKind,
    Placement,
)
from zongjie.org.permissions import Action, units_for

# The fields each kind of entry asks for, beyond the common ones.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    EntryKind.ARTICLE: ("outlet_name", "media_level", "placement", "link"),
    EntryKind.INFO_REPORT: ("sent_to", "sent_level"),
    EntryKind.EVENT: ("sessions", "participants", "amount"),
    EntryKind.STUDY: ("sessions", "participants"),
    EntryKind.HONOUR: ("honour_level",),
    EntryKind.OTHER: ("sessions", "participants", "amount"),
}
COMMON_HEAD = ("unit", "period", "category", "title", "occurred_on")
COMMON_TAIL = ("summary", "starred", "evidence_url", "evidence_file")
DEFAULT_CATEGORY = {
    EntryKind.ARTICLE: "news_article",
    EntryKind.INFO_REPORT: "info_report",
    EntryKind.EVENT: "culture_show",
    EntryKind.STUDY: "theory_group",
    EntryKind.HONOUR: "civility_creation",
    EntryKind.OTHER: "other_misc",
}
EVIDENCE_TYPES = frozenset({"pdf", "png", "jpg", "docx", "xlsx"})
LEVEL_CHOICES = [("", "—"), *MediaLevel.choices]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def category_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """Leaf categories grouped under their top-level name (one query)."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for cat in (
        Category.objects.filter(is_active=True, parent__isnull=False)
        .select_related("parent")
        .order_by("parent__order", "order", "code")
    ):
        groups.setdefault(cat.parent.name, []).append((cat.pk, cat.name))
    return list(groups.items())


class EvidenceInput(DownloadLinkMixin, forms.ClearableFileInput):
    pass


class EntryForm(forms.ModelForm):
    outlet_name = forms.CharField(
        label="刊发媒体",
        required=False,
        max_length=100,
        help_text="输入媒体名称或简称，从提示中选择；级别随之填好。",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Entry
        fields = [
            "unit",
            "period",
            "category",
            "title",
            "occurred_on",
            "outlet_name",
            "media_level",
            "placement",
            "link",
            "sent_to",
            "sent_level",
            "sessions",
            "participants",
            "amount",
            "honour_level",
            "summary",
            "starred",
            "evidence_url",
            "evidence_file",
        ]
        widgets = {
            "occurred_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "evidence_file": EvidenceInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.xlsx"}),
        }

    def __init__(self, *args: Any, user, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.user = user
        keep = {*COMMON_HEAD, *KIND_FIELDS[kind], *COMMON_TAIL, "version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["unit"].queryset = units_for(user, Action.WRITE).order_by("path")
        self.fields["unit"].empty_label = None
        open_periods = Period.objects.filter(kind=PeriodKind.HALF, locked=False).order_by("-start")
        if self.instance.pk:
            open_periods = open_periods | Period.objects.filter(pk=self.instance.period_id)
        self.fields["period"].queryset = open_periods
        self.fields["period"].empty_label = None
        self.fields["category"].choices = category_choices()
        self.fields["category"].required = True
        for name in ("media_level", "sent_level", "honour_level"):
            if name in self.fields:
                self.fields[name].choices = LEVEL_CHOICES
        if "placement" in self.fields:
            self.fields["placement"].choices = Placement.choices
            self.fields["placement"].required = False
        if "media_level" in self.fields:
            self.fields["media_level"].help_text = "选择媒体后自动填写；名录里没有的媒体，只填级别。"
            self.fields["outlet_name"].widget.attrs.update(
                {
                    "list": "outlet-options",
                    "autocomplete": "off",
                    "data-level-target": "id_media_level",
                    # htmx refreshes the suggestions from the outlet registry as the user types
                    "hx-get": reverse("outlet_lookup"),
                    "hx-trigger": "input changed delay:200ms",
                    "hx-target": "#outlet-options",
                    "hx-swap": "innerHTML",
                }
            )
            if self.instance.pk and self.instance.outlet_id:
                self.initial.setdefault("outlet_name", self.instance.outlet.name)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            self.fields["evidence_file"].widget.download_url = reverse(
                "entry_evidence", args=[self.instance.pk]
            )
        for name in ("title", "occurred_on"):
            self.fields[name].required = True
        self.fields["title"].widget.attrs.setdefault("maxlength", 300)

    def _post_clean(self) -> None:
        # The model's own full_clean is skipped on purpose: the service validates.
        pass

    def clean_outlet_name(self) -> Outlet | None:
        name = (self.cleaned_data.get("outlet_name") or "").strip()
        if not name:
            return None
        from zongjie.ledger.services import resolve_outlet

        outlet = resolve_outlet(name)
        if outlet is None:
            raise ValidationError(f"媒体“{name}”不在媒体名录中，请从提示中选择，或清空后只选媒体级别。")
        return outlet

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new uploaded (or the stored file)
        return checked_upload(upload, allowed=EVIDENCE_TYPES)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") is None:
            # An edit must carry the version it read: never silently overwrite a newer edit.
            self.add_error(None, "缺少版本号：请刷新页面后再修改，以免覆盖他人的修改。")
        return cleaned

    def entry_fields(self) -> dict[str, Any]:
        """The values to hand to the ledger service."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        if "outlet_name" in data:
            data["outlet"] = data.pop("outlet_name")
        if "placement" in data and not data["placement"]:
            data["placement"] = Placement.NORMAL
        upload = data.get("evidence_file")
        if not upload or not hasattr(upload, "content_type"):
            data.pop("evidence_file", None)  # keep the stored file unless a new one came
        for name in (
            "summary",
            "link",
            "sent_to",
            "evidence_url",
            "media_level",
            "sent_level",
            "honour_level",
        ):
            if name in data and data[name] is None:
                data[name] = ""
        data["kind"] = self.kind
        return data

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's messages next to the fields they name."""
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add_error(None, message)
            return
        for name, errors in exc.message_dict.items():
            target = "outlet_name" if name == "outlet" and "outlet_name" in self.fields else name
            for message in errors:
                self.add_error(target if target in self.fields else None, message)


class AdoptionForm(forms.Form):
    level = forms.ChoiceField(label="采用级别", choices=MediaLevel.choices)
    adopted_by = forms.CharField(label="采用单位或媒体", max_length=100)
    adopted_on = forms.DateField(label="采用日期", widget=DateInput())
    note = forms.CharField(label="备注", max_length=200, required=False)


class InstructionForm(forms.Form):
    level = forms.ChoiceField(label="领导级别", choices=MediaLevel.choices)
    leader = forms.CharField(label="批示领导", max_length=100)
    given_on = forms.DateField(label="批示日期", widget=DateInput())
    content = forms.CharField(label="批示内容", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ImportForm(forms.Form):
    unit = forms.ModelChoiceField(label="导入到单位", queryset=None, empty_label=None)
    file = forms.FileField(
        label="台账表格（.xlsx）", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"})
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user, Action.WRITE).order_by("path")

    def clean_file(self):
        from zongjie.security.uploads import check_upload

        upload = self.cleaned_data["file"]
        check_upload(upload, allowed={"xlsx"})
        return upload
