"""Hand-made ReportData for the pure compose and writer tests (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from zongjie.reports.facts import (
    Baseline,
    CategoryInfo,
    EntryFact,
    PlanFact,
    QuotaFact,
    RankFact,
    ReportData,
)

CATEGORIES = [
    CategoryInfo("theory", "理论武装", 1, {"theory_group": "中心组学习", "theory_lecture": "讲座"}),
    CategoryInfo("news", "新闻宣传", 2, {"news_article": "稿件刊播"}),
    CategoryInfo("online", "网络宣传", 3, {"online_site": "网站更新"}),
    CategoryInfo("culture", "文化建设", 4, {"culture_show": "文艺演出", "culture_project": "文化项目"}),
    CategoryInfo("civility", "精神文明建设", 5, {"civility_volunteer": "志愿服务"}),
    CategoryInfo("info", "信息报送与调研", 6, {"info_report": "信息报送", "info_research": "调研文章"}),
    CategoryInfo("other", "其他工作", 7, {"other_misc": "其他"}),
]


def _article(i: int, level: str, **kw) -> EntryFact:
    fields = {"title": f"稿件{i}", "occurred_on": date(2026, 3, 1), **kw}
    return EntryFact(
        id=i, category="news", subcategory="news_article", kind="article", media_level=level, **fields
    )


def sample_entries() -> list[EntryFact]:
    """3 central + 33 provincial + 56 municipal (=92 市级以上) + 4 county articles; 10 info reports."""
    out: list[EntryFact] = []
    i = 0
    for level, n in [("central", 3), ("provincial", 33), ("municipal", 56), ("county", 4)]:
        for _ in range(n):
            i += 1
            out.append(_article(i, level))
    # Article 1 is a starred front-page headline with an instruction.
    out[0] = _article(
        1,
        "central",
        starred=True,
        placement="front_headline",
        instructions=("municipal",),
        title="《小麦丰收在望》在农民日报刊发",
    )
    for j, (sent, adopted) in enumerate(
        [
            ("central", [("central", "中宣部")]),
            ("central", []),
            ("provincial", [("provincial", "省委宣传部"), ("municipal", "市委宣传部")]),
        ]
        + [("municipal", [])] * 6
        + [("municipal", [("municipal", "市委宣传部")])]
    ):
        i += 1
        out.append(
            EntryFact(
                id=i,
                category="info",
                subcategory="info_report",
                kind="info_report",
                title=f"关于信息{j}的报告",
                occurred_on=date(2026, 4, 2),
                sent_level=sent,
                adoptions=tuple(adopted),
            )
        )
    i += 1
    out.append(EntryFact(i, "info", "info_research", "other", "调研文章一", date(2026, 5, 6)))
    for sub, s, p in [("theory_group", 5, 150), ("theory_lecture", 4, 400)]:
        i += 1
        out.append(
            EntryFact(
                i, "theory", sub, "study", "中心组集体学习", date(2026, 2, 3), sessions=s, participants=p
            )
        )
    for sub, s, p, starred in [("culture_show", 6, 3000, True), ("culture_show", 2, 500, False)]:
        i += 1
        out.append(
            EntryFact(
                i,
                "culture",
                sub,
                "event",
                "“彩色周末”专场文艺演出",
                date(2026, 5, 20),
                starred=starred,
                sessions=s,
                participants=p,
            )
        )
    i += 1
    out.append(
        EntryFact(
            i,
            "culture",
            "culture_project",
            "other",
            "文化项目招商签约",
            date(2026, 6, 1),
            amount=Decimal("2300"),
        )
    )
    i += 1
    out.append(
        EntryFact(
            i,
            "civility",
            "civility_volunteer",
            "honour",
            "被推荐为省级文明单位",
            date(2026, 6, 9),
            honour_level="provincial",
        )
    )
    i += 1
    out.append(
        EntryFact(
            i,
            "civility",
            "civility_volunteer",
            "honour",
            "道德模范推荐",
            date(2026, 6, 9),
            honour_level="municipal",
        )
    )
    return out


def sample_data(**overrides) -> ReportData:
    data = ReportData(
        unit_code="AP",
        unit_name="安平县委宣传部",
        period_code="2026H1",
        period_kind="half",
        period_year=2026,
        period_number=1,
        period_end=date(2026, 6, 30),
        leadership="县委和清河市委宣传部",
        categories=CATEGORIES,
        entries=sample_entries(),
        last_year={
            "articles_municipal_plus": Baseline(80, "ledger"),
            "info_adopted": Baseline(4, "旧总结.docx 第11行"),
            "study_sessions": Baseline(9, "ledger"),
        },
        ranking=RankFact(
            3, 8, "全市", Decimal("356.5"), {"news": Decimal("300.5"), "info": Decimal("56")}, "v1"
        ),
        quotas=[QuotaFact("articles_municipal_plus", "市级以上媒体稿件", "篇", 100, 92, 92.0, "全年")],
        plans=[
            PlanFact(1, "扎实推进学习型党组织建设", "坚持“一把手”抓学习。", "theory"),
            PlanFact(
                2,
                "突出重点，着力打造舆论强势",
                "",
                "news",
                "articles_municipal_plus",
                "市级以上媒体稿件",
                "篇",
                200,
            ),
        ],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data
