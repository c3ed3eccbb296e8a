"""The organisation tree (Unit) and who may do what in it (Membership)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Concat, Substr

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_-]{1,32}$", "单位编码只能包含字母、数字、下划线和连字符（最多 32 位）。"
)
PATH_SEPARATOR = "/"


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "宣传部"
    COUNTY = "county", "县（市、区）"
    TOWNSHIP = "township", "乡镇（街道）"
    BUREAU = "bureau", "部门单位"
    OFFICE = "office", "科室"
    OTHER = "other", "其他"


class UnitQuerySet(models.QuerySet):
    def subtree_of(self, unit: Unit, include_self: bool = True) -> UnitQuerySet:
        qs = self.filter(path__startswith=unit.path)
        return qs if include_self else qs.exclude(pk=unit.pk)

    def children_of(self, unit: Unit) -> UnitQuerySet:
        return self.filter(parent=unit)


class Unit(models.Model):
    """A node of the organisation tree.

    `path` is a materialised path of codes ("SZ/XA/ZA01/"), so a subtree is one
    indexed prefix query and never a recursion per row.
    """

    code = models.CharField("编码", max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=UnitKind.choices, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("路径", max_length=400, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField("层级", default=0, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["path"]
        indexes = [models.Index(fields=["parent", "sort_order"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = None
        if self.pk:
            old_path = Unit.objects.filter(pk=self.pk).values_list("path", flat=True).first()
        self.path = self.computed_path()
        self.depth = self.path.count(PATH_SEPARATOR) - 1
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # A moved or renamed node: rewrite every descendant's path in one UPDATE.
            delta = self.depth - (old_path.count(PATH_SEPARATOR) - 1)
            Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(models.Value(self.path), Substr("path", len(old_path) + 1)),
                depth=models.F("depth") + delta,
            )

    @property
    def level(self) -> int:
        """1 for a root unit, 2 for its children, …"""
        return self.depth + 1

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}{PATH_SEPARATOR}"

    def is_descendant_of(self, other: Unit, include_self: bool = True) -> bool:
        if self.path == other.path:
            return include_self
        return self.path.startswith(other.path)

    def ancestors(self) -> UnitQuerySet:
        codes = self.path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]
        return Unit.objects.filter(code__in=codes).order_by("depth")


class Role(models.TextChoices):
    REPORTER = "reporter", "通讯员"
    UNIT_ADMIN = "unit_admin", "单位管理员"
    REVIEWER = "reviewer", "审核员"
    VIEWER = "viewer", "领导"
    ADMIN = "admin", "系统管理员"


class Membership(models.Model):
    """A user's role in a unit; it reaches the unit's whole subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "成员角色"
        verbose_name_plural = "成员角色"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
