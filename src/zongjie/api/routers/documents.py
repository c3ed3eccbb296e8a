"""Documents: the half-year report (download) and the import of old summaries.

Thin over zongjie.reports.services and zongjie.imports.services; mounted when they exist.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from zongjie.api import schemas as s
from zongjie.api.filters import period_by_code, unit_by_code
from zongjie.org.permissions import Action

router = Router(tags=["文档"])

REPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


def reports_available() -> bool:
    try:
        from zongjie.reports import services
    except ImportError:
        return False
    return all(hasattr(services, n) for n in ("build_report", "render", "filename"))


def imports_available() -> bool:
    try:
        from zongjie.imports import services
    except ImportError:
        return False
    return hasattr(services, "import_file")


class ReportQuery(Schema):
    period: s.text(8) = Field(..., description="期间编码，如 2026H1")
    format: Literal["docx", "html", "md"] = Field("docx", description="docx（公文格式）、html 或 md")


@router.get(
    "/reports/{code}",
    response=s.ERRORS,
    summary="下载半年工作总结（docx / html / md）",
    openapi_extra={
        "responses": {
            200: {
                "description": "总结文件",
                "content": {
                    ct.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
                    for ct in REPORT_TYPES.values()
                },
            }
        }
    },
)
def download_report(request: HttpRequest, code: str, query: Query[ReportQuery]):
    from zongjie.reports import services

    unit = unit_by_code(request.auth, code)
    try:
        document = services.build_report(unit, period_by_code(query.period), user=request.auth)
        content = services.render(document, query.format)
    except services.ReportError as exc:
        raise ValidationError(str(exc)) from exc
    response = HttpResponse(content, content_type=REPORT_TYPES[query.format])
    name = services.filename(document, query.format)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


class ImportOut(Schema):
    filename: str
    status: str = Field(description="imported / duplicate / proposed / replaced")
    message: str
    counts: dict[str, int]


@router.post("/imports", response={200: ImportOut, **s.ERRORS}, summary="导入旧工作总结（txt / docx）")
def import_summary(
    request: HttpRequest,
    file: File[UploadedFile],
    unit: Form[s.Code],
    period: Form[s.text(8)],
    dry_run: Form[bool] = False,
):
    from zongjie.imports import services

    target = unit_by_code(request.auth, unit, Action.WRITE)
    data = file.read(request_limit() + 1)
    outcome = services.import_file(
        data=data,
        filename=file.name or "upload.txt",
        unit=target,
        period=period_by_code(period),
        user=request.auth,
        dry_run=dry_run,
    )
    if not outcome.ok:
        raise ValidationError({"file": [outcome.message]})
    return {
        "filename": outcome.filename,
        "status": outcome.status,
        "message": outcome.message,
        "counts": outcome.counts,
    }


def request_limit() -> int:
    from django.conf import settings

    return settings.MAX_UPLOAD_BYTES
