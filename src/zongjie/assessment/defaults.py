"""Default metrics (the shared metric codes) and default rule versions for 2025 and 2026.

Loaded by the data migration 0002 and editable in admin afterwards.
"""

from __future__ import annotations

from typing import Any

# (code, name, unit label, aggregate, filters)
METRICS: list[tuple[str, str, str, str, dict[str, list[str]]]] = [
    ("articles", "发表稿件", "篇", "count", {"kind": ["article"]}),
    ("articles_central", "中央级媒体稿件", "篇", "count", {"kind": ["article"], "media_level": ["central"]}),
    (
        "articles_provincial",
        "省级媒体稿件",
        "篇",
        "count",
        {"kind": ["article"], "media_level": ["provincial"]},
    ),
    (
        "articles_municipal",
        "市级媒体稿件",
        "篇",
        "count",
        {"kind": ["article"], "media_level": ["municipal"]},
    ),
    ("articles_county", "县级媒体稿件", "篇", "count", {"kind": ["article"], "media_level": ["county"]}),
    (
        "articles_municipal_plus",
        "市级以上媒体稿件",
        "篇",
        "count",
        {"kind": ["article"], "media_level": ["central", "provincial", "municipal"]},
    ),
    (
        "articles_headline",
        "头版头条稿件",
        "篇",
        "count",
        {"kind": ["article"], "placement": ["front_headline"]},
    ),
    ("info_sent", "报送信息", "条", "count", {"kind": ["info_report"]}),
    ("info_adopted", "信息被采用", "条", "count", {"kind": ["info_report"], "adoption_level": ["any"]}),
    (
        "info_adopted_central",
        "信息被中央级采用",
        "条",
        "count",
        {"kind": ["info_report"], "adoption_level": ["central"]},
    ),
    (
        "info_adopted_provincial",
        "信息被省级采用",
        "条",
        "count",
        {"kind": ["info_report"], "adoption_level": ["provincial"]},
    ),
    (
        "info_adopted_municipal",
        "信息被市级采用",
        "条",
        "count",
        {"kind": ["info_report"], "adoption_level": ["municipal"]},
    ),
    ("instructions", "获领导批示", "件", "count", {"instruction_level": ["any"]}),
    (
        "instructions_provincial_plus",
        "获省级以上领导批示",
        "件",
        "count",
        {"instruction_level": ["central", "provincial"]},
    ),
    ("events", "开展活动", "次", "count", {"kind": ["event"]}),
    ("event_sessions", "活动场次", "场", "sum_sessions", {"kind": ["event"]}),
    ("event_participants", "活动参与人数", "人次", "sum_participants", {"kind": ["event"]}),
    ("study_sessions", "理论学习场次", "场", "sum_sessions", {"kind": ["study"]}),
    ("study_participants", "理论学习参与人数", "人次", "sum_participants", {"kind": ["study"]}),
    ("research_articles", "调研文章", "篇", "count", {"category": ["info_research"]}),
    ("honours", "获得荣誉", "项", "count", {"kind": ["honour"]}),
]


def _rules(provincial_article: float) -> list[dict[str, Any]]:
    """The rule rows of a default version (a dict per ScoringRule; `category` is a category code)."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, name: str, **fields: Any) -> None:
        rows.append({"kind": kind, "name": name, "order": len(rows) + 1, **fields})

    add("entry", "中央级媒体刊播稿件", entry_kind="article", level="central", points=10)
    add("entry", "省级媒体刊播稿件", entry_kind="article", level="provincial", points=provincial_article)
    add("entry", "市级媒体刊播稿件", entry_kind="article", level="municipal", points=2)
    add("entry", "县级媒体刊播稿件", entry_kind="article", level="county", points=0.5)
    add("entry", "调研文章", category="info_research", points=2)
    add("entry", "省级以上荣誉", entry_kind="honour", level="provincial", level_and_above=True, points=5)
    add("entry", "市级荣誉", entry_kind="honour", level="municipal", points=2)
    add("entry", "开展活动", entry_kind="event", points=1)
    add("entry", "理论学习", entry_kind="study", points=0.5)
    add("multiplier", "头版头条稿件分值加倍", entry_kind="article", placement="front_headline", factor=2)
    add("adoption", "中央级采用", level="central", points=8)
    add("adoption", "省级采用", level="provincial", points=4)
    add("adoption", "市级采用", level="municipal", points=1)
    add("instruction", "省级以上领导批示", level="provincial", level_and_above=True, points=5)
    add("instruction", "市级领导批示", level="municipal", points=3)
    add("base", "基础分", points=0)
    add("quota_miss", "未完成任务数", points=-5)
    add("request_missing", "约稿未报", points=-2)
    return rows


# (year, name, published_on, adoption_mode, duplicate_mode, rules)
RULESETS: list[tuple[int, str, str, str, str, list[dict[str, Any]]]] = [
    (2025, "2025年度宣传信息工作考核办法", "2025-01-15", "highest", "split", _rules(4)),
    (2026, "2026年度宣传信息工作考核办法", "2026-01-20", "highest", "split", _rules(5)),
]
