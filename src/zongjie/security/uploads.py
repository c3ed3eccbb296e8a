"""Upload checks shared by every upload (evidence files, imports, Excel): the type is
decided by the content, never by the file name, and dangerous files are refused
with a message in Chinese.

    detected = check_upload(request.FILES["file"], allowed={"docx", "txt"})
    detected.ext      # "docx": save under this extension, not the one the user gave

Refused: files over settings.MAX_UPLOAD_BYTES; empty files; types not allowed;
a name whose extension says one known type while the content is another; zip bombs
(entry count, total size, compression ratio); DOCTYPE/ENTITY declarations in the
XML parts of Office files; macro-enabled Office files (vbaProject.bin, macroEnabled
content types); legacy OLE Office files; PDFs with active content (scripts, launch actions,
embedded files, RichMedia, XFA: found by parsing, see security.pdf) or that cannot be parsed;
images that do not decode; text in an encoding other than UTF-8 / UTF-16 (with BOM) / GB18030 / Big5.

Images are re-encoded (security.images): `detected.data` holds the bytes to store, which for a
PNG or JPEG are the fresh copy, not what was sent.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

from zongjie.security.images import ImageRefused, reencode
from zongjie.security.pdf import PdfUnreadable, find_active_content

MAX_ZIP_ENTRIES = 3000
MAX_ZIP_TOTAL_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 100  # overall uncompressed : compressed
RATIO_MIN_BYTES = 2 * 1024 * 1024  # small packages may compress well, harmlessly
MAX_XML_SCAN_BYTES = 64 * 1024 * 1024

LABELS = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 表格（.xlsx）",
    "txt": "文本文件（.txt）",
    "pdf": "PDF 文件",
    "png": "PNG 图片",
    "jpg": "JPEG 图片",
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
}
# Extensions that name a known type: if the name says one and the content is another, refuse.
NAME_EXTENSIONS = {
    "docx": "docx",
    "docm": "docx",
    "xlsx": "xlsx",
    "xlsm": "xlsx",
    "txt": "txt",
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpg",
    "jpeg": "jpg",
    "doc": "ole",
    "xls": "ole",
}
_MAIN_PARTS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"vnd.ms-office.activex", b"vnd.ms-excel.sheet.binary")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_SNIFF = 8192


@dataclass(frozen=True)
class DetectedType:
    ext: str  # docx | xlsx | txt | pdf | png | jpg
    content_type: str
    size: int
    encoding: str = ""  # for txt: the encoding the text was read in
    data: bytes = field(default=b"", repr=False, compare=False)  # what to store (images re-encoded)

    @property
    def label(self) -> str:
        return LABELS[self.ext]


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _read_all(file: Any) -> tuple[bytes, str]:
    """The bytes and the name of an UploadedFile, an open binary file, a path or bytes."""
    if isinstance(file, bytes | bytearray):
        return bytes(file), ""
    if isinstance(file, str | Path):
        path = Path(file)
        _check_size(path.stat().st_size)
        return path.read_bytes(), path.name
    name = getattr(file, "name", "") or ""
    size = getattr(file, "size", None)
    if size is not None:
        _check_size(size)
    if hasattr(file, "seek"):
        file.seek(0)
    # read one byte past the limit, so a stream without a size still cannot exceed it
    data = file.read(settings.MAX_UPLOAD_BYTES + 1)
    if hasattr(file, "seek"):
        file.seek(0)
    return data, str(name)


def _check_size(size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise _refuse(
            f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {limit / 1024 / 1024:.0f} MB。",
            "too_large",
        )


def check_upload(file: IO[bytes] | Any, allowed: set[str] | frozenset[str] | None = None) -> DetectedType:
    """Detect the file's type by content and refuse anything unsafe or not `allowed`.

    Raises django.core.exceptions.ValidationError with a Chinese message.
    """
    allowed = set(allowed or LABELS)
    data, name = _read_all(file)
    _check_size(len(data))
    if not data:
        raise _refuse("文件为空。", "empty")
    ext, encoding = _detect(data)
    claimed = NAME_EXTENSIONS.get(Path(name).suffix.lower().lstrip("."), "") if name else ""
    if claimed and claimed != ext:
        raise _refuse(
            f"文件内容是{LABELS[ext]}，与文件名“{Path(name).name}”的扩展名不符，请检查后重新上传。",
            "mismatch",
        )
    if ext not in allowed:
        names = "、".join(LABELS[a] for a in sorted(allowed) if a in LABELS)
        raise _refuse(f"不支持{LABELS[ext]}，这里只接受：{names}。", "not_allowed")
    data = verified_bytes(ext, data)
    return DetectedType(
        ext=ext, content_type=CONTENT_TYPES[ext], size=len(data), encoding=encoding, data=data
    )


def verified_bytes(ext: str, data: bytes) -> bytes:
    """The bytes of a PDF or image once its content is checked (images re-encoded).

    Raises ValidationError (Chinese) for active or unreadable content. Other types pass as they are.
    """
    if ext == "pdf":
        try:
            found = find_active_content(data)
        except PdfUnreadable as exc:
            raise _refuse(str(exc), "pdf_broken") from exc
        if found:
            raise _refuse(
                f"PDF 文件含有{found}，出于安全原因不能上传。请用“打印为 PDF”另存一份后重新上传。",
                "pdf_active",
            )
    elif ext in ("png", "jpg"):
        try:
            return reencode(data, ext)
        except ImageRefused as exc:
            raise _refuse(str(exc), "image_broken") from exc
    return data


def _detect(data: bytes) -> tuple[str, str]:
    head = data[:_SNIFF]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _check_office(data), ""
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _refuse(
            "不支持旧版 Office 文件（.doc / .xls），请另存为 .docx 或 .xlsx 后上传。", "legacy_office"
        )
    if head.startswith(b"%PDF-"):
        return "pdf", ""  # its content is checked by parsing, once the type is allowed here
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", ""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg", ""
    return "txt", _check_text(data)


# --------------------------------------------------------------------------- Office (zip) files


def _check_office(data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as exc:
        raise _refuse("文件已损坏，无法作为 Office 文档打开。", "broken") from exc
    with zf:
        infos = zf.infolist()
        _check_zip_sizes(infos, len(data))
        names = {info.filename.lower() for info in infos}
        if any(n.rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
            raise _refuse(
                "文件含有宏（VBA 代码），出于安全原因不能上传，请另存为不含宏的 .docx / .xlsx。", "macro"
            )
        if "[content_types].xml" not in names:
            raise _refuse("这是一个压缩包，不是 Word 或 Excel 文档。", "plain_zip")
        ext = ""
        try:
            for info in infos:
                lower = info.filename.lower()
                if not lower.endswith((".xml", ".rels", ".vml")):
                    continue
                text = _xml_bytes(zf, info)
                if _DTD.search(text):
                    raise _refuse(
                        "文档的 XML 中含有 DOCTYPE 或 ENTITY 声明（可被用于实体注入攻击），不能上传。",
                        "xml_entity",
                    )
                if lower == "[content_types].xml":
                    ext = _main_type(text)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise _refuse("文件已损坏（压缩数据校验失败），无法打开。", "broken") from exc
    return ext


def _check_zip_sizes(infos: list[zipfile.ZipInfo], packed: int) -> None:
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _refuse(
            f"文件内含 {len(infos)} 个部件，超过上限 {MAX_ZIP_ENTRIES}，疑似压缩炸弹，不能上传。",
            "zip_entries",
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_ZIP_TOTAL_BYTES:
        raise _refuse(
            f"文件解压后达 {total // (1024 * 1024)} MB，超过上限 {MAX_ZIP_TOTAL_BYTES // (1024 * 1024)} MB，"
            "疑似压缩炸弹，不能上传。",
            "zip_size",
        )
    if total > RATIO_MIN_BYTES and total > MAX_ZIP_RATIO * max(packed, 1):
        raise _refuse(
            f"文件压缩比达 {total // max(packed, 1)}:1，超过上限 {MAX_ZIP_RATIO}:1，疑似压缩炸弹，不能上传。",
            "zip_ratio",
        )


def _xml_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """An XML part's bytes (bounded; the declared size bounds inflation), as UTF-8 when it had a BOM."""
    with zf.open(info) as fh:
        raw = fh.read(MAX_XML_SCAN_BYTES)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace").encode("utf-8")
    if raw[:4] in (b"<\x00?\x00", b"\x00<\x00?"):  # UTF-16 without a BOM
        return raw.decode("utf-16-le" if raw[0] == 0x3C else "utf-16-be", errors="replace").encode("utf-8")
    return raw


