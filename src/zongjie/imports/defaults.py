"""Default metric-mapping rules (loaded by a data migration; editable in admin afterwards).

Keywords are Simplified Chinese substrings; figures are converted to Simplified before
matching, so Traditional summaries (the seed) match the same rows.
"""

from __future__ import annotations

from typing import Any

ARTICLE_WORDS = ["稿件", "播发", "刊发", "用稿", "刊播", "发稿", "媒体", "报道"]
CENTRAL_WORDS = ["国家级", "中央", "中宣", "人民日报", "新华社", "新华网", "人民网", "央视", "光明日报"]
PROVINCIAL_WORDS = ["省级", "省委", "省电视台", "省广播电台", "省台"]
MUNICIPAL_WORDS = ["市级", "市委", "市电视台", "市广播电台", "市台"]
MUNICIPAL_PLUS_WORDS = ["市级以上", "地市级以上", "市以上"]
COUNTY_WORDS = ["县级", "县电视台", "县广播电台", "县委"]
STUDY_WORDS = ["讲座", "研讨", "培训", "学习", "宣讲", "报告会"]
PEOPLE = ["人", "人次", "名"]


def _rule(name: str, metric: str, confidence: float, order: int, **fields: Any) -> dict[str, Any]:
    return {"name": name, "metric": metric, "confidence": confidence, "sort_order": order, **fields}


DEFAULT_MAPPINGS: list[dict[str, Any]] = [
    _rule(
        "市级以上媒体稿件",
        "articles_municipal_plus",
        0.9,
        10,
        subject_any=ARTICLE_WORDS,
        subject_none=["信息", "采用"],
        units=["篇", "条", "次"],
        level="municipal_plus",
        level_words=MUNICIPAL_PLUS_WORDS,
    ),
    _rule(
        "中央级媒体稿件",
        "articles_central",
        0.9,
        20,
        subject_any=ARTICLE_WORDS,
        subject_none=["信息", "采用"],
        units=["篇", "条", "次"],
        level="central",
        level_words=CENTRAL_WORDS,
    ),
    _rule(
        "省级媒体稿件",
        "articles_provincial",
        0.9,
        30,
        subject_any=ARTICLE_WORDS,
        subject_none=["信息", "采用"],
        units=["篇", "条", "次"],
        level="provincial",
        level_words=PROVINCIAL_WORDS,
    ),
    _rule(
        "市级媒体稿件",
        "articles_municipal",
        0.9,
        40,
        subject_any=ARTICLE_WORDS,
        subject_none=["信息", "采用", "以上", "以下"],
        units=["篇", "条", "次"],
        level="municipal",
        level_words=MUNICIPAL_WORDS,
    ),
    _rule(
        "县级媒体稿件",
        "articles_county",
        0.85,
        50,
        subject_any=ARTICLE_WORDS,
        subject_none=["信息", "采用", "以下"],
        units=["篇", "条", "次"],
        level="county",
        level_words=COUNTY_WORDS,
    ),
    _rule(
        "稿件（未指明级别）",
        "articles",
        0.5,
        60,
        subject_any=["稿件", "播发", "刊发", "用稿", "刊播", "发稿", "发文"],
        subject_none=["信息", "采用"],
        units=["篇", "条"],
        note="级别不明，需人工确认",
    ),
    _rule("头版头条", "articles_headline", 0.9, 70, subject_any=["头版头条"], units=["篇", "条", "次"]),
    _rule(
        "报送信息",
        "info_sent",
        0.9,
        100,
        subject_all=["信息"],
        subject_any=["报送", "上报", "报", "编发"],
        subject_none=["采用", "录用"],
        units=["篇", "条", "份"],
    ),
    _rule(
        "信息被中央采用",
        "info_adopted_central",
        0.9,
        110,
        subject_any=["采用", "录用"],
        context_any=["信息"],
        units=["篇", "条"],
        level="central",
        level_words=CENTRAL_WORDS,
        level_from_context=True,
    ),
    _rule(
        "信息被省级采用",
        "info_adopted_provincial",
        0.9,
        120,
        subject_any=["采用", "录用"],
        context_any=["信息"],
        units=["篇", "条"],
        level="provincial",
        level_words=PROVINCIAL_WORDS,
        level_from_context=True,
    ),
    _rule(
        "信息被市级采用",
        "info_adopted_municipal",
        0.9,
        130,
        subject_any=["采用", "录用"],
        context_any=["信息"],
        subject_none=["以上"],
        units=["篇", "条"],
        level="municipal",
        level_words=MUNICIPAL_WORDS,
        level_from_context=True,
    ),
    _rule(
        "信息被采用（未指明级别）",
        "info_adopted",
        0.5,
        140,
        subject_any=["采用", "录用"],
        context_any=["信息"],
        units=["篇", "条"],
        note="级别不明，需人工确认",
    ),
    _rule(
        "调研文章",
        "research_articles",
        0.85,
        200,
        subject_any=["调研文章", "调研报告", "调研成果"],
        units=["篇"],
    ),
    _rule(
        "学习研讨场次",
        "study_sessions",
        0.85,
        300,
        subject_any=["研讨会", "讲座", "报告会", "培训班", "中心组", "学习会", "宣讲"],
        units=["次", "场", "场次", "期"],
    ),
    _rule(
        "学习场次（泛指）",
        "study_sessions",
        0.6,
        310,
        subject_any=["学习", "研讨", "培训"],
        units=["次", "场", "场次", "期"],
    ),
    _rule(
        "学习参与人数",
        "study_participants",
        0.8,
        320,
        subject_any=["参加", "参与", "听众", "学员"],
        context_any=STUDY_WORDS,
        units=PEOPLE,
    ),
    _rule(
        "活动参与人数",
        "event_participants",
        0.8,
        400,
        subject_any=["参与", "参加", "群众", "观众"],
        context_none=[*STUDY_WORDS, "会议"],
        units=PEOPLE,
    ),
    _rule(
        "活动场次",
        "event_sessions",
        0.8,
        410,
        subject_any=["演出", "活动", "比赛", "晚会", "展演", "联欢会", "运动会", "放映"],
        units=["场", "场次", "次", "台"],
    ),
    _rule("领导批示", "instructions", 0.8, 500, subject_any=["批示"], units=["次", "件", "条"]),
    _rule(
        "荣誉",
        "honours",
        0.6,
        600,
        subject_any=["先进单位", "先进集体", "荣誉", "表彰", "获奖"],
        units=["项", "个", "次"],
    ),
]
