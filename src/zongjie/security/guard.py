"""Requests refused before any view runs, with a clear Chinese answer instead of a 500:

- a NUL character (`%00`) in the path or the query → 400 (PostgreSQL cannot store or even
  compare text with NUL in it; in form and JSON bodies the forms and the API's schemas
  refuse it field by field, with the field's name);
- a body over DATA_UPLOAD_MAX_MEMORY_SIZE (ZONGJIE_MAX_UPLOAD_MB; uploaded files are
  checked on their own) → 413;
- too many fields or files (Django's own limits) → 400.

Under /api/ the answer has the API's error shape ({"detail": …, "errors": {}}); pages get
the 400.html / 413.html templates. Put it right after SecurityMiddleware, before anything
that reads the body (CsrfViewMiddleware).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

NUL = "\x00"
NUL_MESSAGE = "请求中含有空字符（NUL，%00），无法处理：请删除后重试。"
TOO_MANY_MESSAGE = "请求中的字段或文件过多，无法处理。"
BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def too_big_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    size = f"{limit / (1024 * 1024):g} MB" if limit else "上限"
    return f"提交的内容超过 {size}，无法处理：请分批提交或减小内容。"


def _query_has_nul(query) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())


def _read_body(request: HttpRequest) -> None:
    """Parse the body now, so that its size and field limits are answered here."""
    if (request.content_type or "") in ("multipart/form-data", "application/x-www-form-urlencoded"):
        request.POST  # noqa: B018 (parsing is the point)
    else:
        request.body  # noqa: B018


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            if NUL in request.path or _query_has_nul(request.GET):
                return self.refuse(request, 400, NUL_MESSAGE)
            if request.method in BODY_METHODS:
                _read_body(request)
        except RequestDataTooBig:
            return self.refuse(request, 413, too_big_message())
        except SuspiciousOperation:
            return self.refuse(request, 400, TOO_MANY_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"detail": message, "errors": {}}, status=status, json_dumps_params={"ensure_ascii": False}
            )
        # the path may hold the NUL: the page is rendered without resolving it
        html = render_to_string(f"{status}.html", {"message": message}, request=request)
        return HttpResponse(html, status=status)
