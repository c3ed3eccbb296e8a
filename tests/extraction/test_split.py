"""Step 3: articles."""

from __future__ import annotations

from zongjie.extraction.normalise import normalise_lines
from zongjie.extraction.split import is_date_line, is_title_like, split_articles


def _split(text: str):
    return list(split_articles(normalise_lines(text.split("\n"))))


def test_numbered_articles():
    arts = _split("第一篇：甲局工作總結\n正文。\n第二篇：乙局工作计划\n正文。")
    assert [(a.title, a.start_line) for a in arts] == [("甲局工作總結", 1), ("乙局工作计划", 3)]


def test_documents_following_one_another_after_a_signature_and_date():
    text = "甲局上半年工作总结\n一、成绩\n做了很多工作。\n甲局\n2020年7月1日\n乙局上半年工作总结\n正文。"
    arts = _split(text)
    assert [(a.title, a.start_line) for a in arts] == [("甲局上半年工作总结", 1), ("乙局上半年工作总结", 6)]


def test_single_summary_without_title_starts_at_first_line():
    (a,) = _split("今年以来，我们做了很多工作。\n二是加强学习。")
    assert (a.title, a.start_line) == ("", 1)


def test_title_block_is_not_body():
    (a,) = _split("第三篇:标题\n201*年宣传、工会上半年工作总结\n下半年工作计划\n一、 半年工作情况:")
    assert a.body_start == 3


def test_plan_section_inside_body_does_not_start_an_article():
    arts = _split("某局工作总结\n一、成绩\n做了工作。\n下半年工作计划\n1、继续努力。")
    assert len(arts) == 1


def test_helpers():
    assert is_title_like("市委宣传部201*年度上半年工作总结及下半年工作计划")
    assert not is_title_like("一、工作总结")
    assert not is_title_like("我们做了总结，也有计划。")
    assert is_date_line("二〇一四年七月二日")
    assert is_date_line("2014年7月2日 ")
    assert not is_date_line("2014年7月2日召开会议")


def test_a_document_after_a_signature_line_without_a_date():
    text = "甲科2025年上半年工作总结\n一、信息\n报送信息156条。\n市委宣传部信息科\n乙局2025年上半年宣传思想工作总结\n正文。"
    assert [a.start_line for a in _split(text)] == [1, 5]


def test_a_strong_title_after_a_finished_sentence_starts_a_document():
    text = "甲局2024年工作总结\n一、成绩\n做了工作。\n二、问题\n还有不足。\n乙办2024年度工作总结\n正文。"
    assert [a.start_line for a in _split(text)] == [1, 6]


def test_part_lines_and_section_lines_do_not_start_documents():
    text = "甲会2022年上半年工作总结\n第一部分 主要工作\n一、帮扶\n走访1200户。\n第二部分 下半年工作打算\n一、继续。\n下半年工作计划\n1、继续。"
    assert len(_split(text)) == 1


def test_signature_helpers():
    from zongjie.extraction.split import is_signature_line, is_strong_title

    assert is_signature_line("中共某县委宣传部")
    assert is_signature_line("某镇党委宣传委员  张某某")
    assert not is_signature_line("下半年工作计划")
    assert not is_signature_line("一、宣传部")
    assert is_strong_title("市文化广电旅游局2025年上半年宣传思想工作总结")
    assert not is_strong_title("第二部分 下半年工作打算")
    assert not is_strong_title("下半年工作计划")
