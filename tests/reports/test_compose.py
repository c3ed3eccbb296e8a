"""compose() on hand-made data: structure, figure sentences, traceability (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.reports.fixtures import sample_data, sample_entries
from zongjie.reports.compose import compose, default_report_date
from zongjie.reports.facts import METRICS, Baseline, EntryFact, QuotaFact, RankFact
from zongjie.reports.tree import Heading, Paragraph, arabic_date, chinese_date


def _paragraph(doc, start: str) -> Paragraph:
    found = [p for p in doc.paragraphs() if p.text.startswith(start)]
    assert len(found) == 1, [p.text for p in doc.paragraphs()]
    return found[0]


def test_dates_in_arabic_numerals():
    # GB/T 9704-2012 7.3.5: the 成文日期 in Arabic numerals, year, month and day in full.
    assert arabic_date(date(2026, 7, 2)) == "2026年7月2日"
    assert arabic_date(date(2030, 12, 31)) == "2030年12月31日"
    assert chinese_date(date(2026, 10, 20)) == "二〇二六年十月二十日"  # still there for other uses


def test_default_date_is_two_days_after_the_period():
    assert default_report_date(date(2026, 6, 30)) == date(2026, 7, 2)
    doc = compose(sample_data())
    assert doc.date == date(2026, 7, 2)
    assert doc.lines()[-2:] == ["安平县委宣传部", "2026年7月2日"]
    assert compose(sample_data(report_date=date(2026, 7, 10))).date_text == "2026年7月10日"


def test_title_opening_and_outline():
    doc = compose(sample_data())
    assert doc.title == "安平县委宣传部2026年上半年工作总结及下半年工作计划"
    opening = doc.blocks[0].text
    assert opening.startswith("今年以来，在县委和清河市委宣传部的正确领导下，安平县委宣传部")
    assert opening.endswith("现将上半年工作总结如下：")
    outline = [h.full for h in doc.headings()]
    assert outline == [
        "一、上半年工作情况",
        "（一）理论武装工作扎实开展",
        "（二）新闻宣传工作成效明显",
        "（三）文化建设不断加强",
        "（四）精神文明建设深入推进",
        "（五）信息报送与调研工作持续加强",
        "（六）考核排名和目标任务完成情况",
        "二、下半年工作计划",
        "（一）扎实推进学习型党组织建设",
        "（二）突出重点，着力打造舆论强势",
    ]


def test_empty_categories_are_left_out():
    doc = compose(sample_data())
    text = "\n".join(doc.lines())
    assert "网络宣传" not in text and "其他各项工作" not in text
    no_culture = [e for e in sample_entries() if e.category != "culture"]
    assert "文化建设" not in "\n".join(compose(sample_data(entries=no_culture)).lines())


def test_news_sentence_in_the_seed_phrasing_with_parts_summing_to_total():
    p = _paragraph(compose(sample_data()), "1.媒体刊播。")
    assert p.text == (
        "1.媒体刊播。共在市级以上媒体播发稿件92篇，其中国家级媒体3篇、省级媒体33篇、市级媒体56篇。"
        "市级以上媒体稿件数比去年同期的80篇增长15%。在县级媒体播发稿件4篇。"
    )
    figs = {f.text: f for f in p.figures()}
    assert figs["92篇"].metric == "articles_municipal_plus"
    assert len(figs["92篇"].entry_ids) == 92
    parts = [figs["3篇"], figs["33篇"], figs["56篇"]]
    assert sum(f.value for f in parts) == 92
    assert set().union(*(set(f.entry_ids) for f in parts)) == set(figs["92篇"].entry_ids)
    assert figs["80篇"].source == "ledger" and figs["80篇"].entry_ids == ()
    assert figs["15%"].value == 15.0 and figs["15%"].source == "去年同期：ledger"


def test_info_sentence_and_imported_baseline_source():
    p = _paragraph(compose(sample_data()), "1.信息报送。")
    assert p.text == (
        "1.信息报送。共报送信息10篇，其中报送中央级2篇、省级1篇、市级7篇；被采用3篇，其中中央级1篇、省级1篇、"
        "市级1篇。信息被采用数比去年同期的4篇下降25%。"
    )
    # A report adopted by the city and the province counts once, as a provincial adoption.
    parts = [f for f in p.figures() if f.metric.startswith("info_adopted_highest_")]
    assert sum(f.value for f in parts) == 3
    assert len({i for f in parts for i in f.entry_ids}) == 3
    last = next(f for f in p.figures() if f.text == "4篇")
    assert last.metric == "info_adopted" and last.source == "旧总结.docx 第11行"


def test_flat_comparison_and_no_comparison_without_baseline():
    doc = compose(sample_data())
    assert "理论学习场次与去年同期的9场次持平。" in _paragraph(doc, "共组织理论学习").text
    bare = compose(sample_data(last_year={}))
    assert "去年同期" not in "\n".join(bare.lines())


def test_events_highlights_and_money():
    doc = compose(sample_data())
    assert _paragraph(doc, "1.活动开展。").text == "1.活动开展。共组织开展各类活动8场次，参与群众3500人次。"
    assert _paragraph(doc, "2.重点工作。").text == "2.重点工作。完成文化项目工作1项，涉及资金2300万元。"
    best = _paragraph(doc, "重点工作方面：一是组织开展")
    # The two performances of one title are one item, the sessions and people of both.
    assert best.text == "重点工作方面：一是组织开展“彩色周末”专场文艺演出8场次，参与群众3500人次。"
    # ids: 96 articles, 10 reports (97-106), research 107, studies 108-109, the events 110-111.
    assert [f.entry_ids for f in best.figures()] == [(110, 111), (110, 111)]


def test_money_in_yi_from_one_yi_up():
    from zongjie.reports.phrasing import money

    assert money(276200) == (Decimal("27.62"), "亿元")
    assert money(Decimal("12345")) == (Decimal("1.23"), "亿元")  # the value is what the text says
    assert money(10000) == (Decimal("1"), "亿元")
    assert money(Decimal("9999.5")) == (Decimal("9999.5"), "万元")


def test_highlights_ranked_by_weight_and_grouped():
    doc = compose(sample_data())
    news = _paragraph(doc, "重点工作方面：一是在中央媒体")
    assert news.text == (
        "重点工作方面：一是在中央媒体刊发稿件3篇，其中头版头条1篇，《小麦丰收在望》获市领导批示肯定；"
        "二是在省级媒体刊发稿件33篇。"
    )
    info = _paragraph(doc, "重点工作方面：一是报送")
    assert info.text.index("中宣部") < info.text.index("省委宣传部")  # the higher adopter first


def test_city_highlights_prefer_its_own_and_its_level():
    from zongjie.reports.highlights import highlights

    township = EntryFact(1, "news", "news_article", "article", "《乡镇新闻》在县融媒体中心刊发",
                         date(2026, 1, 2), starred=True, media_level="county", outlet="县融媒体中心",
                         placement="front_headline", unit_code="AP01")  # fmt: skip
    own = EntryFact(2, "news", "news_article", "article", "《全市新闻》在清河日报刊发", date(2026, 3, 2),
                    media_level="municipal", outlet="清河日报", placement="front_headline", unit_code="QH")  # fmt: skip
    p = highlights([township, own], "news", "QH", "municipal", {"QH": 0, "AP": 1, "AP01": 2})
    assert p is not None and p.build().text == "一是《全市新闻》在《清河日报》头版头条刊发。"
    # The same township piece in the township's own report is its highlight.
    p = highlights([township], "news", "AP01", "county", {"AP01": 0})
    assert p is not None and "《乡镇新闻》" in p.build().text


def test_assessment_rank_quota_and_points_breakdown():
    doc = compose(sample_data())
    assert _paragraph(doc, "上半年考核积分").text == (
        "上半年考核积分356.5分，其中新闻宣传300.5分、信息报送与调研56分；位居全市第3位。"
    )
    assert (
        _paragraph(doc, "市级以上媒体稿件").text
        == "市级以上媒体稿件全年任务100篇，完成92篇，完成全年任务的92%，还差8篇。"
    )
    # Points that do not add up (base points, deductions) are stated without a breakdown.
    odd = sample_data(ranking=RankFact(3, 8, "全市", Decimal("360"), {"news": Decimal("300.5")}, "v1"))
    assert _paragraph(compose(odd), "上半年考核积分").text == "上半年考核积分360分，位居全市第3位。"


def test_leading_units_of_a_parent():
    data = sample_data(leading_units=["安平县委宣传部", "永宁县委宣传部"], children_label="各县（市、区）")
    assert _paragraph(compose(data), "从各县").text == "从各县（市、区）考核情况看，安平县、永宁县位居前列。"


def test_plans_with_target_and_default_plans():
    doc = compose(sample_data())
    target = _paragraph(doc, "力争")
    # The quota behind its target is named, with its gap, in the plan of its section.
    assert (
        target.text
        == "力争市级以上媒体稿件达到200篇。全年市级以上媒体稿件任务还差8篇，下半年要补齐短板、迎头赶上。"
    )
    assert target.figures()[0].source == "plan:2"
    plain = compose(sample_data(plans=[]))
    plan_heads = [h.full for h in plain.headings()][-5:]
    assert plan_heads == [
        "（一）持续深化理论武装",
        "（二）着力打造舆论强势",
        "（三）推进文化建设繁荣发展",
        "（四）深化精神文明创建",
        "（五）提高信息报送质量",
    ]


def test_running_quota_behind_its_pace_in_a_plan_of_its_own():
    behind = QuotaFact("info_adopted", "信息被采用", "篇", 30, 10, 33.3, expected_share=0.6)
    ahead = QuotaFact("info_sent", "报送信息", "篇", 10, 9, 90.0, expected_share=0.6)
    data = sample_data(quotas=[behind, ahead], plans=[], as_of=date(2026, 4, 18))
    doc = compose(data)
    text = "\n".join(doc.lines())
    quota = _paragraph(doc, "信息被采用上半年任务")
    assert quota.text.startswith(
        "信息被采用上半年任务30篇，截至4月18日已完成10篇，完成进度33%，低于时间进度27个百分点。"
    )
    assert "报送信息上半年任务10篇，截至4月18日已完成9篇，完成进度90%，高于时间进度30个百分点。" in quota.text
    assert "信息被采用距上半年任务还差20篇" in _paragraph(doc, "围绕中心工作加强信息采编报送").text
    assert "报送信息距" not in text  # ahead of its pace: nothing to catch up
    assert "截至4月18日，市级以上媒体稿件数比去年同期" in text


def test_second_half_and_year_titles():
    h2 = compose(sample_data(period_code="2026H2", period_number=2, period_end=date(2026, 12, 31)))
    assert h2.title == "安平县委宣传部2026年下半年工作总结及2027年上半年工作计划"
    assert h2.date == date(2027, 1, 2)
    assert Heading(1, "二、", "2027年上半年工作计划") in h2.blocks


def test_every_unscoped_ledger_figure_is_the_metric_of_its_entries():
    """No sentence states a figure that the data does not hold."""
    data = sample_data()
    doc = compose(data)
    by_id = {e.id: e for e in data.entries}
    checked = 0
    for fig in doc.figures():
        if fig.source != "ledger" or fig.scope or fig.metric not in METRICS or len(fig.entry_ids) < 2:
            continue
        entries = [by_id[i] for i in fig.entry_ids]
        assert METRICS[fig.metric](entries).value == fig.value, fig
        assert METRICS[fig.metric](data.entries).ids == fig.entry_ids or fig.metric.startswith("info_sent")
        checked += 1
    assert checked >= 6
    # Every figure is written as its own text in its paragraph.
    for p in doc.paragraphs():
        for fig in p.figures():
            assert fig.text in p.text


def test_comparison_with_zero_baseline_is_not_stated():
    doc = compose(sample_data(last_year={"articles_municipal_plus": Baseline(0)}))
    assert "市级以上媒体稿件数比去年同期" not in "\n".join(doc.lines())
