"""Old summaries imported as history: the document, every figure in it, and the mapping rules.

An ImportedDocument holds one file (or one article of it) for one unit and period, with
its bytes, text and outline; its ExtractedFigure rows are the numbers found in it, each
mapped to a metric by a MetricMapping rule (data, editable in admin) or by a person.
Confirmed figures are summed per metric into assessment.BaselineFigure (services.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from zongjie.ledger.models import Period
from zongjie.org.models import Unit

# The shared metric codes (RULES.md); the assessment app owns the Metric rows.
METRIC_LABELS: dict[str, str] = {
    "articles": "稿件（各级）",
    "articles_central": "中央级媒体稿件",
    "articles_provincial": "省级媒体稿件",
    "articles_municipal": "市级媒体稿件",
    "articles_county": "县级媒体稿件",
    "articles_municipal_plus": "市级以上媒体稿件",
    "articles_headline": "头版头条",
    "info_sent": "报送信息",
    "info_adopted": "信息被采用",
    "info_adopted_central": "信息被中央采用",
    "info_adopted_provincial": "信息被省级采用",
    "info_adopted_municipal": "信息被市级采用",
    "instructions": "领导批示",
    "instructions_provincial_plus": "省级以上领导批示",
    "events": "活动",
    "event_sessions": "活动场次",
    "event_participants": "活动参与人次",
    "study_sessions": "学习研讨场次",
    "study_participants": "学习参与人次",
    "research_articles": "调研文章",
    "honours": "荣誉",
}


class Level(models.TextChoices):
    CENTRAL = "central", "中央级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县级"
    MUNICIPAL_PLUS = "municipal_plus", "市级以上"


def _keyword_list(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError('应为关键词列表，例如 ["稿件", "播发"]（不支持正则表达式）。')


class MetricMapping(models.Model):
    """A data rule: which extracted figures count towards which metric.

    Keywords are plain substrings (no regex, so nothing user-written can run away). The
    subject is the counted phrase plus its clause; the context is the whole sentence.
    """

    name = models.CharField("名称", max_length=80)
    metric = models.CharField("指标编码", max_length=40, help_text="如 articles_central、info_sent")
    subject_any = models.JSONField("主语含任一", default=list, blank=True, validators=[_keyword_list])
    subject_all = models.JSONField("主语含全部", default=list, blank=True, validators=[_keyword_list])
    subject_none = models.JSONField("主语不含", default=list, blank=True, validators=[_keyword_list])
    context_any = models.JSONField("上下文含任一", default=list, blank=True, validators=[_keyword_list])
    context_all = models.JSONField("上下文含全部", default=list, blank=True, validators=[_keyword_list])
    context_none = models.JSONField("上下文不含", default=list, blank=True, validators=[_keyword_list])
    units = models.JSONField("计量单位", default=list, blank=True, validators=[_keyword_list])
    qualifiers = models.JSONField(
        "限定词", default=list, blank=True, help_text="exact/over/about/at_least/at_most；留空为不限"
    )
    level = models.CharField("媒体级别", max_length=16, choices=Level.choices, blank=True)
    level_words = models.JSONField("级别用词", default=list, blank=True, validators=[_keyword_list])
    level_from_context = models.BooleanField(
        "级别可取自前文",
        default=False,
        help_text="本句未写级别时取句中前文的级别词（如“报送省委宣传部40篇，被采用7篇”）",
    )
    confidence = models.FloatField("置信度", default=0.9, help_text="0～1；低于阈值的数字进入人工处理")
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "指标映射规则"
        verbose_name_plural = "指标映射规则"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.name} → {self.metric}"

    def clean(self) -> None:
        if self.metric not in METRIC_LABELS:
            raise ValidationError({"metric": f"未知的指标编码“{self.metric}”。"})
        if not 0 <= self.confidence <= 1:
            raise ValidationError({"confidence": "置信度应在 0 到 1 之间。"})
        if self.level and not self.level_words:
            raise ValidationError({"level_words": "指定了媒体级别时须填写级别用词。"})


class DocumentState(models.TextChoices):
    CURRENT = "current", "有效"
    PROPOSED = "proposed", "待确认替换"
    SUPERSEDED = "superseded", "已被替换"


class ImportedDocumentQuerySet(models.QuerySet):
    def current(self) -> ImportedDocumentQuerySet:
        return self.filter(state=DocumentState.CURRENT)


class ImportedDocument(models.Model):
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, verbose_name="期间", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    content_hash = models.CharField("内容摘要（SHA-256）", max_length=64, db_index=True)
    content = models.BinaryField("原文件")
    kind = models.CharField("类型", max_length=8)  # text | docx
    encoding = models.CharField("编码", max_length=16, blank=True)
    text = models.TextField("文本（按行）")
    article_number = models.PositiveSmallIntegerField("篇号", default=0, help_text="0 表示整份文件")
    article_title = models.CharField("标题", max_length=300, blank=True)
    first_line = models.PositiveIntegerField("起始行", default=1)
    last_line = models.PositiveIntegerField("结束行", default=1)
    outline = models.JSONField("提纲", default=list)
    state = models.CharField(
        "状态", max_length=12, choices=DocumentState.choices, default=DocumentState.CURRENT
    )
    replaces = models.ForeignKey(
        "self", verbose_name="替换", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True, on_delete=models.SET_NULL
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = ImportedDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "导入的总结"
        verbose_name_plural = "导入的总结"
        ordering = ["-imported_at", "-id"]
        indexes = [models.Index(fields=["unit", "period", "filename", "article_number"])]

    def __str__(self) -> str:
        return f"{self.filename}（{self.unit.name}，{self.period.name}）"

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


class FigureStatus(models.TextChoices):
    MAPPED = "mapped", "待确认"
    REVIEW = "review", "待人工处理"
    PENDING = "pending", "待确认变更"
    CONFIRMED = "confirmed", "已确认"
    DISMISSED = "dismissed", "已忽略"
    REPLACED = "replaced", "已被新值替换"


class ExtractedFigure(models.Model):
    document = models.ForeignKey(
        ImportedDocument, verbose_name="文件", on_delete=models.CASCADE, related_name="figures"
    )
    position = models.PositiveIntegerField("序号")
    line = models.PositiveIntegerField("行")
    char = models.PositiveIntegerField("列", default=0)
    text = models.CharField("原文", max_length=100)
    value = models.FloatField("提取值", null=True, blank=True)
    measure = models.CharField("计量单位", max_length=16, blank=True)
    qualifier = models.CharField("限定", max_length=12, default="exact")
    placeholder = models.BooleanField("占位符", default=False)
    subject = models.CharField("主语", max_length=300, blank=True)
    sentence = models.TextField("上下文", blank=True)
    range_low = models.FloatField(null=True, blank=True)
    range_high = models.FloatField(null=True, blank=True)
    breakdown = models.PositiveIntegerField("分项组", null=True, blank=True)
    breakdown_role = models.CharField("分项角色", max_length=8, blank=True)  # total | part
    breakdown_consistent = models.BooleanField("分项一致", null=True, blank=True)
    metric = models.CharField("指标", max_length=40, blank=True)
    mapping = models.ForeignKey(
        MetricMapping, verbose_name="规则", null=True, blank=True, on_delete=models.SET_NULL
    )
    confidence = models.FloatField("置信度", default=0)
    level = models.CharField("级别", max_length=16, blank=True)
    reason = models.CharField("依据", max_length=300, blank=True)
    status = models.CharField("状态", max_length=12, choices=FigureStatus.choices)
    corrected_value = models.FloatField("更正值", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "提取的数字"
        verbose_name_plural = "提取的数字"
        ordering = ["document", "position"]
        indexes = [models.Index(fields=["metric", "status"])]

    def __str__(self) -> str:
        return f"{self.text}（第{self.line}行）"

    @property
    def effective_value(self) -> float | None:
        return self.corrected_value if self.corrected_value is not None else self.value

    @property
    def inconsistent(self) -> bool:
        return self.breakdown_consistent is False

    @property
    def metric_label(self) -> str:
        return METRIC_LABELS.get(self.metric, self.metric)

    @property
    def source_label(self) -> str:
        return f"{self.document.filename} 第{self.line}行"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "正在导入"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class JobKind(models.TextChoices):
    HISTORY = "history", "旧总结导入"
    LEDGER = "ledger", "台账 Excel 导入"


class ImportJob(models.Model):
    """A long import run off the request: the uploaded bytes, its progress, its result.

    Stored in the database so that SQLite needs nothing else; the worker (a thread of the
    server or `zongjie import_job`) records who runs it, so a killed run is shown failed.
    """

    kind = models.CharField("类型", max_length=8, choices=JobKind.choices)
    state = models.CharField("状态", max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="+")
    filename = models.CharField("文件名", max_length=255)
    data = models.BinaryField("文件内容", default=b"")
    params = models.JSONField("参数", default=dict, blank=True)
    phase = models.CharField("阶段", max_length=40, blank=True)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    result = models.JSONField("结果", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    worker = models.CharField("执行者", max_length=120, blank=True, help_text="主机名:进程号")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    heartbeat_at = models.DateTimeField("最近进展", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.filename}（{self.get_state_display()}）"

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        return min(100, round(self.done * 100 / self.total)) if self.total else 0
