"""The audit log moves here from the api app: the model's state is created over the table
the rows already live in (api_auditevent), nothing is copied; 0002 renames the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("api", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("login", "登录成功"),
                                    ("login_failed", "登录失败"),
                                    ("login_blocked", "登录被限制"),
                                    ("logout", "退出登录"),
                                    ("approve", "审核通过"),
                                    ("return", "审核退回"),
                                    ("role_granted", "授予角色"),
                                    ("role_changed", "修改角色"),
                                    ("role_revoked", "撤销角色"),
                                    ("rule_changed", "修改规则"),
                                    ("rule_deleted", "删除规则"),
                                    ("token_created", "创建接口令牌"),
                                    ("token_revoked", "吊销接口令牌"),
                                ],
                                max_length=16,
                                verbose_name="事件",
                            ),
                        ),
                        ("username", models.CharField(blank=True, max_length=150, verbose_name="用户名")),
                        ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="地址")),
                        ("object_type", models.CharField(blank=True, max_length=64, verbose_name="对象类型")),
                        ("object_id", models.CharField(blank=True, max_length=64, verbose_name="对象编号")),
                        ("detail", models.JSONField(blank=True, default=dict, verbose_name="详情")),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="操作人",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "审计日志",
                        "verbose_name_plural": "审计日志",
                        "ordering": ["-at", "-id"],
                        "db_table": "api_auditevent",
                        "indexes": [
                            models.Index(
                                fields=["kind", "username", "at"], name="api_auditev_kind_379088_idx"
                            ),
                            models.Index(fields=["kind", "ip", "at"], name="api_auditev_kind_66b5af_idx"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
