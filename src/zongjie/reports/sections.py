"""One builder per top-level category: figure sentences in the seed's manner, then highlights.

Each builder gets the entries of its section and returns numbered items (lead, Para);
compose.py numbers them 1. 2. … (or leaves the number off when there is one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from zongjie.reports import facts as f
from zongjie.reports.facts import LEVEL_NAMES, LEVEL_ORDER, Baseline, CategoryInfo, Count, EntryFact
from zongjie.reports.phrasing import Para, parts_sum

Item = tuple[str, Para]  # (lead-in such as "媒体刊播", paragraph)

SECTION_HEADINGS = {
    "theory": "理论武装工作扎实开展",
    "news": "新闻宣传工作成效明显",
    "online": "网络宣传工作有序推进",
    "culture": "文化建设不断加强",
    "civility": "精神文明建设深入推进",
    "info": "信息报送与调研工作持续加强",
    "other": "其他各项工作统筹推进",
}
# Which section an entry is written in: articles are news work and information reports
# info work whatever their category (as the metrics count them); the rest by category.
KIND_SECTION = {"article": "news", "info_report": "info", "study": "theory"}
# Information goes to offices, not media: 中央级 rather than 国家级.
INFO_LEVELS = {"central": "中央级", "provincial": "省级", "municipal": "市级", "county": "县级"}


def section_of(entry: EntryFact) -> str:
    return KIND_SECTION.get(entry.kind, entry.category)


def heading_for(cat: CategoryInfo) -> str:
    return SECTION_HEADINGS.get(cat.code, f"{cat.name}工作有序开展")


def _total(c: Count) -> str:
    """ "共" before a total, but not before a single one ("共1场次" is noise)."""
    return "共" if c.value != 1 else ""


def _events_and_more(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    """Events (by sub-category), honours (by level) and other work (projects, funds)."""
    items: list[Item] = []
    scope = cat.code
    events = [e for e in entries if e.kind == "event"]
    if events:
        s = f.sessions(events, "event")
        people = f.participants(events, "event")
        p = Para()
        if s.value:
            p.t(_total(s) + "组织开展各类活动").n(s, "场次", "event_sessions", scope)
            by_sub: dict[str, list[EntryFact]] = defaultdict(list)
            for e in events:
                by_sub[e.subcategory].append(e)
            parts = [
                (cat.children.get(code, "其他"), f.sessions(es, "event"), "event_sessions")
                for code, es in sorted(by_sub.items(), key=lambda kv: _child_order(cat, kv[0]))
            ]
            if parts_sum(parts, s):
                p.breakdown(parts, "场次", scope).t("；")
            else:
                p.t("，")
        else:
            n_events = Count(len(events), tuple(e.id for e in events))
            p.t(_total(n_events) + "组织开展各类活动").n(n_events, "次", "events", scope)
            p.t("，")
        if people.value:
            p.t("参与群众").n(people, "人次", "event_participants", scope)
        else:
            p.trim()
        p.end()
        items.append(("活动开展", p))
    honours = [e for e in entries if e.kind == "honour"]
    if honours:
        h = f.honours(honours)
        p = Para().t("获得各级荣誉").n(h, "项", "honours", scope)
        parts = [(LEVEL_NAMES[lv], f.honours(honours, lv), "honours") for lv in LEVEL_ORDER]
        if parts_sum(parts, h):
            p.breakdown(parts, "项", scope)
        p.end()
        items.append(("创建评选", p))
    others = [e for e in entries if e.kind not in ("event", "honour", "article", "info_report", "study")]
    if others:
        n = Count(len(others), tuple(e.id for e in others))
        names = list(dict.fromkeys(cat.children.get(e.subcategory, "") for e in others if e.subcategory))
        label = names[0] if names and names[0] else cat.name
        p = Para().t(f"完成{label}{'等' if len(names) > 1 else ''}工作").n(n, "项", "entries", scope)
        money = f.total(others, lambda e: True, lambda e: e.amount)
        if money.value:
            p.t("，涉及资金").amount(money, "amount", scope)
        p.end()
        items.append(("重点工作", p))
    return items


def _child_order(cat: CategoryInfo, code: str) -> int:
    keys = list(cat.children)
    return keys.index(code) if code in keys else len(keys)


def theory(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    items: list[Item] = []
    studies = [e for e in entries if e.kind == "study"]
    if studies:
        s = f.sessions(studies, "study")
        people = f.participants(studies, "study")
        p = Para()
        if s.value:
            p.t(_total(s) + "组织理论学习").n(s, "场次", "study_sessions")
            by_sub: dict[str, list[EntryFact]] = defaultdict(list)
            for e in studies:
                by_sub[e.subcategory].append(e)
            parts = [
                (cat.children.get(code, "其他学习"), f.sessions(es, "study"), "study_sessions")
                for code, es in sorted(by_sub.items(), key=lambda kv: _child_order(cat, kv[0]))
            ]
            if parts_sum(parts, s):
                p.breakdown(parts, "场次").t("；")
            else:
                p.t("，")
            if people.value:
                p.t("参加干部群众").n(people, "人次", "study_participants")
            else:
                p.trim()
            p.end()
            p.compare_sentence(
                "理论学习场次", s, last_year.get("study_sessions"), "场次", "study_sessions", as_of
            )
            items.append(("理论学习", p))
    items += _events_and_more([e for e in entries if e.kind != "study"], cat, last_year)
    return items


def news(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    items: list[Item] = []
    arts = [e for e in entries if e.kind == "article"]
    if arts:
        plus = f.articles_municipal_plus(arts)
        county = f.articles(arts, "county")
        p = Para()
        if plus.value:
            p.t(_total(plus) + "在市级以上媒体播发稿件").n(plus, "篇", "articles_municipal_plus")
            parts = [
                (f"{LEVEL_NAMES[lv]}媒体", f.articles(arts, lv), f"articles_{lv}")
                for lv in ("central", "provincial", "municipal")
            ]
            if parts_sum(parts, plus):
                p.breakdown(parts, "篇")
            p.end()
            p.compare_sentence(
                "市级以上媒体稿件数",
                plus,
                last_year.get("articles_municipal_plus"),
                "篇",
                "articles_municipal_plus",
                as_of,
            )
        if county.value:
            p.t("在县级媒体播发稿件").n(county, "篇", "articles_county").end()
        items.append(("媒体刊播", p))
        head = f.articles_headline(arts)
        inst = f.instructions(arts)
        if head.value or inst.value:
            q = Para()
            if head.value:
                q.t("在各级媒体头版头条位置刊发稿件").n(head, "篇", "articles_headline").end()
            if inst.value:
                q.t("稿件获各级领导批示").n(inst, "次", "instructions").end()
            items.append(("重点稿件", q))
    items += _events_and_more([e for e in entries if e.kind != "article"], cat, last_year)
    return items


def info(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    items: list[Item] = []
    reports = [e for e in entries if e.kind == "info_report"]
    if reports:
        sent = f.info_sent(reports)
        adopted = f.info_adopted(reports)
        p = Para().t(_total(sent) + "报送信息").n(sent, "篇", "info_sent")
        parts = [(INFO_LEVELS[lv], f.info_sent(reports, lv), "info_sent") for lv in LEVEL_ORDER]
        if parts_sum(parts, sent):
            p.breakdown(parts, "篇", prefix="报送").t("；")
        else:
            p.t("，")
        p.t("被采用").n(adopted, "篇", "info_adopted")
        # Each adopted report once, at the highest level that adopted it: the parts add up.
        parts = [
            (INFO_LEVELS[lv], f.info_adopted_highest(reports, lv), f"info_adopted_highest_{lv}")
            for lv in LEVEL_ORDER
        ]
        if parts_sum(parts, adopted):
            p.breakdown(parts, "篇")
        p.end()
        p.compare_sentence(
            "信息被采用数", adopted, last_year.get("info_adopted"), "篇", "info_adopted", as_of
        )
        items.append(("信息报送", p))
    research = f.research_articles(entries)
    if research.value:
        items.append(("调研工作", Para().t("撰写报送调研文章").n(research, "篇", "research_articles").end()))
    rest = [e for e in entries if e.kind != "info_report" and e.subcategory != "info_research"]
    items += _events_and_more(rest, cat, last_year)
    return items


def generic(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    return _events_and_more(entries, cat, last_year)


BUILDERS: dict[str, Callable[..., list[Item]]] = {
    "theory": theory,
    "news": news,
    "info": info,
}


def build_section(
    entries: list[EntryFact], cat: CategoryInfo, last_year: dict[str, Baseline], as_of: date | None = None
) -> list[Item]:
    items = BUILDERS.get(cat.code, generic)(entries, cat, last_year, as_of)
    return [(lead, p) for lead, p in items if not p.empty]
