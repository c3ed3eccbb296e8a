"""The audit log: who (or which name was tried), from where, on what — logins, reviews,
role, rule and token changes. Written by pages, API, CLI and imports alike, so it lives here,
below the faces that record into it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditKind(models.TextChoices):
    LOGIN = "login", "登录成功"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOGIN_BLOCKED = "login_blocked", "登录被限制"
    LOGOUT = "logout", "退出登录"
    APPROVE = "approve", "审核通过"
    RETURN = "return", "审核退回"
    ROLE_GRANTED = "role_granted", "授予角色"
    ROLE_CHANGED = "role_changed", "修改角色"
    ROLE_REVOKED = "role_revoked", "撤销角色"
    RULE_CHANGED = "rule_changed", "修改规则"
    RULE_DELETED = "rule_deleted", "删除规则"
    TOKEN_CREATED = "token_created", "创建接口令牌"
    TOKEN_REVOKED = "token_revoked", "吊销接口令牌"


class AuditEvent(models.Model):
    """One security-relevant event: who (or which name was tried), from where, on what."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    kind = models.CharField("事件", max_length=16, choices=AuditKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    ip = models.GenericIPAddressField("地址", null=True, blank=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["kind", "username", "at"]),
            models.Index(fields=["kind", "ip", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"


class LoginCounter(models.Model):
    """Login attempts in the current window for one username or one client address.

    Incremented with one conditional UPDATE before a password is checked, so parallel
    attempts cannot all pass a count read before any of them was written.
    """

    class Scope(models.TextChoices):
        USER = "user", "用户名"
        ADDRESS = "ip", "地址"

    scope = models.CharField("类别", max_length=4, choices=Scope.choices)
    key = models.CharField("用户名或地址", max_length=150)
    count = models.PositiveIntegerField("次数", default=0)
    started = models.DateTimeField("窗口开始")

    class Meta:
        verbose_name = "登录失败计数"
        verbose_name_plural = "登录失败计数"
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="security_logincounter_once")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key}: {self.count}"
