"""Login (rate limited by zongjie.security.ratelimit) and the health check."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse

from zongjie.security.disk import health
from zongjie.security.ratelimit import RateLimitedAuthenticationForm


class LoginForm(RateLimitedAuthenticationForm):
    error_messages = {
        **RateLimitedAuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确，请重试。",
        "inactive": "该账号已停用，请联系单位管理员。",
    }


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def healthz(request: HttpRequest) -> JsonResponse:
    """{"status": "ok"}, or 503 with what is wrong (a full or read-only disk, the database)."""
    report = health()
    status = 200 if report["status"] == "ok" else 503
    return JsonResponse(report, status=status, json_dumps_params={"ensure_ascii": False})
