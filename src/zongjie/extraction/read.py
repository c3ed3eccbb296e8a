"""Step 1 — read: bytes or a path to the file's lines, by a reader chosen from a registry.

Readers are chosen by sniffing the content, never by the file name: a zip holding
``word/document.xml`` is a Word document, known binary signatures are refused, and
anything else must decode as text (strict UTF-8 first, then GB18030 / Big5: the one whose
decoding is clearly ordinary Chinese, else as charset-normalizer judges). A .docx yields one
line per paragraph and one line per table row (cells joined by a tab), in document order.
"""

from __future__ import annotations

import codecs
import functools
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    BROKEN_DOCX,
    EMPTY_FILE,
    MACRO,
    NO_TEXT,
    NOT_A_DOCUMENT,
    UNKNOWN_ENCODING,
    ZIP_BOMB,
    BrokenDocxError,
    DecodingError,
    EmptyDocumentError,
    MacroEnabledError,
    NotADocumentError,
    UnsupportedFormatError,
    ZipBombError,
)

#: Limits for a .docx package (a zip): declared and actual uncompressed bytes, ratio, entries.
DOCX_MAX_TOTAL_BYTES = 256 * 1024 * 1024
DOCX_MAX_RATIO = 200
DOCX_RATIO_MIN_BYTES = 1024 * 1024  # the ratio limit applies to entries at least this large
DOCX_MAX_ENTRIES = 5000

#: Binary signatures refused outright: (magic, description, error class).
_SIGNATURES: tuple[tuple[bytes, str, type[NotADocumentError]], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG 图片", NotADocumentError),
    (b"\xff\xd8\xff", "JPEG 图片", NotADocumentError),
    (b"GIF87a", "GIF 图片", NotADocumentError),
    (b"GIF89a", "GIF 图片", NotADocumentError),
    (b"BM", "", NotADocumentError),  # checked with a size test below
    (b"II*\x00", "TIFF 图片", NotADocumentError),
    (b"MM\x00*", "TIFF 图片", NotADocumentError),
    (b"RIFF", "音视频或 WebP 图片", NotADocumentError),
    (b"%PDF-", "暂不支持 PDF，请另存为 docx", UnsupportedFormatError),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "暂不支持旧版 .doc/.xls，请另存为 docx",
        UnsupportedFormatError,
    ),
    (b"\x7fELF", "可执行程序", NotADocumentError),
    (b"MZ", "", NotADocumentError),  # Windows executable, checked with a NUL test below
    (b"\x1f\x8b", "gzip 压缩包", NotADocumentError),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", NotADocumentError),
    (b"Rar!\x1a\x07", "RAR 压缩包", NotADocumentError),
    (b"{\\rtf", "暂不支持 RTF，请另存为 docx", UnsupportedFormatError),
)

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_SNIFF_BYTES = 8192


@dataclass(slots=True)
class RawDocument:
    """A file read into lines (``\\n``-separated, ``\\r`` stripped) as the file gives them."""

    lines: list[str]
    kind: str  # "text" | "docx"
    encoding: str


# --------------------------------------------------------------------------- registry


@dataclass(frozen=True, slots=True)
class Reader:
    """A registry entry: ``sniff(head)`` says whether it handles the bytes, ``read`` reads them."""

    name: str
    sniff: Callable[[bytes], bool]
    read: Callable[[bytes], RawDocument]


def _is_zip(head: bytes) -> bool:
    return head[:4] in _ZIP_MAGICS


def _refuse_binary(head: bytes) -> bool:
    return _binary_reason(head) is not None


def _binary_reason(head: bytes) -> tuple[str, type[NotADocumentError]] | None:
    for magic, what, cls in _SIGNATURES:
        if not head.startswith(magic):
            continue
        if magic in (b"BM", b"MZ"):  # short magics: also need binary content
            if b"\x00" in head[:64]:
                return ("BMP 图片" if magic == b"BM" else "可执行程序"), cls
            continue
        return what, cls
    return None


def _read_refused(data: bytes) -> RawDocument:
    reason = _binary_reason(data[:_SNIFF_BYTES])
    assert reason is not None
    what, cls = reason
    raise cls(what if cls is UnsupportedFormatError else f"{NOT_A_DOCUMENT}：{what}")


def _read_zip(data: bytes) -> RawDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BrokenDocxError(BROKEN_DOCX) from exc
    if "word/document.xml" not in names:
        raise NotADocumentError(f"{NOT_A_DOCUMENT}：普通 zip 压缩包，不含 word/document.xml")
    return read_docx(data)


