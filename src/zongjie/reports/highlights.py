"""重点工作: the section's most significant work, ranked by weight, grouped, written 一是…二是….

Weight of an entry (rules of thumb, the same for every unit):
media level of an article, 头版头条, the level of a leader's instruction, the highest level that
adopted an information report, participants of an event, an honour's level, and the reporter's
star. The unit's own work and work at or above the unit's level come first: in the city's
report a township piece in the county 融媒体中心 weighs little.

Like items are grouped ("在《人民日报》《光明日报》等中央媒体刊发稿件12篇，其中头版头条2篇"),
the rest are written one by one, each frame used once at most in a row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from zongjie.reports.facts import LEVEL_ORDER, Count, EntryFact, highest_level
from zongjie.reports.phrasing import ORDINALS, Para, clean_title

MAX_ITEMS = 5
MIN_WEIGHT = 12  # below this a piece is routine work, not a highlight
LEVEL_WEIGHT = {"central": 40, "provincial": 20, "municipal": 8, "county": 2}
MEDIA_WORDS = {"central": "中央", "provincial": "省级", "municipal": "市级", "county": "县级"}
LEADER_WORDS = {"central": "中央领导", "provincial": "省领导", "municipal": "市领导", "county": "县领导"}
# Verbs for events and studies, taken in turn so that no two items open the same way.
EVENT_FRAMES = ["组织开展", "举办", "开展", "精心组织"]


@dataclass
class Candidate:
    weight: float
    write: object  # callable(Para) -> None
    ids: tuple[int, ...] = field(default_factory=tuple)


def _level_rank(level: str) -> int:
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def weight(e: EntryFact, unit_code: str = "", unit_level: str = "county", depth: int = 0) -> float:
    w = 0.0
    level = ""
    if e.kind == "article":
        level = e.media_level
        w += LEVEL_WEIGHT.get(level, 0)
        if e.placement == "front_headline":
            w += 15
        elif e.placement == "front_page":
            w += 5
    elif e.kind == "info_report":
        level = highest_level(lv for lv, _ in e.adoptions)
        w += LEVEL_WEIGHT.get(level, 0) * 0.8
    elif e.kind == "honour":
        level = e.honour_level
        w += LEVEL_WEIGHT.get(level, 0)
    elif e.participants:
        w += min(e.participants / 100, 25)
    w += sum(LEVEL_WEIGHT.get(lv, 0) * 1.5 for lv in e.instructions)
    if e.starred:
        w += 10
    if level and _level_rank(level) > _level_rank(unit_level):
        w *= 0.3  # below the unit's own level
    if unit_code and e.unit_code == unit_code:
        w *= 1.5
    elif depth > 1:
        w *= 0.5  # a grandchild's work (a township in the city's report)
    return w


def _outlets(entries: list[EntryFact], level: str) -> str:
    """ "《人民日报》《光明日报》等中央媒体", or the one outlet's name when there is one."""
    names = list(dict.fromkeys(e.outlet for e in entries if e.outlet))
    if len(names) <= 1:
        return f"《{names[0]}》" if names else f"{MEDIA_WORDS[level]}媒体"
    return "".join(f"《{n}》" for n in names[:2]) + f"等{MEDIA_WORDS[level]}媒体"


def _article_group(level: str, arts: list[EntryFact], scope: str):
    def write(p: Para) -> None:
        p.t(f"在{_outlets(arts, level)}刊发稿件")
        p.n(Count(len(arts), tuple(e.id for e in arts)), "篇", f"articles_{level}", scope)
        heads = [e for e in arts if e.placement == "front_headline"]
        if heads:
            p.t("，其中头版头条").n(
                Count(len(heads), tuple(e.id for e in heads)), "篇", "articles_headline", scope
            )
        lead = next((e for e in arts if e.instructions), None)
        if lead is not None:
            by = LEADER_WORDS.get(highest_level(lead.instructions), "领导")
            p.t(f"，{_title(lead)}获{by}批示肯定")

    return write


def _title(e: EntryFact) -> str:
    title = clean_title(e.title)
    if title.startswith("《") and "》" in title:
        return title[: title.index("》") + 1]
    return f"《{title}》"


def _article(e: EntryFact):
    def write(p: Para) -> None:
        where = f"在《{e.outlet}》" if e.outlet else f"在{MEDIA_WORDS.get(e.media_level, '')}媒体"
        p.t(f"{_title(e)}{where}{'头版头条' if e.placement == 'front_headline' else ''}刊发")
        if e.instructions:
            p.t(f"，获{LEADER_WORDS.get(highest_level(e.instructions), '领导')}批示肯定")

    return write


