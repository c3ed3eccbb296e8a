"""The work ledger: periods, taxonomy, outlets, entries and their review trail."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from zongjie.ledger.classes import class_code_expression
from zongjie.ledger.normalise import TITLE_KEY_LENGTH, title_key
from zongjie.ledger.periods import parse_period
from zongjie.org.models import Unit

NON_NEGATIVE = "不能为负数。"


def user_link(verbose_name: str) -> models.ForeignKey:
    """Who did something to a row (filled in, submitted, reviewed): kept when the user goes."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class MediaLevel(models.TextChoices):
    CENTRAL = "central", "中央级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    COUNTY = "county", "县级"


# Highest first: used wherever "the highest level counts".
MEDIA_LEVEL_RANK = {
    MediaLevel.CENTRAL: 4,
    MediaLevel.PROVINCIAL: 3,
    MediaLevel.MUNICIPAL: 2,
    MediaLevel.COUNTY: 1,
}


class PeriodKind(models.TextChoices):
    YEAR = "year", "年度"
    HALF = "half", "半年"
    QUARTER = "quarter", "季度"
    MONTH = "month", "月度"


class PeriodQuerySet(models.QuerySet):
    def get_or_create_code(self, code: str) -> Period:
        span = parse_period(code)
        period, _ = self.get_or_create(
            code=span.code,
            defaults={"kind": span.kind, "name": span.name, "start": span.start, "end": span.end},
        )
        return period


