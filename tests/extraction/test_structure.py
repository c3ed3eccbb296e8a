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


def test_page_numbers_fused_at_line_starts_are_no_headings():
    # d48: "1、" tops page one before the title, "2、" tops page two mid-sentence (…正轨,充 /
    # 2、分发挥作用); the outline is 一、 二、 with 1. under 二、
    body = "在宣传学校办学思想方面,做出了奉献,取得了肯定的成绩。" * 3
    text = (
        f"1、 201*年度信息宣传工作总结 {body} 一、建立信息宣传的组织机构,保障工作开展 "
        f"201*年,学校领导班子非常重视信息宣传工作。为了保证信息工作走上正轨,充\n"
        f"2、分发挥作用,学期初,学校成立了信息宣传组。 二、围绕学校中心任务,全方位报道"
        f"本年度,学校信息宣传工作围绕中心任务。 1.报道学校重大的教育教学活动 在本年度,学校组织了活动。"
    )
    doc = normalise_lines(text.split("\n"))
    (article,) = list(split_articles(doc))
    hs = [(h.line, h.level, h.marker, h.inline) for h in find_headings(article)]
    assert hs == [(1, 1, "一、", True), (2, 1, "二、", True), (2, 2, "1.", True)]


def test_line_start_numbers_after_headings_or_full_sentences_stay_headings():
    # the seed's shape: 1、 under a heading line that has no end punctuation, and a 2、 after a
    # body line that ends its sentence; a 1、 first and 1、 again (no 一、) stays level 1
    text = (
        "某局工作总结\n一、基本情况\n1、人员编制和构成。宣传部现有编制10个,实有人员9人,"
        "其中科级干部3人,一般干部6人,全年开展学习20次,撰写心得体会30篇,工作有序推进。\n"
        "2、宣传工作。全年发稿36篇。"
    )
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [(2, 1, "一、"), (3, 2, "1、"), (4, 2, "2、")]
    text = "某局工作总结\n1、学习。开展学习8次。\n2、宣传。发稿36篇。"
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [(2, 1, "1、"), (3, 1, "2、")]


def test_a_page_break_mid_sentence_before_a_parenthesised_marker_keeps_it():
    # only Arabic 1、/2、 are page numbers: a (二) after a cut-off line continues the outline
    long = "坚持用科学理论武装头脑。" * 8 + "本文由网友收集整理"
    text = f"某局工作总结\n(一)加强理论武装\n{long}\n(二)举旗铸魂,壮大主流思想舆论。"
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [(2, 1, "(一)"), (4, 1, "(二)")]


def test_a_parenthesised_ideograph_is_a_marker():
    # d128: ㈠、上半年工作总结 then 一、 under it; ㈡ is (二)
    text = (
        "2020年宣传思想文化工作总结\n2020年,矿区宣传思想工作在县委的领导下开展。\n"
        "㈠、上半年工作总结:\n一、增强政治意识,抓牢抓实意识形态工作。\n㈡、下半年工作计划"
    )
    assert [(h[0], h[1], h[2], h[3]) for h in _headings(text)] == [
        (3, 1, "㈠、", "上半年工作总结"),
        (4, 2, "一、", "增强政治意识,抓牢抓实意识形态工作"),
        (5, 1, "㈡、", "下半年工作计划"),
    ]
    assert marker_number("㈢") == 3


def test_decimal_outline_markers_nest_under_their_section():
    # d184 (社区文化活动评估报告): 1.1. between 一、 and (1)
    text = "2026年城市社区文化活动评估与反馈报告\n一、活动概述\n1.1.活动背景与目的\n(1)2026年,随着城市化进程的加快,活动日益重要。\n(2)本次活动以共建共享为主题。"
    assert [(h[0], h[1], h[2], h[3]) for h in _headings(text)] == [
        (2, 1, "一、", "活动概述"),
        (3, 2, "1.1.", "活动背景与目的"),
        (4, 3, "(1)", "2026年,随着城市化进程的加快,活动日益重要"),
        (5, 3, "(2)", "本次活动以共建共享为主题"),
    ]
    # negatives: a decimal figure opening a line, and an outline marker run into a year
    assert _headings("某局工作总结\n1.5万人次参加了活动。\n1.2022年宣传思想文化工作综述") == []


