"""Where an article's class-led scans can start: one table lookup a character, for all of them.

Three scans run over every article's text and start with a character class: quantity
candidates (a numeral run before a measure word), quotations and fixed phrases (spans whose
figures do not count) and inline heading markers (after a sentence end). The regex engine
tests a leading class at every character, for every scan: some 50 machine instructions a
character each, more than OpenCC's conversion of the same text (docs/benchmarks.md).

Here numpy looks every character up once in a table of class bits (:func:`classify`), and one
walk over the characters that can start any scan (:meth:`TextClasses.starts`) finds where each
may start: :func:`number_runs` is the candidate scan itself (its pattern is simple enough to
follow exactly), :func:`excluded_starts` and :func:`inline_starts` are places to try, and
:func:`matches_from` tries a scan's own pattern there, as ``finditer`` would (leftmost first,
none inside the previous match). Given every position where a match can start, they give
exactly what the patterns give (tests/extraction/test_scan.py compares them on the
repository's documents and on generated text).

The classes are defined here once; the quantities and structure steps build their patterns
from them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from typing import Final

import numpy as np

from .lexicon import FIXED_PHRASES, UNITS
from .normalise import INLINE_SPACE_CLASS

#: a figure's first character, and what may follow it in the same figure (regex class bodies)
NUMBER_FIRST = "0-9xX零〇一二两三四五六七八九十百千万"
NUMBER_CONT = "0-9xX.,零〇一二两三四五六七八九十百千"
#: what may follow a figure: a measure word's first character, a qualifier, a multiplier, a
#: range sign or a space
UNIT_FIRST = re.escape("".join(sorted({u[0] for u in UNITS})))
NUMBER_NEXT = rf"{UNIT_FIRST}余多来万亿个\-—–~～至到{INLINE_SPACE_CLASS}"
#: where a quotation (slogan, name, title) opens; fixed phrases are told by their first two
#: characters (every phrase has at least two)
QUOTE_OPENS = '“《‘「『"'
PHRASE_PREFIXES = frozenset(p[:2] for p in FIXED_PHRASES)
#: where an inline heading marker's run-up starts (a sentence end, colon, semicolon or
#: space), and the characters a heading marker can start with
INLINE_FIRST = f"。!?:;{INLINE_SPACE_CLASS}"
MARKER_FIRST = r"第一二三四五六七八九十(\d①-⑳⑴-⒛"

# one bit a class; Final, so that the compiled loops test constants
NUMBER_FIRST_BIT: Final = 1
NUMBER_CONT_BIT: Final = 2
NUMBER_NEXT_BIT: Final = 4
QUOTE_OPEN_BIT: Final = 8
PHRASE_FIRST_BIT: Final = 16
PHRASE_SECOND_BIT: Final = 32
INLINE_FIRST_BIT: Final = 64
MARKER_FIRST_BIT: Final = 128
_CLASSES = (
    (NUMBER_FIRST_BIT, NUMBER_FIRST),
    (NUMBER_CONT_BIT, NUMBER_CONT),
    (NUMBER_NEXT_BIT, NUMBER_NEXT),
    (QUOTE_OPEN_BIT, re.escape(QUOTE_OPENS)),
    (PHRASE_FIRST_BIT, re.escape("".join({p[0] for p in PHRASE_PREFIXES}))),
    (PHRASE_SECOND_BIT, re.escape("".join({p[1] for p in PHRASE_PREFIXES}))),
    (INLINE_FIRST_BIT, INLINE_FIRST),
    (MARKER_FIRST_BIT, MARKER_FIRST),
)
_CLASS_RES = tuple((bit, re.compile(f"[{body}]")) for bit, body in _CLASSES)
#: every code point below U+10000, in order (the tables are read off it once, at import),
#: decoded from their UTF-32 code units in one call (``"".join(map(chr, range(0x10000)))`` is
#: the same string, ~45 M instructions of every start-up)
_FIRST_PLANE = np.arange(0x10000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
#: the code points of the first plane in any class, and those characters in order: one scan of
#: the plane for all the classes (the alternation of the classes, exact by construction), each
#: class then found among these few hundred characters
_ANY_CLASS = re.compile("|".join(f"[{body}]" for _, body in _CLASSES))
_CLASS_CODES: list[int] = [m.start() for m in _ANY_CLASS.finditer(_FIRST_PLANE)]
_CLASS_CHARS = "".join([_FIRST_PLANE[i] for i in _CLASS_CODES])
#: (every inline space is in the class INLINE_FIRST, so among them)
_INLINE_SPACES = frozenset(re.findall(f"[{INLINE_SPACE_CLASS}]", _CLASS_CHARS))


def _class_bits(ch: str) -> int:
    bits = 0
    for bit, pattern in _CLASS_RES:
        if pattern.match(ch):
            bits |= bit
    return bits


def _bmp_table() -> np.ndarray:
    """The class bits of every code point below U+10000 (each class found by its own regex
    among the characters of any class)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    codes = np.array(_CLASS_CODES, dtype=np.intp)
    for bit, pattern in _CLASS_RES:
        table[codes[[m.start() for m in pattern.finditer(_CLASS_CHARS)]]] |= bit
    return table


