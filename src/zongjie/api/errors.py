"""Error bodies in Chinese, one shape everywhere: {"detail": "...", "errors": {field: [...]}}.

ValidationError -> 422, ScopeDenied/PermissionDenied -> 403, not found -> 404,
StateConflict -> 409, unparsable body -> 400, no credentials -> 401. Anything
unexpected is logged and answered with a 500 body that carries no traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

from zongjie.ledger.periods import PeriodCodeError
from zongjie.ledger.services import StateConflict
from zongjie.security.disk import storage_problem

if TYPE_CHECKING:
    from ninja import NinjaAPI

log = logging.getLogger("zongjie.api")

# pydantic error types -> a short Chinese message
_PYDANTIC_MESSAGES = {
    "missing": "必填。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数。",
    "float_parsing": "应为数字。",
    "float_type": "应为数字。",
    "decimal_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "decimal_max_digits": "数字位数过多。",
    "decimal_max_places": "小数位数过多（最多 2 位）。",
    "decimal_whole_digits": "整数部分位数过多。",
    "finite_number": "应为有限的数字。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "date_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD。",
    "date_from_datetime_inexact": "日期格式应为 YYYY-MM-DD。",
    "date_type": "日期格式应为 YYYY-MM-DD。",
    "string_type": "应为文本。",
    "string_too_long": "内容过长。",
    "string_too_short": "不能为空。",
    "greater_than_equal": "数值过小。",
    "greater_than": "数值过小。",
    "less_than_equal": "数值过大。",
    "less_than": "数值过大。",
    "literal_error": "取值不在允许的范围内。",
    "enum": "取值不在允许的范围内。",
    "dict_type": "应为 JSON 对象。",
    "model_attributes_type": "应为 JSON 对象。",
    "list_type": "应为列表。",
    "extra_forbidden": "不支持的字段。",
    "json_invalid": "不是合法的 JSON。",
}


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"detail": detail, "errors": errors or {}}


def _schema_errors(exc: SchemaError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [
            str(p)
            for p in item.get("loc", ())
            if p not in ("body", "query", "path", "form", "file", "payload")
        ]
        field = ".".join(loc) or "__all__"
        kind = str(item.get("type", ""))
        message = _PYDANTIC_MESSAGES.get(kind)
        if message is None:
            message = str(item.get("msg") or "格式不正确。")
            # our own validators raise ValueError("…中文…"); pydantic prefixes it
            message = message.removeprefix("Value error, ")
            if message.isascii():
                message = "格式不正确。"
        errors.setdefault(field, []).append(message)
    return errors


def _validation_errors(exc: ValidationError) -> tuple[str, dict[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        errors = {field: list(messages) for field, messages in exc.message_dict.items()}
        detail = "；".join(m for messages in errors.values() for m in messages)
        return detail or "提交的内容有误。", errors
    return "；".join(exc.messages) or "提交的内容有误。", {}


def install(api: NinjaAPI) -> None:
    """Register the handlers on the NinjaAPI instance."""

    def respond(request: HttpRequest, status: int, detail: str, errors=None) -> HttpResponse:
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(SchemaError)
    def schema_error(request, exc: SchemaError):
        errors = _schema_errors(exc)
        fields = "、".join(k for k in errors if k != "__all__")
        return respond(request, 422, f"请求参数有误：{fields}。" if fields else "请求参数有误。", errors)

    @api.exception_handler(StateConflict)
    def conflict(request, exc: StateConflict):
        detail, errors = _validation_errors(exc)
        return respond(request, 409, detail, errors)

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        detail, errors = _validation_errors(exc)
        return respond(request, 422, detail, errors)

    @api.exception_handler(PeriodCodeError)
    def bad_period(request, exc: PeriodCodeError):
        return respond(request, 422, str(exc), {"period": [str(exc)]})

    @api.exception_handler(PermissionDenied)
    def denied(request, exc: PermissionDenied):
        return respond(request, 403, str(exc) or "您没有权限进行此操作。")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        return respond(request, 401, "未登录或令牌无效：请在 Authorization 头中提供 Bearer 令牌，或先登录。")

    @api.exception_handler(Http404)
    def not_found(request, exc: Http404):
        message = str(exc)
        return respond(request, 404, message if message and not message.isascii() else "未找到。")

    @api.exception_handler(ObjectDoesNotExist)
    def does_not_exist(request, exc: ObjectDoesNotExist):
        return respond(request, 404, "未找到。")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        if exc.status_code == 403:
            return respond(request, 403, "CSRF 校验失败：请刷新页面后重试，或改用接口令牌。")
        if exc.status_code == 400:
            return respond(request, 400, "请求内容无法解析：应为合法的 JSON 或表单。")
        message = str(exc)
        return respond(request, exc.status_code, message if not message.isascii() else "请求有误。")

    @api.exception_handler(Exception)
    def unexpected(request, exc: Exception):
        problem = storage_problem(exc)
        if problem is not None:  # a full or read-only disk: say so (507/503), not a bare 500
            log.error("API %s %s: %s (%s)", request.method, request.path, problem.kind, exc)
            return respond(request, problem.status, problem.message)
        log.exception("API error on %s %s", request.method, request.path)
        return respond(request, 500, "服务器内部错误，已记录，请稍后再试或联系管理员。")
