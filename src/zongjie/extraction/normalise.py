"""Step 2 — normalise: each input line to Simplified, ASCII-digit text with an offset map.

What changes (and what never does):

* web-conversion artefacts — a CJK character followed by its pinyin with tone marks in
  brackets, 創(chuàng) → 創 — are removed wherever they occur (found by the shape of
  pinyin, not by a word list);
* watermarks — ``（本文来自公文素材库：www.xxx.com）`` inline, and footer lines such as
  ``来源：网络整理 免责声明…`` — are removed;
* full-width digits, letters and punctuation become ASCII (１２３ → 123, （ → (, ： → :),
  except the comma (an ASCII comma between digits is a thousands separator);
* Traditional becomes Simplified with OpenCC ``t2s`` (one converter, created lazily).
* placeholders (xx, xxx, 201*) are left as they are.

Every normalised line keeps a map from its characters back to the input line's, so all
later steps report lines and character offsets of the file as given.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTER = f"a-zA-Zü{_TONED}"
#: a CJK character followed by a bracketed pinyin syllable carrying a tone mark
#: a bracket opening either a pinyin syllable with a tone mark right after a CJK character
#: (創(chuàng)) or an inline watermark; each branch starts with a literal so the scan is fast
_ARTEFACT = re.compile(
    rf"[(（](?:(?<=[\u3400-\u9fff\uf900-\ufaff][(（])\s*[{_PINYIN_LETTER}]*[{_TONED}][{_PINYIN_LETTER}]*\s*[)）]"
    r"|\s*本文[来來]自[^()（）\n]{0,80}[)）])"
    r"|本文[来來]自[^\s，。,;；]{0,40}?(?:www\.|https?://)[A-Za-z0-9./_\-]+"
)

#: whole lines that are web furniture, not content
_FOOTER_LINE = re.compile(
    r"^\s*(?:[来來]源\s*[:：].{0,30}(?:网络|網絡|整理|免[责責]|www)"
    r"|免[责責][声聲]明\s*[:：]"
    r"|[(（]?\s*本文[来來]自"
    r"|[转轉][载載][请請][注註]明"
    r"|[更]多.{0,10}[请請][访訪][问問]\s*(?:www|http)"
    r"|[版][权權]所有\s*[:：©]?.{0,30}(?:www|http|网|網))"
)

# full-width forms to ASCII, except the comma: an ASCII comma between digits is a
# thousands separator (2,350), a full-width one is a clause break (3，5 is two numbers)
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F) if c != 0xFF0C}
_FULLWIDTH.update({0x3000: 0x20, 0xFE52: 0x2E, 0x2236: 0x3A, 0xFE55: 0x3A, 0x2024: 0x2E})

_converter = None


def _opencc():
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("t2s")
    return _converter


def t2s(text: str) -> str:
    """OpenCC Traditional → Simplified (the module's single converter)."""
    return _opencc().convert(text)


@dataclass(slots=True)
class NormLine:
    """One input line (``lineno`` 1-based) and its normalised text.

    ``breaks`` maps normalised offsets back to the input line: ``(positions, shifts)``
    where from ``positions[k]`` on, input offset = normalised offset + ``shifts[k]``
    (removed artefacts shift what follows). ``None`` means the offsets are the same.
    """

    lineno: int
    original: str
    text: str
    breaks: tuple[list[int], list[int]] | None = None

    def orig_index(self, i: int) -> int:
        """Input-line offset of normalised offset ``i``."""
        if self.breaks is None:
            return i
        positions, shifts = self.breaks
        k = bisect_right(positions, i)
        return i + shifts[k - 1] if k else i

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The input-line span of normalised ``text[start:end]``."""
        if self.breaks is None:
            return start, end
        if end <= start:
            s = self.orig_index(start)
            return s, s
        return self.orig_index(start), self.orig_index(end - 1) + 1

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.orig_span(start, end)
        return self.original[s:e]


def strip_artefacts(line: str) -> tuple[str, tuple[list[int], list[int]] | None]:
    """Remove pinyin artefacts and inline watermarks; returns (text, breaks or None)."""
    if _FOOTER_LINE.match(line):
        return "", None
    if "(" not in line and "（" not in line and "本文" not in line:
        return line, None
    pieces: list[str] = []
    positions: list[int] = []
    shifts: list[int] = []
    pos = 0
    removed = 0
    for m in _ARTEFACT.finditer(line):
        pieces.append(line[pos : m.start()])
        removed += m.end() - m.start()
        positions.append(m.start() - removed + (m.end() - m.start()))
        shifts.append(removed)
        pos = m.end()
    if not positions:
        return line, None
    pieces.append(line[pos:])
    return "".join(pieces), (positions, shifts)


_FW_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FULLWIDTH)) + "]")
_FW_MAP = {chr(k): chr(v) for k, v in _FULLWIDTH.items()}


def _fullwidth_to_ascii(text: str) -> str:
    """Full-width forms to ASCII (char for char); a regex pass, cheap when there are none."""
    return _FW_RE.sub(lambda m: _FW_MAP[m.group()], text)


def _convert_block(texts: Sequence[str]) -> list[str]:
    """Full-width and t2s for many lines with one pass each; per-character fallback where
    OpenCC changed a line's length."""
    if not texts:
        return []
    conv = _opencc()
    joined = conv.convert(_fullwidth_to_ascii("\n".join(texts)))
    out = joined.split("\n")
    if len(out) != len(texts):
        out = [conv.convert(_fullwidth_to_ascii(t)) for t in texts]
    for i, (before, after) in enumerate(zip(texts, out, strict=True)):
        if len(before) != len(after):
            out[i] = "".join(
                c if len(c) == 1 else ch
                for ch, c in ((ch, conv.convert(ch)) for ch in _fullwidth_to_ascii(before))
            )
    return out


def normalise_lines(lines: Iterable[str], first_lineno: int = 1) -> list[NormLine]:
    """Normalise a block of input lines (one OpenCC call for the whole block)."""
    originals = list(lines)
    stripped = [strip_artefacts(line) for line in originals]
    converted = _convert_block([t for t, _ in stripped])
    return [
        NormLine(first_lineno + i, originals[i], converted[i], stripped[i][1]) for i in range(len(originals))
    ]


def normalise_text(text: str) -> str:
    """Normalise a string that has no line structure to keep (tests, subjects)."""
    return "\n".join(n.text for n in normalise_lines(text.split("\n")))
