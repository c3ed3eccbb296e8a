"""Step 4: headings and their nesting levels."""

from __future__ import annotations

from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.split import split_articles
from zongjie.extraction.structure import find_headings, heading_text_end, marker_number


def _headings(text: str):
    (article,) = list(split_articles(normalise_lines(text.split("\n"))))
    return [(h.line, h.level, h.marker, h.text, h.inline, h.char) for h in find_headings(article)]


def test_levels_are_nesting_depth_not_marker_type():
    text = "某局工作总结\n一、成绩\n1、学习。\n2、宣传\n下半年工作打算\n1、继续\n二、计划\n（一）学习\n1.读书\n（1）每月一次\n2.写作"
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [
        (2, 1, "一、"),
        (3, 2, "1、"),
        (4, 2, "2、"),
        (5, 1, ""),
        (6, 2, "1、"),
        (7, 1, "二、"),
        (8, 2, "（一）"),
        (9, 3, "1."),
        (10, 4, "（1）"),
        (11, 3, "2."),
    ]


def test_heading_text_stops_at_full_stop_colon_or_space_before_body():
    hs = _headings(
        "某局工作总结\n一、 半年工作情况: 半年来,按照要求开展工作\n(一)加强思想政治工作,增强凝聚力 思想政治建设是灵魂所在的关键问题"
    )
    assert [h[3] for h in hs] == ["半年工作情况", "加强思想政治工作,增强凝聚力"]


def test_enumerations_are_not_headings():
    text = (
        "某局工作总结\n一、宣传\n一是加强学习，二是做好宣传。围绕四方面:(1)宣传亮点;(2)特色宣传;(3)典型宣传。"
    )
    assert [h[2] for h in _headings(text)] == ["一、"]


def test_inline_headings_in_flattened_text():
    text = "某镇工作总结\n一、学习。开展学习8次。二、宣传。发稿36篇。（一）网络。更新120条。（二）社会。三、文明。评选10名。"
    hs = _headings(text)
    assert [(h[1], h[2], h[3], h[4]) for h in hs] == [
        (1, "一、", "学习", False),
        (1, "二、", "宣传", True),
        (2, "（一）", "网络", True),
        (2, "（二）", "社会", True),
        (1, "三、", "文明", True),
    ]
    line = text.split("\n")[1]
    for h in hs[1:]:
        assert line[h[5] :].startswith(h[2])


def test_inline_markers_must_continue_the_numbering():
    # 3. after 。 without a 1./2. before it is not a heading
    assert [h[2] for h in _headings("某局工作总结\n一、宣传。发稿多。3.5万人次参与。5、其他")] == ["一、"]


def test_marker_numbers():
    assert [marker_number(x) for x in ["十二", "二十", "三", "12", "③", "⑵", "⒋"]] == [12, 20, 3, 12, 3, 2, 4]
    assert heading_text_end("以开展 “鼓士气、促发展”为载体", 0) == len("以开展 “鼓士气、促发展”为载体")


def test_inline_sections_after_a_colon_in_flattened_text():
    text = "某镇工作总结\n现将全年工作总结如下：一、学习。学习14次。二、宣传。（一）对外。发稿128篇。（二）网络。推送460条。"
    assert [(h[1], h[2], h[4]) for h in _headings(text)] == [
        (1, "一、", True),
        (1, "二、", True),
        (2, "（一）", True),
        (2, "（二）", True),
    ]


def test_whitespace_class_is_exactly_regex_whitespace():
    import re

    from zongjie.extraction.normalise import INLINE_SPACE_CLASS, WHITESPACE_CLASS

    spelled = re.compile(f"[{WHITESPACE_CLASS}]")
    category = re.compile(r"\s")
    spelled_inline = re.compile(f"[{INLINE_SPACE_CLASS}]")
    category_inline = re.compile(r"[^\S\n]")
    for i in range(0x110000):
        c = chr(i)
        assert bool(spelled.match(c)) == bool(category.match(c)), hex(i)
        assert bool(spelled_inline.match(c)) == bool(category_inline.match(c)), hex(i)


def test_every_space_but_the_ascii_one_is_unprintable():
    """structure._heading decides with str.find(" ") and str.isprintable() whether a heading's
    text may hold a space; that relies on this property of the Unicode database."""
    for i in range(0x110000):
        c = chr(i)
        if c.isspace() and c != " ":
            assert not c.isprintable(), hex(i)


def test_first_deeper_marker_straight_after_a_heading_text():
    # d36 of tests/data/corpus: 一、建设运行情况(一)政治建设不断加强。 in a flattened body
    got = _headings(
        "县融媒体中心工作总结\n现将情况报告如下:一、建设运行情况(一)政治建设不断加强。一是强化。(二)队伍建设。"
    )
    assert [(h[1], h[2], h[3]) for h in got] == [
        (1, "一、", "建设运行情况"),
        (2, "(一)", "政治建设不断加强"),
        (2, "(二)", "队伍建设"),
    ]


def test_no_deeper_marker_mid_text():
    # (1) inside a heading's text is an enumeration, and (一) far into a sentence is not a heading
    got = _headings("某镇工作总结\n三、工作打算(1)加强学习。(2)加强宣传。")
    assert [h[2] for h in got] == ["三、"]
    got = _headings("某镇工作总结\n一、理论学习\n全年学习12次(一)类活动较多。")
    assert [h[2] for h in got] == ["一、"]
