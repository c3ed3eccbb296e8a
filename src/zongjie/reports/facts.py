"""Plain data a report is composed from (filled by services.py from the database).

Nothing here touches Django: tests build ReportData by hand, services.py fills it
from the ledger and the assessment scorecard. Counting helpers return the value
together with the ids of the entries counted, so every figure can be traced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Number = int | float | Decimal

LEVEL_NAMES = {"central": "国家级", "provincial": "省级", "municipal": "市级", "county": "县级"}
LEVEL_ORDER = ["central", "provincial", "municipal", "county"]


@dataclass(frozen=True)
class EntryFact:
    """One approved ledger entry, flattened to what a report needs."""

    id: int
    category: str  # top-level category code
    subcategory: str  # its own category code (may equal `category`)
    kind: str  # article | info_report | event | study | honour | other
    title: str
    occurred_on: date
    starred: bool = False
    media_level: str = ""  # effective level of an article (own, else its outlet's)
    outlet: str = ""
    placement: str = "normal"
    sent_level: str = ""
    sent_to: str = ""
    adoptions: tuple[tuple[str, str], ...] = ()  # (level, adopted_by)
    instructions: tuple[str, ...] = ()  # levels of the leaders' instructions
    sessions: int | None = None
    participants: int | None = None
    amount: Decimal | None = None
    honour_level: str = ""
    unit_code: str = ""


@dataclass(frozen=True)
class CategoryInfo:
    code: str
    name: str
    order: int = 0
    children: dict[str, str] = field(default_factory=dict)  # sub code -> name


@dataclass(frozen=True)
class Baseline:
    """The same period a year before: from the ledger or an imported old summary."""

    value: Number
    source: str = "ledger"  # "ledger" or e.g. "旧总结.docx 第11行"


@dataclass(frozen=True)
class QuotaFact:
    metric: str
    name: str  # 市级以上媒体稿件
    unit: str  # 篇
    target: Number
    actual: Number
    completion: float | None  # percent, 92.0 = 92 %
    period_name: str = ""  # the quota's period, e.g. 全年 (a year target)
    expected_share: float = 1.0  # share of the quota's period elapsed (1.0 once it has ended)


@dataclass(frozen=True)
class PlanFact:
    id: int
    title: str
    description: str = ""
    category: str = ""
    metric: str = ""
    metric_name: str = ""
    unit: str = ""
    target: Number | None = None


@dataclass(frozen=True)
class RankFact:
    rank: int
    rank_of: int
    scope: str  # 全市 / 全县
    points_total: Number
    points_by_category: dict[str, Number] = field(default_factory=dict)
    rule_version: str = ""


@dataclass
class ReportData:
    unit_code: str
    unit_name: str
    period_code: str
    period_kind: str  # half | year | quarter | month
    period_year: int
    period_number: int
    period_end: date
    leadership: str  # 县委和清河市委宣传部
    categories: list[CategoryInfo] = field(default_factory=list)
    entries: list[EntryFact] = field(default_factory=list)
    last_year: dict[str, Baseline] = field(default_factory=dict)
    ranking: RankFact | None = None
    quotas: list[QuotaFact] = field(default_factory=list)
    plans: list[PlanFact] = field(default_factory=list)
    leading_units: list[str] = field(default_factory=list)
    children_label: str = ""  # 各县（市、区） — the units `leading_units` are among
    rollup: bool = False  # the figures cover the unit's whole subtree
    scope_word: str = "全系统"  # 全市 / 全县: the subtree a rolled-up report speaks for
    report_date: date | None = None
    unit_level: str = "county"  # the level the unit works at (municipal for the city's offices)
    unit_depths: dict[str, int] = field(default_factory=dict)  # unit code -> depth below the unit
    as_of: date | None = None  # set while the period is still running: the figures are 截至 this day


@dataclass(frozen=True)
class Count:
    value: Number
    ids: tuple[int, ...]


def count(entries: Iterable[EntryFact], keep: Callable[[EntryFact], bool]) -> Count:
    ids = tuple(e.id for e in entries if keep(e))
    return Count(len(ids), ids)


def total(
    entries: Iterable[EntryFact],
    keep: Callable[[EntryFact], bool],
    value: Callable[[EntryFact], Number | None],
) -> Count:
    s: Number = 0
    ids = []
    for e in entries:
        if keep(e):
            v = value(e)
            if v:
                s += v
                ids.append(e.id)
    return Count(s, tuple(ids))


# The metric codes of the shared contract, computed the way assessment counts them.
def articles(entries: list[EntryFact], level: str | None = None) -> Count:
    return count(entries, lambda e: e.kind == "article" and (level is None or e.media_level == level))


def articles_municipal_plus(entries: list[EntryFact]) -> Count:
    return count(
        entries, lambda e: e.kind == "article" and e.media_level in ("central", "provincial", "municipal")
    )


def articles_headline(entries: list[EntryFact]) -> Count:
    return count(entries, lambda e: e.kind == "article" and e.placement == "front_headline")


def instructions(entries: list[EntryFact]) -> Count:
    return total(entries, lambda e: bool(e.instructions), lambda e: len(e.instructions))


def info_sent(entries: list[EntryFact], level: str | None = None) -> Count:
    return count(entries, lambda e: e.kind == "info_report" and (level is None or e.sent_level == level))


def info_adopted(entries: list[EntryFact], level: str | None = None) -> Count:
    return count(
        entries,
        lambda e: (
            e.kind == "info_report"
            and bool(e.adoptions)
            and (level is None or any(lv == level for lv, _ in e.adoptions))
        ),
    )


def highest_level(levels: Iterable[str]) -> str:
    """The highest of some levels (central > provincial > municipal > county), "" for none."""
    ranks = [LEVEL_ORDER.index(lv) for lv in levels if lv in LEVEL_ORDER]
    return LEVEL_ORDER[min(ranks)] if ranks else ""


def info_adopted_highest(entries: list[EntryFact], level: str) -> Count:
    """Adopted reports counted once, at the highest level that adopted them: the parts of
    `info_adopted` over LEVEL_ORDER add up to it (a report adopted by the province and the
    city is a provincial adoption only)."""
    return count(
        entries,
        lambda e: e.kind == "info_report" and highest_level(lv for lv, _ in e.adoptions) == level,
    )


def sessions(entries: list[EntryFact], kind: str) -> Count:
    return total(entries, lambda e: e.kind == kind, lambda e: e.sessions)


def participants(entries: list[EntryFact], kind: str) -> Count:
    return total(entries, lambda e: e.kind == kind, lambda e: e.participants)


def research_articles(entries: list[EntryFact]) -> Count:
    return count(entries, lambda e: e.subcategory == "info_research")


def honours(entries: list[EntryFact], level: str | None = None) -> Count:
    return count(entries, lambda e: e.kind == "honour" and (level is None or e.honour_level == level))


METRICS: dict[str, Callable[[list[EntryFact]], Count]] = {
    "articles": lambda es: articles(es),
    "articles_central": lambda es: articles(es, "central"),
    "articles_provincial": lambda es: articles(es, "provincial"),
    "articles_municipal": lambda es: articles(es, "municipal"),
    "articles_county": lambda es: articles(es, "county"),
    "articles_municipal_plus": articles_municipal_plus,
    "articles_headline": articles_headline,
    "info_sent": lambda es: info_sent(es),
    "info_adopted": lambda es: info_adopted(es),
    "info_adopted_central": lambda es: info_adopted(es, "central"),
    "info_adopted_provincial": lambda es: info_adopted(es, "provincial"),
    "info_adopted_municipal": lambda es: info_adopted(es, "municipal"),
    "instructions": instructions,
    "events": lambda es: count(es, lambda e: e.kind == "event"),
    "event_sessions": lambda es: sessions(es, "event"),
    "event_participants": lambda es: participants(es, "event"),
    "study_sessions": lambda es: sessions(es, "study"),
    "study_participants": lambda es: participants(es, "study"),
    "research_articles": research_articles,
    "honours": lambda es: honours(es),
}

# Partitions the report writes after 其中 (not scorecard metrics: each item once, at its highest level).
PARTITION_METRICS: dict[str, Callable[[list[EntryFact]], Count]] = {
    f"info_adopted_highest_{lv}": (lambda es, lv=lv: info_adopted_highest(es, lv)) for lv in LEVEL_ORDER
}
