"""The writers: GB/T 9704 values read back from the docx XML, HTML with ECharts, Markdown."""

from __future__ import annotations

import io
import json
import re
import zipfile
from html.parser import HTMLParser

import pytest
from lxml import etree

from tests.reports.fixtures import sample_data
from zongjie.reports.compose import compose
from zongjie.reports.writers.docx import write_docx
from zongjie.reports.writers.html import ECHARTS_SRC, render_html_fragment, render_html_page
from zongjie.reports.writers.markdown import render_markdown

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def document():
    return compose(sample_data())


@pytest.fixture(scope="module")
def parts(document) -> dict[str, etree._Element]:
    data = write_docx(document)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        out = {n: etree.fromstring(z.read(n)) for n in names if n.endswith(".xml") and n.startswith("word/")}
        out["_media"] = [n for n in names if n.startswith("word/media/")]  # type: ignore[assignment]
    return out


def _style(parts, name: str):
    styles = parts["word/styles.xml"]
    found = styles.xpath(f"//w:style[w:name/@w:val='{name}']", namespaces=NS)
    assert found, name
    return found[0]


def test_page_a4_and_gbt9704_margins_in_twips(parts):
    sect = parts["word/document.xml"].find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")  # 210 x 297 mm
    mar = sect.find("w:pgMar", NS)
    # 37 mm = 2097.6 twips, 35 mm = 1984.3, 28 mm = 1587.4, 26 mm = 1474.0
    assert {k: mar.get(w(k)) for k in ("top", "bottom", "left", "right")} == {
        "top": "2098",
        "bottom": "1984",
        "left": "1587",
        "right": "1474",
    }
    grid = sect.find("w:docGrid", NS)
    assert grid.get(w("type")) == "lines" and grid.get(w("linePitch")) == "579"
    assert grid.get(w("charSpace")) is None


@pytest.mark.parametrize(
    ("style", "font", "half_points"),
    [
        ("ZJ 标题", "方正小标宋简体", "44"),
        ("ZJ 一级标题", "黑体", "32"),
        ("ZJ 二级标题", "楷体_GB2312", "32"),
        ("ZJ 正文", "仿宋_GB2312", "32"),
    ],
)
def test_styles_name_the_east_asian_font_and_size(parts, style, font, half_points):
    el = _style(parts, style)
    fonts = el.find("w:rPr/w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == font
    assert fonts.get(w("eastAsiaTheme")) is None and fonts.get(w("asciiTheme")) is None
    assert el.find("w:rPr/w:sz", NS).get(w("val")) == half_points
    assert el.find("w:rPr/w:spacing", NS).get(w("val")) == "-5"  # 0.25 pt tighter: 28 characters a line
    spacing = el.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")  # 28.95 pt


def test_body_first_line_indent_two_characters(parts):
    ind = _style(parts, "ZJ 正文").find("w:pPr/w:ind", NS)
    assert ind.get(w("firstLineChars")) == "200" and ind.get(w("firstLine")) == "640"
    assert _style(parts, "ZJ 标题").find("w:pPr/w:jc", NS).get(w("val")) == "center"


def test_doc_defaults_have_no_theme_fonts(parts):
    fonts = parts["word/styles.xml"].find(".//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == "仿宋_GB2312"
    assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]


def test_every_text_run_names_its_east_asian_font(parts, document):
    body = parts["word/document.xml"]
    runs = [r for r in body.iter(w("r")) if r.find("w:t", NS) is not None]
    assert runs
    missing = [
        r
        for r in runs
        if r.find("w:rPr/w:rFonts", NS) is None or not r.find("w:rPr/w:rFonts", NS).get(w("eastAsia"))
    ]
    assert missing == []
    title = body.find(".//w:p", NS)
    assert "".join(t.text for t in title.iter(w("t"))) == document.title
    # Broken where the meaning breaks: 安平县委宣传部2026年上半年 / 工作总结及下半年工作计划
    assert [t.text for t in title.iter(w("t"))] == ["安平县委宣传部2026年上半年", "工作总结及下半年工作计划"]
    assert len(list(title.iter(w("br")))) == 1
    title_run = title.find("w:r", NS)
    assert title_run.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "方正小标宋简体"
    assert title_run.find("w:rPr/w:sz", NS).get(w("val")) == "44"


def test_page_numbers_in_the_footer_odd_right_even_left(parts):
    assert parts["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    footers = {n: el for n, el in parts.items() if n.startswith("word/footer")}
    assert len(footers) == 2
    aligns = set()
    for el in footers.values():
        text = "".join(t.text for t in el.iter(w("t")))
        assert text == "— 1 —"
        assert "PAGE" in "".join(t.text for t in el.iter(w("instrText")))
        assert {s.get(w("val")) for s in el.iter(w("sz"))} == {"28"}  # 四号 14 pt
        aligns.add(el.find(".//w:pPr/w:jc", NS).get(w("val")))
    assert aligns == {"right", "left"}


# Schema order of the children of w:rPr and w:pPr that the writer uses (Word rejects others).
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "snapToGrid",
    "color",
    "spacing",
    "w",
    "kern",
    "sz",
    "szCs",
    "lang",
]
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "snapToGrid", "spacing", "ind",
             "jc", "outlineLvl", "rPr"]  # fmt: skip


