"""Typed helpers that read settings from environment variables.

Every setting zongjie reads is declared here once, with its default and a line of
help, so docs/settings.md can be checked against it by a test.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting("ZONGJIE_HOME", "./var", "数据目录：SQLite 数据库、上传文件、密钥文件所在处"),
        Setting(
            "DATABASE_URL", "", "数据库地址；留空用内置 SQLite，例如 postgres://user@127.0.0.1:5432/zongjie"
        ),
        Setting("ZONGJIE_DEBUG", "0", "调试模式（1 开启）；生产环境必须关闭"),
        Setting(
            "ZONGJIE_SECRET_KEY",
            "",
            "Django 密钥；生产环境必须设置（未设置时 zongjie serve 拒绝启动），非生产模式留空时在数据目录生成并保存",
        ),
        Setting("ZONGJIE_ALLOWED_HOSTS", "127.0.0.1,localhost", "允许访问的主机名，逗号分隔"),
        Setting("ZONGJIE_PRODUCTION", "0", "生产模式（1 开启）：安全 Cookie、HSTS、必须设置密钥"),
        Setting(
            "ZONGJIE_SSL_REDIRECT",
            "1",
            "生产模式下把 http 请求重定向到 https（由前置代理终止 TLS 时可设为 0）",
        ),
        Setting(
            "ZONGJIE_TRUSTED_PROXIES",
            "",
            "前置反向代理的地址或网段，逗号分隔（nginx 在本机时为 127.0.0.1）；只有来自这些地址的请求"
            "才采用 X-Forwarded-For/-Proto/-Host/-Port，其余请求的这些头一律丢弃",
        ),
        Setting(
            "ZONGJIE_CONN_MAX_AGE",
            "600",
            "数据库连接保持的秒数（0 为每个请求新建连接）；每次复用前检查连接是否仍然可用",
        ),
        Setting("ZONGJIE_MAX_UPLOAD_MB", "20", "单个上传文件的大小上限（MB）"),
        Setting(
            "ZONGJIE_MEDIA_ACCEL",
            "",
            "由 nginx 发送佐证材料文件时的内部路径前缀（如 /_media/，对应 nginx 的 internal location）；留空由应用自己发送",
        ),
        Setting(
            "ZONGJIE_IMPORT_MAX_FIGURES",
            "5000",
            "导入旧总结时每份文件（或每篇）最多的数字个数；超过则拒绝并提示分篇导入",
        ),
        Setting(
            "ZONGJIE_IMPORT_BACKGROUND_KB",
            "256",
            "上传的导入文件（台账 Excel、旧总结）不小于此大小（KB）时转为后台任务，页面显示进度",
        ),
        Setting(
            "ZONGJIE_SCORES_INLINE_MS",
            "2000",
            "已存的考核得分过期后，上次计算不超过此毫秒数的在请求中重算；更久的先显示上次结果并在后台更新",
        ),
        Setting(
            "ZONGJIE_REPORT_INLINE_UNITS",
            "500",
            "总结预览尚未生成时，下属单位（含本单位）不超过此数的在请求中生成；更多的在后台生成，页面提示“正在生成”",
        ),
        Setting(
            "ZONGJIE_SCORES_BACKGROUND",
            "1",
            "过期的考核得分由服务进程的后台线程更新（1）；设为 0 则只由 zongjie refresh_scores（定时任务）更新",
        ),
        Setting("ZONGJIE_STRICT", "0", "测试时设为 1：任何因缺少组件而跳过的测试都算失败（CI 使用）"),
        Setting("ZONGJIE_LOGIN_ATTEMPTS", "5", "同一账号或地址在 15 分钟内允许的登录失败次数"),
        Setting(
            "ZONGJIE_NEW_PASSWORD", "", "zongjie createuser 未给 --password 时读取的新用户密码（便于脚本化）"
        ),
        Setting(
            "PG_TEST_URL",
            "postgres://postgres@127.0.0.1:5432/test",
            "make test 用来跑 PostgreSQL 一轮的数据库地址",
        ),
        Setting(
            "ZONGJIE_SCREENSHOTS", "", "浏览器测试保存截图的目录；make screenshots 设为 docs/screenshots"
        ),
        # read by zongjie.extraction._native itself (setup.py runs before zongjie is installed)
        Setting(
            "ZONGJIE_PURE_PYTHON",
            "0",
            "设为 1：文本提取模块不用 mypyc 编译的版本，全部按纯 Python 运行；构建时设置则不编译",
        ),
    ]
}


def env_str(name: str) -> str:
    value = os.environ.get(name, "")
    # A set-but-empty variable means "not set" (dj-database-url gives no ENGINE for "").
    return value if value.strip() else SETTINGS[name].default


def env_bool(name: str) -> bool:
    return env_str(name).strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str) -> int:
    return int(env_str(name))


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env_str(name).split(",") if item.strip()]


def home_dir() -> Path:
    path = Path(env_str("ZONGJIE_HOME")).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_config(url: str, home: Path, conn_max_age: int = 600) -> dict:
    """DATABASES["default"] for a DATABASE_URL, or the embedded SQLite under `home`.

    Both keep their connections for `conn_max_age` seconds, checked before each reuse.
    """
    if url:
        import dj_database_url
        from django.core.exceptions import ImproperlyConfigured

        try:
            config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"DATABASE_URL 无法识别：{exc}（示例 postgres://user@127.0.0.1:5432/zongjie）"
            ) from exc
        if not config.get("ENGINE"):
            raise ImproperlyConfigured(
                "DATABASE_URL 缺少数据库类型（示例 postgres://user@127.0.0.1:5432/zongjie）"
            )
        if config["ENGINE"] == "django.db.backends.postgresql":
            # Ranking a period is one wide aggregate: PostgreSQL's JIT spends seconds compiling
            # it and wins nothing back (measured in bench/score.py).
            config.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        return config
    return {
        # Django's backend, which still opens the file (read-only) when the directory is read-only
        "ENGINE": "zongjie.security.sqlite3",
        "NAME": home / "zongjie.sqlite3",
        "CONN_MAX_AGE": conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on
            # busy_timeout instead of failing with "database is locked" on upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": str(home / "test_zongjie.sqlite3")},
    }