def _main_type(content_types: bytes) -> str:
    lowered = content_types.lower()
    if any(marker in lowered for marker in _MACRO_MARKERS):
        raise _refuse(
            "文件是启用宏的 Office 文档（.docm / .xlsm），出于安全原因不能上传，请另存为 .docx / .xlsx。",
            "macro",
        )
    for content_type, ext in _MAIN_PARTS.items():
        if content_type.encode() in content_types:
            return ext
    raise _refuse(
        "这是一个压缩包或不支持的 Office 文档，只接受 Word（.docx）和 Excel（.xlsx）。", "plain_zip"
    )


# --------------------------------------------------------------------------- text files

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2010-\u2027\u00b7]")


def _plausible_chinese(text: str) -> bool:
    """Text decoded as GB18030/Big5 should be mostly Chinese where it is not ASCII."""
    wide = [ch for ch in text[:20000] if ord(ch) > 0x7F]
    if not wide:
        return True
    return sum(1 for ch in wide if _CJK.match(ch)) >= 0.9 * len(wide)


def _check_text(data: bytes) -> str:
    wrong = (
        "文本文件的编码无法识别（可能是二进制文件或其他编码），请另存为 UTF-8 或 GBK（GB18030）编码后上传。"
    )
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8-sig", data
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", data
    else:
        encoding, body = "", data
        if b"\x00" in data[:_SNIFF]:
            raise _refuse(wrong, "binary")
    if encoding:
        candidates = [encoding]
    else:
        candidates = ["utf-8", *sorted(("gb18030", "big5"), key=lambda c: -_common_share(body, c))]
    for candidate in candidates:
        try:
            text = body.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
        if candidate in ("gb18030", "big5") and not _plausible_chinese(text):
            continue
        if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text[:_SNIFF]):
            raise _refuse(wrong, "binary")
        return candidate
    raise _refuse(wrong, "encoding")


# The everyday characters of each legacy encoding: GB2312 level 1 (lead bytes B0-D7) and
# Big5's common characters (lead bytes A4-C6). Big5 bytes also decode as GB18030, into rare
# characters; the decoding that gives more everyday characters is the right one.
_COMMON = {"gb18030": ("gb2312", 0xB0, 0xD7), "big5": ("big5", 0xA4, 0xC6)}


def _common_share(data: bytes, encoding: str) -> float:
    try:
        text = data[:20000].decode(encoding, errors="ignore")
    except LookupError:
        return 0.0
    codec, low, high = _COMMON[encoding]
    wide = [ch for ch in text if ord(ch) > 0x7F][:5000]
    if not wide:
        return 0.0
    common = 0
    for ch in wide:
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        common += low <= lead <= high
    return common / len(wide)