@pytest.mark.parametrize("part", ["word/styles.xml", "word/document.xml", "word/footer1.xml"])
def test_property_children_in_schema_order(parts, part):
    for tag, order in (("rPr", RPR_ORDER), ("pPr", PPR_ORDER)):
        for el in parts[part].iter(w(tag)):
            names = [etree.QName(c).localname for c in el]
            known = [n for n in names if n in order]
            assert known == sorted(known, key=order.index), names


def test_charts_are_pictures_in_an_attachment(parts, document):
    assert len(parts["_media"]) == len(document.charts) == 3
    texts = ["".join(t.text for t in p.iter(w("t"))) for p in parts["word/document.xml"].iter(w("p"))]
    assert "附件：工作情况统计图" in texts
    assert texts.index("附件") > texts.index("2026年7月2日")
    assert "图1　各项工作考核积分" in texts


class _Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.options, self.scripts, self.figures = [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "div" and "data-option" in a:
            self.options.append(json.loads(a["data-option"]))
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "span" and a.get("class") == "zj-figure":
            self.figures.append(a)


def test_html_fragment_and_page(document):
    fragment = render_html_fragment(document)
    assert fragment.startswith('<article class="zj-report"') and "<html" not in fragment
    parsed = _Charts()
    parsed.feed(fragment)
    assert [o["title"]["text"] for o in parsed.options] == [
        "各项工作考核积分",
        "各级媒体稿件数",
        "与去年同期对比",
    ]
    assert parsed.options[1]["series"][0]["data"] == [3.0, 33.0, 56.0, 4.0]
    plus = next(f for f in parsed.figures if f["data-metric"] == "articles_municipal_plus")
    assert len(plus["data-entries"].split(",")) == 92
    page = render_html_page(document)
    full = _Charts()
    full.feed(page)
    assert full.scripts == [ECHARTS_SRC] == ["/static/vendor/echarts/echarts.min.js"]
    assert '<html lang="zh-CN">' in page and f"<title>{document.title}</title>" in page


def test_markdown(document):
    md = render_markdown(document)
    assert md.startswith(f"# {document.title}\n")
    assert "## 一、上半年工作情况" in md and "### （一）理论武装工作扎实开展" in md
    assert "**1\\.媒体刊播。**共在市级以上媒体播发稿件92篇" in md
    assert not re.search(r"^\d+\.", md, re.M)  # no accidental Markdown lists
    assert md.rstrip().splitlines()[-1] == "| 学习场次 | 9 | 9 |"


def test_title_lines():
    from zongjie.reports.writers.docx import title_lines

    assert title_lines("甲镇2026年上半年工作总结及下半年工作计划") == [
        "甲镇2026年上半年工作总结及下半年工作计划"
    ]
    assert title_lines("清河市卫生健康委员会2026年上半年工作总结及下半年工作计划") == [
        "清河市卫生健康委员会2026年上半年",
        "工作总结及下半年工作计划",
    ]
