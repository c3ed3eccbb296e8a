"""Step 4 — structure: outline headings of an article, with nesting levels.

Markers: 一、 （一） 1、/1. （1） 1) ① 第一部分, and unmarked section lines such as
下半年工作计划. The level is the nesting depth in the article, from a stack of marker
types: the first type seen is level 1, an unseen type nests one deeper, a type already
on the stack pops back to its depth. An unmarked section line is always level 1.

Markers count at the start of a line, and inside a line (flattened text) only right after
a sentence end (or a colon / semicolon for 一、 （一） 第一部分, as in "总结如下：一、…")
and when they continue the numbering (二、 after 一、, 1、 opening a new
level) — so 一是…二是…, ``:(1)…;(2)…`` enumerations and numbers in sentences are not
headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .model import Heading
from .normalise import INLINE_SPACE_CLASS, WHITESPACE_CLASS, NormLine
from .scan import INLINE_FIRST, MARKER_FIRST, TextClasses, classify, inline_starts, matches_from
from .sections import is_section_line
from .split import ArticleLines

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN_DIGITS = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_DOT_DIGITS = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
#: ㈠ … ㈩, one character for (一) … (十) (d128: ㈠、上半年工作总结)
_PAREN_IDEOGRAPHS = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"

#: marker type name -> regex matched at a position (group "n" is the number)
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(r"第(?P<n>[一二三四五六七八九十]{1,3})(?:部分|章)\s*[、.:]?")),
    # an ordinal typed as a marker before a comma or 、: 第一,严守政治纪律,不越权力“红线”。 (d218);
    # never an inline candidate (第一时间, 第一标准 mid-sentence are no markers)
    ("ord", re.compile(r"第(?P<n>[一二三四五六七八九十]{1,3})(?:,|、)(?=[\u4e00-\u9fff])")),
    ("cn", re.compile(r"(?P<n>[一二三四五六七八九十]{1,3})\s*(?:、|\.(?![一二三四五六七八九十\d]))")),
    ("pcn", re.compile(r"\(\s*(?P<n>[一二三四五六七八九十]{1,3})\s*\)|(?P<p>[㈠-㈩])、?")),
    # a decimal outline marker, its last number counting: 1.1.活动背景 / 2.3 工作措施 (not 1.5万)
    ("dec", re.compile(r"\d{1,2}\.(?P<n>\d{1,2})(?:\.(?![\d.])|[^\S\n]+)(?!\d)")),
    ("num", re.compile(r"(?P<n>\d{1,2})\s*(?:、|\.(?![\d.]))")),
    # a comma typed for the 、 before a Chinese character (d203: 2,我市报送上级部门情况); never an
    # inline candidate, so only at a line start or as a nested first (1,000 / 3,4月 have a digit)
    ("num", re.compile(r"(?P<n>\d{1,2}),(?=[\u4e00-\u9fff])")),
    ("pnum", re.compile(r"\(\s*(?P<n>\d{1,2})\s*\)|(?P<p>[⑴-⒇])")),
    ("num", re.compile(r"(?P<d>[⒈-⒛])")),
    ("rnum", re.compile(r"(?P<n>\d{1,2})\)")),
    ("circled", re.compile(r"(?P<n>[①-⑳])")),
)


def _combined_markers() -> tuple[re.Pattern[str], dict[str, tuple[str, tuple[int, ...]]]]:
    """All of :data:`MARKERS` as one alternation tried in the same order (the first that
    matches at a position wins, as with one ``match`` after the other). Each alternative is
    group ``k<i>``; returns the pattern and, per alternative, the kind and the indices of
    its number groups."""
    alts = []
    for i, (_, pattern) in enumerate(MARKERS):
        alts.append(f"(?P<k{i}>" + re.sub(r"\(\?P<(\w+)>", rf"(?P<\g<1>{i}>", pattern.pattern) + ")")
    combined = re.compile("|".join(alts))
    info = {}
    for i, (kind, pattern) in enumerate(MARKERS):
        names = sorted(pattern.groupindex, key=lambda name: pattern.groupindex[name])
        info[f"k{i}"] = (kind, tuple(combined.groupindex[f"{n}{i}"] for n in names))
    return combined, info


_COMBINED = _combined_markers()
# (Final: the compiled build holds these natively, no module-dict look-up a use)
_MARKER_RE: Final = _COMBINED[0]
_MARKER_INFO: Final = _COMBINED[1]
_MARKER_MATCH: Final = _MARKER_RE.match

_CN_NUM = "[一二三四五六七八九十]{1,3}"
#: where an inline marker may start: after a sentence end (any marker type), after a colon or
#: semicolon (第一部分, 一、, （一）), after a space that follows text (一、, （一）, ①). The pattern
#: starts with one character class so the regex engine can skip ahead fast.
#: the first whitespace character (as ``\s`` finds it, faster)
_SPACE_SEARCH: Final = re.compile(f"[{WHITESPACE_CLASS}]").search
_INLINE_CANDIDATE: Final = re.compile(
    # a newline never starts one (no branch takes it); the lookahead is what every branch
    # needs after the spaces (a marker's first character), so most sentence ends fail at once
    # (:func:`.scan.inline_starts` gives the places where that lookahead holds)
    rf"[{INLINE_FIRST}](?=[{INLINE_SPACE_CLASS}]*[{MARKER_FIRST}])(?:"
    rf"(?<=[。!?])[^\S\n]*(?=第{_CN_NUM}(?:部分|章)|{_CN_NUM}\s*[、.]|\(\s*[一二三四五六七八九十\d]{{1,3}}\s*\)"
    r"|\d{1,2}\s*[、.)]|[①-⑳⑴-⒛])"
    rf"|(?<=[:;])[^\S\n]*(?=第{_CN_NUM}(?:部分|章)|{_CN_NUM}、|\(\s*{_CN_NUM}\s*\))"
    rf"|(?<=[^\s][^\S\n])[^\S\n]*(?={_CN_NUM}、|\(\s*{_CN_NUM}\s*\)|[①-⑳])"
    r")"
)
#: characters a heading marker can start with
_MARKER_FIRST: Final = frozenset(
    "第一二三四五六七八九十(0123456789" + _CIRCLED + _PAREN_DIGITS + _DOT_DIGITS + _PAREN_IDEOGRAPHS
)

_TEXT_END = re.compile(r"[。:]")
_TRAILING: Final = " \t,，、;；.。:：!！?？"
_OPEN_QUOTES = '“‘《「『"('
_CLOSE_QUOTES = '”’》」』")'


@dataclass(slots=True)
class _Level:
    kind: str
    last: int


@lru_cache(maxsize=1024)
def marker_number(raw: str) -> int:
    for series in (_CIRCLED, _PAREN_DIGITS, _DOT_DIGITS, _PAREN_IDEOGRAPHS):
        if raw in series:
            return series.index(raw) + 1
    if raw.isdecimal():
        return int(raw)
    if raw.startswith("十"):
        return 10 + _CN_DIGITS.get(raw[1:], 0)
    if len(raw) >= 2 and raw[1] == "十":
        return _CN_DIGITS.get(raw[0], 0) * 10 + _CN_DIGITS.get(raw[2:], 0)
    return _CN_DIGITS.get(raw, 0)


def _number_group(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g)


def match_marker(text: str, pos: int) -> tuple[str, re.Match[str]] | None:
    """The marker type and match at ``pos``, if a heading marker starts there."""
    found = _marker_at(text, pos)
    return None if found is None else (found[0], found[2])


def _marker_at(text: str, pos: int) -> tuple[str, int, re.Match[str]] | None:
    """(kind, number, match) of the heading marker at ``pos``, if one starts there."""
    if text[pos : pos + 1] not in _MARKER_FIRST:
        return None
    m = _MARKER_MATCH(text, pos)
    if m is None:
        return None
    kind, groups = _MARKER_INFO[m.lastgroup]  # type: ignore[index]
    raw = m.group(groups[0])
    if not raw:  # the second number group (pnum: (1) or ⑴)
        raw = next(g for g in map(m.group, groups) if g)
    return kind, marker_number(raw), m


_SPACE: Final = re.compile(r"\s+")


def _sentence_or_colon(text: str, start: int) -> int:
    """The first 。 or colon from ``start`` (``_TEXT_END.search``), else the end of ``text``: two
    plain finds, the colon's only up to the 。 (a long flattened line need not be read twice)."""
    a = text.find("。", start)
    b = text.find(":", start, a if a >= 0 else len(text))
    return b if b >= 0 else (a if a >= 0 else len(text))


