"""Step 1: readers chosen by content, encodings, and refusals with clear messages."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import opencc
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

CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
TEXT = "第一篇：宣傳部工作總結\n共發稿92篇。\n"


def test_utf8_gb18030_big5_decode_to_the_same_text():
    simplified = "宣传部上半年工作总结，共发稿九十二篇，其中国家级媒体三篇。" * 3
    traditional = "宣傳部上半年工作總結，共發稿九十二篇，其中國家級媒體三篇。" * 3
    assert decode_text(simplified.encode("utf-8")) == (simplified, "utf-8")
    assert decode_text(simplified.encode("gb18030")) == (simplified, "gb18030")
    text, enc = decode_text(traditional.encode("big5"))
    assert text == traditional and enc == "cp950"


def test_short_big5_report_full_of_placeholders_is_not_read_as_gb18030():
    """A real Traditional county report (corpus d04: ××, * for its figures) saved as Big5.
    Its bytes are valid GB18030 too, and charset-normalizer alone took them for GB18030
    (宣傳思想工作 came out as 肚稱蹲厨...)."""
    traditional = (CORPUS / "d04_county_report_trad.txt").read_text(encoding="utf-8")
    assert decode_text(traditional.encode("cp950")) == (traditional, "cp950")


@pytest.mark.parametrize("name", ["d04_county_report_trad.txt", "d01_district_propaganda.txt"])
def test_gb18030_text_is_not_read_as_big5(name):
    simplified = opencc.OpenCC("t2s").convert((CORPUS / name).read_text(encoding="utf-8"))
    assert decode_text(simplified.encode("gb18030")) == (simplified, "gb18030")


def test_every_corpus_text_decodes_back_from_big5_and_gb18030():
    """Each real text in both legacy encodings (Traditional as Big5, Simplified as GB18030;
    characters an encoding lacks dropped) decodes to what was encoded, with that encoding."""
    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    wrong = []
    for path in sorted(CORPUS.glob("d*.txt")):
        text = path.read_text(encoding="utf-8")
        for enc, source in (
            ("cp950", to_traditional.convert(text)),
            ("gb18030", to_simplified.convert(text)),
        ):
            data = source.encode(enc, errors="ignore")
            if decode_text(data) != (data.decode(enc), enc):
                wrong.append((path.name, enc))
    assert wrong == []


def test_bom_and_crlf():
    text, enc = decode_text("\ufeff一、总结\r\n二、计划\r\n".encode())
    assert enc == "utf-8-sig"
    assert split_lines(text) == ["一、总结", "二、计划"]


@pytest.mark.parametrize(
    "text", ["", "\n", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\n\r", "\r", "a\n\nb\n\n", "a\r\r\nb"]
)
def test_split_lines_with_and_without_carriage_returns(text):
    # the shortcut for a text without \r gives what the line-by-line strip gives
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    assert split_lines(text) == [line[:-1] if line.endswith("\r") else line for line in lines]


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
        (b"", EmptyDocumentError, "文件为空"),
        (b"\n  \r\n\t\n", EmptyDocumentError, "文件中没有可读的文字"),
        (PNG, NotADocumentError, "不是可识别的文档（仅支持 txt 与 docx）：PNG 图片"),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            NotADocumentError,
            "不是可识别的文档（仅支持 txt 与 docx）：JPEG 图片",
        ),
        (b"%PDF-1.7\n...", UnsupportedFormatError, "暂不支持 PDF，请另存为 docx"),
        (
            b"\x00\x01\x02\x03binary\x00\x00\xff\xfe\xfd",
            NotADocumentError,
            "不是可识别的文档（仅支持 txt 与 docx）：内容是二进制数据",
        ),
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
    with pytest.raises(
        NotADocumentError,
        match=r"^不是可识别的文档（仅支持 txt 与 docx）：普通 zip 压缩包，不含 word/document\.xml$",
    ):
        extract_bytes(_zip({"a.txt": "共发稿92篇".encode()}), "a.zip")


def test_broken_docx():
    data = make_docx_with_table()
    with pytest.raises(BrokenDocxError, match=r"^docx 文件已损坏，无法打开$"):
        extract_bytes(data[: len(data) // 2], "cut.docx")
    broken = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>not xml"})
    with pytest.raises(BrokenDocxError, match=r"^docx 文件已损坏，无法打开$"):
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
        ZipBombError,
        match=r"^docx 文件解压后过大，疑似压缩炸弹，已拒绝（word/media/image1.bin 压缩比 \d+:1，上限 200:1）$",
    ):
        extract_bytes(bomb, "bomb.docx")


def test_zip_bomb_docx_refused_by_total_size_and_entry_count(monkeypatch):
    monkeypatch.setattr(read_mod, "DOCX_MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ZipBombError, match=r"^docx 文件解压后过大，疑似压缩炸弹，已拒绝（超过 0 MB）$"):
        extract_bytes(_with_entry("word/big.xml", bytes(range(256)) * 100), "big.docx")
    monkeypatch.setattr(read_mod, "DOCX_MAX_ENTRIES", 5)
    with pytest.raises(ZipBombError, match=r"（\d+ 个文件，上限 5）$"):
        extract_bytes(make_docx_with_table(), "many.docx")


def test_macro_enabled_docx_refused():
    with pytest.raises(MacroEnabledError, match=r"^docx 含有宏（vbaProject\.bin），已拒绝$"):
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


def test_legacy_doc_and_undecodable_text_messages(monkeypatch):
    with pytest.raises(UnsupportedFormatError, match=r"^暂不支持旧版 \.doc/\.xls，请另存为 docx$"):
        extract_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc")
    monkeypatch.setattr(
        read_mod,
        "_detect_legacy",
        lambda sample: (_ for _ in ()).throw(read_mod.DecodingError(read_mod.UNKNOWN_ENCODING)),
    )
    with pytest.raises(read_mod.DecodingError, match=r"^无法识别文件编码（支持 UTF-8、GB18030、Big5）$"):
        extract_bytes("共发稿92篇".encode("gb18030"), "x.txt")
