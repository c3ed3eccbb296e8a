"""PDF active content, found by parsing the file (pypdf), not by byte patterns.

A byte search misses names written with #-escapes (`/J#61vaScript` is `/JavaScript`) and
everything inside compressed object streams. Here pypdf reads the file as a viewer would
(names decoded, object streams unpacked) and every object is visited: those reachable from
the trailer (the document catalog, its names tree, /OpenAction and /AA, pages and their
annotations, the AcroForm) and every object the cross-reference tables list, including the
ones stored in object streams, reachable or not.

    find_active_content(data)   # "" when clean, else what was found, in Chinese
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

MAX_OBJECTS = 200_000

# A name that, as a key or as a value (/S /JavaScript, /Type /EmbeddedFile, /Subtype /RichMedia),
# means the document can run code, start programs or carry other files.
_ACTIVE = {
    "/JavaScript": "脚本（JavaScript）",
    "/JS": "脚本（JavaScript）",
    "/Launch": "启动外部程序的动作（Launch）",
    "/EmbeddedFile": "嵌入的附件",
    "/EmbeddedFiles": "嵌入的附件",
    "/EF": "嵌入的附件",
    "/RichMedia": "多媒体内容（RichMedia）",
    "/XFA": "XFA 动态表单",
}


class PdfUnreadable(ValueError):
    """The file could not be parsed as a PDF (or is encrypted): the message says why, in Chinese."""


def _what(name: object) -> str:
    if not isinstance(name, NameObject):
        return ""
    text = str(name)
    if text in _ACTIVE:
        return _ACTIVE[text]
    if text.startswith("/RichMedia"):
        return _ACTIVE["/RichMedia"]
    return ""


def _reader(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable("PDF 文件已加密，无法检查其内容，请去掉密码后再上传。")
        reader.trailer  # noqa: B018 - reading the trailer parses the cross-reference tables
    except PdfUnreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds on a damaged file: all mean "cannot read it"
        raise PdfUnreadable("PDF 文件已损坏，无法打开检查，请重新导出后上传。") from exc
    return reader


def _all_references(reader: PdfReader) -> list[IndirectObject]:
    refs = [
        IndirectObject(idnum, generation, reader)
        for generation, table in reader.xref.items()
        for idnum in table
    ]
    refs += [IndirectObject(idnum, 0, reader) for idnum in reader.xref_objStm]
    return refs


def find_active_content(data: bytes) -> str:
    """What active content the PDF holds ("" when none); raises PdfUnreadable when it cannot be read."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # a damaged-but-readable file is not worth a warning per object
    try:
        reader = _reader(data)
        return _walk(reader, [reader.trailer, *_all_references(reader)])
    except PdfUnreadable:
        raise
    except RecursionError as exc:
        raise PdfUnreadable("PDF 文件结构异常（嵌套过深），无法检查，请重新导出后上传。") from exc
    except Exception as exc:  # as above: a parse error deep inside an object stream
        raise PdfUnreadable("PDF 文件已损坏，无法打开检查，请重新导出后上传。") from exc
    finally:
        pypdf_log.setLevel(level)


def _walk(reader: PdfReader, stack: list) -> str:
    seen: set[tuple[int, int]] = set()
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                raise PdfUnreadable(f"PDF 文件含有超过 {MAX_OBJECTS} 个对象，无法检查，请拆分后上传。")
            obj = reader.get_object(obj)
        if isinstance(obj, DictionaryObject):  # stream objects too (their dictionary)
            for name, value in obj.items():
                found = _what(name) or _what(value)
                if found:
                    return found
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                found = _what(value)
                if found:
                    return found
                stack.append(value)
    return ""