class Period(models.Model):
    code = models.CharField("编码", max_length=8, unique=True)
    name = models.CharField("名称", max_length=32)
    kind = models.CharField("类型", max_length=8, choices=PeriodKind.choices)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    due = models.DateField("报送截止日期", null=True, blank=True, help_text="留空则为结束日期后 10 天")
    locked = models.BooleanField("已锁定", default=False)
    locked_reason = models.CharField("锁定说明", max_length=200, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "期间"
        verbose_name_plural = "期间"
        ordering = ["-start", "kind"]

    def __str__(self) -> str:
        return self.name

    @property
    def span(self):
        return parse_period(self.code)

    @property
    def due_date(self):
        from datetime import timedelta

        return self.due or self.end + timedelta(days=10)

    def contains(self, day) -> bool:
        return self.start <= day <= self.end


class Category(models.Model):
    """The taxonomy of work (理论武装, 新闻宣传 …), two levels, seeded from defaults."""

    code = models.CharField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "工作分类"
        verbose_name_plural = "工作分类"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def top(self) -> Category:
        return self.parent if self.parent_id else self


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "报纸"
    TV = "tv", "电视"
    RADIO = "radio", "广播"
    WEB = "web", "网站"
    NEW_MEDIA = "new_media", "新媒体客户端"
    AGENCY = "agency", "通讯社"
    OFFICE = "office", "机关（信息采用）"


class Outlet(models.Model):
    """A medium or office that places or adopts work, with its level."""

    name = models.CharField("名称", max_length=100, unique=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="如 人民网、人民日报客户端")
    level = models.CharField("级别", max_length=12, choices=MediaLevel.choices)
    kind = models.CharField("类型", max_length=12, choices=OutletKind.choices, default=OutletKind.NEWSPAPER)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "媒体"
        verbose_name_plural = "媒体"
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"


class EntryKind(models.TextChoices):
    ARTICLE = "article", "稿件"
    INFO_REPORT = "info_report", "信息报送"
    EVENT = "event", "活动"
    STUDY = "study", "学习"
    HONOUR = "honour", "荣誉"
    OTHER = "other", "其他"


class EntryStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class Placement(models.TextChoices):
    NORMAL = "normal", "一般"
    PROMINENT = "prominent", "显著位置"
    FRONT_PAGE = "front_page", "头版"
    FRONT_PAGE_HEADLINE = "front_headline", "头版头条"


EDITABLE_STATUSES = (EntryStatus.DRAFT, EntryStatus.RETURNED)


SUMMARY_FIELDS = frozenset({"adoption_counts", "instruction_counts"})


class EntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        from zongjie.org.permissions import Action, filter_by_scope

        return filter_by_scope(self, user, Action.READ, "unit__path")

    def reviewable_by(self, user):
        """Entries below the user's review scope that are not their own work (filled in or submitted)."""
        from zongjie.org.permissions import Action, filter_by_scope

        qs = filter_by_scope(self, user, Action.REVIEW, "unit__path")
        if getattr(user, "pk", None) is None:
            return qs
        return qs.exclude(models.Q(created_by=user) | models.Q(submitted_by=user))

    def approved(self):
        return self.filter(status=EntryStatus.APPROVED)

    def awaiting_review(self):
        return self.filter(status=EntryStatus.SUBMITTED)

    def in_subtree(self, unit: Unit):
        return self.filter(unit__path__startswith=unit.path)

    def within(self, span):
        """Entries whose own period lies within `span` (a Period or PeriodSpan): 2026H1 counts in 2026."""
        return self.filter(period__in=Period.objects.filter(start__gte=span.start, end__lte=span.end))


class Entry(models.Model):
    """One recorded piece of work, with its evidence."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="entries")
    period = models.ForeignKey(Period, verbose_name="期间", on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(
        Category, verbose_name="分类", on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField("类型", max_length=12, choices=EntryKind.choices)
    title = models.CharField("标题", max_length=300)
    # Normalised title (see ledger.normalise), set on save: duplicate detection groups by it.
    title_key = models.CharField("标题比对键", max_length=TITLE_KEY_LENGTH, blank=True, editable=False)
    summary = models.TextField("内容摘要", blank=True)
    occurred_on = models.DateField("日期")
    status = models.CharField(
        "状态", max_length=10, choices=EntryStatus.choices, default=EntryStatus.DRAFT, db_index=True
    )
    starred = models.BooleanField("亮点", default=False, help_text="写入总结的“一是…二是…”")
    # article
    outlet = models.ForeignKey(
        Outlet, verbose_name="媒体", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    media_level = models.CharField("媒体级别", max_length=12, choices=MediaLevel.choices, blank=True)
    placement = models.CharField(
        "版面位置", max_length=16, choices=Placement.choices, default=Placement.NORMAL
    )
    link = models.URLField("链接", max_length=500, blank=True)
    # info report
    sent_to = models.CharField("报送对象", max_length=100, blank=True, help_text="如 中宣部、省委宣传部")
    sent_level = models.CharField("报送对象级别", max_length=12, choices=MediaLevel.choices, blank=True)
    # event / study
    sessions = models.PositiveIntegerField(
        "场次", null=True, blank=True, validators=[MinValueValidator(0, "场次" + NON_NEGATIVE)]
    )
    participants = models.PositiveIntegerField(
        "参与人数", null=True, blank=True, validators=[MinValueValidator(0, "参与人数" + NON_NEGATIVE)]
    )
    amount = models.DecimalField(
        "金额（万元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "金额" + NON_NEGATIVE)],
    )
    # honour
    honour_level = models.CharField("荣誉级别", max_length=12, choices=MediaLevel.choices, blank=True)
    evidence_url = models.URLField("佐证链接", max_length=500, blank=True)
    evidence_file = models.FileField("佐证材料", upload_to="evidence/%Y/%m/", blank=True)
    # review trail
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    reviewed_by = user_link("审核人")
    created_by = user_link("填报人")
    submitted_by = user_link("提交人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    version = models.PositiveIntegerField("版本", default=1)
    # Adoptions / instructions per level, packed (ledger.summaries): kept by signals and bulk paths.
    adoption_counts = models.PositiveBigIntegerField("采用计数", default=0, editable=False)
    instruction_counts = models.PositiveBigIntegerField("批示计数", default=0, editable=False)
    # Kind, category, level and placement as one integer (ledger.classes), computed by the
    # database on every write: the scoring engine groups by it. Not indexed (only scanned).
    class_code = models.GeneratedField(
        expression=class_code_expression(), output_field=models.BigIntegerField(), db_persist=True
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "台账条目"
        verbose_name_plural = "台账条目"
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["period", "status", "unit"]),
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["period", "kind"]),
            models.Index(fields=["period", "kind", "title_key"], name="ledger_entry_dup_title"),
            # Few entries carry a link: a partial index lets the same-link duplicate search
            # read only those instead of every article of the period.
            models.Index(
                fields=["period", "kind", "link"], name="ledger_entry_dup_link", condition=~models.Q(link="")
            ),
            # The review queue: the few submitted entries in queue order, so its first page is
            # read off the index and its count is an index-only scan (not every submitted row
            # fetched and sorted); the columns are those the queue filters on.
            models.Index(
                fields=["submitted_at", "id", "unit", "period", "created_by", "submitted_by"],
                name="ledger_entry_review_queue",
                condition=models.Q(status="submitted"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title_key = title_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields and "title_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "title_key"]
        elif update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # The adoption/instruction counts belong to their rows' signals: an instance loaded
            # before an adoption was added must not write its stale counts back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and not f.generated and f.name not in SUMMARY_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def effective_level(self) -> str:
        """The article's level: its own, else its outlet's."""
        if self.media_level:
            return self.media_level
        return self.outlet.level if self.outlet_id else ""


class ClaimStatus(models.TextChoices):
    """An adoption or instruction recorded by the unit itself is a claim until a reviewer above confirms it."""

    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    RETURNED = "returned", "已退回"


class ClaimQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=ClaimStatus.CONFIRMED)

    def pending(self):
        return self.filter(status=ClaimStatus.PENDING)

    def reviewable_by(self, user):
        from zongjie.org.permissions import Action, filter_by_scope

        return filter_by_scope(self, user, Action.REVIEW, "entry__unit__path")

    def awaiting(self, user):
        """Pending claims the user may confirm: below their review scope, not their own work."""
        own = (
            models.Q(created_by=user) | models.Q(entry__created_by=user) | models.Q(entry__submitted_by=user)
        )
        return self.pending().reviewable_by(user).exclude(own)


class Claim(models.Model):
    """What adoptions and instructions share: who recorded them and the upper-level confirmation.

    Only confirmed rows score (ledger.summaries counts them). The services decide the status;
    rows written straight through the ORM (demo data, admin by a system administrator, fixtures)
    default to confirmed."""

    status = models.CharField(
        "确认状态", max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.CONFIRMED, db_index=True
    )
    return_reason = models.CharField("退回原因", max_length=500, blank=True)
    reviewed_at = models.DateTimeField("确认时间", null=True, blank=True)
    reviewed_by = user_link("确认人")
    created_by = user_link("登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_confirmed(self) -> bool:
        return self.status == ClaimStatus.CONFIRMED


class Adoption(Claim):
    """An upper medium or office used the work; one entry may be adopted many times."""

    KIND_LABEL = "采用"
    claim_kind = "adoption"

    entry = models.ForeignKey(Entry, verbose_name="条目", on_delete=models.CASCADE, related_name="adoptions")
    level = models.CharField("采用级别", max_length=12, choices=MediaLevel.choices)
    adopted_by = models.CharField("采用单位或媒体", max_length=100)
    adopted_on = models.DateField("采用日期")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "采用记录"
        verbose_name_plural = "采用记录"
        ordering = ["adopted_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "level", "adopted_by"], name="unique_adoption_per_adopter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.adopted_by}（{self.get_level_display()}）采用"

    @property
    def description(self) -> str:
        return f"{self.adopted_by}（{self.get_level_display()}）{self.adopted_on}"


class Instruction(Claim):
    """A leader's written instruction (批示) on the work."""

    KIND_LABEL = "批示"
    claim_kind = "instruction"

    entry = models.ForeignKey(
        Entry, verbose_name="条目", on_delete=models.CASCADE, related_name="instructions"
    )
    level = models.CharField("领导级别", max_length=12, choices=MediaLevel.choices)
    leader = models.CharField("批示领导", max_length=100)
    given_on = models.DateField("批示日期")
    content = models.TextField("批示内容", blank=True)

    class Meta:
        verbose_name = "领导批示"
        verbose_name_plural = "领导批示"
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.leader}（{self.get_level_display()}）批示"

    @property
    def description(self) -> str:
        return f"{self.leader}（{self.get_level_display()}）{self.given_on}"


