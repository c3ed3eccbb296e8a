"""Figures -> metrics by data rules (MetricMapping rows): plain keywords, no regex, no eval.

Works on the extractor's JSON schema (gold/seed.json): quantity dicts, breakdown dicts
and the file's lines, so it is testable on the seed's gold file alone. Every decision
keeps its reason (which rule, where the level word was found), shown on the import page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zongjie.extraction.normalise import t2s

#: At or above this confidence a figure is "mapped" (awaits a plain confirm); below, review.
AUTO_CONFIDENCE = 0.7
#: A level found only elsewhere in the sentence (not in the figure's own clause) is weaker.
CONTEXT_LEVEL_FACTOR = 0.85
#: A rate (每月2场, 人均…) is not a period total.
RATE_FACTOR = 0.3
#: Figures under a next-half plan heading are goals, not results.
PLAN_FACTOR = 0.0
PLAN_WORDS = ("下半年", "计划", "打算", "谋划", "要点", "思路")
#: Two different metrics matching about equally well: nobody should pick silently.
AMBIGUOUS_MARGIN = 0.05
AMBIGUOUS_FACTOR = 0.6

_SENTENCE_END = "。；;！？!?\n"
_CLAUSE_END = _SENTENCE_END + "，,、：:"
_RATE = re.compile(r"(每[月周天日年季期场次]|人均)[^，,。；;]{0,6}$")


@dataclass(frozen=True)
class Rule:
    id: int | None
    name: str
    metric: str
    confidence: float
    subject_any: tuple[str, ...] = ()
    subject_all: tuple[str, ...] = ()
    subject_none: tuple[str, ...] = ()
    context_any: tuple[str, ...] = ()
    context_all: tuple[str, ...] = ()
    context_none: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    level: str = ""
    level_words: tuple[str, ...] = ()
    level_from_context: bool = False
    sort_order: int = 100

    @classmethod
    def from_fields(cls, data: Mapping[str, Any], id: int | None = None) -> Rule:
        def words(key: str) -> tuple[str, ...]:
            # Rows may be typed in Traditional; match in Simplified like the figures.
            return tuple(t2s(w.strip()) for w in data.get(key) or () if w and w.strip())

        return cls(
            id=id,
            name=data.get("name", ""),
            metric=data["metric"],
            confidence=float(data.get("confidence", 0.9)),
            subject_any=words("subject_any"),
            subject_all=words("subject_all"),
            subject_none=words("subject_none"),
            context_any=words("context_any"),
            context_all=words("context_all"),
            context_none=words("context_none"),
            units=words("units"),
            qualifiers=tuple(data.get("qualifiers") or ()),
            level=data.get("level", "") or "",
            level_words=words("level_words"),
            level_from_context=bool(data.get("level_from_context")),
            sort_order=int(data.get("sort_order", 100)),
        )

    @classmethod
    def from_row(cls, row: Any) -> Rule:
        names = [f.name for f in row._meta.fields]
        return cls.from_fields({n: getattr(row, n) for n in names}, id=row.pk)


@dataclass(frozen=True)
class Context:
    """What a rule looks at, all in Simplified Chinese."""

    subject: str  # the extractor's subject + the figure's own clause
    clause_before: str  # the clause up to the end of the figure
    sentence: str
    sentence_before: str  # the sentence up to the start of the figure
    unit: str
    qualifier: str
    rate: bool


@dataclass
class Mapped:
    """One quantity with its mapping decision."""

    quantity: dict[str, Any]
    position: int
    sentence: str
    metric: str = ""
    rule_id: int | None = None
    confidence: float = 0.0
    level: str = ""
    reason: str = ""
    breakdown: int | None = None
    breakdown_role: str = ""
    breakdown_consistent: bool | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return (
            not self.metric
            or self.confidence < AUTO_CONFIDENCE
            or bool(self.quantity.get("placeholder"))
            or self.breakdown_consistent is False
            or self.quantity.get("value") is None
        )


def _span(line: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = start
    while left > 0 and line[left - 1] not in stops:
        left -= 1
    right = end
    while right < len(line) and line[right] not in stops:
        right += 1
    return left, right


def context_of(line: str, quantity: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """(clause_before, sentence, sentence_before, clause) of a quantity in its source line."""
    start = int(quantity.get("char") or 0)
    text = quantity.get("text") or ""
    if line[start : start + len(text)] != text:
        # Offsets from another normalisation: fall back to the first occurrence.
        found = line.find(text)
        start = found if found >= 0 else min(start, len(line))
    end = min(start + len(text), len(line))
    c_left, c_right = _span(line, start, end, _CLAUSE_END)
    s_left, s_right = _span(line, start, end, _SENTENCE_END)
    return line[c_left:end], line[s_left:s_right], line[s_left:start], line[c_left:c_right]


class LevelLexicon:
    """Level words of all active rules: the nearest one before a figure names its level."""

    def __init__(self, rules: Iterable[Rule]):
        self.words: dict[str, str] = {}
        for rule in rules:
            for word in rule.level_words:
                self.words.setdefault(word, rule.level)

    def nearest(self, text: str) -> tuple[str, str] | None:
        """(level, word) of the occurrence ending last in `text`; the longest word on a tie."""
        best: tuple[int, int, str] | None = None
        for word in self.words:
            at = text.rfind(word)
            if at < 0:
                continue
            key = (at + len(word), len(word), word)
            if best is None or key[:2] > best[:2]:
                best = key
        if best is None:
            return None
        return self.words[best[2]], best[2]


def _matches_keywords(rule: Rule, ctx: Context) -> bool:
    subj, sent = ctx.subject, ctx.sentence
    if rule.subject_any and not any(w in subj for w in rule.subject_any):
        return False
    if rule.subject_all and not all(w in subj for w in rule.subject_all):
        return False
    if any(w in subj for w in rule.subject_none):
        return False
    if rule.context_any and not any(w in sent for w in rule.context_any):
        return False
    if rule.context_all and not all(w in sent for w in rule.context_all):
        return False
    if any(w in sent for w in rule.context_none):
        return False
    if rule.units and ctx.unit not in rule.units:
        return False
    return not (rule.qualifiers and ctx.qualifier not in rule.qualifiers)


def score(rule: Rule, ctx: Context, lexicon: LevelLexicon) -> tuple[float, str, str] | None:
    """(confidence, level, reason) when the rule matches the figure, else None."""
    if not _matches_keywords(rule, ctx):
        return None
    confidence, level, reason = rule.confidence, "", f"规则“{rule.name}”"
    if rule.level:
        own = lexicon.nearest(ctx.clause_before)
        if own is None:
            subject_level = lexicon.nearest(ctx.subject)
            own = subject_level
        if own is not None:
            if own[0] != rule.level:
                return None
            reason += f"，级别词“{own[1]}”"
        else:
            near = lexicon.nearest(ctx.sentence_before) if rule.level_from_context else None
            if near is None or near[0] != rule.level:
                return None
            confidence *= CONTEXT_LEVEL_FACTOR
            reason += f"，级别词“{near[1]}”见于前文"
        level = rule.level
    if ctx.rate:
        confidence *= RATE_FACTOR
        reason += "，为频率（每…）而非总数"
    return round(confidence, 3), level, reason


def make_context(quantity: Mapping[str, Any], line: str) -> tuple[Context, str]:
    clause_before, sentence, sentence_before, clause = context_of(line, quantity)
    prefix = clause_before[: max(0, len(clause_before) - len(quantity.get("text") or ""))]
    subject = t2s(f"{quantity.get('subject') or ''}|{clause}")
    ctx = Context(
        subject=subject,
        clause_before=t2s(clause_before),
        sentence=t2s(sentence),
        sentence_before=t2s(sentence_before),
        unit=t2s(quantity.get("unit") or ""),
        qualifier=quantity.get("qualifier") or "exact",
        rate=bool(_RATE.search(t2s(prefix))),
    )
    return ctx, sentence.strip()


def best_match(
    ctx: Context, rules: Sequence[Rule], lexicon: LevelLexicon
) -> tuple[Rule, float, str, str] | None:
    found = []
    for rule in rules:
        result = score(rule, ctx, lexicon)
        if result is not None:
            found.append((result[0], -rule.sort_order, rule, result))
    if not found:
        return None
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    confidence, _, rule, (_, level, reason) = found[0]
    rival = next((f for f in found[1:] if f[2].metric != rule.metric), None)
    if rival is not None and confidence - rival[0] < AMBIGUOUS_MARGIN:
        confidence = round(confidence * AMBIGUOUS_FACTOR, 3)
        reason += f"；也可能是“{rival[2].name}”"
    return rule, confidence, level, reason


def plan_lines(headings: Sequence[Mapping[str, Any]], articles: Sequence[Mapping[str, Any]]) -> set[int]:
    """Line numbers (inclusive ranges flattened) that lie under a next-half plan heading."""
    starts = sorted(int(a["start_line"]) for a in articles)
    out: set[int] = set()
    top = [h for h in headings if int(h.get("level", 1)) == 1]
    for i, h in enumerate(top):
        if not any(w in t2s(h.get("text") or "") for w in PLAN_WORDS):
            continue
        first = int(h["line"])
        ends = [int(x["line"]) for x in top[i + 1 :]] + [s for s in starts if s > first]
        last = min(ends) - 1 if ends else first + 100000
        out.update(range(first, last + 1))
    return out


def map_quantities(
    quantities: Sequence[Mapping[str, Any]],
    breakdowns: Sequence[Mapping[str, Any]],
    lines: Mapping[int, str] | Sequence[str],
    rules: Sequence[Rule],
    plan: set[int] | frozenset[int] = frozenset(),
) -> list[Mapped]:
    """Map each quantity; `lines` is 1-based (a dict) or a list where lines[0] is line 1.

    `plan` holds the lines under next-half plan headings (see plan_lines): never history.
    """

    def line_text(n: int) -> str:
        if isinstance(lines, Mapping):
            return lines.get(n, "")
        return lines[n - 1] if 0 < n <= len(lines) else ""

    rules = sorted(rules, key=lambda r: r.sort_order)
    lexicon = LevelLexicon(rules)
    out: list[Mapped] = []
    for position, q in enumerate(quantities):
        ctx, sentence = make_context(q, line_text(int(q["line"])))
        item = Mapped(quantity=dict(q), position=position, sentence=sentence)
        match = best_match(ctx, rules, lexicon)
        if match is not None:
            rule, item.confidence, item.level, item.reason = match
            item.metric, item.rule_id = rule.metric, rule.id
        else:
            item.reason = "没有匹配的规则"
        if q.get("placeholder"):
            item.flags.append("placeholder")
        if int(q["line"]) in plan:
            item.flags.append("plan")
            if item.metric:
                item.confidence = PLAN_FACTOR
                item.reason += "；属于下半年计划，不是已完成的数"
        out.append(item)
    _apply_breakdowns(out, breakdowns)
    return out


def _apply_breakdowns(items: list[Mapped], breakdowns: Sequence[Mapping[str, Any]]) -> None:
    for group, b in enumerate(breakdowns):
        total = int(b["total"])
        members = [total, *(int(p) for p in b.get("parts", []))]
        if any(not 0 <= i < len(items) for i in members):
            continue
        consistent = b.get("consistent")
        for i in members:
            items[i].breakdown = group
            items[i].breakdown_role = "total" if i == total else "part"
            items[i].breakdown_consistent = consistent
            if consistent is False:
                items[i].flags.append("inconsistent")
        head = items[total]
        for i in members[1:]:
            part = items[i]
            # A part counted under the same metric as its total would count twice.
            if head.metric and part.metric == head.metric:
                part.confidence = 0.0
                part.reason += "；已计入合计，避免重复"
