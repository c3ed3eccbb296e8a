"""Step 1: readers chosen by content, encodings, and refusals with clear messages."""

from __future__ import annotations

import io
import zipfile

import pytest

from zongjie.extraction import (
    BrokenDocxError,
    EmptyDocumentError,
    ExtractionError,
    MacroEnabledError,
    NotADocumentError,
    UnsupportedFormatError,
    ZipBombError,
    extract_bytes,
    extract_path,
)
from zongjie.extraction import read as read_mod
from zongjie.extraction.read import choose_reader, decode_text, iter_path_lines, read_bytes, split_lines

from .test_documents import make_docx_with_table

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
TEXT = "第一篇：宣傳部工作總結\n共發稿92篇。\n"


def test_utf8_gb18030_big5_decode_to_the_same_text():
    simplified = "宣传部上半年工作总结，共发稿九十二篇，其中国家级媒体三篇。" * 3
    traditional = "宣傳部上半年工作總結，共發稿九十二篇，其中國家級媒體三篇。" * 3
    assert decode_text(simplified.encode("utf-8")) == (simplified, "utf-8")
    assert decode_text(simplified.encode("gb18030")) == (simplified, "gb18030")
    text, enc = decode_text(traditional.encode("big5"))
    assert text == traditional and enc == "cp950"


def test_bom_and_crlf():
    text, enc = decode_text("\ufeff一、总结\r\n二、计划\r\n".encode())
    assert enc == "utf-8-sig"
    assert split_lines(text) == ["一、总结", "二、计划"]


def test_registry_sniffs_content():
    assert choose_reader(make_docx_with_table()[:8192]).name == "zip/docx"
    assert choose_reader(PNG).name == "binary"
    assert choose_reader(TEXT.encode()).name == "text"


def test_docx_paragraphs_and_table_rows_in_order():
    doc = read_bytes(make_docx_with_table())
    assert doc.kind == "docx"
    assert doc.lines == [
        "某县委宣传部2024年上半年工作总结",
        "一、新闻宣传",
        "上半年共发稿120篇，其中省级40篇，市级80篇。",
        "项目\t数量\t备注",
        "理论宣讲\t35场\t覆盖约2000人",
        "志愿服务\t12次\t",
        "二、下半年工作计划",
        "2024年7月3日",
    ]


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"", EmptyDocumentError, "empty file"),
        (b"\n  \r\n\t\n", EmptyDocumentError, "no text in the file"),
        (PNG, NotADocumentError, "not a document: a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", NotADocumentError, "not a document: a JPEG image"),
        (b"%PDF-1.7\n...", UnsupportedFormatError, "not a document: a PDF"),
        (b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\xfd", NotADocumentError, "not a document: binary content"),
    ],
)
def test_refusals(data, error, message):
    with pytest.raises(error) as info:
        extract_bytes(data, "x")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ExtractionError)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_that_is_not_a_docx():
    with pytest.raises(NotADocumentError, match=r"zip archive without word/document\.xml"):
        extract_bytes(_zip({"a.txt": "共发稿92篇".encode()}), "a.zip")


def test_broken_docx():
    data = make_docx_with_table()
    with pytest.raises(BrokenDocxError, match=r"^broken"):
        extract_bytes(data[: len(data) // 2], "cut.docx")
    broken = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>not xml"})
    with pytest.raises(BrokenDocxError, match=r"^broken \.docx"):
        extract_bytes(broken, "bad.docx")


def _with_entry(name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(make_docx_with_table()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        out.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_docx_refused_by_ratio():
    bomb = _with_entry("word/media/image1.bin", b"\x00" * (40 * 1024 * 1024))
    assert len(bomb) < 200_000
    with pytest.raises(
        ZipBombError, match=r"^refused: word/media/image1.bin compresses \d+:1 \(limit 200:1\); zip bomb\?"
    ):
        extract_bytes(bomb, "bomb.docx")


def test_zip_bomb_docx_refused_by_total_size_and_entry_count(monkeypatch):
    monkeypatch.setattr(read_mod, "DOCX_MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ZipBombError, match=r"unpacks to over"):
        extract_bytes(_with_entry("word/big.xml", bytes(range(256)) * 100), "big.docx")
    monkeypatch.setattr(read_mod, "DOCX_MAX_ENTRIES", 5)
    with pytest.raises(ZipBombError, match=r"entries in the \.docx \(limit 5\)"):
        extract_bytes(make_docx_with_table(), "many.docx")


def test_macro_enabled_docx_refused():
    with pytest.raises(
        MacroEnabledError, match=r"^refused: macro-enabled document \(contains vbaProject.bin\)$"
    ):
        extract_bytes(_with_entry("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"), "macro.docm")


def test_streaming_reader_gives_the_same_lines(tmp_path):
    text = "一、总结\r\n共发稿92篇。\n" * 50_000 + "最后一行"
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("gb18030"))
    info, lines = iter_path_lines(path, chunk_size=4096)
    assert info.encoding == "gb18030"
    assert list(lines) == split_lines(text)


def test_streaming_refuses_empty(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocumentError):
        iter_path_lines(path)
    path.write_bytes(TEXT.encode())
    assert extract_path(path).quantities[0].value == 92
