"""Step 6 — breakdowns: a total and the parts listed under it ("共…92篇，其中…3篇，…").

A total is a quantity followed by 其中 (only punctuation between, or its sentence's 。). Its parts are the
quantities after 其中 in the same sentence, until:

* a quantity that is itself followed by 其中 (a new total),
* a quantity in the total's unit after parts in another unit (back to the total's level),
* (figures in a bracket right after a part are that part's details and are skipped:
  其中市局报送18篇,县转发20余篇(经济信息网转发1篇,…) has two parts),
* a clause of comparison or quota (超额, 同比, 增长, 比…), which is not a part,
* the end of the sentence (。；; when 其中 opens the sentence after the total's, 。 only: that
  sentence is the list) — unless the next sentence opens with 另外/其余/另有/剩余 and a
  figure in the total's unit (共展出宣传板25块，其中5块为…。另外17块为…。其余三块为…): the list
  goes on, one part a sentence.

``consistent`` is true/false (the sum matches or not) only when the parts clearly
partition the total — at least two, all in the total's unit, naming categories
(音乐/舞蹈/戏剧, 国家级/省级/市级…), none a selection (采用, 头版, 获, 优秀…) and none as
large as the total (overlapping outlets); otherwise null.
"""

from __future__ import annotations

import re

from .model import Breakdown, Quantity
from .normalise import NormLine

#: 其中 (or 包括) after a total, past punctuation and a short gloss in brackets: 690余篇(件),其中…
_QIZHONG = re.compile(r"(?:[(（][^()（）]{1,4}[)）])?[\s,，、:：)）]*(?:其中|包括)")
#: parts in brackets right after the total: 其它人员××人(公务员××人、工勤人员*人)
_BRACKET_OPEN = "(（"
_BRACKET_CLOSE = re.compile(r"[)）]")
#: a total followed, in the next clause, by a 分别 list: "92篇，中央、省、市级媒体分别刊发3篇、33篇、56篇"
_FENBIE = re.compile(r"[\s,，:：]*[^,，;；。:：!?！？]{0,30}?分别")
_SENTENCE_END = re.compile(r"[。;；!?！？]")
#: a total that ends its sentence, the next one opening with 其中: 共…报道80余人次。其中,在各类报纸上
#: 报道25人次,…;在…播出…10人次 (d219); that sentence is the list, its ; separate parts (two or more,
#: all in the total's unit: 推文200余篇。其中原创20篇,…关注人数近2万人 is no list)
_NEXT_QIZHONG = re.compile(r"[\s)）]*。[\s,，:：]*(?:其中)")
_LIST_SENTENCE_END = re.compile(r"[。!?！？]")
#: a sentence that carries on a list of parts: 另外17块…, 其余三块…, 另有…
_CONTINUES = re.compile(r"\s*(?:另外|另有|其余|其它|剩余|剩下)")
_NOT_A_PART = re.compile(r"超额|同比|环比|增长|下降|减少|上升|提高|比上|比去|较上|较去|比例")
_SELECTION = re.compile(
    r"采用|采纳|头版|头条|获|被|评为|入选|转载|批示|选用|刊用|专题|访谈|优秀|重点|精品|典型|先进|达标|合格"
)


def _clause_before(text: str, pos: int) -> str:
    i = pos
    while i > 0 and text[i - 1] not in ",，、;；。":
        i -= 1
    return text[i:pos]


def _lines_by_number(lines: list[NormLine]) -> dict[int, NormLine] | None:
    """None when ``lines`` are numbered one after the other (an article's are: line n is
    ``lines[n - first]``), else the lines by number (the last of a number wins)."""
    if not lines:
        return {}
    first = lines[0].lineno
    for i in range(len(lines)):  # (a plain loop: compiled to native code)
        if lines[i].lineno != first + i:
            return {ln.lineno: ln for ln in lines}
    return None


