"""Assessment as data: metrics, versioned scoring rules, quotas, requested pieces, imported baselines."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from zongjie.assessment.filters import validate_filters
from zongjie.ledger.models import EntryKind, MediaLevel, Period, Placement
from zongjie.org.models import Unit


class Aggregate(models.TextChoices):
    COUNT = "count", "条目数"
    SUM_SESSIONS = "sum_sessions", "场次合计"
    SUM_PARTICIPANTS = "sum_participants", "参与人数合计"
    SUM_AMOUNT = "sum_amount", "金额合计（万元）"


# aggregate -> Entry field summed (None: count entries)
AGGREGATE_FIELDS = {
    Aggregate.COUNT: None,
    Aggregate.SUM_SESSIONS: "sessions",
    Aggregate.SUM_PARTICIPANTS: "participants",
    Aggregate.SUM_AMOUNT: "amount",
}


class Metric(models.Model):
    """A named figure over APPROVED entries: a count or a sum, under a filter of a fixed vocabulary."""

    code = models.CharField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    unit_label = models.CharField("计量单位", max_length=8, blank=True, help_text="篇、条、场、人次…")
    aggregate = models.CharField(
        "统计方式", max_length=20, choices=Aggregate.choices, default=Aggregate.COUNT
    )
    filters = models.JSONField(
        "筛选条件",
        default=dict,
        blank=True,
        help_text="JSON 对象，可用字段：kind、category、media_level、placement、sent_level、adoption_level、"
        'instruction_level、starred；例如 {"kind": ["article"], "media_level": ["central"]}',
    )
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Filters are validated on every save, not only in forms: a bad key must never reach scoring.
        self.filters = validate_filters(self.filters)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from zongjie.ledger.models import Category

        codes = set(Category.objects.values_list("code", flat=True))
        try:
            self.filters = validate_filters(self.filters, codes)
        except ValidationError as exc:
            raise ValidationError({"filters": exc.messages}) from exc

    @property
    def sum_field(self) -> str | None:
        return AGGREGATE_FIELDS[Aggregate(self.aggregate)]


class AdoptionMode(models.TextChoices):
    HIGHEST = "highest", "多级采用只计最高级别，不累加"
    SUM = "sum", "多级采用分别计分，累加"


class DuplicateMode(models.TextChoices):
    SPLIT = "split", "重复认领的稿件平分分值"
    FULL = "full", "各单位均计全分"
    FIRST = "first", "只计最先报送的单位"


class RuleSet(models.Model):
    """One published version of the 考核办法 for a year; its rules hang below it."""

    name = models.CharField("名称", max_length=100)
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本号", default=1)
    published_on = models.DateField("发布日期", null=True, blank=True)
    is_active = models.BooleanField("生效", default=False)
    adoption_mode = models.CharField(
        "多级采用计分", max_length=10, choices=AdoptionMode.choices, default=AdoptionMode.HIGHEST
    )
    duplicate_mode = models.CharField(
        "重复认领计分", max_length=10, choices=DuplicateMode.choices, default=DuplicateMode.SPLIT
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "考核办法版本"
        verbose_name_plural = "考核办法版本"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="unique_ruleset_version"),
            models.UniqueConstraint(
                fields=["year"], condition=Q(is_active=True), name="one_active_ruleset_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年第{self.version}版）"

    @property
    def label(self) -> str:
        return str(self)


class RuleKind(models.TextChoices):
    ENTRY = "entry", "按条目计分"
    MULTIPLIER = "multiplier", "版面系数"
    ADOPTION = "adoption", "采用计分"
    INSTRUCTION = "instruction", "领导批示加分"
    BASE = "base", "基础分"
    QUOTA_MISS = "quota_miss", "未完成任务扣分"
    REQUEST_MISSING = "request_missing", "约稿未报扣分"


class ScoringRule(models.Model):
    """One line of the 考核办法. Within a kind the first matching rule (by order) applies."""

    ruleset = models.ForeignKey(
        RuleSet, verbose_name="考核办法版本", on_delete=models.CASCADE, related_name="rules"
    )
    kind = models.CharField("规则类型", max_length=16, choices=RuleKind.choices)
    name = models.CharField("名称", max_length=100)
    entry_kind = models.CharField("条目类型", max_length=12, choices=EntryKind.choices, blank=True)
    category = models.ForeignKey(
        "ledger.Category",
        verbose_name="分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="留空为全部；一级分类包含其下所有子分类",
    )
    level = models.CharField(
        "级别",
        max_length=12,
        choices=MediaLevel.choices,
        blank=True,
        help_text="稿件的媒体级别、信息的报送级别、采用级别或批示领导级别；留空为全部",
    )
    level_and_above = models.BooleanField("含以上级别", default=False)
    placement = models.CharField("版面位置", max_length=16, choices=Placement.choices, blank=True)
    points = models.DecimalField("分值", max_digits=8, decimal_places=2, default=0)
    factor = models.DecimalField("系数", max_digits=6, decimal_places=2, default=1, help_text="版面系数用")
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "计分规则"
        verbose_name_plural = "计分规则"
        ordering = ["ruleset", "kind", "order", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == RuleKind.MULTIPLIER and not self.placement:
            raise ValidationError({"placement": "版面系数规则须指定版面位置。"})
        if self.level_and_above and not self.level:
            raise ValidationError({"level_and_above": "勾选“含以上级别”时须指定级别。"})

    def levels(self) -> list[str] | None:
        """The levels this rule matches (None: any)."""
        if not self.level:
            return None
        if not self.level_and_above:
            return [self.level]
        from zongjie.ledger.models import MEDIA_LEVEL_RANK

        floor = MEDIA_LEVEL_RANK[MediaLevel(self.level)]
        return [str(lvl) for lvl, rank in MEDIA_LEVEL_RANK.items() if rank >= floor]


# Fields of a rule or a rule set whose changes are logged (and can be undone by `rules_as_of`).
RULE_FIELDS = (
    "kind",
    "name",
    "entry_kind",
    "category_id",
    "level",
    "level_and_above",
    "placement",
    "points",
    "factor",
    "order",
    "is_active",
)
RULESET_FIELDS = ("name", "published_on", "is_active", "adoption_mode", "duplicate_mode")


class RuleChange(models.Model):
    """Who changed which rule when, with old and new values: old scores can always be recomputed."""

    ruleset = models.ForeignKey(
        RuleSet, verbose_name="考核办法版本", on_delete=models.CASCADE, related_name="changes"
    )
    rule = models.ForeignKey(
        ScoringRule,
        verbose_name="规则",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    rule_label = models.CharField("规则名称", max_length=100, blank=True)
    action = models.CharField(
        "操作", max_length=8, choices=[("create", "新增"), ("update", "修改"), ("delete", "删除")]
    )
    changes = models.JSONField("变更内容", default=dict, help_text="字段 -> [原值, 新值]")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    via = models.CharField("途径", max_length=16, default="service")

    class Meta:
        verbose_name = "规则变更记录"
        verbose_name_plural = "规则变更记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.rule_label or self.ruleset}"


class Quota(models.Model):
    """A metric target (任务数) for a unit and period, set by a unit above it."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="quotas")
    period = models.ForeignKey(Period, verbose_name="期间", on_delete=models.PROTECT, related_name="quotas")
    metric = models.ForeignKey(Metric, verbose_name="指标", on_delete=models.PROTECT, related_name="quotas")
    target = models.DecimalField("目标值", max_digits=14, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="下达人", null=True, blank=True, on_delete=models.SET_NULL
    )
    set_at = models.DateTimeField("下达时间", auto_now=True)

    class Meta:
        verbose_name = "任务数"
        verbose_name_plural = "任务数"
        ordering = ["period", "unit__path", "metric__order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "metric"], name="unique_quota"),
            models.CheckConstraint(condition=Q(target__gt=0), name="quota_target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.metric} {self.target}"


class RequestedPiece(models.Model):
    """A piece an upper office asked a unit for (约稿); unsent by its due date costs points."""

    unit = models.ForeignKey(
        Unit, verbose_name="约稿对象", on_delete=models.CASCADE, related_name="requested_pieces"
    )
    period = models.ForeignKey(Period, verbose_name="期间", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("约稿题目", max_length=200)
    due = models.DateField("截止日期")
    fulfilled_by = models.ForeignKey(
        "ledger.Entry",
        verbose_name="报送条目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="约稿人", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "约稿"
        verbose_name_plural = "约稿"
        ordering = ["period", "due", "id"]

    def __str__(self) -> str:
        return self.title


class BaselineFigure(models.Model):
    """A figure confirmed from an old summary: used for comparison where the ledger has no data."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="baseline_figures"
    )
    period = models.ForeignKey(Period, verbose_name="期间", on_delete=models.PROTECT, related_name="+")
    metric = models.ForeignKey(
        Metric, verbose_name="指标", to_field="code", on_delete=models.PROTECT, related_name="baselines"
    )
    value = models.DecimalField("数值", max_digits=16, decimal_places=2)
    source_label = models.CharField("来源", max_length=200, help_text="如 旧总结.docx 第11行")
    document = models.CharField("来源文件", max_length=300, blank=True)
    line = models.PositiveIntegerField("行号", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True, on_delete=models.SET_NULL
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "历史基数"
        verbose_name_plural = "历史基数"
        ordering = ["period", "unit__path", "metric__order"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period", "metric"], name="unique_baseline_figure")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.metric_id} = {self.value}"


class ScoreVersion(models.Model):
    """A counter per period (period_id 0: everything period-independent: rules, metrics, units)
    bumped in the same transaction as any change that can move a score (assessment/versions.py)."""

    period_id = models.BigIntegerField("期间", unique=True)
    n = models.BigIntegerField("版本", default=0)
    changed_at = models.DateTimeField("更改时间", null=True, blank=True)

    class Meta:
        verbose_name = "得分版本"
        verbose_name_plural = "得分版本"

    def __str__(self) -> str:
        return f"{self.period_id}: {self.n}"


class ScoreResult(models.Model):
    """The stored scorecards of one period for one version key (assessment/store.py)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=500)
    today = models.DateField()
    compare = models.BooleanField(default=True)
    started_at = models.DateTimeField(null=True)  # before the key was read (store._store)
    computed_at = models.DateTimeField()
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = "得分结果"
        verbose_name_plural = "得分结果"
        indexes = [models.Index(fields=["period", "compare", "today", "key"], name="score_result_key")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.key}"


class ScoreCardRow(models.Model):
    """One unit's serialized scorecard inside a stored result."""

    result = models.ForeignKey(ScoreResult, on_delete=models.CASCADE, related_name="rows")
    unit_id = models.BigIntegerField()
    parent_id = models.BigIntegerField(null=True)
    position = models.IntegerField()
    data = models.TextField()
    # The unit's subtree counts for the dashboard (store.tallies); "" in rows stored before it.
    tally = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["result", "parent_id"], name="score_row_parent"),
            models.Index(fields=["result", "unit_id"], name="score_row_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}/{self.unit_id}"


class ScoreRefresh(models.Model):
    """Who is computing a period's scorecards now: a lease, so two refreshes (threads, server
    processes, `zongjie refresh_scores`) never compute the same period at once (assessment/store.py)."""

    period_id = models.BigIntegerField()
    compare = models.BooleanField(default=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period_id", "compare"], name="unique_score_refresh")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.claimed_at or '-'}"
