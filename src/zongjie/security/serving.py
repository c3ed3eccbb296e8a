"""Stored uploads served to a user who may see them: never as a page of this site.

Every file goes out with `X-Content-Type-Options: nosniff` and as an attachment (with a sandbox
CSP, should a browser open it anyway). Only a PDF or picture whose content passes the upload
checks again right now (security.uploads.verified_bytes: no active PDF content, a picture that
decodes) may be shown inline, for the preview on the entry page, and only framed by this site.

With ZONGJIE_MEDIA_ACCEL set (say `/_media/`), the file itself is sent by nginx: the response
carries `X-Accel-Redirect: /_media/<name>` and an `internal` nginx location maps that prefix to
the media directory (docs/deployment.md).

    stored_file_response(entry.evidence_file, download_name="条目12佐证材料.pdf", inline=True)
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from zongjie.security.uploads import CONTENT_TYPES, verified_bytes

INLINE_TYPES = frozenset({"pdf", "png", "jpg"})
MISSING = "佐证材料文件已不在服务器上（可能已被清理），请重新上传。"


def file_ext(name: str) -> str:
    return Path(name or "").suffix.lower().lstrip(".")


def _may_show_inline(field_file: FieldFile, ext: str) -> bool:
    if ext not in INLINE_TYPES:
        return False
    with field_file.open("rb") as fh:
        data = fh.read(settings.MAX_UPLOAD_BYTES + 1)
    try:
        verified_bytes(ext, data)
    except ValidationError:
        return False
    return True


def stored_file_response(field_file: FieldFile, *, download_name: str, inline: bool = False) -> HttpResponse:
    ext = file_ext(field_file.name)
    content_type = CONTENT_TYPES.get(ext, "application/octet-stream")
    try:
        inline = inline and _may_show_inline(field_file, ext)
        accel = settings.MEDIA_ACCEL_PREFIX
        if accel:
            if not field_file.storage.exists(field_file.name):
                raise Http404(MISSING)
            response = HttpResponse(content_type=content_type)
            response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(field_file.name)
            response["Content-Disposition"] = content_disposition_header(not inline, download_name)
        else:
            response = FileResponse(
                field_file.storage.open(field_file.name, "rb"),
                as_attachment=not inline,
                filename=download_name,
                content_type=content_type,
            )
    except FileNotFoundError as exc:
        raise Http404(MISSING) from exc
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    if inline:
        response["X-Frame-Options"] = "SAMEORIGIN"  # the preview frame on the entry page
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
