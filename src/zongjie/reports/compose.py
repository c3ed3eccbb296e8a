"""compose(data) -> Document: the half-year 工作总结及下半年工作计划, pure (no I/O, no DB).

Layout follows the seed summaries:

    安平县委宣传部2026年上半年工作总结及下半年工作计划
    今年以来，在…的正确领导下，…现将上半年工作总结如下：
    一、上半年工作情况
    （一）理论武装工作扎实开展      one per top-level category with activity
    1.理论学习。共组织理论学习12场次，其中…；参加干部群众850人次。
    …一是…；二是…。                 the most significant work (highlights.py)
    （七）考核排名和目标任务完成情况  points, rank (位居全市第3), quotas, leading units
    二、下半年工作计划
    （一）…                          plan items (or the active sections when there are none)
    安平县委宣传部 / 二〇二六年七月二日
"""

from __future__ import annotations

from datetime import date, timedelta

from zongjie.reports.facts import Count, EntryFact, ReportData
from zongjie.reports.highlights import highlights
from zongjie.reports.phrasing import Para, fmt_number, parts_sum, short_unit_name
from zongjie.reports.sections import build_section, heading_for, section_of
from zongjie.reports.standing import behind, gap_sentence, quota_section, quota_sentence, rank_phrase
from zongjie.reports.tree import Block, Chart, Document, Figure, Heading

CN_MARKERS = "一二三四五六七八九十"
# When a unit has no plan items, the plan lists its active sections with these goals (no figures).
DEFAULT_PLANS = {
    "theory": (
        "持续深化理论武装",
        "坚持“第一议题”制度，抓好党委（党组）理论学习中心组学习，深入开展理论宣讲。",
    ),
    "news": ("着力打造舆论强势", "围绕中心工作组织宣传报道，在省市媒体显著位置推出更多重头稿件。"),
    "online": ("加强网络宣传管理", "办好网站和新媒体平台，及时更新发布，做好网上正面宣传。"),
    "culture": ("推进文化建设繁荣发展", "深入开展文化惠民活动，抓好非物质文化遗产保护传承。"),
    "civility": ("深化精神文明创建", "扎实推进文明单位、文明村镇创建，广泛开展志愿服务。"),
    "info": ("提高信息报送质量", "围绕中心工作加强信息采编报送，提高信息采用率，做好调研工作。"),
    "other": ("统筹做好其他各项工作", "按照上级部署，认真完成各项临时性工作任务。"),
}


def default_report_date(period_end: date) -> date:
    """Two days after the period ends: 2026H1 (ends 30 June) -> 2026-07-02, as the seed signs."""
    return period_end + timedelta(days=2)


def period_words(data: ReportData) -> tuple[str, str, str]:
    """(title period, short period word for the text, next period's name for the plan)."""
    y = data.period_year
    if data.period_kind == "half":
        if data.period_number == 1:
            return f"{y}年上半年", "上半年", "下半年"
        return f"{y}年下半年", "下半年", f"{y + 1}年上半年"
    if data.period_kind == "year":
        return f"{y}年", "今年", f"{y + 1}年"
    if data.period_kind == "quarter":
        word = f"第{CN_MARKERS[data.period_number - 1]}季度"
        return f"{y}年{word}", word, "下一阶段"
    return f"{y}年{data.period_number}月", "本月", "下一阶段"