def _read_text(data: bytes) -> RawDocument:
    text, encoding = decode_text(data)
    return RawDocument(lines=split_lines(text), kind="text", encoding=encoding)


#: The registry, tried in order; the last entry (text) accepts whatever is left.
READERS: list[Reader] = [
    Reader("zip/docx", _is_zip, _read_zip),
    Reader("binary", _refuse_binary, _read_refused),
    Reader("text", lambda head: True, _read_text),
]


def choose_reader(head: bytes) -> Reader:
    """The first registered reader whose sniff accepts these leading bytes."""
    for reader in READERS:
        if reader.sniff(head):
            return reader
    raise NotADocumentError(NOT_A_DOCUMENT)  # pragma: no cover - text accepts all


def read_bytes(data: bytes) -> RawDocument:
    """Read a whole file's bytes into lines. Raises an ``ExtractionError`` subclass."""
    if not data:
        raise EmptyDocumentError(EMPTY_FILE)
    doc = choose_reader(data[:_SNIFF_BYTES]).read(data)
    if not any(line.strip() for line in doc.lines):
        raise EmptyDocumentError(NO_TEXT)
    return doc


# --------------------------------------------------------------------------- text


def split_lines(text: str) -> list[str]:
    """The file's lines: split on ``\\n`` only, a trailing ``\\r`` dropped from each."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "\r" not in text:  # (one search of the text: the usual case costs no pass over the lines)
        return lines
    return [line[:-1] if line.endswith("\r") else line for line in lines]


_CONTROL = frozenset(chr(c) for c in range(32)) - {"\t", "\n", "\r", "\x0c", "\x0b"}


def _check_textual(sample: str) -> None:
    if not sample:
        return
    bad = sum(1 for ch in sample if ch in _CONTROL or ch == "\ufffd")
    if "\x00" in sample or bad > max(2, len(sample) // 100):
        raise NotADocumentError(f"{NOT_A_DOCUMENT}：内容是二进制数据")


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """The characters in everyday use in either script, taken from the codecs themselves:
    GB2312's first level (3,755 Simplified) and Big5's frequent block (5,401 Traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        chars.update(bytes([lead, trail]).decode("gb2312", errors="ignore") for trail in range(0xA1, 0xFF))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xA4, 0xC7):
        # C6A1 onwards is kana and symbols, not the frequent block
        trails = big5_trails if lead < 0xC6 else range(0x40, 0x7F)
        chars.update(bytes([lead, trail]).decode("cp950", errors="ignore") for trail in trails)
    chars.discard("")
    return frozenset(chars)


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` that are common hanzi in either script."""
    common = _common_hanzi()
    wide = [ch for ch in text if ord(ch) > 0x7F and not ch.isspace()]
    return sum(ch in common for ch in wide) / len(wide) if wide else 0.0


def _by_common_hanzi(sample: bytes, candidates: list[str]) -> str | None:
    """The candidate whose decoding reads as ordinary Chinese, when one clearly does.

    Big5 bytes are nearly always valid GB18030 too, and decoded so they turn into rare
    characters and kana (宣傳 → 肚稱); the right decoding of a real text has at least ~80 %
    common hanzi, a wrong one at most ~40 % (measured on every corpus text both ways)."""
    shares = sorted(
        ((_common_share(sample.decode(enc, errors="ignore")), enc) for enc in candidates), reverse=True
    )
    if len(shares) > 1 and shares[0][0] - shares[1][0] >= 0.2:
        return shares[0][1]
    return None


def _detect_legacy(sample: bytes) -> str:
    """GB18030 or Big5 (as cp950 / big5hkscs) for bytes that are not UTF-8."""
    candidates = []
    for enc in ("gb18030", "cp950", "big5hkscs"):
        try:
            sample.decode(enc)
        except UnicodeDecodeError as exc:
            # a sequence cut at the end of the sample is fine
            if exc.start < len(sample) - 4:
                continue
        candidates.append(enc)
    if len(candidates) == 1:
        return candidates[0]
    clear = _by_common_hanzi(sample, [enc for enc in candidates if enc != "big5hkscs"])
    if clear is not None:
        return clear
    from charset_normalizer import from_bytes

    isolation = candidates or ["gb18030", "big5", "cp950", "big5hkscs", "utf_8"]
    best = from_bytes(sample, cp_isolation=isolation).best()
    if best is None:
        if candidates:
            return candidates[0]
        raise DecodingError(UNKNOWN_ENCODING)
    name = best.encoding.lower().replace("-", "_")
    if name in ("big5", "big5hkscs", "cp950"):
        # one family: prefer cp950 (Windows Big5), HKSCS only for what cp950 cannot decode
        return "cp950" if "cp950" in candidates or not candidates else name
    return {"gbk": "gb18030", "gb2312": "gb18030"}.get(name, name)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs, strict UTF-8, else GB18030 / Big5. Returns (text, encoding)."""
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, enc = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data[:_SNIFF_BYTES]:
                raise NotADocumentError(f"{NOT_A_DOCUMENT}：内容是二进制数据") from None
            enc = _detect_legacy(data[: 1 << 20])
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                text = data.decode(enc, errors="replace")
    _check_textual(text[:_SNIFF_BYTES])
    return text, enc


# --------------------------------------------------------------------------- docx


def _guard_zip(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > DOCX_MAX_ENTRIES:
        raise ZipBombError(f"{ZIP_BOMB}（{len(infos)} 个文件，上限 {DOCX_MAX_ENTRIES}）")
    total = 0
    for info in infos:
        base = info.filename.rsplit("/", 1)[-1].lower()
        if base == "vbaproject.bin":
            raise MacroEnabledError(MACRO)
        total += info.file_size
        if total > DOCX_MAX_TOTAL_BYTES:
            raise ZipBombError(f"{ZIP_BOMB}（超过 {DOCX_MAX_TOTAL_BYTES // (1024 * 1024)} MB）")
        if info.file_size >= DOCX_RATIO_MIN_BYTES and info.file_size > DOCX_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ZipBombError(
                f"{ZIP_BOMB}（{info.filename} 压缩比 {info.file_size // max(info.compress_size, 1)}:1，"
                f"上限 {DOCX_MAX_RATIO}:1）"
            )
    # declared sizes can lie: count the bytes actually inflated, with the same limit
    actual = 0
    for info in infos:
        with zf.open(info) as fh:
            while chunk := fh.read(1 << 20):
                actual += len(chunk)
                if actual > DOCX_MAX_TOTAL_BYTES:
                    raise ZipBombError(f"{ZIP_BOMB}（实际解压大小超过上限）")


def read_docx(data: bytes) -> RawDocument:
    """Paragraphs and table rows of a .docx, in document order, one line each."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _guard_zip(zf)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        raise BrokenDocxError(BROKEN_DOCX) from exc
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for child in document.element.body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(child, document).text)
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    seen: set[int] = set()
                    cells = []
                    for cell in row.cells:
                        if id(cell._tc) in seen:  # merged cells repeat
                            continue
                        seen.add(id(cell._tc))
                        cells.append(" ".join(p.text for p in cell.paragraphs).strip())
                    lines.append("\t".join(cells))
    except Exception as exc:
        raise BrokenDocxError(BROKEN_DOCX) from exc
    # a paragraph may hold soft line breaks: keep one file line per paragraph
    return RawDocument(
        lines=[ln.replace("\n", " ").replace("\r", " ") for ln in lines], kind="docx", encoding=""
    )


# --------------------------------------------------------------------------- streaming


def iter_path_lines(
    path: str | os.PathLike[str], chunk_size: int = 1 << 20
) -> tuple[RawDocument, Iterator[str]]:
    """Open a file for streaming. Returns (info with empty ``lines``, iterator over its lines).

    A .docx is read whole (python-docx needs the package); text is decoded chunk by chunk
    so a large file never sits in memory as one string.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocumentError(EMPTY_FILE)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    reader = choose_reader(head)
    if reader.name != "text":
        doc = reader.read(path.read_bytes())
        if not any(line.strip() for line in doc.lines):
            raise EmptyDocumentError(NO_TEXT)
        return RawDocument([], doc.kind, doc.encoding), iter(doc.lines)
    encoding = _stream_encoding(path, head, chunk_size)
    return RawDocument([], "text", encoding), _iter_decoded_lines(path, encoding, chunk_size)


def _stream_encoding(path: Path, head: bytes, chunk_size: int) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(chunk_size):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in head:
        raise NotADocumentError(f"{NOT_A_DOCUMENT}：内容是二进制数据")
    with path.open("rb") as fh:
        sample = fh.read(1 << 20)
    return _detect_legacy(sample)


def _iter_decoded_lines(path: Path, encoding: str, chunk_size: int) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending = ""
    checked = False
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(chunk_size)
            text = decoder.decode(chunk, final=not chunk)
            if not checked and text:
                _check_textual(text[:_SNIFF_BYTES])
                checked = True
            if text:
                parts = (pending + text).split("\n")
                pending = parts.pop()
                for line in parts:
                    yield line[:-1] if line.endswith("\r") else line
            if not chunk:
                break
    if pending:
        yield pending[:-1] if pending.endswith("\r") else pending
