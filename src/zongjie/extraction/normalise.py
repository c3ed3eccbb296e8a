"""Step 2 — normalise: each input line to Simplified, ASCII-digit text with an offset map.

What changes (and what never does):

* web-conversion artefacts — a CJK character followed by its pinyin with tone marks in
  brackets, 創(chuàng) → 創 — are removed wherever they occur (found by the shape of
  pinyin, not by a word list);
* watermarks — ``（本文来自公文素材库：www.xxx.com）`` inline, and footer lines such as
  ``来源：网络整理 免责声明…`` — are removed, and so are HTML tags left in the text
  (``<span style="…">2010</span>年``);
* full-width digits, letters and punctuation become ASCII (１２３ → 123, （ → (, ： → :),
  except the comma (an ASCII comma between digits is a thousands separator);
* Traditional becomes Simplified with OpenCC ``t2s`` (one converter, created lazily).
* placeholders (xx, xxx, 201*) are left as they are.

Every normalised line keeps a map from its characters back to the input line's, so all
later steps report lines and character offsets of the file as given.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Final

import numpy as np

#: the characters ``\s`` matches in a ``str`` pattern (those of ``str.isspace``), spelled out: a
#: class of ranges is tested much faster than one holding the ``\s`` category
#: (tests/extraction/test_structure.py checks it against every code point)
WHITESPACE_CLASS = r"\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: the same without the newline (``[^\S\n]``)
INLINE_SPACE_CLASS = WHITESPACE_CLASS.replace(r"\t-\r", r"\t\x0b-\r")

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN_LETTER = "a-zA-Zü"
_PINYIN_LETTER = f"{_PLAIN_LETTER}{_TONED}"
_SP = f"[{INLINE_SPACE_CLASS}]*"
#: a pinyin syllable with a tone mark, in brackets, right after a CJK character (創(chuàng)), after
#: its opening bracket. The letters before the first toned one are matched apart from the rest
#: (the same strings as ``[letters]*[toned][letters]*``, without backtracking).
_PINYIN_TAIL = rf"{_SP}[{_PLAIN_LETTER}]*[{_TONED}][{_PINYIN_LETTER}]*{_SP}[)）]"
_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
#: an inline watermark in brackets, after its opening bracket: (本文来自…)
_WATERMARK_TAIL = rf"{_SP}本文[来來]自[^()（）\n]{{0,80}}[)）]"
#: a watermark without brackets, from its 本: 本文来自…www.example.com
_BARE_WATERMARK = r"本文[来來]自[^\s，。,;；]{0,40}?(?:www\.|https?://)[A-Za-z0-9./_\-]+"
#: an HTML tag left in the text (a forum archive's copy, d212: <span style="FONT-SIZE: 15pt">2010</span>年),
#: after its "<": a tag name, its attributes, ">"
_TAG_TAIL = r"/?[A-Za-z][A-Za-z0-9]{0,9}(?:[^\S\n][^<>\n]{0,300})?/?>"
#: a bracket opening either a pinyin artefact or an inline watermark, a bare watermark, or an
#: HTML tag. The pattern starts with one character class so the regex engine skips ahead fast;
#: no branch crosses a line break.
_ARTEFACT = re.compile(
    rf"[(（本<](?:(?<={_CJK}[(（]){_PINYIN_TAIL}|(?<=[(（]){_WATERMARK_TAIL}|(?<=本){_BARE_WATERMARK[1:]}"
    rf"|(?<=<){_TAG_TAIL})"
)
#: the same pattern as one capturing group: ``split`` gives text and removed artefacts in turn
#: (all in C), from which a block's offset map is one walk over the parts
_ARTEFACT_SPLIT = re.compile(f"({_ARTEFACT.pattern})")
#: the branches after an ASCII bracket: a literal first character, which the engine finds far
#: faster than a class (see :func:`_ascii_split_complete` for when it is enough)
_ARTEFACT_SPLIT_ASCII = re.compile(rf"(\((?:(?<={_CJK}\(){_PINYIN_TAIL}|(?<=\(){_WATERMARK_TAIL}))")
_BARE_WATERMARK_MATCH = re.compile(_BARE_WATERMARK).match
_BARE_WATERMARK_STARTS = ("本文来自", "本文來自")  # (both start with 本文: _ascii_split_complete)

#: whole lines that are web furniture, not content
_FOOTER_LINE = re.compile(
    r"^\s*(?:[来來]源\s*[:：].{0,30}(?:网络|網絡|整理|免[责責]|www)"
    r"|免[责責][声聲]明\s*[:：]"
    r"|[(（]?\s*本文[来來]自"
    r"|[转轉][载載][请請][注註]明"
    r"|[更]多.{0,10}[请請][访訪][问問]\s*(?:www|http)"
    r"|[版][权權]所有\s*[:：©]?.{0,30}(?:www|http|网|網))"
)

#: a footer line has its footer word within this many characters of the line start
_FOOTER_HINT_LEAD = 4
#: the first character of a footer word within :data:`_FOOTER_HINT_LEAD` characters of a line
#: start, scanned over ``"\n" + block`` (a literal first character: the engine jumps from line
#: start to line start). Looser than the footer words themselves, but a line that
#: :data:`_FOOTER_LINE` matches has its footer word there (after at most spaces and a bracket),
#: so the lines found are the same
_FOOTER_START = re.compile(rf"\n[^\n]{{0,{_FOOTER_HINT_LEAD}}}?[来來免本转轉更版]")

# full-width forms to ASCII, except the comma: an ASCII comma between digits is a
# thousands separator (2,350), a full-width one is a clause break (3，5 is two numbers)
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF0C}
_FULLWIDTH.update({0x3000: 0x20, 0xFE52: 0x2E, 0x2236: 0x3A, 0xFE55: 0x3A, 0x2024: 0x2E})
#: look-alikes the genre types for a numeral or a digit left out: ○/◯ (circles) for 〇 in
#: 二○○三年; ×, * and ＊ for a digit withheld (××人, 部长*人, 201*年), read like x
_FULLWIDTH.update({0x25CB: 0x3007, 0x25EF: 0x3007, 0xD7: 0x78, 0x2A: 0x78, 0xFF0A: 0x78})
#: a run of underscores is a blank left for digits (不少于____天, 20__年): read like x too
_FULLWIDTH[0x5F] = 0x78
#: ℅ (care of) typed for a per cent sign: 超额550℅
_FULLWIDTH[0x2105] = 0x25

_converter: Any = None  # opencc.OpenCC, created on first use


def _opencc():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def t2s(text: str) -> str:
    """OpenCC Traditional → Simplified (the module's single converter)."""
    return _opencc().convert(text)


#: ``NormLine.breaks`` value for "artefacts were removed, offset map not built yet"
LAZY: Final = True


@dataclass(slots=True, init=False)  # __init__ spelled out: see model.Heading
class NormLine:
    """One input line (``lineno`` 1-based) and its normalised text.

    ``breaks`` maps normalised offsets back to the input line: ``(positions, shifts)``
    where from ``positions[k]`` on, input offset = normalised offset + ``shifts[k]``
    (removed artefacts shift what follows). ``None`` means the offsets are the same;
    :data:`LAZY` that artefacts were removed and the map is the block's (``block_map``, the
    line starting at ``base`` in the block's stripped text, after ``cum`` removed characters,
    its removals ``block_map[0][lo:hi]``), or, without a block map, built from the line on first
    use.
    """

    lineno: int
    original: str
    text: str
    breaks: tuple[list[int], list[int]] | bool | None
    #: (positions, shifts) of the whole normalised block (shared by its lines)
    block_map: tuple[list[int], list[int]] | None = field(repr=False, compare=False)
    base: int = field(repr=False, compare=False)
    cum: int = field(repr=False, compare=False)
    #: the line's removals in the block map (a search of the whole block's map, thousands long
    #: in a text full of artefacts, cost more than the rest of a lookup)
    lo: int = field(repr=False, compare=False)
    hi: int = field(repr=False, compare=False)
    #: the input line without its artefacts, before full-width and OpenCC conversion (the same
    #: length as ``text``; set where artefacts were removed, "" otherwise)
    stripped: str = field(repr=False, compare=False)

    def __init__(
        self,
        lineno: int,
        original: str,
        text: str,
        breaks: tuple[list[int], list[int]] | bool | None = None,
        block_map: tuple[list[int], list[int]] | None = None,
        base: int = 0,
        cum: int = 0,
        stripped: str = "",
        lo: int = 0,
        hi: int = 0,
    ) -> None:
        self.lineno = lineno
        self.original = original
        self.text = text
        self.breaks = breaks
        self.block_map = block_map
        self.base = base
        self.cum = cum
        self.stripped = stripped
        self.lo = lo
        self.hi = hi

    def _map(self) -> tuple[list[int], list[int]] | None:
        breaks = self.breaks
        if breaks is LAZY:  # artefacts were removed: build the line's own map on first use
            bm = self.block_map
            if bm is None:
                breaks = artefact_breaks(self.original)
            else:
                positions, shifts = bm
                base, cum, lo, hi = self.base, self.cum, self.lo, self.hi
                breaks = (
                    ([p - base for p in positions[lo:hi]], [c - cum for c in shifts[lo:hi]])
                    if hi > lo
                    else None
                )
            self.breaks = breaks
        return breaks  # type: ignore[return-value]

    def orig_index(self, i: int) -> int:
        """Input-line offset of normalised offset ``i``."""
        breaks = self.breaks
        if breaks is None:
            return i
        bm = self.block_map
        if bm is not None and breaks is LAZY:
            # removals before the line's lie before ``base``, after it past its end
            k = _bisect_right(bm[0], self.base + i, self.lo, self.hi)
            return i + bm[1][k - 1] - self.cum if k else i
        if breaks is LAZY:
            breaks = self._map()
            if breaks is None:
                return i
        positions, shifts = breaks  # type: ignore[misc]
        k = _bisect_right(positions, i, 0, len(positions))
        return i + shifts[k - 1] if k else i

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The input-line span of normalised ``text[start:end]``."""
        breaks = self.breaks
        if breaks is None:
            return start, end
        bm = self.block_map
        if bm is not None and breaks is LAZY:
            positions, shifts = bm
            base, cum, hi = self.base, self.cum, self.hi
            k = _bisect_right(positions, base + start, self.lo, hi)
            delta = shifts[k - 1] - cum if k else 0
            if end <= start:
                return start + delta, start + delta
            # a second search only when a removal lies inside the span (rarely)
            if k < hi and positions[k] < base + end:
                k = _bisect_right(positions, base + end - 1, k, hi)
                return start + delta, end + shifts[k - 1] - cum
            return start + delta, end + delta
        if breaks is LAZY:
            breaks = self._map()
            if breaks is None:
                return start, end
        positions, shifts = breaks  # type: ignore[misc]
        k = _bisect_right(positions, start, 0, len(positions))
        s = start + shifts[k - 1] if k else start
        if end <= start:
            return s, s
        k = _bisect_right(positions, end - 1, k, len(positions))
        return s, (end - 1 + shifts[k - 1] if k else end - 1) + 1

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.orig_span(start, end)
        return self.original[s:e]


def _bisect_right(a: list[int], x: int, lo: int, hi: int) -> int:
    """``bisect.bisect_right(a, x, lo, hi)``, written out: the compiled build runs it as native
    integer code, where the library function is a call through the interpreter."""
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def artefact_breaks(line: str) -> tuple[list[int], list[int]] | None:
    """The offset map of a line once its artefacts are removed (None when there are none)."""
    spans = [m.span() for m in _ARTEFACT.finditer(line)]
    if not spans:
        return None
    shifts = list(accumulate(e - s for s, e in spans))
    positions = [e - shift for (_, e), shift in zip(spans, shifts, strict=True)]
    return positions, shifts


def strip_artefacts(line: str) -> tuple[str, tuple[list[int], list[int]] | None]:
    """Remove pinyin artefacts and inline watermarks; returns (text, breaks or None)."""
    if _FOOTER_LINE.match(line):
        return "", None
    if "(" not in line and "（" not in line and "本文" not in line and "<" not in line:
        return line, None
    breaks = artefact_breaks(line)
    if breaks is None:
        return line, None
    return _ARTEFACT.sub("", line), breaks


def strip_artefacts_text(line: str) -> str:
    """``strip_artefacts(line)[0]`` without building the offset map."""
    if _FOOTER_LINE.match(line):
        return ""
    if "(" not in line and "（" not in line and "本文" not in line and "<" not in line:
        return line
    return _ARTEFACT.sub("", line)


_FW_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH)) + "]")
_FW_MAP = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}
#: every UTF-16 code unit to itself, but full-width forms to ASCII
_FW_UNITS = np.arange(0x10000, dtype=np.uint16)
_FW_UNITS[list(_FULLWIDTH)] = list(_FULLWIDTH.values())


def _fullwidth_to_ascii(text: str) -> str:
    """Full-width forms to ASCII (char for char): one table lookup a UTF-16 code unit (numpy),
    where a regex class test a character and a call a replacement cost far more."""
    try:
        data = np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)
    except UnicodeEncodeError:  # a lone surrogate: the regex way
        return _FW_RE.sub(lambda m: _FW_MAP[m.group()], text)
    return _FW_UNITS.take(data).tobytes().decode("utf-16-le")


def normalise_lines(lines: Iterable[str], first_lineno: int = 1) -> list[NormLine]:
    """Normalise a block of input lines: one regex pass for artefacts (which also gives the
    block's offset map), one full-width pass and one OpenCC call for the whole block."""
    originals = list(lines)
    if not originals:
        return []
    block = "\n".join(originals)
    footers = _footer_lines(block, originals)
    if footers:
        blanked = originals.copy()
        for i in footers:
            blanked[i] = ""
        block = "\n".join(blanked)
    parts, block_map = split_artefacts(block)
    stripped_block = "".join(parts[0::2]) if block_map is not None else block
    stripped = stripped_block.split("\n")
    if len(stripped) != len(originals):  # pragma: no cover - no branch crosses a line break
        stripped = [strip_artefacts(line)[0] for line in originals]
        stripped_block = "\n".join(stripped)
        block_map = None
    conv = _opencc()
    converted = conv.convert(_fullwidth_to_ascii(stripped_block)).split("\n")
    if len(converted) != len(stripped):
        converted = [conv.convert(_fullwidth_to_ascii(t)) for t in stripped]
    out: list[NormLine] = []
    append = out.append
    lineno = first_lineno
    base = 0  # offset of the line in the stripped block
    obase = 0  # offset of the line in the block (footer lines blanked)
    positions: list[int] = block_map[0] if block_map is not None else []
    n_removals = len(positions)
    k = 0  # the first removal not before the line
    for original, before, after in zip(originals, stripped, converted, strict=True):
        n = len(before)
        if n != len(after):
            after = _convert_chars(before)
        if footers and lineno - first_lineno in footers:
            append(NormLine(lineno, original, "", None))
            obase += 1
        elif n == len(original):
            append(NormLine(lineno, original, after))
            obase += n + 1
        else:
            lo = k
            while k < n_removals and positions[k] <= base + n:  # (one at the line's end is its)
                k += 1
            append(NormLine(lineno, original, after, LAZY, block_map, base, obase - base, before, lo, k))
            obase += len(original) + 1
        base += n + 1
        lineno += 1
    return out


def split_artefacts(block: str) -> tuple[list[str], tuple[list[int], list[int]] | None]:
    """``_ARTEFACT_SPLIT.split(block)`` (kept text and removed artefacts in turn) and its
    offset map (:func:`_removal_map`).

    The literal-prefix split is much faster than the full pattern's class scan; without a
    full-width bracket it removes the same unless a bare watermark is left over."""
    ascii_brackets = "（" not in block and "<" not in block  # (the ASCII split has no tag branch)
    parts = (_ARTEFACT_SPLIT_ASCII if ascii_brackets else _ARTEFACT_SPLIT).split(block)
    block_map = _removal_map(parts)
    if ascii_brackets and not _ascii_split_complete(block, block_map):
        parts = _ARTEFACT_SPLIT.split(block)
        block_map = _removal_map(parts)
    return parts, block_map


def _removal_map(parts: list[str]) -> tuple[list[int], list[int]] | None:
    """The offset map of a block from its artefact ``split``: removal k happened at stripped
    offset ``positions[k]``, and ``shifts[k]`` characters were removed up to and including it."""
    if len(parts) == 1:
        return None
    # a plain loop: compiled, it adds native integers (accumulate and map call through the
    # interpreter for every part)
    positions: list[int] = []
    shifts: list[int] = []
    kept = removed = 0
    for k in range(1, len(parts), 2):
        kept += len(parts[k - 1])
        removed += len(parts[k])
        positions.append(kept)
        shifts.append(removed)
    return positions, shifts


def _ascii_split_complete(block: str, block_map: tuple[list[int], list[int]] | None) -> bool:
    """Whether the ASCII-bracket split of ``block`` removed all the full pattern would.

    Without a full-width bracket, the full pattern differs only by the bare watermark
    (本文来自…www, matched from its 本). Scanning left to right, it removes the same as the
    ASCII split up to the first place where a bare watermark matches outside what the ASCII
    split removed; so the two agree if there is no such place (a literal search, rare hits)."""
    # one search for the markers' common start (本文), not one pass over the block a marker
    at = block.find("本文")
    while at >= 0:
        if (
            block.startswith(_BARE_WATERMARK_STARTS, at)
            and _BARE_WATERMARK_MATCH(block, at) is not None
            and not _inside_removal(block_map, at)
        ):
            return False
        at = block.find("本文", at + 1)
    return True


def _inside_removal(block_map: tuple[list[int], list[int]] | None, at: int) -> bool:
    """Whether block offset ``at`` lies inside (not at the start of) a removed artefact."""
    if block_map is None:
        return False
    positions, shifts = block_map
    # the last removal starting before ``at``: its block start is positions[k] + shifts[k - 1]
    k = bisect_left(range(len(positions)), at, key=lambda j: positions[j] + (shifts[j - 1] if j else 0)) - 1
    return k >= 0 and at < positions[k] + shifts[k]


def _footer_lines(block: str, originals: list[str]) -> set[int]:
    """Indices of web-furniture lines; only lines with a footer word near their start are
    matched against :data:`_FOOTER_LINE`."""
    found: set[int] = set()
    scan = "\n" + block
    counted_to, index = 0, -1  # newlines of ``scan`` counted up to ``counted_to``
    for m in _FOOTER_START.finditer(scan):
        at = m.start()
        index += scan.count("\n", counted_to, at + 1)
        counted_to = at + 1
        if _FOOTER_LINE.match(originals[index]):
            found.add(index)
    return found


def _convert_chars(text: str) -> str:
    """Full-width and t2s character by character (where OpenCC changed a line's length)."""
    conv = _opencc()
    return "".join(
        c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in _fullwidth_to_ascii(text))
    )


def normalise_text(text: str) -> str:
    """Normalise a string that has no line structure to keep (tests, subjects)."""
    return "\n".join(n.text for n in normalise_lines(text.split("\n")))