def test_a_comma_typed_for_the_enumeration_comma_makes_a_marker():
    # d203 of tests/data/corpus (汾阳 政务信息): 1, 2, 3, at line starts before a Chinese
    # character, and the first running on after its parent's text (信息报送情况1,我市…)
    text = (
        "政务信息工作总结\n一、工作情况\n(一)信息报送情况1,我市各单位报送情况\n"
        "201*年,我市各单位共报送信息336条。\n2,我市报送上级部门情况\n共报送政务信息238条(篇)。\n"
        "(二)基本工作情况1,强化领导。年初,政府办确定了分管领导和责任股室。\n2,加强沟通。我办积极主动。"
    )
    assert [(h[0], h[1], h[2], h[3]) for h in _headings(text)] == [
        (2, 1, "一、", "工作情况"),
        (3, 2, "(一)", "信息报送情况"),
        (3, 3, "1,", "我市各单位报送情况"),
        (5, 3, "2,", "我市报送上级部门情况"),
        (7, 2, "(二)", "基本工作情况"),
        (7, 3, "1,", "强化领导"),
        (8, 3, "2,", "加强沟通"),
    ]
    # a figure grouped by a comma, or two months, at a line start is no marker
    assert _headings("政务信息工作总结\n1,200人参加了培训。\n3,4月开展集中宣传。") == []


def test_a_short_bracketed_label_before_the_first_marker():
    # d205: the page's outline flattened after a label, 【提纲】一、加强领导,…。(一)强化组织领导,…
    text = (
        "2021年文明县城工作汇报\n【提纲】一、加强领导,落实责任。(一)强化组织领导,形成格局。"
        "(二)强化责任落实,形成态势。二、突出重点,彰显特色。(一)实施八大工程,提升城市形象。"
    )
    assert [(h[1], h[2]) for h in _headings(text)] == [
        (1, "一、"),
        (2, "(一)"),
        (2, "(二)"),
        (1, "二、"),
        (2, "(一)"),
    ]
    # a label before a year, or a long bracketed title, starts no heading
    assert _headings("工作汇报\n【来源】2021年文明县城工作汇报。") == []
    assert _headings("工作汇报\n【关于创建全国文明城市工作情况的汇报材料】一、加强领导。") == []


def test_a_first_parenthesised_item_with_body_after_a_heading_text():
    # d206 (a document preview): 一、文明城市创建工作进一步深化(1)开展…工作。依据… — the (1)
    # item has body text after its first sentence, so it is a section (test_no_deeper_marker_mid_text:
    # (1)加强学习。(2)加强宣传。 follow one another and stay an enumeration)
    text = (
        "市精神文明创建工作总结\n一、文明城市创建工作进一步深化(1)开展创建省级文明城市探讨摸底工作。"
        "依据市文明委领导支配,市文明办进行调查摸底。(2)深化开展系列行动。截止目前,全市举办了三期讲座。"
    )
    assert [(h[1], h[2], h[3]) for h in _headings(text)] == [
        (1, "一、", "文明城市创建工作进一步深化"),
        (2, "(1)", "开展创建省级文明城市探讨摸底工作"),
        (2, "(2)", "深化开展系列行动"),
    ]


def test_a_parenthesised_marker_split_by_a_preview_chunk_number():
    # d206: the "(" of (2) ends a preview chunk, the next chunk starts 2、 and then 2)深化开展…
    long = (
        "依据市文明委领导支配,市文明办在仔细总结我市文明城市创建工作取得阶段性成效的基础上进行调查摸底。" * 2
    )
    text = (
        f"市精神文明创建工作总结\n1、一、文明城市创建工作进一步深化(1)开展摸底工作。{long}(\n"
        "2、2)深化开展系列行动。在仔细总结去年开展系列行动的基础上,召开了座谈会。"
    )
    got = [(h[0], h[1], h[2]) for h in _headings(text)]
    assert got[-1] == (3, 2, "2)")
    # when the chunk before breaks off mid-sentence without the "(", 2、 is a page number and the
    # 2) after it body text
    got = [(h[0], h[1], h[2]) for h in _headings(text.replace("(\n", "进\n"))]
    assert all(h[0] != 3 for h in got)


def test_an_ordinal_typed_as_a_marker_at_a_line_start():
    # d218 (a publicity head's report on integrity): 第一, under 二、
    text = (
        "述责述廉报告\n二、严守规矩知敬畏,筑牢廉洁用权的“防火墙”\n宣传系统虽然不掌握直接的行政许可权。\n"
        "第一,严守政治纪律,不越权力“红线”。政治纪律是最重要的纪律,必须第一时间请示报告。"
    )
    assert [(h[0], h[1], h[2], h[3]) for h in _headings(text)] == [
        (2, 1, "二、", "严守规矩知敬畏,筑牢廉洁用权的“防火墙”"),
        (4, 2, "第一,", "严守政治纪律,不越权力“红线”"),
    ]
    # negatives: an ordinal before a noun, or mid-sentence, is no marker
    assert (
        _headings(
            "述责述廉报告\n第一批文明单位已经命名。\n要把群众满意作为检验工作的第一标准,第一,要加强学习。"
        )
        == []
    )