#: what a heading's text does not end with before a space: an open list, quote or bracket, or a
#: figure (its measure word follows the space)
_NO_END_BEFORE_SPACE: Final = frozenset("、,“《(0123456789０１２３４５６７８９")


def heading_text_end(text: str, start: int) -> int:
    """Where a heading's text ends: first 。 or colon, or a space before body text. A space after
    a figure is inside the text: a page that spaces its figures (一、2021 年上半年工作开展情况 2021
    年上半年,…, d228) puts it between the number and its measure word."""
    end = _sentence_or_colon(text, start)
    first = _SPACE_SEARCH(text, start + 4, end)
    if first is None:
        return end
    for sp in _SPACE.finditer(text, first.start(), end):
        i = sp.start()
        head = text[start:i]
        depth = sum(head.count(q) for q in _OPEN_QUOTES) - sum(head.count(q) for q in _CLOSE_QUOTES)
        if depth <= 0 and text[i - 1] not in _NO_END_BEFORE_SPACE and len(text) - sp.end() >= 8:
            return i
    return end


class OutlineTracker:
    """The marker-type stack of one article."""

    def __init__(self) -> None:
        self.stack: list[_Level] = []
        self.top_kinds: set[str] = set()  # marker types seen at level 1

    def accepts_inline(self, kind: str, number: int) -> bool:
        for level in self.stack:
            if level.kind == kind:
                return number == level.last + 1
        return number == 1 or kind in self.top_kinds

    def push(self, kind: str, number: int) -> int:
        if kind == "plain":
            self.stack = [_Level("plain", 0)]
            self.top_kinds.add("plain")
            return 1
        for depth, level in enumerate(self.stack):
            if level.kind == kind:
                del self.stack[depth + 1 :]
                level.last = number
                return depth + 1
        if kind in self.top_kinds:  # a level-1 type again after an unmarked section line
            self.stack = [_Level(kind, number)]
            return 1
        self.stack.append(_Level(kind, number))
        if len(self.stack) == 1:
            self.top_kinds.add(kind)
        return len(self.stack)


