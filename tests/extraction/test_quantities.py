"""Step 5: quantities — what counts, values, units, qualifiers, placeholders, offsets."""

from __future__ import annotations

import pytest

from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.quantities import find_quantities_in_line


def _q(text: str):
    (line,) = normalise_lines([text])
    return [(q.text, q.value, q.unit, q.qualifier, q.placeholder) for q in find_quantities_in_line(line)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("播发稿件92篇", [("92篇", 92, "篇", "exact", False)]),
        ("收集研讨文章80余篇", [("80余篇", 80, "篇", "over", False)]),
        ("广播电台报道近20次", [("近20次", 20, "次", "about", False)]),
        ("总计十四名政协委员", [("十四名", 14, "名", "exact", False)]),
        ("其中两期专题", [("两期", 2, "期", "exact", False)]),
        ("参与1.5万人次", [("1.5万人次", 15000, "人次", "exact", False)]),
        ("覆盖7万余人", [("7万余人", 70000, "人", "over", False)]),
        ("出资5000元", [("5000元", 5000, "元", "exact", False)]),
        ("投入资金20万元", [("20万元", 20, "万元", "exact", False)]),
        ("减少了10%", [("10%", 10, "%", "exact", False)]),
        ("每月报送1条以上信息", [("1条以上", 1, "条", "over", False)]),
        ("每次不少于两次", [("不少于两次", 2, "次", "at_least", False)]),
        ("值班56小时以上", [("56小时以上", 56, "小时", "over", False)]),
        ("经费不超过3万元", [("不超过3万元", 3, "万元", "at_most", False)]),
        ("控制在20人以内", [("20人以内", 20, "人", "at_most", False)]),
        ("参加约300人", [("约300人", 300, "人", "about", False)]),
        ("共50人左右", [("50人左右", 50, "人", "about", False)]),
        ("近百余人", [("近百余人", 100, "人", "about", False)]),  # 近…多 → about
        ("开展各类宣讲近百场", [("近百场", 100, "场", "about", False)]),
        ("受众上千人次", [("上千人次", 1000, "人次", "about", False)]),
        ("百余人参加", [("百余人", 100, "人", "over", False)]),
        ("采用率达到百分之十五", [("百分之十五", 15, "%", "exact", False)]),
        ("超过百分之八十", [("超过百分之八十", 80, "%", "over", False)]),
        ("百分之九十以上", [("百分之九十以上", 90, "%", "over", False)]),
        ("比上年增长一倍", [("一倍", 1, "倍", "exact", False)]),
        ("较上年增长两成", [("两成", 2, "成", "exact", False)]),
        ("连续三年获评", [("三年", 3, "年", "exact", False)]),
        ("近十年来", [("近十年", 10, "年", "about", False)]),
        ("服务期1.5年", [("1.5年", 1.5, "年", "exact", False)]),
        ("资金1200余万元", [("1200余万元", 1200, "万元", "over", False)]),
        ("阅读量达3.5万人次", [("3.5万人次", 35000, "人次", "exact", False)]),
        ("同比增长12.5%", [("12.5%", 12.5, "%", "exact", False)]),
        ("发布稿件两千余篇", [("两千余篇", 2000, "篇", "over", False)]),
        ("开设专栏十余次", [("十余次", 10, "次", "over", False)]),
        ("占全台总播出时间18个半钟头的一半", [("18个半钟头", 18.5, "钟头", "exact", False)]),
        ("4个月的实践", [("4个月", 4, "个月", "exact", False)]),
        ("合唱队xxx支", [("xxx支", None, "支", "exact", True)]),
        ("参与人数达xxxx余人", [("xxxx余人", None, "人", "over", True)]),
        ("签约资金达xxxxx万元", [("xxxxx万元", None, "万元", "exact", True)]),
        ("会员5xxxx名", [("5xxxx名", None, "名", "exact", True)]),
        ("三家媒体", [("三家", 3, "家", "exact", False)]),
        ("围绕四方面强化", [("四方面", 4, "方面", "exact", False)]),
        ("落实一名同志担任评论员", [("一名", 1, "名", "exact", False)]),
        ("建立评论员qq群一个，", [("一个", 1, "个", "exact", False)]),
        ("每周一期的栏目", [("一期", 1, "期", "exact", False)]),
        # d71 (政协宣传文史工作会议讲话): 多 after a duration's unit
        ("市政协网站开通两年多来,经过改版优化", [("两年多", 2, "年", "over", False)]),
        ("工作开展一年多的时间里", [("一年多", 1, "年", "over", False)]),
        ("近两年多来", [("近两年多", 2, "年", "about", False)]),
        # negatives: 多 starts the next word (多次, 多媒体), a duration at the line's end
        ("近5年多次获评先进", [("近5年", 5, "年", "about", False)]),
        ("连续3天多媒体联动", [("3天", 3, "天", "exact", False)]),
        ("并坚持40年", [("40年", 40, "年", "exact", False)]),
    ],
)
def test_counted(text, expected):
    assert _q(text) == expected