def find_breakdowns(lines: list[NormLine], quantities: list[Quantity]) -> list[Breakdown]:
    """Breakdowns among ``quantities`` (indices into that list)."""
    if not quantities:
        return []
    by_line = _lines_by_number(lines)
    first, n_lines = (lines[0].lineno, len(lines)) if lines else (0, 0)
    # normalised span of each quantity on its line
    spans = [q.span for q in quantities]
    out: list[Breakdown] = []
    text = ""
    text_line = -1  # the line ``text`` is of
    last_cue = -1  # where its last 其中, 分别 or 包括 starts (-1: none)
    for ti, total in enumerate(quantities):
        if total.line != text_line:  # (a line's quantities come together)
            text_line = total.line
            k = text_line - first
            line = lines[k] if by_line is None and 0 <= k < n_lines else (by_line or {})[text_line]
            text = line.text
            # one cue at or after a total's end exists exactly when the last one starts there
            # or later: three searches a line, not three a quantity
            last_cue = max(text.rfind("其中"), text.rfind("分别"), text.rfind("包括"))
        t_end = spans[ti][1]
        fenbie = False
        if text[t_end : t_end + 1] in _BRACKET_OPEN and t_end < len(text):
            bracketed = _bracketed_parts(text, ti, quantities, spans)
            if bracketed:
                parts_q = [quantities[j] for j in bracketed]
                out.append(Breakdown(ti, bracketed, _consistency(text, total, parts_q, spans, bracketed)))
                continue
        if last_cue < t_end:
            continue  # neither a 其中/包括 nor a 分别 list follows
        own_sentence = False
        if not _QIZHONG.match(text, t_end):
            nq = _NEXT_QIZHONG.match(text, t_end)
            if nq is not None:
                own_sentence, t_end = True, nq.end()
            else:
                fb = _FENBIE.match(text, t_end)
                if fb is None:
                    continue
                fenbie, t_end = True, fb.end()
        sentence_end_m = (_LIST_SENTENCE_END if own_sentence else _SENTENCE_END).search(text, t_end)
        sentence_end = sentence_end_m.start() if sentence_end_m else len(text)
        parts: list[int] = []
        detail_end = -1  # the end of a bracket that opens right after a part: that part's details
        for pi in range(ti + 1, len(quantities)):
            part = quantities[pi]
            p_start, p_end = spans[pi]
            if part.line != total.line or p_start >= sentence_end:
                break
            if p_start < detail_end:
                continue  # 县转发20余篇(经济信息网转发1篇,…): the part's own details, not more parts
            if (fenbie or own_sentence) and (p_start < t_end or part.unit != total.unit):
                break
            if _QIZHONG.match(text, p_end):
                break
            if parts and part.unit == total.unit and any(quantities[j].unit != total.unit for j in parts):
                break
            clause = _clause_before(text, p_start)
            if _NOT_A_PART.search(clause):
                break
            if parts and _names_a_part_again(clause, _clause_before(text, spans[parts[-1]][0])):
                break  # 其中专任教师32人,专任教师中高级教师1人…: the part's own details follow
            parts.append(pi)
            if text[p_end : p_end + 1] in _BRACKET_OPEN:
                close = _BRACKET_CLOSE.search(text, p_end)
                if close is not None and close.start() < sentence_end:
                    detail_end = close.end()
        if parts and not fenbie and sentence_end_m is not None:
            parts += _continued_parts(text, total, quantities, spans, parts[-1] + 1, sentence_end)
        if not parts or ((fenbie or own_sentence) and len(parts) < 2):
            continue
        out.append(
            Breakdown(ti, parts, _consistency(text, total, [quantities[j] for j in parts], spans, parts))
        )
    return out


def _names_a_part_again(clause: str, prev_clause: str) -> bool:
    """Whether ``clause`` opens with the noun of the part before and 中 (among them): 专任教师中…
    after 其中专任教师32人 lists that part's details, no more parts of the total."""
    i = clause.find("中", 2)
    return 2 <= i <= 8 and prev_clause.endswith(clause[:i])


def _continued_parts(
    text: str, total: Quantity, quantities: list[Quantity], spans: list[tuple[int, int]], first: int, end: int
) -> list[int]:
    """Parts in the sentences after a 其中 list that open with 另外/其余 (one figure each, in the
    total's unit, within a few characters of the opening word)."""
    parts: list[int] = []
    pi = first
    while text[end : end + 1] in "。;；":
        m = _CONTINUES.match(text, end + 1)
        if m is None:
            break
        while pi < len(quantities) and quantities[pi].line == total.line and spans[pi][0] < m.end():
            pi += 1
        if pi >= len(quantities) or quantities[pi].line != total.line:
            break
        p_start = spans[pi][0]
        if (
            p_start - m.end() > 3
            or quantities[pi].unit != total.unit
            or _SENTENCE_END.search(text, m.end(), p_start)
        ):
            break
        parts.append(pi)
        nxt = _SENTENCE_END.search(text, spans[pi][1])
        if nxt is None:
            break
        end = nxt.start()
        pi += 1
    return parts


def _bracketed_parts(
    text: str, ti: int, quantities: list[Quantity], spans: list[tuple[int, int]]
) -> list[int]:
    """Two or more quantities in the total's unit, each in its own 、-separated item, filling
    the brackets that open right after the total (none outside them)."""
    total = quantities[ti]
    open_at = spans[ti][1]
    close = _BRACKET_CLOSE.search(text, open_at)
    if close is None or close.start() - open_at > 60:
        return []
    parts: list[int] = []
    for pi in range(ti + 1, len(quantities)):
        part = quantities[pi]
        if part.line != total.line or spans[pi][0] >= close.start():
            break
        if part.unit != total.unit:
            return []
        parts.append(pi)
    inside = text[open_at + 1 : close.start()]
    if len(parts) == 1 and inside.startswith(("其中", "含", "包括")):
        return parts  # a subset in brackets: 30篇(含头版3篇)
    items = [i for i in re.split("[、,，;；]", inside) if i.strip()]
    return parts if len(parts) >= 2 and len(items) == len(parts) else []


def _consistency(
    text: str, total: Quantity, parts: list[Quantity], spans: list[tuple[int, int]], idx: list[int]
) -> bool | None:
    if any(p.unit != total.unit for p in parts) or len(parts) < 2:
        return None
    clauses = [_clause_before(text, spans[j][0]) for j in idx]
    if any(_SELECTION.search(c) for c in clauses):
        return None
    if total.value is None or any(p.value is None for p in parts):
        return None
    if any(p.value is not None and p.value >= total.value for p in parts):
        return None  # a part as large as the whole: outlets that overlap (上报128篇 of 128篇)
    total_sum = sum(p.value for p in parts if p.value is not None)
    if total_sum * 2 < total.value:
        return None  # most of the total unnamed: levels singled out (2180篇, 其中国家级64篇, 自治区级315篇)
    if total.qualifier == "exact" and all(p.qualifier == "exact" for p in parts):
        return abs(total_sum - total.value) < 1e-9
    # approximate figures: only a clear excess is a contradiction
    return False if total_sum > total.value * 1.5 else None