#: the first marker of a deeper series straight after a heading's short text, with no
#: sentence end between: 一、建设运行情况(一)政治建设不断加强。 (a flattened outline), also
#: (1) and 1, (d206: 一、文明城市创建工作进一步深化(1)开展…; d203: (一)信息报送情况1,我市…)
_NESTED_FIRST = re.compile(r"[(（]\s*[一1]\s*[)）]|(?<![0-9.])1(?:、|,(?=[\u4e00-\u9fff]))")
_NESTED_SEARCH: Final = _NESTED_FIRST.search


def _nested_first(line: NormLine, tracker: OutlineTracker, out: list[Heading], mend: int) -> int:
    """After a heading whose marker ends at ``mend``: where the first marker of a deeper series
    starts within its text (at least two characters of text before it), pushed as an inline
    heading; -1 when there is none."""
    text = line.text
    end = _sentence_or_colon(text, mend)
    if end - mend < 4:
        return -1
    lo, hi = mend + 2, min(end, mend + 30)
    # each branch of the pattern starts with a literal (a bracket, or the 1 of 1、 / 1,): without
    # one in the window there is no match, and three plain finds cost far less than the regex
    # search, which tries the whole alternation at every position
    if text.find("(", lo, hi) < 0 and text.find("1", lo, hi) < 0 and text.find("（", lo, hi) < 0:
        return -1
    m = _NESTED_SEARCH(text, lo, hi)
    if m is None:
        return -1
    found = _marker_at(text, m.start())
    if found is None or found[1] != 1 or not tracker.accepts_inline(found[0], 1):
        return -1
    istart, iend = found[2].span()
    if found[0] == "pnum" and not _item_has_body(text, iend):
        return -1  # 三、工作打算(1)加强学习。(2)加强宣传。 : an enumeration of short items
    out.append(_heading(line, tracker.push(found[0], 1), istart, iend, inline=True))
    return istart


def _item_has_body(text: str, start: int) -> bool:
    """Whether the item starting at ``start`` is a section: its first sentence is followed by
    at least ten characters of body text before the next parenthesised marker (d206: (1)开展
    …摸底工作。依据市文明委…); an enumeration's items follow one another (…学习。(2)…)."""
    end = text.find("。", start)
    if end < 0:
        return False
    rest = text[end + 1 : end + 11]
    return len(rest) >= 10 and "(" not in rest


#: what a line of body text ends with when its last sentence is complete
_SENTENCE_ENDS: Final = frozenset('。!?！？:：;；…”"’)）')