def test_a_pages_list_numbered_twice_is_no_outline():
    # d222 (a download site's preview): the site's notes, an HTML list rendered with its numbers
    # and each item numbered again, stand above the document; its 一、 is level 1
    text = (
        '乡镇文明村镇创建工作总结\n  1. 1、下载文档前请自行甄别文档内容的完整性。\n  2. 2、"仅部分预览"的文档,可反馈申请退款。\n'
        "  3. 3、如文档侵犯您的权益,请联系客服反馈。\n我县积极推进乡镇文明村镇创建工作。\n一、全面宣传动员\n我们积极开展了宣传动员。"
    )
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [(6, 1, "一、")]
    # negatives: a marker before a different number, or before a figure, stays a heading
    text = "某镇工作总结\n1. 2、3月开展集中宣传活动。\n2. 一、宣传工作。\n3. 全年发稿36篇。"
    assert [h[2] for h in _headings(text) if not h[4]] == ["1.", "2.", "3."]


def test_an_arabic_list_above_the_first_top_marker_is_no_outline():
    # d229 (a download site's preview): the site's notes 1.–4. under 温馨提示: stand above the
    # document, whose flattened body then opens 一、 二、 — the outline's top series never nests
    # under a lower one, so the notes are dropped and 一、 is level 1
    text = (
        "2023年街道办事处文化站工作总结.docx\n温馨提示:\n"
        "1. 部分包含数学公式或PPT动画的文件,查看预览时可能会显示错乱或异常,文件下载后无此问题,请放心下载。\n"
        "2. 本文档由用户上传,版权归属用户,汇文网负责整理代发布。\n"
        "3. 下载前请仔细阅读文档内容,确认文档内容符合您的需求后进行下载。\n"
        "网站客服:3074922707\n"
        "街道办事处文化站XX年工作总结 现将2023年全年文化工作开展情况汇报如下: 一、引导广阔群众追求科学、健康、文明的生活方式。"
        " 宣传科学理论,传播先进文化,全年共完成各类文化活动50多场次。 二、加强队伍建设,组建、训练文化队伍。 不断加强活动队伍的建设力度。"
    )
    assert [(h[0], h[1], h[2]) for h in _headings(text)] == [(7, 1, "一、"), (7, 1, "二、")]


def test_an_arabic_list_under_or_without_a_top_marker_stays_an_outline():
    # negatives: 1、 2、 with no 一、 after them stay level 1; 1、 2、 under 一、 stay level 2; a
    # series that does not run from 1 (a preview's fragment, 2、 3、) is not dropped by 一、
    text = "某局工作总结\n1、加强学习\n全年学习12次。\n2、强化宣传\n全年发稿36篇。"
    assert [(h[1], h[2]) for h in _headings(text)] == [(1, "1、"), (1, "2、")]
    text = "某局工作总结\n一、主要工作\n1、加强学习\n全年学习12次。\n2、强化宣传\n全年发稿36篇。\n二、存在问题\n人手不足。"
    assert [(h[1], h[2]) for h in _headings(text)] == [(1, "一、"), (2, "1、"), (2, "2、"), (1, "二、")]
    text = "某局工作总结\n2、强化宣传\n全年发稿36篇。\n3、加强学习\n全年学习12次。\n一、存在问题\n人手不足。"
    assert [(h[1], h[2]) for h in _headings(text)] == [(1, "2、"), (1, "3、"), (2, "一、")]


def test_a_space_after_a_figure_does_not_end_a_heading():
    # d228 (a preview that spaces its figures): 一、2021 年上半年工作开展情况 2021 年上半年,… —
    # the space after 2021 stands before its measure word; the space after 情况 ends the text
    text = (
        "统战部 2021 年上半年工作总结 现将市委统战部 2021 年上半年工作总结汇报如下: 一、2021 年上半年工作开展情况"
        " 2021 年上半年,在市委的坚强领导下,统战工作取得了良好成绩。 (一)夯实共同思想政治基础。组织专 题学习 22 次。"
    )
    assert [(h[2], h[3]) for h in _headings(text)] == [
        ("一、", "2021 年上半年工作开展情况"),
        ("(一)", "夯实共同思想政治基础"),
    ]
    # negatives: a space after a word ends the text, also when the body opens with a figure
    line = "一、加强理论学习 2021年,全县组织专题学习22次,培训干部1100余人次。"
    assert line[2 : heading_text_end(line, 2)] == "加强理论学习"
