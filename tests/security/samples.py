"""Real PDF and image files for the upload tests, made here with pypdf and Pillow (no mocks).

clean_pdf()                      a one-page PDF with nothing active
pdf_with(add)                    a PDF made by pypdf's writer, changed by add(writer)
pdf_with_escaped_names()         /OpenAction << /S /J#61vaScript /J#53 (...) >>
pdf_with_object_stream(action)   the action inside a Flate-compressed object stream (PDF 1.5)
png_bytes(), jpeg_bytes()        small real pictures
"""

from __future__ import annotations

import io
import struct
import zlib

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with(add=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if add is not None:
        add(writer)
    return _written(writer)


def clean_pdf() -> bytes:
    return pdf_with()


def js_action(code: str = "app.alert(1)") -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(code)}
    )


def pdf_with_escaped_names() -> bytes:
    """The names spelt with #-escapes, which a viewer reads as /JavaScript and /JS."""

    def add(writer: PdfWriter) -> None:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/PlaceHolderA"),
                NameObject("/QQQQ"): TextStringObject("app.alert(1)"),
            }
        )

    data = pdf_with(add)
    # same lengths, so the cross-reference offsets stay right
    data = data.replace(b"/PlaceHolderA", b"/J#61vaScript").replace(b"/QQQQ", b"/J#53")
    assert b"/JavaScript" not in data and b"/JS" not in data
    return data


def _serialise(obj) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def pdf_with_object_stream(action: DictionaryObject | None) -> bytes:
    """A PDF 1.5 file whose catalog's /OpenAction (object 4) lives in a compressed object stream
    (object 5), indexed by a cross-reference stream (object 6). `action=None` gives a clean one
    with a harmless /GoTo action in the same place."""
    if action is None:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([NameObject("/Fit")]),
            }
        )
    stored = _serialise(action)
    header = b"4 0 "
    objstm = zlib.compress(header + stored)
    parts = [b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"]
    offsets: dict[int, int] = {}

    def emit(num: int, body: bytes) -> None:
        offsets[num] = sum(len(p) for p in parts)
        parts.append(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    emit(1, b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>")
    emit(2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    emit(3, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>")
    emit(
        5,
        b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(header), len(objstm))
        + objstm
        + b"\nendstream",
    )
    xref_at = sum(len(p) for p in parts)
    offsets[6] = xref_at
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for num in range(1, 7):
        if num == 4:
            rows.append(struct.pack(">BIH", 2, 5, 0))  # in object stream 5, index 0
        else:
            rows.append(struct.pack(">BIH", 1, offsets[num], 0))
    table = b"".join(rows)
    parts.append(
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    )
    return b"".join(parts)


def png_bytes(size=(40, 30), colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(size=(40, 30), colour=(30, 30, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()
