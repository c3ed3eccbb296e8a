"""Step 5 — quantities: every number with its measure word, as the labelling conventions say.

Rules are written for the genre's language, not for particular texts:

* a number (Arabic, Chinese, mixed, xx placeholder, range) directly followed by a measure
  word from :data:`UNITS` (longest first), with 余/多/来, 万/亿 and 个半 in between;
* qualifiers around it (:data:`PRE_QUALIFIERS`, :data:`POST_QUALIFIERS`);
* not counted: ordinals (第…, 二期工程 — 二 before a classifier is an ordinal, counting
  says 两), numbers inside quotation marks and book titles (slogans, names), fixed
  phrases (:data:`FIXED_PHRASES`), indefinite 一 (一项重大任务, 一种, 一批) unless the
  measure word names a concrete count or the number follows its noun, vetoed unit
  readings (:data:`UNIT_VETO`, e.g. 周年, 期间, 十二次党代会).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Final

from .lexicon import (
    _PRE_VETO,
    ARABIC_ONLY_UNITS,
    CAMPAIGN_HEADS,
    CONCRETE_WITH_ONE,
    DEMONSTRATIVES,
    DURATION_UNITS,
    FIXED_PHRASES,
    PHASE_HEADS,
    POST_QUALIFIERS,
    PRE_QUALIFIERS,
    UNIT_VETO,
    UNITS,
)
from .model import Quantity
from .normalise import (
    _FOOTER_LINE,
    LAZY,
    WHITESPACE_CLASS,
    NormLine,
    strip_artefacts_text,
)
from .numerals import CN_NUMERAL_CHARS, chinese_digit_range, parse_number, tidy
from .scan import (
    NUMBER_CONT,
    NUMBER_FIRST,
    NUMBER_NEXT,
    TextClasses,
    classify,
    excluded_starts,
    matches_from,
    number_runs,
)

# Module constants are ``Final``: the compiled build reads them from C statics instead of
# looking each one up in the module's dict at every use (docs/benchmarks.md, exspeed5).
_RATE_BEFORE: Final = re.compile(r"每(?:天|日|周|月|季|季度|年|人|次|期|场|个|半月|旬|单位|村|校)?$")
#: 每月召开一次…: a rate whose verb stands between 每… and the count (events only)
_RATE_VERB_BEFORE: Final = re.compile(r"(?:每(?:天|日|周|月|季度|季|年|半月|旬)|半年)[\u4e00-\u9fff]{1,4}$")
_EVENT_UNITS: Final = frozenset(("次", "场", "期"))
#: a description of three or more characters and 的 after 一 + measure word: 一场简单朴素的…
#: (not of a person: 一位年过半百的老同志 is one person, counted)
_PEOPLE_UNITS: Final = frozenset(("名", "位", "人", "人次", "户"))
_DESCRIBED: Final = re.compile(
    r"(?:[\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,10})*|“[^”“]{2,20}”)的(?=[\u4e00-\u9fff“\"])"
)

#: (each branch starts with one of :data:`.scan.QUOTE_OPENS`); a “…” holding a sentence's end
#: (。！？) is quoted speech, whose figures count (“…共评选出10人,还新增加了两个…。”), not a name
_QUOTED: Final = re.compile(
    r"“[^”\n。！？]{0,160}”|《[^》\n]{0,80}》|‘[^’\n]{0,40}’|「[^」\n]{0,60}」|『[^』\n]{0,60}』|\"[^\"\n]{0,60}\""
)

# The patterns below let the regex engine reject an alternative at its first character where
# they can: it tests an alternative's leading literal or class before entering it, not a
# leading repeat or group. So ``[0-9][0-9]*`` stands for ``[0-9]+``, ``X(?:X)*|`` for ``(?:X)*``
# and ``(?=[…])`` gates an optional part: the same matches, tried in the same order.
_CN_DIGIT: Final = "[零〇一二两三四五六七八九十百千]"
#: ``[零…千]+(?:[万亿][零…千]+)*``
_CN_RUN: Final = f"{_CN_DIGIT}{_CN_DIGIT}*(?:[万亿]{_CN_DIGIT}+(?:[万亿]{_CN_DIGIT}+)*|)"
#: figures are ASCII digits once normalised (full-width ones are converted); ``[0-9]`` rather
#: than ``\d``, whose Unicode category makes every class test slower (digits of other scripts,
#: never figures in these texts, still stop a number from starting right after them). The
#: Chinese numerals first: no alternative starts with a character another can start with, so
#: the order changes only how many the engine tries.
#: (figures with the place words 万/千 between them, 1万2千余次, come before plain digits)
_NUM: Final = (
    rf"{_CN_RUN}|万|[0-9][0-9]{{0,2}},[0-9]{{3}}(?:,[0-9]{{3}})*(?![0-9,])(?:\.[0-9]+|)"
    r"|[0-9][0-9]{0,3}万[1-9]千(?:[1-9]百|)|[0-9][0-9]*(?:\.[0-9]+|)|[xX0-9]*[xX][xX0-9]*(?:\.[xX0-9]+|)"
    r"|[0-9][0-9]*\.[xX][xX0-9]*"
)
_UNITS_LONGEST_FIRST: Final = sorted(UNITS, key=len, reverse=True)
#: the commonest measure words' first characters in work summaries, commonest first (as counted
#: over the dev documents' matches; 年 of years, 2023年, above all): their groups come first in
#: the alternation (groups never match at the same place, so their order changes only how many
#: the engine tries before the one that matches)
_COMMON_UNIT_FIRST: Final = "年个次人篇条名场项元户周%块分字公期家组"


def _grouped_alternation(words: list[str]) -> str:
    """``a|b|c…`` with the words grouped by first character (``个(?:月|半月|)|…``): the regex
    engine tests one first character instead of every word, and as words with different
    first characters never match at the same place, keeping their order inside each group
    keeps the alternation's first-match-wins result."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(
        re.escape(first) + ("(?:" + "|".join(re.escape(r) for r in rests) + ")" if rests != [""] else "")
        for first, rests in groups.items()
    )


_COMMON_RANK: Final = {c: i for i, c in enumerate(_COMMON_UNIT_FIRST)}
_UNIT_ALT: Final = _grouped_alternation(  # (a stable sort: longest first within each group)
    sorted(_UNITS_LONGEST_FIRST, key=lambda w: _COMMON_RANK.get(w[0], len(_COMMON_RANK)))
)
#: every measure word's first character (the alternation is tried only where one follows)
_UNIT_FIRSTS: Final = re.escape("".join(sorted({u[0] for u in UNITS})))
_PRE_ALT: Final = "|".join(sorted(PRE_QUALIFIERS, key=len, reverse=True))
_POST_ALT: Final = "|".join(POST_QUALIFIERS)

