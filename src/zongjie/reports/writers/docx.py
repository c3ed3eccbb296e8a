"""Document tree -> .docx in the GB/T 9704-2012 format (styles in gbt9704.py)."""

from __future__ import annotations

import copy
import io
from functools import cache

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from zongjie.reports.charts import chart_png
from zongjie.reports.tree import ATTACHMENT_TITLE, Chart, Document, Heading
from zongjie.reports.writers.gbt9704 import (
    BODY_FONT,
    HEADING1_FONT,
    HEADING2_FONT,
    SIZE_3,
    STYLE_NAMES,
    TITLE_FONT,
    new_gbt_document,
    set_char_spacing,
    set_fonts,
)

STYLE_FONTS = {
    STYLE_NAMES["title"]: TITLE_FONT,
    STYLE_NAMES["h1"]: HEADING1_FONT,
    STYLE_NAMES["h2"]: HEADING2_FONT,
    STYLE_NAMES["body"]: BODY_FONT,
    STYLE_NAMES["signature"]: BODY_FONT,
    STYLE_NAMES["figure"]: BODY_FONT,
}
CHART_WIDTH = Mm(150)


def _style_ids(doc: DocxDocument) -> dict[str, str]:
    """Style key -> style id, resolved once per document (python-docx looks a style up by
    name on every add_paragraph(style=...), which was a quarter of writing a report)."""
    ids = getattr(doc, "_zj_style_ids", None)
    if ids is None:
        ids = {key: doc.styles[name].style_id for key, name in STYLE_NAMES.items()}
        doc._zj_style_ids = ids
    return ids


def _para(doc: DocxDocument, style_key: str, text: str = "", bold_lead: str = ""):
    style = STYLE_NAMES[style_key]
    paragraph = doc.add_paragraph()
    paragraph._p.style = _style_ids(doc)[style_key]
    if not text and not bold_lead:
        return paragraph
    if bold_lead:
        _run(paragraph, bold_lead, style, bold=True)
    if text:
        _run(paragraph, text, style)
    return paragraph


@cache
def _run_properties(style: str, bold: bool) -> etree._Element:
    """The w:rPr of a run in `style`, built once and copied into every run."""
    run = new_document().add_paragraph().add_run()
    rpr = run._r.get_or_add_rPr()
    set_fonts(rpr, STYLE_FONTS[style])
    set_char_spacing(rpr)
    run.font.size = Pt(22) if style == STYLE_NAMES["title"] else SIZE_3
    if bold:
        run.bold = True
    return rpr


def _run(paragraph, text: str, style: str, bold: bool = False):
    """A run that names its East Asian font itself too: some readers ignore style fonts."""
    run = paragraph.add_run(text)
    run._r.insert(0, copy.deepcopy(_run_properties(style, bold)))
    return run


TITLE_CHARS_PER_LINE = 20  # 2号 (22 pt) characters on the 156 mm type area


def _width(text: str) -> float:
    """Display width in full-width characters (digits and Latin letters count half)."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def title_lines(title: str) -> list[str]:
    """Break a long title where the meaning breaks (before 工作总结), not wherever the line is full."""
    if _width(title) <= TITLE_CHARS_PER_LINE:
        return [title]
    cut = title.find("工作总结")
    if (
        cut > 0
        and _width(title[:cut]) <= TITLE_CHARS_PER_LINE
        and _width(title[cut:]) <= TITLE_CHARS_PER_LINE
    ):
        return [title[:cut], title[cut:]]
    return [title]


def _break_run():
    run = OxmlElement("w:r")
    run.append(OxmlElement("w:br"))
    return run


def _chart(doc: DocxDocument, chart: Chart, number: int) -> None:
    picture = _para(doc, "figure")
    pf = picture.paragraph_format
    # An exact line height would clip the picture to one line.
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = Pt(6)
    picture.add_run().add_picture(io.BytesIO(chart_png(chart)), width=CHART_WIDTH)
    caption = _para(doc, "figure", f"图{number}　{chart.title}")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signature(doc: DocxDocument, unit: str, date_text: str) -> None:
    """Unit name centred over the date; the date four characters in from the right (GB/T 9704 7.3.5)."""
    _para(doc, "body")  # one blank line before the signature
    _para(doc, "body")
    char = SIZE_3.pt - 0.25
    date_indent = 4
    unit_indent = date_indent + max(0.0, (len(date_text) - len(unit)) / 2)
    date_indent += max(0.0, (len(unit) - len(date_text)) / 2)
    for text, indent in ((unit, unit_indent), (date_text, date_indent)):
        p = _para(doc, "signature", text)
        p.paragraph_format.right_indent = Pt(indent * char)


def _attachment(doc: DocxDocument, charts: list[Chart]) -> None:
    """附件 on a new page: the word 附件 top left in 黑体, the attachment's title, the charts."""
    label = _para(doc, "h1", "附件")
    label.paragraph_format.page_break_before = True
    ind = label._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "0")
    ind.set(qn("w:firstLine"), "0")
    _para(doc, "body")
    _para(doc, "title", ATTACHMENT_TITLE)
    _para(doc, "body")
    for number, chart in enumerate(charts, start=1):
        _chart(doc, chart, number)


def write_docx(document: Document) -> bytes:
    doc = new_gbt_document()
    doc.core_properties.title = document.title
    doc.core_properties.author = document.unit_name
    doc.core_properties.subject = f"{document.period_code} 工作总结"
    doc.core_properties.language = "zh-CN"
    title = _para(doc, "title")
    for i, line in enumerate(title_lines(document.title)):
        run = _run(title, line, STYLE_NAMES["title"])
        if i:
            run._r.addprevious(_break_run())
    _para(doc, "body")  # GB/T 9704: one blank line between the title and the body
    for block in document.blocks:
        if isinstance(block, Heading):
            _para(doc, "h1" if block.level == 1 else "h2", block.full)
        else:
            _para(doc, "body", "".join(run.text for run in block.runs), bold_lead=block.lead)
    if document.charts:
        _para(doc, "body")  # GB/T 9704 7.3.3: the attachment note one line below the body
        _para(doc, "body", f"附件：{ATTACHMENT_TITLE}")
    _signature(doc, document.signature, document.date_text)
    if document.charts:
        _attachment(doc, document.charts)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
