"""Forms of the import page (parsing only; the services decide)."""

from __future__ import annotations

from django import forms

from zongjie.imports.models import METRIC_LABELS
from zongjie.org.pickers import search_at_scale


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.docx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="单位", empty_label=None)
    period = forms.CharField(
        label="期间", max_length=8, help_text="如 2025H1（2025年上半年）", initial="2025H1"
    )
    article = forms.IntegerField(
        label="只导入第几篇", required=False, min_value=1, help_text="一个文件含多篇总结时填写；留空导入全部"
    )
    files = MultipleFileField(label="旧工作总结（.txt 或 .docx，可多选）")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if units is not None:
            search_at_scale(self)  # thousands of units: a search box, not a select


class FigureForm(forms.Form):
    metric = forms.ChoiceField(label="指标", required=False)
    value = forms.FloatField(label="更正数值", required=False, min_value=0)
    action = forms.ChoiceField(choices=[("save", "保存"), ("confirm", "确认"), ("dismiss", "忽略")])

    def __init__(self, *args, labels: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = labels or METRIC_LABELS
        self.fields["metric"].choices = [("", "（不对应指标）"), *labels.items()]