class EntryChange(models.Model):
    """Every change to an entry: who, when, what (field -> [old, new])."""

    class Action(models.TextChoices):
        CREATE = "create", "创建"
        UPDATE = "update", "修改"
        SUBMIT = "submit", "提交"
        APPROVE = "approve", "通过"
        RETURN = "return", "退回"
        ADOPT = "adopt", "登记采用"
        INSTRUCT = "instruct", "登记批示"
        CONFIRM = "confirm", "确认采用或批示"
        DECLINE = "decline", "退回采用或批示"
        IMPORT = "import", "导入"

    entry = models.ForeignKey(Entry, verbose_name="条目", on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    changes = models.JSONField("变更内容", default=dict, blank=True)
    reason = models.CharField("说明", max_length=500, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "条目变更记录"
        verbose_name_plural = "条目变更记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.entry_id}"


class PlanItem(models.Model):
    """A goal for the next period, optionally tied to a metric target."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="plan_items")
    period = models.ForeignKey(
        Period, verbose_name="计划期间", on_delete=models.PROTECT, related_name="plan_items"
    )
    category = models.ForeignKey(
        Category, verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField("计划事项", max_length=200)
    description = models.TextField("具体内容", blank=True)
    metric_code = models.CharField("关联指标编码", max_length=64, blank=True)
    target = models.DecimalField(
        "目标值",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, "目标值" + NON_NEGATIVE)],
    )
    order = models.PositiveIntegerField("排序", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["unit", "period", "order", "id"]

    def __str__(self) -> str:
        return self.title