_RIGHT_STOP_CHARS: Final = (
    f"的在被进开完以和及等中后前里来左上参与对向从为了,，。；;：:、()（）“”《》{WHITESPACE_CLASS}"
)
_RIGHT_STOP: Final = re.compile(f"[{_RIGHT_STOP_CHARS}]")
_RIGHT_STOP_SEARCH: Final = _RIGHT_STOP.search

#: a number and its measure word (qualifiers before the number are found by looking back);
#: group ``right`` runs on to the next stop character, the right-hand subject candidate
#: (:func:`_subject`), so that it needs no search of its own. An optional group is written
#: ``(?:…|)``, not ``(…)?``: the same matches, but the regex engine runs a repeated group
#: through its general repeat machinery (an allocation each time), a quarter of the match's
#: cost here (docs/benchmarks.md)
QUANTITY_RE: Final = re.compile(
    # (an x or a digit before a Chinese numeral is not part of its figure: xx、xx四处, 3六十多年)
    rf"(?<![第.*A-WYZa-wyz/{CN_NUMERAL_CHARS}])(?<![\dxX](?=[0-9xX.]))"
    rf"(?P<num>{_NUM})(?:(?=[-—–~～至到]|\s[-—–~～至到])\s?(?P<sep>[-—–~～至到])\s?(?P<num2>{_NUM})|)"
    # a space between a figure and its measure word (12 次, 1906 人: copied from a PDF)
    r"(?: (?<=[0-9x] )(?=[^ ])|)"
    # (the four groups between number and unit only where one can start: most figures are
    # followed by their unit)
    r"(?:(?=[余多来万亿]|个半)(?:(?P<approx>[余多来])|)(?:(?P<mult>[万亿])|)(?:(?P<approx2>[余多])|)"
    r"(?:(?P<half>个半)|)|)"
    rf"(?=[{_UNIT_FIRSTS}])(?P<unit>{_UNIT_ALT})"
    rf"(?:(?P<post>{_POST_ALT})|)"
    rf"(?P<right>[^{_RIGHT_STOP_CHARS}]*)"
)
_PRE_BY_LENGTH: Final = sorted(PRE_QUALIFIERS, key=len, reverse=True)
#: durations that take 多/余 after their unit (两年多, 半个小时多); what may follow that 多
_DURATION_UNITS: Final = frozenset(("年", "个月", "天", "小时", "周", "分钟"))
_AFTER_DURATION_OVER: Final = frozenset("来的,，。;；、:：)）时以") | {""}
_ABOUT_PRE: Final = frozenset(("近", "约"))
_PRE_LAST_CHARS: Final = frozenset(p[-1] for p in PRE_QUALIFIERS)
#: :data:`_PRE_BY_LENGTH` by last character
_PRE_BY_LAST: Final = {c: [p for p in _PRE_BY_LENGTH if p[-1] == c] for c in _PRE_LAST_CHARS}
#: where a quantity may start, over an article's lines joined by newlines: a numeral run
#: followed by what may come next. A run is never followed by the newline that ends its line
#: (as it is followed by nothing in a line of its own), so each line gets exactly the
#: candidates it would get alone. :func:`.scan.number_runs` finds the same starts faster.
_CANDIDATE_JOINED: Final = re.compile(rf"[{NUMBER_FIRST}][{NUMBER_CONT}]*(?=[{NUMBER_NEXT}])")
#: quotations and fixed phrases in one scan: a fixed phrase holds no quotation mark, so it
#: lies inside a quotation or outside all of them, and the merged spans are the same as from
#: two separate scans
#: (the fixed phrases grouped by first character, as in :func:`_grouped_alternation`; the
#: quotation branches start with other characters, so the first match at a place is the same)
_EXCLUDED_RE: Final = re.compile(
    _QUOTED.pattern + "|" + _grouped_alternation(sorted(FIXED_PHRASES, key=len, reverse=True))
)
_BARE_PLACES: Final = {"百": 100, "千": 1000, "万": 10000}