_TABLE: np.ndarray = _bmp_table()


class TextClasses:
    """The class bits of each character of ``text`` (``flags[i]``), and where each scan can
    start (:meth:`starts`)."""

    def __init__(self, text: str) -> None:
        try:
            data = text.encode("utf-16-le")
        except UnicodeEncodeError:  # a lone surrogate
            data = b""
        if len(data) == 2 * len(text):  # no code point past U+FFFF: a code unit a character
            classes = _TABLE.take(np.frombuffer(data, dtype=np.uint16))
        else:
            codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            classes = _TABLE.take(codes & 0xFFFF)
            for i in (codes > 0xFFFF).nonzero()[0].tolist():  # (``\d`` takes digits of every plane)
                classes[i] = _class_bits(text[i])
        self.text = text
        self.classes = classes
        self.flags: bytes = classes.tobytes()
        self._starts: tuple[list[int], list[int], list[int]] | None = None

    def starts(self) -> tuple[list[int], list[int], list[int]]:
        """(quantity candidates, excluded-span starts, inline-marker starts), found together in
        one walk over the characters that can start any of them (computed once)."""
        if self._starts is None:
            self._starts = _walk(self)
        return self._starts


def classify(text: str) -> TextClasses:
    return TextClasses(text)


#: a character that can start one of the scans
_ANY_START: Final = NUMBER_FIRST_BIT | QUOTE_OPEN_BIT | PHRASE_FIRST_BIT | INLINE_FIRST_BIT


def _walk(tc: TextClasses) -> tuple[list[int], list[int], list[int]]:
    """The three scans' starts (see :func:`number_runs`, :func:`excluded_starts`,
    :func:`inline_starts`) in one pass."""
    flags, text = tc.flags, tc.text
    n = len(flags)
    numbers: list[int] = []
    excluded: list[int] = []
    inline: list[int] = []
    resume = 0  # where the previous candidate ended, or the end of the failed run
    # (typed, so that the compiled loop does native arithmetic on it)
    positions: list[int] = ((tc.classes & _ANY_START) != 0).nonzero()[0].tolist()
    for p in positions:
        f = flags[p]
        if f & NUMBER_FIRST_BIT and p >= resume:
            # the greedy run gives back characters until one of the next class follows: the
            # run's end when the character after it is in that class, else the last run
            # character in it (百, 千 are both); without one the match fails, and so does every
            # start inside the run (their runs end at the same place)
            q = p + 1
            while q < n and flags[q] & NUMBER_CONT_BIT:
                q += 1
            end = q
            if q >= n or not flags[q] & NUMBER_NEXT_BIT:
                end = q - 1
                while end > p and not flags[end] & NUMBER_NEXT_BIT:
                    end -= 1
            if end > p:
                numbers.append(p)
                resume = end
            else:
                resume = q
        if f & QUOTE_OPEN_BIT or (
            f & PHRASE_FIRST_BIT
            and p + 1 < n
            and flags[p + 1] & PHRASE_SECOND_BIT
            and text[p : p + 2] in PHRASE_PREFIXES
        ):
            excluded.append(p)
        if f & INLINE_FIRST_BIT:
            q = p + 1
            while q < n and flags[q] & INLINE_FIRST_BIT and text[q] in _INLINE_SPACES:
                q += 1
            if q < n and flags[q] & MARKER_FIRST_BIT:
                inline.append(p)
    return numbers, excluded, inline


def number_runs(tc: TextClasses) -> list[int]:
    """The starts of ``[NUMBER_FIRST][NUMBER_CONT]*(?=[NUMBER_NEXT])`` matches, as ``finditer``
    finds them."""
    return tc.starts()[0]


def excluded_starts(tc: TextClasses) -> list[int]:
    """Where a quotation or a fixed phrase can start: an opening mark, or a phrase's first two
    characters."""
    return tc.starts()[1]


def inline_starts(tc: TextClasses, start: int = 0) -> list[int]:
    """Positions from ``start`` on of an INLINE_FIRST character followed, after inline spaces,
    by a MARKER_FIRST one: where an inline heading marker's run-up can start."""
    found = tc.starts()[2]
    return found[bisect_left(found, start) :] if start else found


def matches_from(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """``list(pattern.finditer(text))`` for a pattern that never matches the empty string, when
    ``starts`` (ascending) holds every place a match can start: each is tried in turn, skipping
    those inside the previous match."""
    out: list[re.Match[str]] = []
    match = pattern.match
    resume = 0
    for p in starts:
        if p < resume:
            continue
        m = match(text, p)
        if m is not None:
            out.append(m)
            resume = m.end()
    return out
