"""Position and targets in the seed's words: rank among siblings and quota completion.

位居全市第5位 / 位居全市前列（第2位）             the top third of the siblings is 前列
完成上半年任务的119%，超额完成                    a period that has ended
完成上半年任务的87%，还差8篇
截至11月20日已完成40篇，完成进度63%，低于时间进度10个百分点   a period still running
"""

from __future__ import annotations

from decimal import Decimal

from zongjie.reports.facts import METRICS, Count, EntryFact, Number, QuotaFact, RankFact
from zongjie.reports.phrasing import Para, fmt_number, fmt_percent
from zongjie.reports.tree import Figure, month_day


def top_third(rank: int, of: int) -> bool:
    return rank * 3 <= of


def rank_phrase(p: Para, r: RankFact, source: str) -> None:
    """ "位居全市第5位" or, in the top third, "位居全市前列（第2位）"."""
    fig = Figure(f"第{r.rank}位", r.rank, "", "rank", (), source)
    if top_third(r.rank, r.rank_of):
        p.t(f"位居{r.scope}前列（").fig(fig).t("）")
    else:
        p.t(f"位居{r.scope}").fig(fig)


def quota_gap(q: QuotaFact) -> Number:
    return max(Decimal(str(q.target)) - Decimal(str(q.actual)), Decimal(0))


def behind(q: QuotaFact) -> bool:
    """Below target at the end of the period, or below the time's share of it while running."""
    if q.expected_share >= 1:
        return q.actual < q.target
    return q.actual < q.target * q.expected_share


def _actual(q: QuotaFact, entries: list[EntryFact]) -> Count:
    compute = METRICS.get(q.metric)
    if compute is not None:
        c = compute(entries)
        if Decimal(str(c.value)) == Decimal(str(q.actual)):
            return c  # the same figure, with the entries it counts
    return Count(q.actual, ())


def quota_sentence(p: Para, q: QuotaFact, period_word: str, entries: list[EntryFact], as_of) -> None:
    pct = round(float(q.actual) / float(q.target) * 100) if q.target else None
    p.t(f"{q.name}{q.period_name or period_word}任务")
    p.fig(Figure(fmt_number(q.target) + q.unit, q.target, q.unit, q.metric, (), "quota"))
    running = q.expected_share < 1 and as_of is not None
    p.t(f"，截至{month_day(as_of)}已完成" if running else "，完成")
    p.n(_actual(q, entries), q.unit, q.metric)
    if pct is None:
        p.end()
        return
    pct_fig = Figure(fmt_percent(pct), pct, "%", q.metric, (), "quota")
    if running:
        p.t("，完成进度").fig(pct_fig)
        diff = round(pct - q.expected_share * 100)
        if diff > 0:
            p.t(f"，高于时间进度{diff}个百分点")
        elif diff < 0:
            p.t(f"，低于时间进度{-diff}个百分点")
        else:
            p.t("，与时间进度持平")
    else:
        p.t(f"，完成{q.period_name or period_word}任务的").fig(pct_fig)
        if q.actual > q.target:
            p.t("，超额完成")
        elif q.actual == q.target:
            p.t("，圆满完成")
        else:
            gap = quota_gap(q)
            p.t("，还差").fig(Figure(fmt_number(gap) + q.unit, gap, q.unit, q.metric, (), "quota"))
    p.end()


QUOTA_SECTIONS = {"articles": "news", "info": "info", "research": "info", "study": "theory", "event": ""}


def quota_section(metric: str) -> str:
    return next((cat for prefix, cat in QUOTA_SECTIONS.items() if metric.startswith(prefix)), "")


def gap_sentence(p: Para, q: QuotaFact, period_word: str, next_word: str) -> None:
    """The plan names a quota behind its pace with its gap: "信息被采用数还差12篇，…"."""
    gap = quota_gap(q)
    period_word = q.period_name or period_word
    gap_fig = Figure(fmt_number(gap) + q.unit, gap, q.unit, q.metric, (), "quota")
    if q.expected_share >= 1:
        p.t(f"{period_word}{q.name}任务还差").fig(gap_fig).t(f"，{next_word}要补齐短板、迎头赶上。")
    else:
        p.t(f"{q.name}距{period_word}任务还差").fig(gap_fig).t(
            "，进度落后于时间进度，要加快进度，确保按期完成。"
        )
