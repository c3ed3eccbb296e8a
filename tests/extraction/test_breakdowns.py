"""Step 6: totals and their parts."""

from __future__ import annotations

from zongjie.extraction.breakdowns import find_breakdowns
from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.quantities import find_quantities


def _b(text: str):
    lines = normalise_lines([text])
    qs = find_quantities(lines)
    return [(b.total, b.parts, b.consistent) for b in find_breakdowns(lines, qs)], [q.text for q in qs]


def test_consistent_partition():
    got, _ = _b(
        "共在市级以上媒体播发稿件92篇，其中国家级媒体3篇，省级媒体33篇，市级媒体56篇，有力提升了形象。"
    )
    assert got == [(0, [1, 2, 3], True)]


def test_inconsistent_partition():
    got, _ = _b("共发表稿件156篇，其中中央级媒体12篇，省级媒体48篇，市级媒体90篇。")
    assert got == [(0, [1, 2, 3], False)]


def test_selected_subset_is_null():
    got, _ = _b("电台共播出稿件1600篇，其中被广西台采用10篇、被台采用67篇，与去年同期基本持平。")
    assert got == [(0, [1, 2], None)]


def test_parts_stop_at_a_new_total_and_at_the_totals_unit():
    got, texts = _b(
        "宣传共18次，其中三篇日报头版头条，做三期专版，电视台报道15次，其中两期专题，两期访谈，电台报道近20次，同时做好工作。"
    )
    assert texts == ["18次", "三篇", "三期", "15次", "两期", "两期", "近20次"]
    assert got == [(0, [1, 2], None), (3, [4, 5], None)]


def test_quota_clause_is_not_a_part():
    got, _ = _b("上贴共55条，其中获鼓励贴1条，超额完成任务7条，获加分30多分。")
    assert got == [(0, [1], None)]


def test_no_qizhong_no_breakdown():
    got, _ = _b("发稿92篇，国家级3篇。")
    assert got == []


def test_a_fenbie_list_after_a_total_is_a_breakdown():
    got, _ = _b("在主流媒体刊发稿件92篇，中央、省、市级媒体分别刊发3篇、33篇、56篇。")
    assert got == [(0, [1, 2, 3], True)]


def test_a_fenbie_list_in_another_unit_is_not_a_breakdown():
    got, texts = _b("组建宣讲团2个，分别开展宣讲10场、12场。")
    assert got == [] and texts == ["2个", "10场", "12场"]


# --- issue 19: forms of the genre corpus (tests/data/corpus), each with a negative ---


def test_qizhong_after_a_bracketed_gloss():
    # d23: 刊播稿件690余篇(件),其中国家级媒体发稿16篇 (a subset the text singles out)
    got, _ = _b("在省级以上主流媒体刊播稿件690余篇(件),其中国家级媒体发稿16篇;完成头版头条50余条。")
    assert got == [(0, [1], None)]


def test_parts_in_brackets():
    # d04: 其它人員××人(公務員××人、工勤人員*人): placeholders, so no verdict
    got, _ = _b("一人是文聯秘書長,其它人員××人(公務員××人、工勤人員*人)。")
    assert got == [(1, [2, 3], None)]
    got, _ = _b("共有人员20人(公务员15人、工勤人员5人)。")
    assert got == [(0, [1, 2], True)]
    got, _ = _b("共有人员20人(公务员15人、工勤人员8人)。")
    assert got == [(0, [1, 2], False)]  # kept, and said not to add up


def test_brackets_that_are_not_parts():
    assert _b("荣获先进个人1人(**)、好人3人(**、**、**)。")[0] == []
    assert _b("发稿20篇(含转载),采用5篇。")[0] == []
    assert _b("培训4次(每次30人、共120人次)。")[0] == []  # other units: no partition


def test_baohan_lists_parts():
    got, _ = _b("举办活动12场,包括省级5场、市级7场。")
    assert got == [(0, [1, 2], True)]


def test_a_part_as_large_as_the_total_makes_the_parts_overlap():
    # d61: the outlets of 128篇, the last of which took all 128: no partition, so null
    got, _ = _b(
        "今年全局共收集上报信息128篇,其中在《中国农业》杂志发表调研文章一篇,《中国兽医报》刊登报道3篇,"
        "《**日报》刊登报道2篇,《**市畜牧信息网》上报128篇。"
    )
    assert got == [(0, [1, 2, 3, 4], None)]
    # the same list without the overlapping outlet still adds up or not
    got, _ = _b("今年共上报信息8篇,其中在省级媒体刊登报道3篇,市级媒体刊登报道2篇,县级媒体刊登报道2篇。")
    assert got == [(0, [1, 2, 3], False)]


