"""System checks: say plainly what a deployment is missing (`zongjie check --deploy`)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from zongjie.conf import env_str


@register(Tags.security, deploy=True)
def production_settings(app_configs, **kwargs):
    problems = []
    if not settings.PRODUCTION:
        problems.append(
            Warning("未开启生产模式。", hint="生产部署请设置 ZONGJIE_PRODUCTION=1。", id="zongjie.W001")
        )
        return problems
    if not env_str("ZONGJIE_SECRET_KEY"):
        problems.append(
            Error(
                "生产模式必须通过环境变量设置密钥。",
                hint="设置 ZONGJIE_SECRET_KEY 为 50 位以上的随机字符串。",
                id="zongjie.E001",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        problems.append(
            Warning(
                "生产环境仍在使用内置 SQLite。",
                hint="设置 DATABASE_URL 指向 PostgreSQL，见 docs/deployment.md。",
                id="zongjie.W002",
            )
        )
    return problems
