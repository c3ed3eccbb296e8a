"""PDF active content is found by parsing (pypdf) and pictures are re-encoded (Pillow).

Every file here is a real PDF or picture made in the test (tests/security/samples.py)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from tests.security.samples import (
    clean_pdf,
    jpeg_bytes,
    js_action,
    pdf_with,
    pdf_with_escaped_names,
    pdf_with_object_stream,
    png_bytes,
)
from zongjie.security.uploads import check_upload


def _refusal(data: bytes, name: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(SimpleUploadedFile(name, data))
    return "；".join(caught.value.messages)


def test_clean_pdfs_pass_including_one_with_an_object_stream():
    assert check_upload(SimpleUploadedFile("刊发截图.pdf", clean_pdf())).ext == "pdf"
    assert check_upload(SimpleUploadedFile("刊发截图.pdf", pdf_with_object_stream(None))).ext == "pdf"


def test_hash_escaped_javascript_names_are_found():
    data = pdf_with_escaped_names()
    assert b"/JavaScript" not in data and b"/JS " not in data  # a byte search sees nothing
    assert "脚本（JavaScript）" in _refusal(data, "a.pdf")


def test_javascript_inside_a_compressed_object_stream_is_found():
    data = pdf_with_object_stream(js_action())
    assert b"JavaScript" not in data and b"/JS" not in data and b"app.alert" not in data
    message = _refusal(data, "a.pdf")
    assert (
        message
        == "PDF 文件含有脚本（JavaScript），出于安全原因不能上传。请用“打印为 PDF”另存一份后重新上传。"
    )


def test_launch_action_inside_an_object_stream_is_found():
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    assert "启动外部程序" in _refusal(pdf_with_object_stream(launch), "a.pdf")


def _names_tree_js(writer):
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), js_action()])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _annotation(subtype: str, **extra):
    def add(writer):
        annot = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): ArrayObject(
                    [NumberObject(0), NumberObject(0), NumberObject(9), NumberObject(9)]
                ),
                **{NameObject(f"/{k}"): v for k, v in extra.items()},
            }
        )
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annot)])

    return add


def _page_aa(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): js_action()})


def _attachment(writer):
    writer.add_attachment("说明.exe", b"MZ\x90\x00")


def _xfa(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )


@pytest.mark.parametrize(
    ("add", "what"),
    [
        (_names_tree_js, "脚本（JavaScript）"),
        (_annotation("/Link", A=js_action()), "脚本（JavaScript）"),
        (_page_aa, "脚本（JavaScript）"),
        (_attachment, "嵌入的附件"),
        (_annotation("/RichMedia"), "多媒体内容（RichMedia）"),
        (_xfa, "XFA 动态表单"),
    ],
    ids=["names-tree", "link-annotation", "page-aa", "embedded-file", "richmedia", "xfa"],
)
def test_active_content_anywhere_in_the_document_is_refused(add, what):
    assert what in _refusal(pdf_with(add), "a.pdf")


def test_a_pdf_that_cannot_be_parsed_is_refused_in_chinese():
    assert "PDF 文件已损坏" in _refusal(b"%PDF-1.7\n" + b"\x00garbage" * 50, "a.pdf")


def test_jpeg_with_html_appended_is_cut_to_the_picture():
    html = b"<html><body><script>alert(document.cookie)</script></body></html>"
    detected = check_upload(SimpleUploadedFile("photo.jpg", jpeg_bytes() + html))
    assert detected.ext == "jpg"
    assert b"<script" not in detected.data and b"<html" not in detected.data
    with Image.open(io.BytesIO(detected.data)) as image:
        assert (image.format, image.size) == ("JPEG", (40, 30))


def test_png_with_a_zip_glued_on_is_cut_to_the_picture():
    detected = check_upload(SimpleUploadedFile("截图.png", png_bytes() + b"PK\x03\x04" + b"x" * 200))
    assert b"PK\x03\x04" not in detected.data
    with Image.open(io.BytesIO(detected.data)) as image:
        assert (image.format, image.size, image.getpixel((5, 5))) == ("PNG", (40, 30), (200, 30, 30))


def test_a_picture_that_does_not_decode_is_refused():
    assert "图片已损坏" in _refusal(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a.png")
    assert "图片已损坏" in _refusal(jpeg_bytes()[:200], "a.jpg")
