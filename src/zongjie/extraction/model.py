"""Typed results of the extraction pipeline and their JSON form (the schema of gold/seed.json)."""

from __future__ import annotations

from dataclasses import dataclass, field
from json import dumps as _json_dumps
from json.encoder import encode_basestring
from typing import Any, Final

Number = int | float

# ``json_text()`` (below, one a class) is ``json.dumps(to_json_dict(), ensure_ascii=False,
# separators=(",", ":"))`` written directly: the same bytes (strings through json's own C
# escaper, the same key order; tests/extraction/test_model_json.py compares the two on every
# document), without a dict per finding for the encoder to walk. Keep the two in step.

#: json's own C escaper (Final: the compiled build holds it natively, no module-dict look-up a
#: string)
_json_str: Final = encode_basestring
#: strings of a small vocabulary (qualifiers, measure words, heading markers) as json writes
#: them, kept once escaped: one look-up, not an escaper call a finding
_VOCABULARY_JSON: Final[dict[str, str]] = {}
#: the most strings kept (markers are free text: a document could spell many)
_VOCABULARY_MAX: Final = 4096


def _json_word(word: str) -> str:
    """``_json_str(word)`` for a string of a small vocabulary (kept once escaped)."""
    found = _VOCABULARY_JSON.get(word)
    if found is None:
        found = _json_str(word)
        if len(_VOCABULARY_JSON) < _VOCABULARY_MAX:
            _VOCABULARY_JSON[word] = found
    return found


def _json_number(value: object) -> str:
    """A figure as json writes it: an int by ``int.__repr__``, a finite float by
    ``float.__repr__`` (what json's encoder calls for one), anything else (None, inf, nan) by
    json itself."""
    kind = type(value)
    if kind is int:
        return str(value)
    if value is None:  # (a placeholder's)
        return "null"
    if kind is float and value - value == 0.0:  # type: ignore[operator]  # (inf, nan give nan)
        return repr(value)
    return _json_dumps(value)


def _json_bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass(slots=True)
class Article:
    """One document inside the file: its title ("" when none) and 1-based first line."""

    title: str
    start_line: int
    end_line: int = 0  # last line (inclusive); not part of the JSON contract

    def to_json_dict(self) -> dict[str, Any]:
        return {"title": self.title, "start_line": self.start_line}

    def json_text(self) -> str:
        return f'{{"title":{_json_str(self.title)},"start_line":{self.start_line}}}'


#: The classes made once per finding spell out ``__init__`` (``init=False``): the dataclass
#: keeps its repr and equality, and the mypyc build compiles the constructor, which it does not
#: do for a generated one (about half the cost per object).


@dataclass(slots=True, init=False)
class Heading:
    """An outline heading; ``level`` is the nesting depth inside its article."""

    line: int
    level: int
    marker: str
    text: str
    char: int
    inline: bool

    def __init__(
        self, line: int, level: int, marker: str, text: str, char: int = 0, inline: bool = False
    ) -> None:
        self.line = line
        self.level = level
        self.marker = marker
        self.text = text
        self.char = char
        self.inline = inline

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.line,
            "level": self.level,
            "marker": self.marker,
            "text": self.text,
        }
        if self.inline:
            out["inline"] = True
            out["char"] = self.char
        return out

    def json_text(self) -> str:
        if self.inline:
            return (
                f'{{"line":{self.line},"level":{self.level},"marker":{_json_word(self.marker)},'
                f'"text":{_json_str(self.text)},"inline":true,"char":{self.char}}}'
            )
        return (
            f'{{"line":{self.line},"level":{self.level},"marker":{_json_word(self.marker)},'
            f'"text":{_json_str(self.text)}}}'
        )