def _page_break_debris(kind: str, prev: str) -> bool:
    """Whether an Arabic marker at a line start is a page number fused into the text: the
    line before is body text (it holds a full stop) whose last sentence breaks off with no
    end punctuation, so this line continues that sentence (…走上正轨,充 / 2、分发挥作用)."""
    return kind == "num" and len(prev) >= 80 and "。" in prev and prev[-1] not in _SENTENCE_ENDS


#: a short bracketed label before a line's first marker: 【提纲】一、加强领导,… (d205)
_LABEL_MAX = 8


def _after_label(text: str) -> int:
    """Where a marker may start after a short 【…】 label at the line start, else -1."""
    j = text.find("】", 1, _LABEL_MAX + 2)
    return j + 1 if j > 0 and text[j + 1 : j + 2] in _MARKER_FIRST else -1


#: the rest of a parenthesised marker whose "(" ended the line before, split off by a document
#: preview's chunk number: …探讨摸底工作。( / 2、2)深化开展… (d206)
_SPLIT_PAREN_REST = re.compile(r"(?P<n>\d{1,2})\)")


def _split_paren_marker(text: str, pos: int, before: str, tracker: OutlineTracker) -> re.Match[str] | None:
    """The ``N)`` at ``pos`` (after a chunk number) that closes a "(" the line before ended with,
    when it continues the outline's (N) series."""
    if not before.endswith("("):
        return None
    m = _SPLIT_PAREN_REST.match(text, pos)
    if m is None or not tracker.accepts_inline("pnum", int(m.group("n"))):
        return None
    return m


def _numbered_twice(text: str, found: tuple[str, int, re.Match[str]]) -> bool:
    """Whether a line-start marker is followed straight by a second marker of its type and number:
    a page's list rendered with its numbers whose items are numbered again (d222, a download
    site's notes: 1. 1、下载文档前请自行甄别… / 2. 2、…), not an outline (a preview's chunk number before
    the document's 一、, 1、一、…, is another type)."""
    end = found[2].end()
    n = len(text)
    while end < n and text[end].isspace():
        end += 1
    again = _marker_at(text, end)
    return again is not None and again[0] == found[0] and again[1] == found[1]


def _drop_lone_lower_first(kind: str, tracker: OutlineTracker, out: list[Heading], lineno: int) -> None:
    """A 一、 / 第一部分 arriving when the article's headings so far are one Arabic series 1、…k、
    at the top: the outline's top series never nests under a lower one, so that series stood
    before the document, a page number at the top of the page (1、 201*年度信息宣传工作总结 …
    一、建立…) or a download site's notes (温馨提示: 1. 部分包含数学公式… 4. 下载文档时…, d229).
    Drop it; the 一、 is level 1. A list of two or more stands apart from the 一、 (on earlier
    lines): 1. …。 2. 一、… on one line is an item running into its marker, not a page's list."""
    if (
        kind in ("cn", "part")
        and out
        and len(tracker.stack) == 1
        and tracker.stack[0].kind == "num"
        and tracker.stack[0].last == len(out)
        and (len(out) == 1 or out[-1].line < lineno)
        and all(h.level == 1 and not h.inline for h in out)
    ):
        out.clear()
        tracker.stack = []
        tracker.top_kinds = set()