def test_range():
    (line,) = normalise_lines(["每周出1—2期手机报"])
    (q,) = find_quantities_in_line(line)
    assert (q.text, q.value, q.range, q.unit) == ("1—2期", None, (1, 2), "期")


@pytest.mark.parametrize(
    "text",
    [
        "第七批文明生态村",
        "第22届中国围棋名人战",
        "纪念建党90周年",
        "十七大精神",
        "学习十二次党代会精神",
        "201*年工作计划",
        "1至6月",
        "6月30日",
        "按照“三个代表”重要思想",
        "十大道德模范",
        "开展“四个一批”建设",
        "提出了一项重大战略任务",
        "创作出一批文艺精品",
        "作为一种政治责任",
        "三分之一的人员",
        "桂文明〔2014〕16号文件",
        "联系电话13912345678",
        "做好市领导每周一植树活动",
        "列为二期工程示范点",
        "开展正反两方面典型警示教育",
        "全市副科以上领导人手一套",
        "这十分重要",
        "一方面，另一方面",
        "xx县xx年度",
        "“xx”期间",
        "2025年以来",
        "201*年上半年",
        "xx年度干部理论学习",
        "二〇二五年十二月",
        "三年级学生",
        "八十年代",
        "一年来",
        "建党百年",
        "数百人参加",
        "千家万户",
        "一成不变",
        "八成是真的",
        "五千年文明",
        "第三年",
    ],
)
def test_not_counted(text):
    assert _q(text) == []


def test_text_and_char_refer_to_the_input_line():
    original = "參與人數(shù)達xxxx余人,在xxx廣場舉辦x場大型歌詠比賽"
    (line,) = normalise_lines([original])
    qs = find_quantities_in_line(line)
    assert [(q.text, q.char, q.unit) for q in qs] == [("xxxx余人", 10, "人"), ("x場", 25, "场")]
    for q in qs:
        assert original[q.char : q.char + len(q.text)] == q.text


def test_units_are_simplified_and_text_stays_traditional():
    (line,) = normalise_lines(["舉辦文藝演出xx場次,聯歡會兩場"])
    qs = find_quantities_in_line(line)
    assert [(q.text, q.unit) for q in qs] == [("xx場次", "场次"), ("兩場", "场")]


def test_subject_is_a_short_phrase_from_the_text():
    (line,) = normalise_lines(["共在市級以上媒體播發稿件92篇,其中國家級媒體3篇"])
    qs = find_quantities_in_line(line)
    assert [q.subject for q in qs] == ["在市級以上媒體播發稿件", "國家級媒體"]


# --- issue 19: shapes of the genre corpus (tests/data/corpus), each with a negative ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d21: a space between figure and measure word (a PDF's layout)
        (
            "旗委中心组组织了 12 次集体学习,共培训干部 1906 人",
            [("12 次", 12, "次", "exact", False), ("1906 人", 1906, "人", "exact", False)],
        ),
        # d04: digits withheld as ×× or *
        ("現有人員××人,部長*人", [("××人", None, "人", "exact", True), ("*人", None, "人", "exact", True)]),
        ("平均年齡××.*歲", [("××.*歲", None, "岁", "exact", True)]),  # d04: a decimal withheld
        # d27: measure words 面, 车次, 条次
        (
            "展示戶外大型廣告牌3面,共出動宣傳10車次,宣傳精神文明共120條次",
            [
                ("3面", 3, "面", "exact", False),
                ("10車次", 10, "车次", "exact", False),
                ("120條次", 120, "条次", "exact", False),
            ],
        ),
    ],
)
def test_counted_in_the_genre(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "第 3 次会议",  # an ordinal, with a space
        "二○○三年,是开局之年",  # d31: a year written with ○ (U+25CB), not 三年
        "201*年,我镇",  # a year with a digit withheld
        "坚持两面性,四面八方,建成面积",  # 面 read as a measure word only before a noun it counts
        "2023 年工作",  # a year with a space
        "我**所轄文明實踐站",  # d42: ** blots out a name, it withholds no digits
    ],
)
def test_not_counted_in_the_genre(text):
    assert _q(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # d38: limits with 不高于, and 桌 (banquet tables)
        (
            "红事彩礼不高于4万元,宴请不超过15桌",
            [("不高于4万元", 4, "万元", "at_most", False), ("不超过15桌", 15, "桌", "at_most", False)],
        ),
        # d39: a rate with its verb between 每月 and the count
        ("镇党委每月召开一次全镇干部专题学习会", [("一次", 1, "次", "exact", False)]),
    ],
)
def test_limits_and_rates_of_the_genre(text, expected):
    assert _q(text) == expected


@pytest.mark.parametrize("text", ["收入高于4万", "购置桌椅", "每年都有一批新人", "每月召开一种会议"])
def test_limits_and_rates_negatives(text):
    assert [q for q in _q(text) if q[0] in ("一批", "一种")] == [] and all(q[2] != "桌" for q in _q(text))