def test_parts_go_on_in_sentences_opening_with_lingwai_qiyu():
    # d75 (宣传部运动会工作总结): one part a sentence, 另外… / 其余…
    got, _ = _b(
        "本次运动会我部共展出宣传板25块,其中5块为学生会物资,用于绘制宣传板。"
        "另外17块为学生处物资,由办公室负责发放。其余三块为我部向社联所借。"
    )
    assert got == [(0, [1, 2, 3], True)]


def test_a_new_sentence_without_a_continuation_word_ends_the_parts():
    got, _ = _b("共展出宣传板25块,其中5块为学生会物资。全年制作海报17块。另外发放传单300份。")
    assert got == [(0, [1], None)]


def test_a_bracket_after_a_part_holds_its_details():
    # d133: the bracket after 县转发20余篇 details that part (its own breakdown), not more parts
    got, qs = _b(
        "今年共报送各类信息40多篇,其中市局报送18篇,县转发20余篇(经济信息网转发1篇,市网络转发2篇、县实践办转发8篇);"
    )
    assert qs == ["40多篇", "18篇", "20余篇", "1篇", "2篇", "8篇"]
    assert [(t, p) for t, p, _ in got] == [(0, [1, 2]), (2, [3, 4, 5])]
    # negative: a part after a bracket that closes is a part again
    got, qs = _b("共发稿30篇,其中国家级5篇(头版1篇),省级10篇、市级15篇。")
    assert qs == ["30篇", "5篇", "1篇", "10篇", "15篇"]
    assert got[0][:2] == (0, [1, 3, 4])


def test_lines_found_by_number_whether_or_not_they_follow_one_another():
    texts = [
        "共发表稿件156篇，其中中央级媒体12篇，省级媒体48篇，市级媒体90篇。",
        "全年无其他稿件。",
        "共在市级以上媒体播发稿件92篇，其中国家级媒体3篇，省级媒体33篇，市级媒体56篇。",
    ]
    lines = normalise_lines(texts, first_lineno=7)
    qs = find_quantities(lines)

    def found(given):
        return [(b.total, b.parts, b.consistent) for b in find_breakdowns(given, qs)]

    expected = [(0, [1, 2, 3], False), (4, [5, 6, 7], True)]
    assert found(lines) == expected  # 7, 8, 9: looked up by position
    assert found([lines[0], lines[2]]) == expected  # 7, 9: by number
    assert found(lines[::-1]) == expected


def test_a_part_named_again_with_zhong_lists_its_own_details():
    # d172 (官垱小学): 专任教师中… details the 32, they are no more parts of the 38
    got, texts = _b(
        "现有在岗教师38人,其中专任教师32人,专任教师中中学高级教师1人,中级职称25人,专任教师学历达标100%。"
    )
    assert texts == ["38人", "32人", "1人", "25人", "100%"]
    assert got == [(0, [1], None)]
    # negative: parts naming other categories go on (中 inside a part's own noun is no restart)
    got, _ = _b("共有教师38人,其中专任教师32人,中级职称教师6人。")
    assert got == [(0, [1, 2], True)]


def test_levels_singled_out_from_a_much_larger_total_are_no_partition():
    # d187 (奈曼旗): two of the three levels of 上三级媒体 add up to far less than the total
    got, _ = _b("全年在上三级媒体刊发稿件2180篇,其中,国家级64篇,自治区级315篇。")
    assert got == [(0, [1, 2], None)]
    # negative: parts close to the total still contradict it
    got, _ = _b("共发表稿件156篇，其中中央级媒体12篇，省级媒体48篇，市级媒体90篇。")
    assert got == [(0, [1, 2, 3], False)]


def test_a_list_sentence_opened_by_qizhong_after_the_totals_sentence():
    # d219 (鄂尔多斯最美社区工作者): 其中 opens the sentence after the total's, its ; separate parts
    got, texts = _b(
        "截止目前,共在各类媒体上报道80余人次。其中,在各类报纸上报道25人次,两报分别开辟专栏进行系列报道;"
        "在广播电视台等多个栏目里播出先进事迹10人次,各旗区通过网络媒体、手机"
    )
    assert texts == ["80余人次", "25人次", "10人次"] and got == [(0, [1, 2], None)]
    # negatives: one part, or parts in other units, make no list (d53, d58)
    got, _ = _b("共推送90期,推文200余篇。其中“申知沪志”原创20篇,截至12月30日,关注人数近2万人。")
    assert got == []
    got, _ = _b("累计开展线上线下宣讲270场,受众达5万余人。其中,报告团组织的集中宣讲73场,受众达1.2万余人。")
    assert got == []
