"""The mapping rules on the seed's gold extraction (gold/seed.json is the extractor's target output)."""

from __future__ import annotations

import json

import pytest

from tests.imports.conftest import SEED, SHARED
from zongjie.imports.defaults import DEFAULT_MAPPINGS
from zongjie.imports.mapping import AUTO_CONFIDENCE, LevelLexicon, Rule, map_quantities, plan_lines

GOLD = SHARED / "gold" / "seed.json"


@pytest.fixture(scope="module")
def mapped():
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    lines = SEED.read_text(encoding="utf-8").split("\n")
    rules = [Rule.from_fields(row, id=i) for i, row in enumerate(DEFAULT_MAPPINGS)]
    plan = plan_lines(gold["headings"], gold["articles"])
    items = map_quantities(gold["quantities"], gold["breakdowns"], lines, rules, plan)
    return {(m.quantity["line"], m.quantity["text"]): m for m in items}


def test_article_one_news_figures_map_by_level(mapped):
    expected = {
        "92篇": "articles_municipal_plus",
        "3篇": "articles_central",
        "33篇": "articles_provincial",
        "56篇": "articles_municipal",
    }
    for text, metric in expected.items():
        m = mapped[(11, text)]
        assert m.metric == metric
        assert m.confidence >= AUTO_CONFIDENCE
        assert not m.needs_review
    assert mapped[(11, "92篇")].breakdown_role == "total"
    assert mapped[(11, "56篇")].breakdown_consistent is True


def test_article_five_information_figures(mapped):
    assert mapped[(172, "1500余篇")].metric == "info_sent"
    assert mapped[(172, "40余篇")].metric == "info_sent"
    assert mapped[(172, "100余篇")].metric == "info_sent"
    adopted = mapped[(172, "120多篇")]
    assert (adopted.metric, adopted.level) == ("info_adopted_central", "central")
    assert adopted.quantity["qualifier"] == "over"
    assert mapped[(172, "7篇")].metric == "info_adopted_provincial"
    assert mapped[(172, "9篇")].metric == "research_articles"


def test_placeholders_are_flagged_and_never_auto_mapped(mapped):
    m = mapped[(7, "xx次")]
    assert m.metric == "study_sessions"
    assert "placeholder" in m.flags
    assert m.needs_review
    assert m.quantity["value"] is None


def test_rates_and_plans_are_not_period_totals(mapped):
    rate = mapped[(5, "2場")]  # 每月组织2场专场演出
    assert rate.metric == "event_sessions" and rate.needs_review
    assert "频率" in rate.reason
    plan = mapped[(178, "一期")]  # 下半年工作要点：计划开办一期培训班
    assert "plan" in plan.flags and plan.needs_review


def test_outlets_without_a_level_wait_for_a_person(mapped):
    # "在《广西日报》用稿118篇": the level is not written; 中央 earlier in the sentence belongs to 19篇.
    m = mapped[(119, "118篇")]
    assert m.metric == "articles"
    assert m.needs_review
    assert mapped[(119, "19篇")].metric == "articles_central"


def test_a_part_counted_under_its_totals_metric_is_not_counted_twice():
    rules = [Rule.from_fields(row, id=i) for i, row in enumerate(DEFAULT_MAPPINGS)]
    line = "上半年共报送调研文章9篇，其中3篇调研文章被采用。"
    quantities = [
        {
            "line": 1,
            "char": line.index("9篇"),
            "text": "9篇",
            "value": 9,
            "unit": "篇",
            "subject": "报送调研文章",
        },
        {
            "line": 1,
            "char": line.index("3篇"),
            "text": "3篇",
            "value": 3,
            "unit": "篇",
            "subject": "调研文章",
        },
    ]
    items = map_quantities(quantities, [{"total": 0, "parts": [1], "consistent": None}], [line], rules)
    assert items[0].metric == items[1].metric == "research_articles"
    assert not items[0].needs_review
    assert items[1].confidence == 0.0 and items[1].needs_review


def test_traditional_keywords_in_rules_match_like_simplified():
    rule = Rule.from_fields(
        {"name": "报送", "metric": "info_sent", "subject_any": ["报送信息"], "units": ["条"]}
    )
    traditional = Rule.from_fields(
        {"name": "報送", "metric": "info_sent", "subject_any": ["報送信息"], "units": ["條"]}
    )
    assert (rule.subject_any, rule.units) == (traditional.subject_any, traditional.units)
    lexicon = LevelLexicon(
        [Rule.from_fields({"metric": "x", "level": "provincial", "level_words": ["省級"]})]
    )
    assert lexicon.nearest("在省级媒体") == ("provincial", "省级")


def test_nearest_level_word_prefers_the_longer_one_ending_later():
    rules = [Rule.from_fields(row) for row in DEFAULT_MAPPINGS]
    lexicon = LevelLexicon(rules)
    assert lexicon.nearest("共在市级以上媒体播发稿件")[0] == "municipal_plus"
    assert lexicon.nearest("其中国家级媒体")[0] == "central"
    assert lexicon.nearest("没有级别") is None


def _map(text: str) -> dict[str, tuple[str, bool]]:
    """Each figure of a sentence -> (metric, needs review), through the real extractor."""
    from zongjie import extraction

    result = extraction.extract_bytes(text.encode(), "总结.txt")
    rules = [Rule.from_fields(row, id=i) for i, row in enumerate(DEFAULT_MAPPINGS)]
    items = map_quantities(
        [q.to_json_dict() for q in result.quantities],
        [b.to_json_dict() for b in result.breakdowns],
        text.split("\n"),
        rules,
    )
    return {m.quantity["text"]: (m.metric, m.needs_review) for m in items}


@pytest.mark.parametrize(
    ("sentence", "figure", "metric"),
    [
        ("乙县委宣传部半年工作总结\n共收集理论文章35篇。", "35篇", "research_articles"),
        ("乙县委宣传部半年工作总结\n市电视台报道我镇工作12次。", "12次", "articles_municipal"),
        ("乙县委宣传部半年工作总结\n日报报道我县经验8次。", "8次", "articles"),
        ("乙县委宣传部半年工作总结\n上送新闻稿件被省台采用6篇。", "6篇", "articles"),
        ("乙县委宣传部半年工作总结\n编发宣传信息简报12期。", "12期", "info_sent"),
        ("乙县委宣传部半年工作总结\n工作获省领导批示3次。", "3次", "instructions_provincial_plus"),
        ("乙县委宣传部半年工作总结\n获得市委通报表扬2次。", "2次", "honours"),
    ],
)
def test_common_figures_of_summaries_map_to_their_metric(sentence, figure, metric):
    assert _map(sentence)[figure][0] == metric


def test_seed_first_article_figures_and_the_92_articles(db):
    from zongjie.imports.models import MetricMapping
    from zongjie.imports.reading import parse
    from zongjie.imports.services import active_rules

    assert set(MetricMapping.objects.values_list("name", flat=True)) >= {r["name"] for r in DEFAULT_MAPPINGS}
    parsed = parse(SEED.read_bytes(), SEED.name, 1)
    items = map_quantities(parsed.quantities, parsed.breakdowns, parsed.lines, active_rules())
    by_text = {m.quantity["text"]: m for m in items}
    assert by_text["92篇"].metric == "articles_municipal_plus" and not by_text["92篇"].needs_review
    assert by_text["80余篇"].metric == "research_articles"
    assert sum(1 for m in items if m.metric) >= 13
