"""Whole documents of other shapes (tests/extraction/data/), with exact expected values."""

from __future__ import annotations

import io

import docx
import pytest

from zongjie.extraction import extract_bytes, extract_path

from ._shared import DATA


def _qs(result):
    return [(q.line, q.text, q.value, q.unit, q.qualifier) for q in result.quantities]


def test_county_culture_bureau_simplified_utf8():
    r = extract_path(DATA / "county_culture_utf8.txt")
    assert r.encoding == "utf-8"
    assert [(a.title, a.start_line) for a in r.articles] == [("某县文化广电和旅游局2023年上半年工作总结", 1)]
    assert [(h.line, h.level, h.marker) for h in r.headings] == [
        (4, 1, "一、"), (5, 2, "（一）"), (6, 3, "1．"), (7, 3, "2．"), (8, 2, "（二）"), (10, 2, "（三）"),
        (12, 1, "二、"), (14, 1, "三、"), (15, 2, "（一）"), (16, 2, "（二）"),
    ]  # fmt: skip
    assert _qs(r) == [
        (6, "二百一十二个", 212, "个", "exact"),
        (6, "98.5％", 98.5, "%", "exact"),
        (7, "86场次", 86, "场次", "exact"),
        (7, "约3.2万人次", 32000, "人次", "about"),
        (9, "45件", 45, "件", "exact"),
        (9, "20件", 20, "件", "exact"),
        (9, "15件", 15, "件", "exact"),
        (9, "10件", 10, "件", "exact"),
        (9, "3-5期", None, "期", "exact"),
        (9, "不少于两天", 2, "天", "at_least"),
        (11, "两项", 2, "项", "exact"),
        (11, "120万元", 120, "万元", "exact"),
        (11, "近5000人", 5000, "人", "about"),
        (13, "不到三次", 3, "次", "at_most"),
        (15, "不少于150场", 150, "场", "at_least"),
        (16, "50万元左右", 50, "万元", "about"),
    ]
    assert r.quantities[8].range == (3, 5)
    assert [(b.total, b.parts, b.consistent) for b in r.breakdowns] == [(4, [5, 6, 7], True)]
    assert [(d.line, d.iso) for d in r.dates] == [(11, "--03-15/--03-17"), (19, "2023-07-05")]


