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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTER = f"a-zA-Zü{_TONED}"
#: a CJK character followed by a bracketed pinyin syllable carrying a tone mark
_PINYIN_RE = (
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])[(（]\s*[{_PINYIN_LETTER}]*[{_TONED}][{_PINYIN_LETTER}]*\s*[)）]"
)
_INLINE_WATERMARK_RE = (
    r"[(（]\s*本文[来來]自[^()（）\n]{0,80}[)）]"
    r"|本文[来來]自[^\s，。,;；]{0,40}?(?:www\.|https?://)[A-Za-z0-9./_\-]+"
)
_ARTEFACT = re.compile(f"{_PINYIN_RE}|{_INLINE_WATERMARK_RE}")

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
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)

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

    ``omap[i]`` is the index in ``original`` of ``text[i]``; ``None`` means identity.
    """

    lineno: int
    original: str
    text: str
    omap: list[int] | None = None

    def orig_index(self, i: int) -> int:
        if self.omap is None:
            return i
        if i >= len(self.omap):
            return len(self.original)
        return self.omap[i]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """The input-line span of normalised ``text[start:end]``."""
        if self.omap is None:
            return start, end
        if end <= start:
            s = self.orig_index(start)
            return s, s
        return self.omap[start], self.omap[end - 1] + 1

    def orig_text(self, start: int, end: int) -> str:
        s, e = self.orig_span(start, end)
        return self.original[s:e]


def strip_artefacts(line: str) -> tuple[str, list[int] | None]:
    """Remove pinyin artefacts and inline watermarks; returns (text, map or None)."""
    if _FOOTER_LINE.match(line):
        return "", []
    if "(" not in line and "（" not in line and "本文" not in line:
        return line, None
    pieces: list[str] = []
    omap: list[int] = []
    pos = 0
    found = False
    for m in _ARTEFACT.finditer(line):
        found = True
        pieces.append(line[pos : m.start()])
        omap.extend(range(pos, m.start()))
        pos = m.end()
    if not found:
        return line, None
    pieces.append(line[pos:])
    omap.extend(range(pos, len(line)))
    return "".join(pieces), omap


def _convert_lines(texts: Sequence[str]) -> list[str]:
    """t2s for many lines with one OpenCC call; per-character fallback where lengths differ."""
    if not texts:
        return []
    conv = _opencc()
    joined = conv.convert("\n".join(texts))
    out = joined.split("\n")
    if len(out) != len(texts):
        out = [conv.convert(t) for t in texts]
    for i, (before, after) in enumerate(zip(texts, out, strict=True)):
        if len(before) != len(after):
            out[i] = "".join(c if len(c) == 1 else ch for ch, c in ((ch, conv.convert(ch)) for ch in before))
    return out


def normalise_lines(lines: Iterable[str], first_lineno: int = 1) -> list[NormLine]:
    """Normalise a block of input lines (one OpenCC call for the whole block)."""
    stripped: list[str] = []
    maps: list[list[int] | None] = []
    originals: list[str] = []
    for line in lines:
        originals.append(line)
        text, omap = strip_artefacts(line)
        stripped.append(text.translate(_FULLWIDTH_TABLE))
        maps.append(omap)
    converted = _convert_lines(stripped)
    return [NormLine(first_lineno + i, originals[i], converted[i], maps[i]) for i in range(len(originals))]


def normalise_text(text: str) -> str:
    """Normalise a string that has no line structure to keep (tests, subjects)."""
    return "\n".join(n.text for n in normalise_lines(text.split("\n")))