def find_headings(article: ArticleLines, classes: TextClasses | None = None) -> list[Heading]:
    """All headings of one article, in order, with levels.

    The inline-marker scan runs once over the article's body joined by newlines (no
    candidate crosses a line break); each line is then looked at only for a marker at its
    start or for being a short section line. ``classes`` is :func:`.scan.classify` of all
    the article's lines joined, if the caller has it."""
    out: list[Heading] = []
    tracker = OutlineTracker()
    lines = article.lines[article.body_start :]
    texts = [line.text for line in lines]
    if classes is None:
        body = 0
        classes = classify("\n".join(texts))
    else:  # the body's offset in the whole article's text
        body = sum(len(line.text) + 1 for line in article.lines[: article.body_start])
    # (an inline candidate never starts before the body and ends inside it: none crosses a
    # line break)
    inline = [
        m.end() - body for m in matches_from(_INLINE_CANDIDATE, classes.text, inline_starts(classes, body))
    ]
    n_inline = len(inline)
    ci = 0  # next inline candidate
    line_start = 0
    prev = ""  # the last non-empty line's text, stripped
    for line, text in zip(lines, texts, strict=True):
        line_end = line_start + len(text)
        offset = line_start
        line_start = line_end + 1
        if not text:
            continue
        before = prev
        prev = text.strip()
        first = text[0]
        found = None
        lead = 0
        if first.isspace():
            lead = len(text) - len(text.lstrip())
            if lead == len(text):
                while ci < n_inline and inline[ci] <= line_end:
                    ci += 1
                continue
            found = _marker_at(text, lead)
        elif first == "【":
            lead = _after_label(text)
            found = _marker_at(text, lead) if lead > 0 else None
            lead = max(lead, 0)
        elif first in _MARKER_FIRST:  # _marker_at(text, 0), inlined (first character checked)
            m = _MARKER_MATCH(text)
            if m is not None:
                kind, groups = _MARKER_INFO[m.lastgroup]  # type: ignore[index]
                raw = m.group(groups[0])
                if not raw:  # the second number group (pnum: (1) or ⑴)
                    raw = next(g for g in map(m.group, groups) if g)
                found = kind, marker_number(raw), m
        scan_from = 0
        if found and _page_break_debris(found[0], before):
            split = _split_paren_marker(text, found[2].end(), before, tracker)
            found = None
            scan_from = 2  # (the page number is no inline marker either)
            if split is not None:
                level = tracker.push("pnum", int(split.group("n")))
                out.append(_heading(line, level, split.start(), split.end(), inline=True))
                scan_from = split.end()
        if found and _numbered_twice(text, found):
            found = None
            scan_from = len(text)  # (a page's list of notes: nothing on the line is a heading)
        if found:
            kind, number, m = found
            _drop_lone_lower_first(kind, tracker, out, line.lineno)
            level = tracker.push(kind, number)
            mstart, mend = m.span()  # (one call, not four)
            out.append(_heading(line, level, mstart, mend, inline=False))
            scan_from = mend
            nested = _nested_first(line, tracker, out, scan_from)
            if nested >= 0:
                out[-2] = _heading(line, level, mstart, mend, inline=False, limit=nested)
                scan_from = nested + 1
        elif len(text) <= 40 and is_section_line(text):
            level = tracker.push("plain", 0)
            s, e = line.orig_span(lead, len(text.rstrip()))
            out.append(Heading(line.lineno, level, "", line.original[s:e].strip(_TRAILING)))
            while ci < n_inline and inline[ci] <= line_end:
                ci += 1
            continue
        if ci >= n_inline or inline[ci] > line_end:
            continue
        while ci < n_inline and inline[ci] <= line_end:
            pos = inline[ci] - offset
            ci += 1
            if pos < scan_from:
                continue
            found = _marker_at(text, pos)
            if not found:
                continue
            kind, number, m = found
            if kind == "rnum" or not tracker.accepts_inline(kind, number):
                continue
            _drop_lone_lower_first(kind, tracker, out, line.lineno)
            level = tracker.push(kind, number)
            mstart, mend = m.span()
            out.append(_heading(line, level, mstart, mend, inline=True))
            nested = _nested_first(line, tracker, out, mend)
            if nested >= 0:
                out[-2] = _heading(line, level, mstart, mend, inline=True, limit=nested)
    return out


def _heading(line: NormLine, level: int, mstart: int, mend: int, inline: bool, limit: int = -1) -> Heading:
    text = line.text
    body = mend
    n = len(text)
    while body < n and text[body].isspace():
        body += 1
    # heading_text_end's first steps, inlined; the rest only when a space may end the text
    end = _sentence_or_colon(text, body)
    # a space can only be " " or a character str.isprintable() refuses: two C scans decide for
    # most headings whether the regex search is needed
    if (
        end > body + 4
        and (text.find(" ", body + 4, end) >= 0 or not text[body + 4 : end].isprintable())
        and _SPACE_SEARCH(text, body + 4, end) is not None
    ):
        end = heading_text_end(text, body)
    if 0 <= limit < end:
        end = limit  # a deeper marker follows the text (一、建设运行情况(一)…)
    original = line.original
    breaks = line.breaks
    if breaks is None:  # offsets are the input's
        title = original[body:end].strip().rstrip(_TRAILING) if end > body else ""
        return Heading(line.lineno, level, original[mstart:mend].strip(), title, mstart, inline)
    ms, me = line.orig_span(mstart, mend)
    bs, be = line.orig_span(body, end)
    title = original[bs:be].strip().rstrip(_TRAILING) if end > body else ""
    return Heading(line.lineno, level, original[ms:me].strip(), title, ms, inline)
