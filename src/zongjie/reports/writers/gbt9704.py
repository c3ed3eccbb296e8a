"""GB/T 9704-2012 page and styles, built in code on python-docx's default template.

Page: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a `lines` grid of
28.95 pt with 0.25 pt tighter character spacing, which LibreOffice and Word both draw
as 22 lines of 28 characters. Fonts are the official ones offices have in Word; the
East Asian font is set in w:rFonts/@w:eastAsia (python-docx's font.name sets only
ascii/hAnsi), in the styles and again in every run, and the theme-font attributes of
the default template are removed because they would override the explicit names.

`python -m zongjie.reports.writers.gbt9704 OUT.docx` writes the styles as an empty
template (for offices that want to write by hand in the same format).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from functools import lru_cache

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
BODY_FONT = "仿宋_GB2312"
PAGE_NUMBER_FONT = "宋体"
# Digits and Latin letters are set in the same font as the Chinese around them, as most
# offices' templates do (GB/T 9704 names no Latin font).
LATIN_FONT = ""

SIZE_2 = Pt(22)  # 二号
SIZE_3 = Pt(16)  # 三号
SIZE_4 = Pt(14)  # 四号
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579  # 28.95 pt
CHAR_SPACING_TWENTIETHS = -5  # -0.25 pt: 28 characters a line on the 156 mm type area
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
FOOTER_DISTANCE = Mm(24)  # the page number sits about 7 mm below the type area


# OOXML wants the children of w:rPr and w:pPr in schema order (Word rejects others).
RPR_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)  # fmt: skip
PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
PPR_AFTER_SNAP = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", *PPR_AFTER_OUTLINE,
)  # fmt: skip


@dataclass(frozen=True)
class StyleSpec:
    name: str
    font: str
    size: Pt
    align: WD_ALIGN_PARAGRAPH | None = WD_ALIGN_PARAGRAPH.JUSTIFY
    indent_chars: int = 2
    bold: bool = False
    outline: int | None = None
    snap: bool = True  # snap to the document grid (off for the 2号 title and pictures)


STYLES = [
    StyleSpec("ZJ 标题", TITLE_FONT, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, 0, snap=False),
    StyleSpec("ZJ 一级标题", HEADING1_FONT, SIZE_3, outline=0),
    StyleSpec("ZJ 二级标题", HEADING2_FONT, SIZE_3, outline=1),
    StyleSpec("ZJ 正文", BODY_FONT, SIZE_3),
    StyleSpec("ZJ 署名", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT, 0),
    StyleSpec("ZJ 图", BODY_FONT, SIZE_3, WD_ALIGN_PARAGRAPH.CENTER, 0, snap=False),
    StyleSpec("ZJ 页码", PAGE_NUMBER_FONT, SIZE_4, None, 0),
]
STYLE_NAMES = {
    "title": "ZJ 标题",
    "h1": "ZJ 一级标题",
    "h2": "ZJ 二级标题",
    "body": "ZJ 正文",
    "signature": "ZJ 署名",
    "figure": "ZJ 图",
    "page": "ZJ 页码",
}


def set_fonts(rpr, east_asian: str, latin: str = LATIN_FONT) -> None:
    """w:rFonts with explicit names only (theme attributes removed, they would win)."""
    latin = latin or east_asian
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)


def set_char_spacing(rpr, twentieths: int = CHAR_SPACING_TWENTIETHS) -> None:
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(twentieths))


def _first_line_chars(ppr, chars: int, size: Pt) -> None:
    ind = ppr.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * size.pt * 20)))


def _add_style(doc: DocxDocument, spec: StyleSpec) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = None
    style.quick_style = True
    font = style.font
    font.size = spec.size
    font.bold = spec.bold
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.font)
    if spec.name != "ZJ 页码":
        set_char_spacing(rpr)
    pf = style.paragraph_format
    if spec.align is not None:
        pf.alignment = spec.align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if spec.name != "ZJ 页码":
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE_PITCH
    pf.widow_control = True
    if spec.indent_chars:
        _first_line_chars(style.element.get_or_add_pPr(), spec.indent_chars, spec.size)
    ppr = style.element.get_or_add_pPr()
    if not spec.snap:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        ppr.insert_element_before(snap, *PPR_AFTER_SNAP)
    if spec.outline is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(spec.outline))
        ppr.insert_element_before(outline, *PPR_AFTER_OUTLINE)
        pf.keep_with_next = True


def _doc_defaults(doc: DocxDocument) -> None:
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is not None:
            el.set(qn("w:val"), str(int(SIZE_3.pt * 2)))
    normal = doc.styles["Normal"]
    normal.font.size = SIZE_3
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)


def setup_page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Mm(15)
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    for attr in list(grid.attrib):
        del grid.attrib[attr]
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def build_gbt_document() -> DocxDocument:
    """An empty python-docx document with the GB/T 9704 page, styles and page numbers."""
    doc = new_document()
    _doc_defaults(doc)
    for spec in STYLES:
        _add_style(doc, spec)
    setup_page(doc)
    _page_numbers(doc)
    return doc


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The built template saved once: opening it is as cheap as python-docx's own default."""
    out = io.BytesIO()
    build_gbt_document().save(out)
    return out.getvalue()


def new_gbt_document() -> DocxDocument:
    """A fresh document from the GB/T 9704 template (styles built once per process)."""
    return new_document(io.BytesIO(template_bytes()))


def _page_number_paragraph(paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— 1 —" with a PAGE field, one character in from the edge (GB/T 9704 7.5)."""
    paragraph.style = STYLE_NAMES["page"]
    paragraph.alignment = align
    pf = paragraph.paragraph_format
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = SIZE_4
    else:
        pf.left_indent = SIZE_4

    def run(*children) -> None:
        r = paragraph.add_run()
        rpr = r._r.get_or_add_rPr()
        set_fonts(rpr, PAGE_NUMBER_FONT)
        r.font.size = SIZE_4
        for child in children:
            r._r.append(child)

    def text(value: str):
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = value
        return t

    def fld(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run(text("— "))
    run(fld("begin"))
    run(instr)
    run(fld("separate"))
    run(text("1"))
    run(fld("end"))
    run(text(" —"))


def _page_numbers(doc: DocxDocument) -> None:
    """Odd pages right, even pages left (w:evenAndOddHeaders in settings)."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    section.footer.is_linked_to_previous = False
    _page_number_paragraph(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    section.even_page_footer.is_linked_to_previous = False
    _page_number_paragraph(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法: python -m zongjie.reports.writers.gbt9704 输出文件.docx", file=sys.stderr)
        return 2
    build_gbt_document().save(argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