@dataclass(slots=True, init=False)
class Quantity:
    """A number with its measure word. ``text`` is the input's own text at (line, char)."""

    line: int
    char: int
    text: str
    value: Number | None
    unit: str
    qualifier: str  # exact | over | about | at_least | at_most
    placeholder: bool
    subject: str
    range: tuple[Number, Number] | None
    #: span in the normalised line (internal, for later steps); not part of the JSON
    span: tuple[int, int] = field(repr=False, compare=False)

    def __init__(
        self,
        line: int,
        char: int,
        text: str,
        value: Number | None,
        unit: str,
        qualifier: str = "exact",
        placeholder: bool = False,
        subject: str = "",
        range: tuple[Number, Number] | None = None,
        span: tuple[int, int] = (0, 0),
    ) -> None:
        self.line = line
        self.char = char
        self.text = text
        self.value = value
        self.unit = unit
        self.qualifier = qualifier
        self.placeholder = placeholder
        self.subject = subject
        self.range = range
        self.span = span

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "line": self.line,
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "placeholder": self.placeholder,
            "subject": self.subject,
        }
        if self.range is not None:
            out["range"] = list(self.range)
        out["char"] = self.char
        return out

    def json_text(self) -> str:
        # one string built a quantity (a second only for a range)
        span = self.range
        if span is None:
            tail = ""
        else:
            low, high = span
            tail = f',"range":[{_json_number(low)},{_json_number(high)}]'
        return (
            f'{{"line":{self.line},"text":{_json_str(self.text)},"value":{_json_number(self.value)},'
            f'"unit":{_json_word(self.unit)},"qualifier":{_json_word(self.qualifier)},'
            f'"placeholder":{"true" if self.placeholder else "false"},"subject":{_json_str(self.subject)}'
            f'{tail},"char":{self.char}}}'
        )


@dataclass(slots=True)
class Breakdown:
    """A total and the parts the text lists under it (indices into the quantities list)."""

    total: int
    parts: list[int]
    consistent: bool | None

    def shifted(self, offset: int) -> Breakdown:
        return Breakdown(self.total + offset, [p + offset for p in self.parts], self.consistent)

    def to_json_dict(self) -> dict[str, Any]:
        return {"total": self.total, "parts": list(self.parts), "consistent": self.consistent}

    def json_text(self) -> str:
        consistent = "null" if self.consistent is None else _json_bool(self.consistent)
        parts = ",".join([str(p) for p in self.parts])
        return f'{{"total":{self.total},"parts":[{parts}],"consistent":{consistent}}}'


@dataclass(slots=True, init=False)
class DateMention:
    """A date with a day: ISO ``2014-07-02``, year-less ``--01-09``, ranges ``a/b``; None for xx."""

    line: int
    char: int
    text: str
    iso: str | None
    placeholder: bool

    def __init__(self, line: int, char: int, text: str, iso: str | None, placeholder: bool = False) -> None:
        self.line = line
        self.char = char
        self.text = text
        self.iso = iso
        self.placeholder = placeholder

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"line": self.line, "text": self.text, "iso": self.iso}
        if self.placeholder:
            out["placeholder"] = True
        out["char"] = self.char
        return out

    def json_text(self) -> str:
        iso = "null" if self.iso is None else _json_str(self.iso)
        placeholder = ',"placeholder":true' if self.placeholder else ""
        return f'{{"line":{self.line},"text":{_json_str(self.text)},"iso":{iso}{placeholder},"char":{self.char}}}'


@dataclass(slots=True)
class ArticleResult:
    """Everything found in one article; breakdown indices refer to ``quantities`` here."""

    article: Article
    headings: list[Heading] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


@dataclass(slots=True)
class ExtractionResult:
    """The whole file. ``to_json_dict()`` gives the ``zongjie extract --json`` object."""

    doc: str
    articles: list[Article] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    encoding: str = ""
    kind: str = ""  # "text" or "docx"

    def add(self, part: ArticleResult) -> None:
        """Append one article's result, re-basing its breakdown indices."""
        offset = len(self.quantities)
        self.articles.append(part.article)
        self.headings.extend(part.headings)
        self.quantities.extend(part.quantities)
        self.breakdowns.extend(b.shifted(offset) for b in part.breakdowns)
        self.dates.extend(part.dates)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "articles": [a.to_json_dict() for a in self.articles],
            "headings": [h.to_json_dict() for h in self.headings],
            "quantities": [q.to_json_dict() for q in self.quantities],
            "breakdowns": [b.to_json_dict() for b in self.breakdowns],
            "dates": [d.to_json_dict() for d in self.dates],
        }

    def json_text(self) -> str:
        """``json.dumps(self.to_json_dict(), ensure_ascii=False, separators=(",", ":"))``."""
        return "".join(
            [
                f'{{"doc":{_json_str(self.doc)},"articles":[',
                ",".join([a.json_text() for a in self.articles]),
                '],"headings":[',
                ",".join([h.json_text() for h in self.headings]),
                '],"quantities":[',
                ",".join([q.json_text() for q in self.quantities]),
                '],"breakdowns":[',
                ",".join([b.json_text() for b in self.breakdowns]),
                '],"dates":[',
                ",".join([d.json_text() for d in self.dates]),
                "]}",
            ]
        )