def compose(data: ReportData) -> Document:
    title_period, short, next_name = period_words(data)
    plan_word = "下半年" if next_name == "下半年" else next_name
    title = f"{data.unit_name}{title_period}工作总结及{plan_word}工作计划"
    doc = Document(
        title=title,
        unit_name=data.unit_name,
        unit_code=data.unit_code,
        period_code=data.period_code,
        date=data.report_date or default_report_date(data.period_end),
        signature=data.unit_name,
    )
    blocks = doc.blocks
    blocks.append(_opening(data, short))
    blocks.append(Heading(1, "一、", f"{short}工作情况"))
    n = 0
    by_section: dict[str, list[EntryFact]] = {}
    for e in data.entries:
        by_section.setdefault(section_of(e), []).append(e)
    active = []
    for cat in sorted(data.categories, key=lambda c: (c.order, c.code)):
        entries = by_section.get(cat.code, [])
        if not entries:
            continue  # empty categories are left out
        items = build_section(entries, cat, data.last_year, data.as_of)
        best = highlights(entries, cat.code, data.unit_code, data.unit_level, data.unit_depths)
        if not items and best is None:
            continue
        active.append(cat.code)
        blocks.append(Heading(2, f"（{_marker(n)}）", heading_for(cat)))
        n += 1
        numbered = len(items) > 1
        for i, (lead, p) in enumerate(items, start=1):
            p.lead = f"{i}.{lead}。" if numbered else ""
            blocks.append(p.build())
        if cat.code == "news":
            doc.charts.append(_articles_chart(entries))
        if best is not None:
            intro = Para().t(f"{short}，重点抓好了以下工作：" if not numbered else "重点工作方面：")
            blocks.append(intro.extend(best).build())
    assessment, points_chart = _assessment(data, short)
    year_on_year = _year_on_year(data)
    # Order in the attachment: points by category, articles by level, this year against last.
    doc.charts = [c for c in (points_chart, *doc.charts, year_on_year) if c is not None]
    if assessment:
        blocks.append(Heading(2, f"（{_marker(n)}）", "考核排名和目标任务完成情况"))
        blocks += assessment
    blocks.append(Heading(1, "二、", f"{next_name}工作计划"))
    blocks += _plans(data, active, short, next_name)
    return doc


def _opening(data: ReportData, short: str) -> Para:
    since = "今年以来" if data.period_kind != "half" or data.period_number == 1 else "下半年以来"
    # A parent's report covers its whole subtree: it speaks for the 战线 it leads.
    leads = f"团结带领{data.scope_word}宣传思想文化战线" if data.rollup else ""
    return (
        Para()
        .t(
            f"{since}，在{data.leadership}的正确领导下，{data.unit_name}坚持以习近平新时代中国特色社会主义"
            f"思想为指导，{leads}紧紧围绕中心、服务大局，扎实做好各项宣传思想文化工作，取得了新的成效。"
            f"现将{short}工作总结如下："
        )
        .build()
    )


def _articles_chart(entries: list[EntryFact]) -> Chart:
    levels = [("central", "国家级"), ("provincial", "省级"), ("municipal", "市级"), ("county", "县级")]
    values = [
        float(sum(1 for e in entries if e.kind == "article" and e.media_level == lv)) for lv, _ in levels
    ]
    return Chart(
        "articles_by_level", "各级媒体稿件数", [name for _, name in levels], [("稿件", values)], "篇"
    )


def _assessment(data: ReportData, short: str) -> tuple[list[Block], Chart | None]:
    out: list[Block] = []
    chart: Chart | None = None
    r = data.ranking
    if r is not None:
        p = Para().t(f"{short}考核积分")
        p.fig(Figure(fmt_number(r.points_total) + "分", r.points_total, "分", "points_total", (), _rule(r)))
        names = {c.code: c.name for c in data.categories}
        parts = [
            (names.get(code, code), Count(v, ()), "points_by_category")
            for code, v in sorted(r.points_by_category.items(), key=lambda kv: _cat_order(data, kv[0]))
        ]
        if parts_sum(parts, Count(r.points_total, ())):
            p.t("，其中")
            shown = [(label, c) for label, c, _ in parts if c.value]
            for i, (label, c) in enumerate(shown):
                p.t("、" if i else "").t(label)
                p.fig(Figure(fmt_number(c.value) + "分", c.value, "分", "points_by_category", (), _rule(r)))
            p.t("；")
        else:
            p.t("，")
        if r.rank and r.rank_of > 1:
            rank_phrase(p, r, _rule(r))
            p.t("。")
        else:
            p.trim().end()
        out.append(p.build())
        cats = [
            c
            for c in sorted(data.categories, key=lambda c: (c.order, c.code))
            if c.code in r.points_by_category
        ]
        if cats:
            chart = Chart(
                "points_by_category",
                "各项工作考核积分",
                [c.name for c in cats],
                [("积分", [float(r.points_by_category[c.code]) for c in cats])],
                "分",
            )
    if data.quotas:
        p = Para()
        for q in data.quotas:
            quota_sentence(p, q, short, data.entries, data.as_of)
        out.append(p.build())
    if data.leading_units:
        label = data.children_label or "各下属单位"
        names = "、".join(short_unit_name(u) for u in data.leading_units)
        out.append(Para().t(f"从{label}考核情况看，{names}位居前列。").build())
    return out, chart