_CLAUSE_DELIMS: Final = "，,。；;：:！!？?、\t"
#: the run of non-delimiters that ends where a search stops (the clause before a number)
_CLAUSE_TAIL: Final = re.compile(f"[^{_CLAUSE_DELIMS}]*$")
_SUBJECT_LEAD: Final = re.compile(
    r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*|)(?:(?:其中|同时|此外|另外|目前|截至目前|截止目前|今年以来|今年|上半年|下半年|全年|半年来|据统计|"
    r"据不完全统计|先后|共|累计|合计|总计|并|还|已|分别|全市|全县|全区|我市|我县|我区|我局|我部|我科)*)"
)
#: verbs between a subject and its number (共有, 达 …), in the order the pattern tries them
_TAIL_WORDS: Final = (
    "共计",
    "共有",
    "累计",
    "合计",
    "总计",
    "达到",
    "达",
    "共",
    "计",
    "为",
    "有",
    "是",
    "了",
    "约",
    "近",
    "超过",
    "逾",
    "各",
)
_SUBJECT_TAIL: Final = re.compile("(?:" + "|".join(_TAIL_WORDS) + ")+$")
#: the clause before a position, without its leading connectives: from the last clause
#: delimiter (where :data:`_CLAUSE_TAIL` would start) past :data:`_SUBJECT_LEAD`, in one match
#: (what :func:`_clause_lead_end` finds)
_CLAUSE_LEAD: Final = re.compile(f"(?:.*[{_CLAUSE_DELIMS}]|)" + _SUBJECT_LEAD.pattern[1:], re.S)
_CLAUSE_LEAD_MATCH: Final = _CLAUSE_LEAD.match
#: :data:`_SUBJECT_LEAD` where a clause starts
_SUBJECT_LEAD_AT: Final = re.compile(_SUBJECT_LEAD.pattern[1:], re.S).match
#: a :data:`_SUBJECT_TAIL` match ends in one of these characters, and is made of the others
_TAIL_LAST: Final = frozenset(w[-1] for w in _TAIL_WORDS)
_TAIL_CHARS: Final = frozenset("".join(_TAIL_WORDS))


def _unit_vetoed(unit_surface: str, text: str, end: int, is_arabic: bool) -> bool:
    after = text[end : end + 4]
    if unit_surface == "分":
        if not is_arabic:
            return True  # 十分 is "very", 三分之一 a fraction
        if after[:1] and "\u4e00" <= after[:1] <= "\u9fff" and after[:1] not in "的":
            return True
    if unit_surface in ("角钱",):
        return False
    veto = UNIT_VETO.get(unit_surface)
    if not veto:
        return False
    return after.startswith(veto)


_CN_DIGITS: Final = frozenset("零〇一二两三四五六七八九十百千")
#: the last character of an hour before 点/时 and the minutes (8点30分)
_CLOCK_HOURS: Final = frozenset("0123456789一二三四五六七八九十")
#: what ends an item of a list (三个抓手、四大战役): the delimiters, parentheses and quotes
_ITEM_ENDS: Final = frozenset("、，,。；;：:！!？?()（）“”")


def _char_table(chars: Iterable[str]) -> bytes:
    """A byte a code point up to the highest of ``chars``, 1 for each of them, for a test
    ``c < len(table) and table[c]`` of ``c = ord(text[i])``: the compiled build runs it
    natively, where ``text[i] in a_set`` makes a one-character string and hashes it."""
    codes = [ord(ch) for ch in chars]
    table = bytearray(max(codes) + 1)
    for c in codes:
        table[c] = 1
    return bytes(table)


def _in_table(table: bytes, text: str, i: int) -> bool:
    """Whether ``text[i]`` is one of the characters of a :func:`_char_table`."""
    c = ord(text[i])
    return c < len(table) and table[c] != 0


_ITEM_END_TABLE: Final = _char_table(_ITEM_ENDS)
_CLAUSE_DELIM_TABLE: Final = _char_table(_CLAUSE_DELIMS)
_TAIL_LAST_TABLE: Final = _char_table(_TAIL_LAST)
_TAIL_CHAR_TABLE: Final = _char_table(_TAIL_CHARS)
#: whether this module runs compiled (mypyc): a loop over code points is then cheaper than a
#: regex call or a set test, which the interpreter runs faster than its own loop
_NATIVE: Final = type(_char_table).__name__ != "function"


def _clause_lead_end(text: str, start: int) -> int:
    """Where the match of :data:`_CLAUSE_LEAD` over the 24 characters before ``start`` ends:
    past the last clause delimiter among them and the connectives that follow it."""
    if _NATIVE:
        return _clause_lead_end_by_loop(text, start)
    # the pattern matches the empty string, so there is always a match
    return _CLAUSE_LEAD_MATCH(text, start - 24 if start > 24 else 0, start).end()  # type: ignore[union-attr]


def _clause_lead_end_by_loop(text: str, start: int) -> int:
    """:func:`_clause_lead_end` with the last delimiter found by a loop back from ``start``,
    not by the pattern's ``.*`` giving back a character at a time."""
    lo = start - 24 if start > 24 else 0
    table = _CLAUSE_DELIM_TABLE
    size = len(table)
    i = start - 1
    while i >= lo:
        c = ord(text[i])
        if c < size and table[c]:
            break
        i -= 1
    return _SUBJECT_LEAD_AT(text, i + 1, start).end()  # type: ignore[union-attr]


def _item_bounds(text: str, pos: int, end: int) -> tuple[int, int]:
    """The list item around ``text[pos:end]``: from after the delimiter before it (at most 10
    characters back) to the delimiter after it (at most 10 on); -1 where there is none."""
    return _item_bounds_by_table(text, pos, end) if _NATIVE else _item_bounds_by_set(text, pos, end)


def _item_bounds_by_set(text: str, pos: int, end: int) -> tuple[int, int]:
    before = -1
    i = pos - 1
    while i >= 0 and pos - i <= 10:
        if text[i] in _ITEM_ENDS:
            before = i
            break
        i -= 1
    after = -1
    j = end
    while j < len(text) and j - end <= 10:
        if text[j] in _ITEM_ENDS:
            after = j
            break
        j += 1
    return before, after


def _item_bounds_by_table(text: str, pos: int, end: int) -> tuple[int, int]:
    """:func:`_item_bounds_by_set` testing code points in a :func:`_char_table`."""
    table = _ITEM_END_TABLE
    size = len(table)
    before = -1
    i = pos - 1
    while i >= 0 and pos - i <= 10:
        c = ord(text[i])
        if c < size and table[c]:
            before = i
            break
        i -= 1
    after = -1
    j = end
    while j < len(text) and j - end <= 10:
        c = ord(text[j])
        if c < size and table[c]:
            after = j
            break
        j += 1
    return before, after


def _is_big_item(text: str, start: int, stop: int) -> bool:
    """Whether the list item ``text[start:stop]`` holds a numbered name, (舆论引导)四大战役 /
    五大工程 (not 一大批, nor the congresses 二十大, 十九大: a digit before the numeral)."""
    i = text.find("大", start + 1, stop)
    while i > 0:
        c = text[i - 1]
        if c in _CN_DIGITS and c != "一" and (i - 2 < start or text[i - 2] not in _CN_DIGITS):
            return True
        i = text.find("大", i + 1, stop)
    return False


def _phase_after_name(text: str, pos: int, end: int, num: str) -> bool:
    """一期 ending an item of a list of named works (…处置、数字环卫一期、数字城管…): the first
    phase of a project, not one issue; an issue is counted in a clause of its own (举办培训班
    一期，…), before its noun (开办一期…) or as a rate (每周一期)."""
    if num != "一" or not pos or not ("\u4e00" <= text[pos - 1] <= "\u9fff"):
        return False
    if "每" in text[max(0, pos - 4) : pos]:
        return False
    if end < len(text) and text[end] in "、等":
        return True
    before, _ = _item_bounds(text, pos, end)
    return before >= 0 and text[before] == "、" and (end == len(text) or text[end] in _CLAUSE_DELIMS)


#: a two-character modifier between a duration and a campaign head (三年创建规划), not a
#: word of time or measure (三年时间, 三年以来)
_CAMPAIGN_MODIFIER: Final = re.compile(r"(?!时间|以来|以上|左右|之内|多来)[\u4e00-\u9fff]{2}")
#: after a count, in the same clause, the head of a policy's formula (…一起抓的方针, …的原则);
#: none after a rate (三个月一次的原则)
_POLICY_FORMULA: Final = re.compile(
    r"[^,，。;；:：、()（）“”\s\d次场期]{0,8}?的(?:工作)?(?:方针|原则|思路|理念|总体布局|工作格局)"
)
#: the verb that introduces such a formula, right before the count (坚持四个…)
_POLICY_VERBS: Final = frozenset(("坚持", "按照", "贯彻", "遵循", "本着", "实行"))


#: verbs of publishing that start with 刊: after 期 they follow an issue (每月出版1期刊发…)
_ISSUE_VERBS: Final = frozenset(("刊发", "刊登", "刊载", "刊出"))

#: what makes 一年 the period looked back on rather than a length of time
_PAST: Final = ("过去", "过去的")
#: …的一年 then a clause end (or 里/中): the year described (是极不平凡的一年,), whereas
#: 用一年的时间 / 为期一年 measure a length
#: 的, or 的 and a two-character word (的重要一年, 的关键一年), right before 一年
_DESCRIBED_YEAR_BEFORE: Final = re.compile(r"的[\u4e00-\u9fff]{0,2}$")
_YEAR_DESCRIBED_END: Final = frozenset(",，。;；:：!！、\n里中") | {""}


_WITHHELD_PAIRS: Final = frozenset(("xx", "xX", "Xx", "XX"))
_PLACE_VALUES: Final = frozenset("十百千万亿")
#: after N个文明: the work of building them (建设), doing them together (一起, 协调, 同步, 并重)
_FORMULA_AFTER_CIVILISATION: Final = frozenset("建一协同并齐")


def names_something(
    text: str, pos: int, end: int, num: str, unit_surface: str, unit: str, counted_up: bool
) -> bool:
    """Whether the number at ``text[pos:end]`` belongs to a name, slogan or reference rather
    than counting (the genre's negative classes, told by their shape, not listed):

    * a measure word that counts only after a figure (:data:`.lexicon.ARABIC_ONLY_UNITS`:
      八字方针, 三讲) unless multiplied out or qualified (``counted_up``: 40万字, 五百余字);
    * a duration naming a campaign (三年行动, 五年规划) or a Chinese-numeral phase (一期工程);
    * a figure with a leading zero (自03年以来: a year);
    * with a Chinese numeral: a demonstrative before 一 (这一年, 那一天); a reduplicated
      measure word (一场场, 一个个); another numeral straight after the measure word
      (两台两网两微, 四个一批, 两个一百年 — counting never runs two counts together, a rate
      excepted: 每两个月一次); an item of a list whose neighbour is a numbered name
      (三个抓手、四大战役)."""
    c0 = num[0]
    arabic = c0 in _ARABIC_FIRST
    if unit_surface in ARABIC_ONLY_UNITS and not arabic and not counted_up:
        return True
    if unit in DURATION_UNITS and (
        text.startswith(CAMPAIGN_HEADS, end)
        or (_CAMPAIGN_MODIFIER.match(text, end) is not None and text.startswith(CAMPAIGN_HEADS, end + 2))
    ):
        return True  # 三年行动, and with a two-character modifier: 三年创建规划, 五年发展规划
    if pos > 1 and text[pos - 2 : pos] in _POLICY_VERBS and _POLICY_FORMULA.match(text, end):
        return True  # a policy's formula: 坚持四个文明一起抓的方针
    if arabic:
        # a count never starts with a zero: 03年, 08届 are years and numbers of a series
        return len(num) > 1 and c0 == "0" and num[1] != "."
    if unit == "期" and (text.startswith(PHASE_HEADS, end) or _phase_after_name(text, pos, end, num)):
        return True
    if num == "一" and pos and text[pos - 1] in DEMONSTRATIVES:
        return True
    if (
        unit_surface == "个"
        and text.startswith("文明", end)
        and text[end + 2 : end + 3] in _FORMULA_AFTER_CIVILISATION
    ):
        return True  # the formula of the civilisations: 促进两个文明建设, 三个文明一起抓 (not 两个文明村)
    if unit_surface == "个" and text[end : end + 2] in _WITHHELD_PAIRS:
        return True  # a slogan whose word is withheld: 为建设三个**提供…, 加快建设四个XX
    if num == "一" and unit == "年" and text.endswith(_PAST, 0, pos):
        return True  # 过去一年, 过去的一年: the year itself as the time of the work (like 这一年)
    if (
        num == "一"
        and unit == "年"
        and text[end : end + 1] in _YEAR_DESCRIBED_END
        and _DESCRIBED_YEAR_BEFORE.search(text, max(0, pos - 3), pos) is not None
    ):
        return True  # 是极不平凡的一年, …的重要一年。, 在…的一年里: a year described, not a length
    nxt = text[end : end + 1]
    if num == "一" and len(unit_surface) == 1 and nxt == unit_surface:
        return True
    if (
        unit in DURATION_UNITS
        and nxt in _CN_DIGITS
        and text[end + 1 : end + 2] != "届"  # (三年一届: a rate of terms, 届 no unit of its own)
        and QUANTITY_RE.match(text, end) is None
    ):
        return True  # a duration and a numeral that counts nothing: 九年一贯制学校, 十年一剑
    if (
        nxt in _CN_DIGITS
        and nxt
        and text[end + 1 : end + 2] != "等"
        and unit not in DURATION_UNITS
        and text[pos - 1 : pos] != "每"
    ):
        return True
    before, after = _item_bounds(text, pos, end)
    if after >= 0 and text[after] == "、":
        _, stop = _item_bounds(text, after + 1, after + 1)
        if _is_big_item(text, after + 1, stop if stop >= 0 else min(len(text), after + 12)):
            return True
    if before >= 0 and text[before] == "、":
        prev, _ = _item_bounds(text, before, before)
        if _is_big_item(text, prev + 1, before):
            return True
    return False


def _pre_qualifier(text: str, num_start: int) -> tuple[str | None, int]:
    """The qualifier word right before a number (不少于, 近 …) and where the quantity starts."""
    if not num_start or text[num_start - 1] not in _PRE_LAST_CHARS:
        return None, num_start
    pre: str | None = None
    # (only a qualifier ending in the character before the number can end there)
    for p in _PRE_BY_LAST[text[num_start - 1]]:
        if text.startswith(p, num_start - len(p)):
            pre = p
            break
    if pre is None:
        return None, num_start
    start = num_start - len(pre)
    if start > 0 and text[start - 1] in _PRE_VETO.get(pre, ""):
        return None, num_start
    return pre, start


#: 年 and 成 are measure words only in narrow readings: 三年 (a duration, not 2025年 or
#: xx年, which are years), 两成 (tenths; not 一成不变, 八成是)
_SMALL_UNITS: Final = frozenset(("年", "成"))
_YEAR_VETO: Final = "级代度月底初末中"
_TENTH_VETO: Final = "为立功果效绩员本熟型就长交都品器败人年全才分色套片群批家事像份形行因婚是了"


def _small_unit_ok(unit, num, value, rng, placeholder, mult_char, text, end) -> bool:
    after = text[end : end + 1]
    if placeholder or mult_char:
        return False
    top = rng[1] if rng is not None else value
    if top is None:
        return False
    if unit == "年":
        if num[0].isdigit() and len(num.split(".")[0]) > 2:
            return False
        return top <= 100 and (after == "" or after not in _YEAR_VETO)
    return top <= 10 and int(top) == top and (after == "" or after not in _TENTH_VETO)


PERCENT_RE: Final = re.compile(rf"百分之(?P<num>\d+(?:\.\d+)?|{_CN_RUN})(?P<post>{_POST_ALT})?")


def _percent_words(line: NormLine, text: str, pos: int, excluded: bool) -> Quantity | None:
    """百分之十五 → 15 %, 百分之百 → 100 % (the number after 百分之 is the percentage);
    ``excluded`` says whether ``pos`` lies in a quotation or fixed phrase."""
    m = PERCENT_RE.match(text, pos)
    if m is None or excluded:
        return None
    num = m.group("num")
    value = 100 if num == "百" else parse_number(num)
    if value is None:
        return None
    pre, start = _pre_qualifier(text, pos)
    qualifier = PRE_QUALIFIERS[pre] if pre else POST_QUALIFIERS.get(m.group("post") or "", "exact")
    end = m.end()
    s, e = line.orig_span(start, end)
    return Quantity(
        span=(start, end),
        line=line.lineno,
        char=s,
        text=line.original[s:e],
        value=value,
        unit="%",
        qualifier=qualifier,
        subject=_subject(line, text, start, end),
    )


#: first characters of a web-furniture line (``_FOOTER_LINE``), after leading spaces
_FOOTER_FIRST: Final = frozenset("来來免(（本转轉更版")


def _subject(line: NormLine, text: str, start: int, end: int, right_end: int = -1) -> str:
    """A short phrase naming what is counted, from the clause around the number.

    The right candidate runs from the quantity to the next stop character; the left one is
    the clause before it (from the last delimiter at most 24 characters back), without
    leading connectives (其中, 累计 …) and trailing verbs (共有, 达 …)."""
    if right_end < 0:
        right_m = _RIGHT_STOP_SEARCH(text, end)
        right_end = right_m.start() if right_m else len(text)
    left_start = _clause_lead_end(text, start)
    left_end = start
    if left_end > left_start and _in_table(_TAIL_LAST_TABLE, text, left_end - 1):
        # no match starts before the run of tail-word characters that ends the clause, and a
        # search tries every start up to the leftmost match: start it at that run
        run = left_end - 1
        while run > left_start and _in_table(_TAIL_CHAR_TABLE, text, run - 1):
            run -= 1
        tail = _SUBJECT_TAIL.search(text, run, left_end)
        if tail:
            left_end = tail.start()
    n_left = left_end - left_start
    if 2 <= right_end - end <= 12 and (n_left < 2 or (end < len(text) and text[end] not in "余多")):
        s, e = end, right_end
    elif n_left >= 2:
        s, e = left_start, left_end
    else:
        s, e = end, right_end
    if e <= s:
        return ""
    breaks = line.breaks
    if breaks is None:
        subject = line.original[s:e]
        # no artefacts in the line, so none in a part of it: only a footer shape can blank it
        if ("(" in subject or "（" in subject or "本文" in subject) and _FOOTER_LINE.match(subject):
            return ""
        return subject.strip(" \t,，、")
    if breaks is LAZY and line.stripped:
        # the artefact-free input text at the same offsets; what strip_artefacts_text makes of
        # the input's span, unless that span has a footer's shape (checked on the input itself)
        subject = line.stripped[s:e]
        if subject.lstrip()[:1] not in _FOOTER_FIRST:
            return subject.strip(" \t,，、")
    s, e = line.orig_span(s, e)
    subject = line.original[s:e]
    if "(" in subject or "（" in subject or "本文" in subject:
        subject = strip_artefacts_text(subject)
    return subject.strip(" \t,，、")


#: labels of a web page's furniture before a figure: the site's truncation notice and its
#: counters (a body says 阅读量达…, a counter 阅读: or 浏览次数:)
_FURNITURE: Final = (
    "省略",
    "浏览:",
    "浏览次数:",
    "浏览量:",
    "点击:",
    "点击量:",
    "点击数:",
    "阅读:",
    "下载:",
    "下载次数:",
    "人气:",
    "字数:",
    "全文",
    "全文共",
    "仅显示",
)
_FURNITURE_LAST: Final = frozenset(w[-1] for w in _FURNITURE) | {" "}


def _after_furniture(text: str, pos: int) -> bool:
    end = pos - 1 if text[pos - 1] == " " else pos
    return text.endswith(_FURNITURE, max(0, end - 5), end)


#: who numbers its television channels (中央7套, 央视13套: names of channels, not sets)
_CHANNEL_OWNERS: Final = ("中央", "央视")
#: an organ right before N次 and a meeting closing the clause: the session's number
#: (市政府十七次市域经济运行分析会议, 县委十三次全会), not a count (县委召开3次常委会); the organ
#: may be a bare 市/县/区/省 starting a phrase (、市九次党代会), not one after 全 (全县3次大会)
_ORGANS: Final = ("委", "政府", "人大", "政协", "委员会")
_SESSION_CLAUSE: Final = re.compile(
    r"[^,，。;；:：、()（）“”\s\d]{0,12}?(?:会议|全会|大会|會議|全會|大會|党代会|黨代會)"
)
_BARE_ORGANS: Final = frozenset("市县区省縣區")
_BEFORE_BARE_ORGAN: Final = frozenset('、，,；;：:（(“"')


#: a numbered term before a session's number: 八届十三次, xx届九次, 十一届八次全委会议 (d213)
_TERM_NUMERALS: Final = frozenset("一二三四五六七八九十百零〇0123456789xX")


def _is_session(text: str, pos: int, unit_end: int) -> bool:
    if pos >= 2 and text[pos - 1] == "届" and text[pos - 2] in _TERM_NUMERALS:
        return True  # the Nth session of a numbered term, never a count (not 本届3次, 历届3次)
    if not (
        text.endswith(_ORGANS, 0, pos)
        or (pos and text[pos - 1] in _BARE_ORGANS and (pos == 1 or text[pos - 2] in _BEFORE_BARE_ORGAN))
    ):
        return False
    return _SESSION_CLAUSE.match(text, unit_end) is not None


#: the words that end a document's title (工作总结, 工作计划, 工作设想 …): a page puts its count
#: of sample texts or its length of the text right after them
DOC_KIND_WORDS: Final = (
    "总结",
    "报告",
    "讲话",
    "讲话稿",
    "范文",
    "发言",
    "汇报",
    "材料",
    "心得",
    "体会",
    "计划",
    "设想",
    "打算",
    "思路",
    "方案",
    "综述",
    "汇编",
)
_DOC_KIND_ALTERNATION: Final = "|".join(sorted(DOC_KIND_WORDS, key=len, reverse=True))
#: an outline marker run into a year: 1.2022年 (1. then 2022年), never a count of years
_MARKER_YEAR: Final = re.compile(r"\d{1,2}\.(?:19|20)\d\d")
#: the page speaking of its own text before a length (本篇文章875字) or a reading time (读完约2分钟)
_PAGE_SELF: Final = ("本篇文章", "本篇", "本文", "本文共")
#: the length of a document: a line holding nothing else (bullets aside) is the page's metadata
_LENGTH_UNITS: Final = frozenset(("字", "页", "頁"))
_BULLETS: Final = " \t•·-*●○■□◆◇>"


def _alone_on_line(text: str, start: int, unit_end: int) -> bool:
    return not text[:start].strip(_BULLETS) and not text[unit_end:].strip(_BULLETS)


#: the page's note of the text's length, opening a bracket or a line: 【文章共3960字,精选参考范文】
_LENGTH_NOTE: Final = ("文章共", "全文共", "文章字数", "全文字数")
_NOTE_OPENERS: Final = frozenset("【[(（")


def _page_length_note(text: str, start: int) -> bool:
    """Whether the length in 字 at ``start`` is the page's note of its own text: 文章共/全文共
    straight after an opening bracket or at the line start (d208: 【文章共3960字,…】), not a
    count of written work inside a sentence (撰写心得文章共2万余字)."""
    for word in _LENGTH_NOTE:
        head = start - len(word)
        if head >= 0 and text.startswith(word, head):
            return not text[:head].strip() or text[head - 1] in _NOTE_OPENERS
    return False


_READING_TIME: Final = ("读完", "阅读需", "阅读需要", "预计阅读")
#: a weekday is 周/星期 and a numeral (周六, 星期日): a numeral between two of them counts no weeks
_WEEK_WORDS: Final = ("周", "星期", "礼拜")
_PERCENT_SIGNS: Final = frozenset(("%", "％", "℅"))
#: what comes before an outline marker that starts a line's text or an inline section
_MARKER_RUNUP: Final = frozenset("。；;：: \t")


#: a title's last words before the page's length of the text: 工作总结, 工作计划 …
_WORK_DOC_KINDS: Final = tuple("工作" + w for w in DOC_KIND_WORDS)


def _is_page_length(text: str, pos: int, unit_end: int) -> bool:
    """N字 in a bracket straight after a title's 工作总结/工作计划 …: the page's length of the
    text (…2023年工作计划(4050字)), not characters written in the work (心得体会(3000字))."""
    return (
        pos > 1
        and text[pos - 1] == "("
        and text[unit_end : unit_end + 1] == ")"
        and text.endswith(_WORK_DOC_KINDS, 0, pos - 1)
    )


#: 前/后 before a figure of places is a ranking (前三名, 后5名: ordinals, like 第一名) unless
#: it ends a word of time or place (目前, 此前, 之后, 会后 …: then a count follows)
_RANK_UNITS: Final = frozenset(("名", "位"))
_RANK_NOT_AFTER: Final = frozenset("目此之当提以日年月空面事会赛节生随然今其落先背善课饭")


def _is_navigation(text: str, pos: int, end: int, unit_surface: str) -> bool:
    """上一X下一X (either half, spaces or a bar between): a page's links to the previous and
    next item, as 上一篇下一篇, 上一页 | 下一页 — not 会上一名代表, 线上一场讲座."""
    if text[pos - 1] == "上":
        rest = text[end:].lstrip(" |/·")
        return rest.startswith("下一" + unit_surface)
    head = text[: pos - 1].rstrip(" |/·")
    return head.endswith("上一" + unit_surface)


def _is_rank(text: str, pos: int) -> bool:
    return pos < 2 or text[pos - 2] not in _RANK_NOT_AFTER


_UNIT_VETO_GET: Final = UNIT_VETO.get
#: the first characters of an Arabic or placeholder figure (what ``_NUM`` lets start one)
_ARABIC_FIRST: Final = "0123456789xX"


def find_quantities_in_line(line: NormLine) -> list[Quantity]:
    """Quantities of one normalised line, with input-line offsets and text."""
    return find_quantities([line])


def find_quantities(lines: list[NormLine], classes: TextClasses | None = None) -> list[Quantity]:
    """Quantities of a run of lines (an article), in order.

    Candidates are found once over the lines joined by newlines (none crosses a line break)
    and matched on their own line; excluded spans (quotations, fixed phrases, none crossing a
    line break either) are found on a line when one of its candidates first needs them.
    ``classes`` is :func:`.scan.classify` of that joined text, if the caller has it."""
    if not lines:
        return []
    texts = [line.text for line in lines]
    if classes is None:
        classes = classify("\n".join(texts))
    joined = classes.text
    excluded_at = excluded_starts(classes)  # where an excluded span can start (joined offsets)
    out: list[Quantity] = []
    append = out.append
    # the current line's excluded spans in order (non-overlapping), None until one of its
    # candidates needs them; candidates come in order too, so one index walks along them
    excluded: list[tuple[int, int]] | None = None
    ei = 0
    quantity_match = QUANTITY_RE.match
    li = -1
    line_end = -1  # joined offset where the current line ends
    offset = 0  # joined offset of the current line
    text = ""
    line = lines[0]
    consumed = 0
    # the match's groups, typed: the compiled loop compares them as strings natively instead of
    # through the interpreter's generic comparison
    num: str
    num2: str | None
    approx: str | None
    mult_char: str | None
    approx2: str | None
    half: str | None
    unit_surface: str
    post: str | None
    right: str
    for g in number_runs(classes):
        if g > line_end:  # the candidate's line
            while g > line_end:
                li += 1
                offset = line_end + 1
                line_end = offset + len(texts[li])
            text = texts[li]
            line = lines[li]
            consumed = 0
            excluded = None
        pos = g - offset
        if pos < consumed:
            continue
        # (``find`` within bounds, not ``startswith`` with a start: the compiled build calls
        # the one natively, the other through the interpreter's method lookup)
        percent = text.find("百分之", pos, pos + 3) == pos
        m = None if percent else quantity_match(text, pos)
        if m is None and not percent:
            # withheld characters or a page's number run into a Chinese numeral (xx、xx、xx、xx
            # 四处文化礼堂, 3六十多年的历程): they are a name or debris, and the numeral after them
            # starts a figure of its own (not a place value after digits: 3千人, 5百余人)
            k = pos
            while k < line_end - offset and text[k] in "0123456789xX":
                k += 1
            after = text[k : k + 1]
            if k == pos or after not in _CN_DIGITS or (after in _PLACE_VALUES and text[k - 1] not in "xX"):
                continue
            pos = k
            m = quantity_match(text, pos)
            if m is None:
                continue
        if excluded is None:
            first = bisect_left(excluded_at, offset)
            in_line = excluded_at[first : bisect_left(excluded_at, line_end, first)]
            excluded = [
                (x.start() - offset, x.end() - offset) for x in matches_from(_EXCLUDED_RE, joined, in_line)
            ]
            ei = 0
        while ei < len(excluded) and excluded[ei][1] <= pos:
            ei += 1
        in_excluded = ei < len(excluded) and excluded[ei][0] <= pos
        if m is None:  # 百分之…
            q = _percent_words(line, text, pos, in_excluded)
            if q is not None:
                append(q)
                consumed = q.span[1]
            continue
        end = consumed = m.start(10)
        if in_excluded:
            continue
        num, _sep, num2, approx, mult_char, approx2, half, unit_surface, post, right = m.groups()
        # where the measure word and the right-hand run end (m.end(8), m.end(10) without a call)
        unit_end = end - len(post) if post else end
        right_end = end + len(right)
        c0 = num[0]
        is_arabic = c0 in _ARABIC_FIRST
        if unit_surface == "分":
            if _unit_vetoed(unit_surface, text, unit_end, is_arabic):
                continue
            if pos > 1 and text[pos - 1] in "点时" and text[pos - 2] in _CLOCK_HOURS:
                continue  # a time of day: 早上8点30分, 9时15分
        else:
            veto = _UNIT_VETO_GET(unit_surface)
            if veto:
                u_end = unit_end
                # (a slice's ``startswith`` is compiled natively; one with bounds is not)
                if text[u_end : u_end + 4].startswith(veto) and not (
                    unit_surface == "期" and text[u_end : u_end + 2] in _ISSUE_VERBS
                ):
                    continue  # (1期刊发: an issue, then the verb 刊发; 期刊 is a periodical)
        if pos and text[pos - 1] == " " and text[:pos].rstrip()[-1:] == "第":
            continue  # an ordinal with a space: 第 3 次
        if pos > 1 and text[pos - 1] == ":" and text[pos - 2] in "0123456789":
            continue  # the minutes of a clock time: 2015-06-29 17:13本网讯
        if pos and text[pos - 1] in _FURNITURE_LAST and _after_furniture(text, pos):
            continue  # the web page's, not the work's: (省略458字), 浏览次数:1234次
        if unit_surface == "套" and text.endswith(_CHANNEL_OWNERS, 0, pos):
            continue  # a television channel: 中央7套, 央视13套
        if unit_surface == "次" and _is_session(text, pos, unit_end):
            continue  # a session's number after its organ: 市政府十七次市域经济运行分析会议
        if unit_surface == "字" and _is_page_length(text, pos, unit_end):
            continue  # the page's length of the text after its title: …工作计划(4050字)
        if pos and text[pos - 1] in "前后" and unit_surface in _RANK_UNITS and _is_rank(text, pos):
            continue  # a place in a ranking: 考评后5名, 位列前三名, 进入前10位
        placeholder = "x" in num or "X" in num or bool(num2 and ("x" in num2 or "X" in num2))
        if placeholder and "x" in num:
            ns, ne = line.orig_span(pos, pos + len(num))
            if "**" in line.original[ns:ne]:
                continue  # ** blots out a name (我**所辖), a withheld digit is one * (部长*人)
            if unit_surface == "组" and text.endswith("委(", 0, pos) and text[end : end + 1] == ")":
                continue  # *委(*组): 党委(党组) with 党 starred out, not a withheld figure
        if is_arabic and unit_surface == "年" and _MARKER_YEAR.fullmatch(num):
            continue  # an outline marker run into a year: 1.2022年宣传思想文化工作综述
        if (
            placeholder
            and "." in num
            and num[0] in "0123456789"
            and (pos == 0 or text[pos - 1] in _MARKER_RUNUP)
        ):
            continue  # an outline marker before a withheld name (2.xx村…), not 7.xxxx元
        # ordinal 二 before a classifier (二期工程); counting says 两
        if num == "二" and not num2 and not mult_char:
            continue
        if is_arabic and not placeholder and len(num) >= 9 and len(num.split(".")[0]) >= 9 and "," not in num:
            continue  # phone numbers, identifiers (a figure grouped by commas is a count: 866,091,854次)
        if pos and text[pos - 1] in _PRE_LAST_CHARS:
            pre, start = _pre_qualifier(text, pos)
        else:
            pre, start = None, pos
        if unit_surface in _LENGTH_UNITS and _alone_on_line(text, start, unit_end):
            continue  # a listing's metadata line: • 约1.94万字, • 约 36页
        if unit_surface == "字" and text.endswith(_PAGE_SELF, max(0, start - 4), start):
            continue  # the page's length of its own text: 本篇文章875字, 本文共3000字
        if unit_surface == "字" and _page_length_note(text, start):
            continue  # 【文章共3960字,精选参考范文,仅供学习借鉴】
        if UNITS[unit_surface] == "分钟" and text.endswith(_READING_TIME, max(0, start - 4), start):
            continue  # the page's reading time: 读完约2分钟 (not 每天阅读30分钟, the work's)
        if (
            not is_arabic
            and unit_surface in _WEEK_WORDS
            and pos
            and text.endswith(_WEEK_WORDS, max(0, pos - 2), pos)
        ):
            continue  # a weekday's numeral before the next weekday's name: 周六周日排练
        if (
            unit_surface in _PERCENT_SIGNS
            and pos > 1
            and text[pos - 1] == "、"
            and text[pos - 2] in "0123456789"
        ):
            continue  # 超额34、9%: a decimal point typed as 、 (or two figures sharing one sign)
        qualifier = "exact"
        if post:
            qualifier = POST_QUALIFIERS[post]
        if approx or approx2:
            qualifier = "about" if approx == "来" else "over"
        if pre:
            qualifier = PRE_QUALIFIERS[pre]
        unit = UNITS[unit_surface]
        if (
            unit in _DURATION_UNITS
            and not (post or approx or approx2)
            and text[end : end + 1] in ("多", "余")
            and text[end + 1 : end + 2] in _AFTER_DURATION_OVER
        ):
            # 开通两年多来, 一年多的时间: 多 after a duration's unit (not 近5年多次, 2天多媒体)
            end = consumed = end + 1
            qualifier = "about" if pre in _ABOUT_PRE else "over"
            duration_over = True
        else:
            duration_over = False
        value: float | int | None
        rng: tuple[float | int, float | int] | None = None
        if num in _BARE_PLACES and not num2:
            # 近百场, 上千人次, 百余人: a bare 百/千/万 counts only with a qualifier
            if pre is None and pos and text[pos - 1] == "上" and text[pos - 2 : pos] != "以上":
                start, qualifier = pos - 1, "about"
            elif pre is None and qualifier == "exact":
                continue
            value = _BARE_PLACES[num]
        elif placeholder:
            value = None
        elif num2:
            a, b = parse_number(num), parse_number(num2)
            if a is None or b is None or b <= a:
                continue
            value, rng = None, (a, b)
        else:
            value = parse_number(num)
            if value is None:
                pair = chinese_digit_range(num)
                if pair is None:
                    continue
                value, rng = None, pair
        if half or unit_surface == "个半月":
            if value is None:
                continue
            value = tidy(value + 0.5)
            if unit == "个月" or unit_surface == "月":
                unit = "个月"
        if (
            unit in _SMALL_UNITS
            # a withheld length with 多 after its 年 is a duration, never a year: 我市x年多的…工作
            and not (duration_over and placeholder and len(num) <= 2)
            and not _small_unit_ok(unit, num, value, rng, placeholder, mult_char, text, end)
        ):
            continue
        # 万 / 亿: money keeps the unit (20万元), other counts are multiplied out
        if mult_char:
            factor = 10_000 if mult_char == "万" else 100_000_000
            if unit == "元":
                unit = mult_char + "元"
            else:
                if value is not None:
                    value = tidy(value * factor)
                if rng is not None:
                    rng = (tidy(rng[0] * factor), tidy(rng[1] * factor))
        if names_something(
            text, pos, end, num, unit_surface, unit, bool(mult_char or approx or approx2 or post or pre)
        ):
            continue
        # 一 before a description and 的 (一场简单朴素的表彰会, 一支高素质的队伍): an article
        if (
            num == "一"
            and not num2
            and not mult_char
            and qualifier == "exact"
            and unit not in _PEOPLE_UNITS
            and _DESCRIBED.match(text, end) is not None
            and not _RATE_BEFORE.search(text[max(0, pos - 4) : pos])
            and not _RATE_VERB_BEFORE.search(text[max(0, pos - 6) : pos])
        ):
            continue
        # 上一篇下一篇: the page's navigation to the previous and next article, no count
        if num == "一" and pos and text[pos - 1] in "上下" and _is_navigation(text, pos, end, unit_surface):
            continue
        # 每一个, 每一位: each, not a count of one (每一个**人都感到无比的欣慰, 在每一个家庭生根)
        if num == "一" and pos and text[pos - 1] == "每":
            continue
        # indefinite 一 (一项重大任务, 一种…, 一批…), unless concrete, after its noun, or a rate
        if (
            num == "一"
            and not num2
            and not mult_char
            and qualifier == "exact"
            and unit not in CONCRETE_WITH_ONE
        ):
            after = text[end : end + 1]
            post_position = after == "" or after in _CLAUSE_DELIMS or after in ")）"
            if (
                not post_position
                and not _RATE_BEFORE.search(text[max(0, pos - 4) : pos])
                and not (unit in _EVENT_UNITS and _RATE_VERB_BEFORE.search(text[max(0, pos - 7) : pos]))
            ):
                continue
        s, e = line.orig_span(start, end)
        append(
            Quantity(
                line.lineno,
                s,
                line.original[s:e],
                value,
                unit,
                qualifier,
                placeholder,
                _subject(line, text, start, end, right_end),
                rng,
                (start, end),
            )
        )
    return _drop_names(lines, out) if out else out


#: what ends a place name after its numeral and measure word: 三堂镇, 十里铺, 五道沟村
_PLACE_SUFFIX: Final = frozenset("镇乡村县集屯寨铺庄")
#: …unless a noun of people or bodies follows (两名村干部, 三户村民, 五个镇党委): a count
_PLACE_SUFFIX_VETO: Final = frozenset("民干委级组长书医代党")
#: measure words that count people, households, places or times: before 村/镇 they count them
_COUNTS_PLACES: Final = frozenset(
    ("个", "名", "位", "人", "户", "座", "所", "家", "处", "批", "次", "人次", "支", "类")
)
_CN_NUMERAL_ONLY: Final = re.compile(r"[零〇一二两三四五六七八九十百千]+")


#: a title ending in the web page's count of its sample texts (# marks the figure):
#: …工作总结(通用6篇), …讲话稿【汇集4篇】, …活动总结8篇, …总结优质8篇; the page of a listing
#: split over pages may follow (社区宣传工作总结(10篇)(23))
_TITLE_COUNT: Final = re.compile(
    rf"(?:{_DOC_KIND_ALTERNATION})[(（【\[]?"
    r"(?:通用|精选|优质|优秀|汇集|精编|合集|大全|范文|共)?#[)）】\]]?(?:[(（][0-9]{1,3}[)）])?\s*$"
)


_TITLE_CLOSE: Final = frozenset(")）】]")
_CLAUSE_MARKS: Final = re.compile(r"[,，。;；、!！?？]")


def _title_like(text: str) -> bool:
    """A line that can only be a title: short, and no clause in it (社区文化工作总结(优秀9篇)
    under the page's own first line; below the first line the count must be in brackets)."""
    return len(text) <= 40 and _CLAUSE_MARKS.search(text) is None


def _drop_names(lines: list[NormLine], quantities: list[Quantity]) -> list[Quantity]:
    """Drop figures that belong to names, seen over the whole article.

    * A place name: a Chinese numeral and a measure word right before 镇/乡/村/集 … (三堂镇),
      where the measure word cannot count the place (not 个/座/户 …) and no noun of people
      follows (两名村干部); every other occurrence of the same words in the article is that
      name too (在三堂以及周边, 三堂文化站).
    * The web page's count of sample texts at the end of the article's first line, its title
      (2021年文明创建工作总结(通用6篇), 创文明城市活动总结8篇).
    * A slogan spelled out: figures in a bracket opening with 即 right after a quoted name
      (“一十百千万”(即:一场大会明思路、十次座谈谋发展…)) are the name's parts.
    """
    by_line = {ln.lineno: ln.text for ln in lines}
    with_gloss = {ln.lineno for ln in lines if "即" in ln.text}
    places: set[str] = set()
    glossed: set[int] = set()
    first_line = lines[0].lineno
    for i, q in enumerate(quantities):
        text = by_line.get(q.line, "")
        start, end = q.span
        if (
            q.unit == "篇"
            and (q.line == first_line or (text[end : end + 1] in _TITLE_CLOSE and _title_like(text)))
            and _TITLE_COUNT.search(text[:start] + "#" + text[end:])
        ):
            glossed.add(i)  # the page's count of sample texts in its title: 工作总结(通用6篇)
            continue
        nxt = text[end : end + 1]
        if nxt and nxt in _PLACE_SUFFIX and q.unit not in _COUNTS_PLACES:
            surface = text[start:end]
            if _CN_NUMERAL_ONLY.match(surface) and text[end + 1 : end + 2] not in _PLACE_SUFFIX_VETO:
                places.add(surface)
        if q.line not in with_gloss:
            continue
        opened = max(text.rfind("(", 0, start), text.rfind("（", 0, start))
        if (
            opened > 0
            and text[opened + 1 : opened + 2] == "即"
            and text[opened - 1] in '”〞"』」'
            and max(text.rfind(")", opened, start), text.rfind("）", opened, start)) < 0
        ):
            glossed.add(i)
    if not places and not glossed:
        return quantities
    return [
        q
        for i, q in enumerate(quantities)
        if i not in glossed and by_line.get(q.line, "")[q.span[0] : q.span[1]] not in places
    ]
