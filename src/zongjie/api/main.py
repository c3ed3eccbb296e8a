"""The NinjaAPI instance: schema at /api/openapi.json, docs at /api/docs.

Routers of this app are mounted here; another app may add its own by defining
`router` in `zongjie/<app>/api.py` (mounted at /api/<app label>/).
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from zongjie.api import errors
from zongjie.api.auth import AUTH
from zongjie.api.routers import entries, org, reference

log = logging.getLogger("zongjie.api")

DESCRIPTION = """总结（zongjie）的 REST 接口。

**认证**：机器客户端使用令牌（`zongjie apitoken 用户名` 生成，只显示一次），放在请求头
`Authorization: Bearer <令牌>`；网页中的脚本使用登录会话，非 GET 请求须带 `X-CSRFToken` 头。

**权限**：与网页完全相同——只能看到和操作本单位及下级单位的数据，审核只针对下级单位。

**错误**：统一为 `{"detail": "说明", "errors": {"字段": ["说明"]}}`：
400 请求无法解析，401 未认证，403 无权限，404 不存在，409 状态冲突（已被他人修改或审核），422 内容有误。
"""


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON with the Chinese left readable (not \\u-escaped)."""

    json_dumps_params = {"ensure_ascii": False}


def build_api() -> NinjaAPI:
    api = NinjaAPI(
        title="总结 zongjie API",
        version="1",
        description=DESCRIPTION,
        auth=AUTH,
        urls_namespace="api",
        openapi_url="/openapi.json",
        docs_url="/docs",
        renderer=ChineseJSONRenderer(),
    )
    errors.install(api)
    api.add_router("/", org.router)
    api.add_router("/", reference.router)
    api.add_router("/entries", entries.router)
    _mount_optional(api)
    return api


def _mount_optional(api: NinjaAPI) -> None:
    """Routers of the other apps, and ours for apps that have landed (assessment, reports, imports)."""
    try:
        from zongjie.api.routers import assessment

        if assessment.available():
            api.add_router("/", assessment.router)
    except ImportError:  # the assessment services are not there yet
        log.debug("assessment endpoints not mounted")
    from zongjie.api.routers import documents

    if documents.reports_available() or documents.imports_available():
        api.add_router("/", documents.router)
    for config in apps.get_app_configs():
        if not config.name.startswith("zongjie.") or config.name == "zongjie.api":
            continue
        try:
            module = import_module(f"{config.name}.api")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.api":
                raise
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{config.label}", router)


api = build_api()