def _year_on_year(data: ReportData) -> Chart | None:
    from zongjie.reports.facts import METRICS

    rows = [
        ("articles_municipal_plus", "市级以上稿件"),
        ("info_adopted", "信息采用"),
        ("event_sessions", "活动场次"),
        ("study_sessions", "学习场次"),
    ]
    cats, now, last = [], [], []
    for code, label in rows:
        base = data.last_year.get(code)
        if base is None:
            continue
        current = float(METRICS[code](data.entries).value)
        if not current and not base.value:
            continue  # nothing either year: no bars to compare
        cats.append(label)
        now.append(current)
        last.append(float(base.value))
    if not cats:
        return None
    return Chart("year_on_year", "与去年同期对比", cats, [("本期", now), ("去年同期", last)])


def _rule(r) -> str:
    return f"scorecard:{r.rule_version}" if r.rule_version else "scorecard"


def _cat_order(data: ReportData, code: str) -> tuple[int, str]:
    for c in data.categories:
        if c.code == code:
            return (c.order, code)
    return (10**6, code)


def _plans(data: ReportData, active: list[str], short: str, next_name: str) -> list[Block]:
    """The unit's PlanItems (or its active sections' standing goals); a quota behind its pace
    is named with its gap in the plan of its section, or in a plan item of its own."""
    items: list[tuple[str, str, Para]] = []  # (section, title, paragraph)
    plans = sorted(data.plans, key=lambda p: (_cat_order(data, p.category)[0] if p.category else 10**6, p.id))
    for plan in plans:
        p = Para()
        if plan.description:
            p.t(plan.description.strip())
            if not plan.description.strip().endswith(("。", "！", "；")):
                p.t("。")
        if plan.target is not None and plan.metric_name:
            p.t(f"力争{plan.metric_name}达到")
            p.fig(
                Figure(
                    fmt_number(plan.target) + plan.unit,
                    plan.target,
                    plan.unit,
                    plan.metric,
                    (),
                    f"plan:{plan.id}",
                )
            )
            p.t("。")
        items.append((plan.category, plan.title.rstrip("。"), p))
    if not plans:
        for code in active or ["news"]:
            title, text = DEFAULT_PLANS.get(
                code, ("扎实做好各项工作", "按照上级部署，认真完成各项工作任务。")
            )
            items.append((code, title, Para().t(text)))
    spare = Para()
    for q in data.quotas:
        if not behind(q):
            continue
        section = quota_section(q.metric)
        home = next((p for cat, _, p in items if section and cat == section), spare)
        gap_sentence(home, q, short, next_name)
    if not spare.empty:
        items.append(("", "补齐目标任务短板", spare))
    out: list[Block] = []
    for i, (_, title, p) in enumerate(items):
        out.append(Heading(2, f"（{_marker(i)}）", title))
        if not p.empty:
            out.append(p.build())
    return out


def _marker(i: int) -> str:
    if i < 10:
        return CN_MARKERS[i]
    tens, ones = divmod(i + 1, 10)
    return ("" if tens == 1 else CN_MARKERS[tens - 1]) + "十" + (CN_MARKERS[ones - 1] if ones else "")