def _adoption_group(adopter: str, reports: list[EntryFact]):
    def write(p: Para) -> None:
        titles = "".join(list(dict.fromkeys(_title(e) for e in reports))[:2])
        if len(reports) > 1:
            p.t(f"报送的{titles}{'等' if len(reports) > 2 else ''}")
            p.n(Count(len(reports), tuple(e.id for e in reports)), "篇", "info_adopted", "info")
            p.t(f"信息被{adopter}采用")
        else:
            p.t(f"报送的{titles}被{adopter}采用")

    return write


def _event(group: list[EntryFact], frame: str, scope: str):
    """Events (or studies) of one title together: "组织开展“彩色周末”专场文艺演出20场次，…"."""
    e = group[0]
    ids = tuple(x.id for x in group)
    sessions = sum(x.sessions or 0 for x in group)
    people = sum(x.participants or 0 for x in group)

    def write(p: Para) -> None:
        p.t(frame + clean_title(e.title))
        if sessions > 1:  # a single session says nothing about sessions
            p.n(Count(sessions, ids), "场次", f"{e.kind}_sessions", scope)
        if people:
            p.t("，参与群众" if e.kind == "event" else "，参加干部群众")
            p.n(Count(people, ids), "人次", f"{e.kind}_participants", scope)

    return write


def _plain(e: EntryFact, scope: str):
    def write(p: Para) -> None:
        p.t(clean_title(e.title))
        if e.amount:
            p.t("，涉及资金").amount(Count(e.amount, (e.id,)), "amount", scope)

    return write


def candidates(
    entries: list[EntryFact], scope: str, unit_code: str = "", unit_level: str = "county", depths=None
) -> list[Candidate]:
    depths = depths or {}

    def w(e: EntryFact) -> float:
        return weight(e, unit_code, unit_level, depths.get(e.unit_code, 0))

    out: list[Candidate] = []
    used: set[int] = set()
    arts = [e for e in entries if e.kind == "article"]
    by_level: dict[str, list[EntryFact]] = defaultdict(list)
    for e in arts:
        by_level[e.media_level].append(e)
    for level in ("central", "provincial"):
        group = sorted(by_level.get(level, []), key=lambda e: (-w(e), e.id))
        if len(group) >= 2 and _level_rank(level) <= _level_rank(unit_level):
            # The level leads (中央 before 省级), the weightiest piece in it next.
            best = LEVEL_WEIGHT[level] * 1.5 + 10 + max(map(w, group)) * 0.2
            out.append(Candidate(best, _article_group(level, group, scope)))
            used.update(e.id for e in group)
    adopted: dict[str, list[EntryFact]] = defaultdict(list)
    for e in entries:
        if e.kind == "info_report" and e.adoptions:
            top = highest_level(lv for lv, _ in e.adoptions)
            adopter = next((by for lv, by in e.adoptions if lv == top and by), "上级")
            adopted[adopter].append(e)
    for adopter, reports in adopted.items():
        reports.sort(key=lambda e: (-w(e), e.id))
        level = highest_level(lv for lv, _ in reports[0].adoptions)
        out.append(
            Candidate(
                max(LEVEL_WEIGHT.get(level, 0) * 1.2 + min(len(reports), 10), *map(w, reports)),
                _adoption_group(adopter, reports),
            )
        )
        used.update(e.id for e in reports)
    same: dict[tuple[str, str], list[EntryFact]] = defaultdict(list)
    for e in entries:
        if e.kind in ("event", "study"):
            same[(e.kind, clean_title(e.title))].append(e)
    frame = 0
    for e in sorted(entries, key=lambda e: (-w(e), e.occurred_on, e.id)):
        if e.id in used or e.kind == "info_report":
            continue
        if e.kind == "article":
            out.append(Candidate(w(e), _article(e), (e.id,)))
        elif e.kind in ("event", "study"):
            group = same[(e.kind, clean_title(e.title))]
            used.update(x.id for x in group)
            frame_word = EVENT_FRAMES[frame % len(EVENT_FRAMES)]
            frame += 1
            out.append(Candidate(max(map(w, group)), _event(group, frame_word, scope)))
        else:
            out.append(Candidate(w(e), _plain(e, scope), (e.id,)))
    return out


def highlights(
    entries: list[EntryFact], scope: str = "", unit_code: str = "", unit_level: str = "county", depths=None
) -> Para | None:
    chosen = [c for c in candidates(entries, scope, unit_code, unit_level, depths) if c.weight >= MIN_WEIGHT]
    chosen.sort(key=lambda c: -c.weight)
    chosen = chosen[:MAX_ITEMS]
    if not chosen:
        return None
    p = Para()
    for i, c in enumerate(chosen):
        p.t(f"{ORDINALS[i]}是")
        c.write(p)
        p.t("；" if i < len(chosen) - 1 else "。")
    return p
