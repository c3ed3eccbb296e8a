"""Django settings for zongjie: everything comes from environment variables (see conf.py)."""

from __future__ import annotations

import secrets
from pathlib import Path

from csp.constants import NONCE

from zongjie.conf import database_config, env_bool, env_int, env_list, env_str, home_dir

BASE_DIR = Path(__file__).resolve().parent
HOME = home_dir()

PRODUCTION = env_bool("ZONGJIE_PRODUCTION")
DEBUG = env_bool("ZONGJIE_DEBUG") and not PRODUCTION


def _secret_key() -> str:
    key = env_str("ZONGJIE_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        # Never written to disk in production: `zongjie serve` refuses to start without
        # ZONGJIE_SECRET_KEY and `check --deploy` reports it (zongjie.E001); other
        # commands (migrate, createuser) still run with a throw-away key.
        return secrets.token_urlsafe(50)
    # Demo and development: one generated key kept beside the data, never in the repo.
    key_file = HOME / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _trusted_proxies():
    from django.core.exceptions import ImproperlyConfigured

    from zongjie.security.proxy import parse_networks

    try:
        return parse_networks(env_list("ZONGJIE_TRUSTED_PROXIES"))
    except ValueError as exc:
        raise ImproperlyConfigured(str(exc)) from None


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ZONGJIE_ALLOWED_HOSTS")
# The reverse proxies whose X-Forwarded-* headers count (zongjie.security.proxy, applied in wsgi.py):
# behind them REMOTE_ADDR is the client's address and request.is_secure() the client's scheme.
TRUSTED_PROXY_NETWORKS = _trusted_proxies()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",  # the API docs' Swagger UI from its own static files, not a CDN (offline-safe, CSP)
    "zongjie.security",
    "zongjie.org",
    "zongjie.ledger",
    "zongjie.assessment",
    "zongjie.imports",
    "zongjie.reports",
    "zongjie.api",
    "zongjie.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "zongjie.security.guard.RequestGuardMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zongjie.security.audit.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zongjie.urls"
WSGI_APPLICATION = "zongjie.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


DATABASES = {"default": database_config(env_str("DATABASE_URL"), HOME, env_int("ZONGJIE_CONN_MAX_AGE"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every login path (pages, admin, API) passes the rate limit first.
AUTHENTICATION_BACKENDS = ["zongjie.security.ratelimit.RateLimitBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns at start-up when it is missing
MEDIA_URL = "/media/"
MEDIA_ROOT = HOME / "media"
# Evidence is served by a permission-checked view; nginx sends the bytes when this is set.
MEDIA_ACCEL_PREFIX = env_str("ZONGJIE_MEDIA_ACCEL")
STORAGES = {
    # removes a half-written upload when the disk fails (full, read-only)
    "default": {"BACKEND": "zongjie.security.storage.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

MAX_UPLOAD_BYTES = env_int("ZONGJIE_MAX_UPLOAD_MB") * 1024 * 1024
IMPORT_MAX_FIGURES = env_int("ZONGJIE_IMPORT_MAX_FIGURES")
IMPORT_BACKGROUND_KB = env_int("ZONGJIE_IMPORT_BACKGROUND_KB")
SCORES_INLINE_MS = env_int("ZONGJIE_SCORES_INLINE_MS")
REPORT_INLINE_UNITS = env_int("ZONGJIE_REPORT_INLINE_UNITS")
SCORES_BACKGROUND = env_bool("ZONGJIE_SCORES_BACKGROUND")
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
LOGIN_ATTEMPTS = env_int("ZONGJIE_LOGIN_ATTEMPTS")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles only from our own origin (vendored
# htmx and ECharts, web/*.js) or inline with the request's nonce (`{{ request.csp_nonce }}`).
# Style *attributes* (style="…", set by ECharts' SVG and by a few templates) cannot carry a
# nonce; they can change looks but run nothing, so they are allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("ZONGJIE_SSL_REDIRECT")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's or systemd's plain-http probe
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"zongjie": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