def test_trade_union_traditional_big5():
    data = (DATA / "trade_union_big5.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    r = extract_bytes(data, "trade_union_big5.txt")
    assert r.encoding in ("cp950", "big5", "big5hkscs")
    assert r.articles[0].title == "某市總工會2022年上半年工作總結"
    assert [(h.line, h.level, h.marker) for h in r.headings] == [
        (3, 1, "第一部分"), (4, 2, "一、"), (5, 3, "⑴"), (6, 3, "⑵"), (7, 2, "二、"), (9, 2, "三、"),
        (11, 1, "第二部分"), (12, 2, "一、"), (13, 2, "二、"),
    ]  # fmt: skip
    assert _qs(r) == [
        (5, "二十六場", 26, "场", "exact"),
        (5, "一萬五千餘人", 15000, "人", "over"),
        (6, "3支", 3, "支", "exact"),
        (6, "十二次", 12, "次", "exact"),
        (8, "1200戶", 1200, "户", "exact"),
        (8, "85.6萬元", 85.6, "万元", "exact"),
        (8, "40萬元", 40, "万元", "exact"),
        (8, "45.6萬元", 45.6, "万元", "exact"),
        (8, "xx名", None, "名", "exact"),
        (10, "一百零八家", 108, "家", "exact"),
        (10, "約6800人", 6800, "人", "about"),
        (10, "5個百分點", 5, "百分点", "exact"),
        (12, "不少於十項", 10, "项", "at_least"),
        (13, "300名左右", 300, "名", "about"),
    ]
    assert r.quantities[8].placeholder is True
    assert [(b.total, b.parts, b.consistent) for b in r.breakdowns] == [(5, [6, 7], True)]
    assert [(d.line, d.text, d.iso) for d in r.dates] == [(15, "二○二二年七月八日", "2022-07-08")]


def test_district_news_gb18030_with_an_inconsistent_breakdown():
    data = (DATA / "district_news_gb18030.txt").read_bytes()
    r = extract_bytes(data, "district_news_gb18030.txt")
    assert r.encoding == "gb18030"
    assert [h.text for h in r.headings] == ["对外宣传", "网络宣传", "社会宣传", "下一步打算"]
    assert _qs(r)[:8] == [
        (5, "156篇", 156, "篇", "exact"),
        (5, "12篇", 12, "篇", "exact"),
        (5, "48篇", 48, "篇", "exact"),
        (5, "90篇", 90, "篇", "exact"),
        (5, "xx人", None, "人", "exact"),
        (5, "两期", 2, "期", "exact"),
        (5, "约120人次", 120, "人次", "about"),
        (7, "2,350条", 2350, "条", "exact"),
    ]
    assert _qs(r)[8:] == [
        (7, "800余条", 800, "条", "over"),
        (7, "超过50万次", 500000, "次", "over"),
        (7, "30%", 30, "%", "exact"),
        (9, "60块", 60, "块", "exact"),
        (9, "一百二十条", 120, "条", "exact"),
        (9, "1.2万份", 12000, "份", "exact"),
        (11, "一期", 1, "期", "exact"),
        (11, "两次", 2, "次", "exact"),
        (11, "不少于300篇", 300, "篇", "at_least"),
        (11, "100%", 100, "%", "exact"),
    ]
    assert [(b.total, b.parts, b.consistent) for b in r.breakdowns] == [
        (0, [1, 2, 3], False)
    ]  # 12+48+90 != 156


def test_flattened_one_line_body():
    path = DATA / "flattened_body_utf8.txt"
    r = extract_path(path)
    body = path.read_text(encoding="utf-8").split("\n")[1]
    assert [(h.line, h.level, h.marker, h.text, h.inline) for h in r.headings] == [
        (2, 1, "一、", "理论学习", False),
        (2, 1, "二、", "新闻宣传", True),
        (2, 2, "（一）", "网络宣传", True),
        (2, 2, "（二）", "社会宣传", True),
        (2, 1, "三、", "精神文明建设", True),
    ]
    assert [h.char for h in r.headings if h.inline] == [31, 62, 81, 99]
    for h in r.headings:
        assert body[h.char :].startswith(h.marker)
    assert _qs(r) == [
        (2, "8次", 8, "次", "exact"),
        (2, "3场", 3, "场", "exact"),
        (2, "36篇", 36, "篇", "exact"),
        (2, "6篇", 6, "篇", "exact"),
        (2, "120条", 120, "条", "exact"),
        (2, "200余条", 200, "条", "over"),
        (2, "10名", 10, "名", "exact"),
        (2, "15次", 15, "次", "exact"),
        (2, "500多人次", 500, "人次", "over"),
    ]
    assert [(b.total, b.parts, b.consistent) for b in r.breakdowns] == [(2, [3], None)]
    assert [(d.line, d.iso) for d in r.dates] == [(4, "2020-07-01")]


def make_docx_with_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("某县委宣传部2024年上半年工作总结")
    document.add_paragraph("一、新闻宣传")
    document.add_paragraph("上半年共发稿120篇，其中省级40篇，市级80篇。")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [("项目", "数量", "备注"), ("理论宣讲", "35场", "覆盖约2000人"), ("志愿服务", "12次", "")]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、下半年工作计划")
    document.add_paragraph("2024年7月3日")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_docx_with_a_table_of_figures():
    r = extract_bytes(make_docx_with_table(), "summary.docx")
    assert r.kind == "docx"
    assert r.articles[0].title == "某县委宣传部2024年上半年工作总结"
    assert [(h.line, h.level, h.marker, h.text) for h in r.headings] == [
        (2, 1, "一、", "新闻宣传"),
        (7, 1, "二、", "下半年工作计划"),
    ]
    assert _qs(r) == [
        (3, "120篇", 120, "篇", "exact"),
        (3, "40篇", 40, "篇", "exact"),
        (3, "80篇", 80, "篇", "exact"),
        (5, "35场", 35, "场", "exact"),
        (5, "约2000人", 2000, "人", "about"),
        (6, "12次", 12, "次", "exact"),
    ]
    assert [(b.total, b.parts, b.consistent) for b in r.breakdowns] == [(0, [1, 2], True)]
    assert [(d.line, d.iso) for d in r.dates] == [(8, "2024-07-03")]


def test_file_name_does_not_choose_the_reader(tmp_path):
    path = tmp_path / "really_a_docx.txt"
    path.write_bytes(make_docx_with_table())
    assert extract_path(path).kind == "docx"
