"""Step 3 — split: normalised lines into articles (the documents a file holds).

A new article starts at a ``第N篇`` line, or at a title line (…工作总结, …计划) that
follows a date line or a signature line (…宣传部, …信息科), or at a strong title (an
office, a period and 总结/计划: 某局2025年上半年工作总结) right after a finished sentence,
or at the file's first non-empty line. Section lines (下半年工作计划) never start one. The title block
of an article (its title line and short title-like lines right after it) is kept apart
so that later steps do not take a title for a section heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .normalise import NormLine
from .sections import is_section_line

ARTICLE_MARKER = re.compile(r"^\s*第\s*[一二三四五六七八九十百零〇\d]{1,4}\s*篇\s*[:.、]?\s*")
_TITLE_WORDS = re.compile(r"总结|计划|打算|汇报|报告|要点|述职|规划|工作情况|思路|谋划|安排")
_HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]{1,3}(?:部分|章)|[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[、.)]|[①-⑳⑴-⒛])"
)
_DATE_LINE = re.compile(
    r"^\s*(?:[\d〇零○Ｏ一二三四五六七八九xX*]{2,4}\s*年)?\s*[\d一二三四五六七八九十xX]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十xX]{1,3}\s*[日号]\s*$"
)
_SENTENCE_PUNCT = re.compile(r"[。;!?,]")
#: a signature line: an office's name (…宣传部, …信息科), perhaps a person's name after spaces
_SIGNATURE = re.compile(
    r"^\s*\S{2,30}?(?:部|办|办公室|局|科|室|中心|委|委员会|政府|镇|乡|街道|站|所|馆|院|会|团|组|队|处|股|社|公司|党委|党组|支部|委员)"
    r"(?:\s{1,4}[\u4e00-\u9fff]{2,4})?\s*$"
)
#: what makes a title line strong enough to start a document with no date line before it
_TITLE_PERIOD = re.compile(
    r"\d{2,4}[*xX]?年|[xX]{2,4}年|[〇零一二三四五六七八九]{4}年|年度|上半年|下半年|季度"
)
_TITLE_ORG = re.compile(r"部|办|局|科|中心|委|镇|乡|街道|站|馆|院|会|团|室|处|股|社|公司")
_TITLE_END = re.compile(r"(?:总结|计划|打算|报告|要点|汇报|规划|述职)\s*$")

MAX_TITLE_CHARS = 50
MAX_TITLE_BLOCK = 3


@dataclass(slots=True)
class ArticleLines:
    """An article's lines; ``body_start`` is the index of the first line after the title block."""

    title: str
    start_line: int
    lines: list[NormLine] = field(default_factory=list)
    body_start: int = 0

    @property
    def end_line(self) -> int:
        return self.lines[-1].lineno if self.lines else self.start_line


def is_title_like(text: str) -> bool:
    """A short line without sentence punctuation naming a summary or plan."""
    s = text.strip()
    if not (2 <= len(s) <= MAX_TITLE_CHARS):
        return False
    if _SENTENCE_PUNCT.search(s) or _HEADING_START.match(s):
        return False
    return bool(_TITLE_WORDS.search(s))


def is_date_line(text: str) -> bool:
    return bool(_DATE_LINE.match(text))


def is_signature_line(text: str) -> bool:
    """A short line naming an office (the signature under a document), not a title."""
    return bool(_SIGNATURE.match(text)) and not _TITLE_WORDS.search(text) and not _HEADING_START.match(text)


def is_strong_title(text: str) -> bool:
    """A title naming an office and a period and ending in 总结/计划…: 某局2025年上半年工作总结."""
    s = text.strip()
    if len(s) < 8 or _HEADING_START.match(s):
        return False
    end = _TITLE_END.search(s)
    return end is not None and bool(_TITLE_PERIOD.search(s)) and bool(_TITLE_ORG.search(s[: end.start()]))


def _starts_new_document(text: str, recent: list[str], body_lines: int) -> bool:
    """A title line inside a file that opens the next document (no 第N篇 marker)."""
    if body_lines == 0 or not is_title_like(text):
        return False
    if is_section_line(text):  # a section line (下半年工作计划) is never a new document
        return False
    if any(is_date_line(t) for t in recent):
        return True
    if recent and is_signature_line(recent[-1]):
        return True
    return body_lines >= 3 and is_strong_title(text) and recent[-1].rstrip()[-1:] in "。!?;"


def _title_block_end(article: ArticleLines) -> int:
    """Index after the title block: the start line and title-like lines right after it."""
    lines = article.lines
    if not lines:
        return 0
    first = lines[0]
    marker = ARTICLE_MARKER.match(first.text)
    starts_with_title = bool(marker) or is_title_like(first.text)
    if not starts_with_title:
        return 0
    i = 1
    taken = 0
    while i < len(lines) and taken < MAX_TITLE_BLOCK:
        text = lines[i].text
        if not text.strip():
            i += 1
            continue
        if is_title_like(text) and len(text.strip()) <= 40:
            i += 1
            taken += 1
            continue
        break
    return i


def _finish(article: ArticleLines) -> ArticleLines:
    article.body_start = _title_block_end(article)
    if not article.title and article.body_start > 1:
        # 第N篇 with nothing after the marker: the next title line names the article
        for line in article.lines[1 : article.body_start]:
            if line.text.strip():
                article.title = line.original.strip()
                break
    return article


def split_articles(lines: Iterable[NormLine]) -> Iterator[ArticleLines]:
    """Yield articles as soon as each one is complete (streaming: one article held at a time)."""
    current: ArticleLines | None = None
    # the last two non-empty normalised lines (``recent`` of _starts_new_document)
    before_last: str | None = None
    last: str | None = None
    body_lines = 0  # non-empty lines in the current article after its first line

    for line in lines:
        text = line.text
        stripped = text.strip()
        if not stripped:
            if current is not None:
                current.lines.append(line)
            continue
        # 第N篇 (ARTICLE_MARKER starts with optional whitespace and 第)
        marker = ARTICLE_MARKER.match(text) if stripped[0] == "第" else None
        new_title: str | None = None
        if marker:
            new_title = line.orig_text(marker.end(), len(text)).strip()
        elif current is None:
            new_title = line.original.strip() if is_title_like(text) else ""
        elif (
            body_lines
            and 2 <= len(stripped) <= MAX_TITLE_CHARS  # is_title_like's length test, first
            and _starts_new_document(text, [t for t in (before_last, last) if t is not None], body_lines)
        ):
            new_title = line.original.strip()
        if new_title is not None:
            # a lone title line before 第一篇 (a collection's name) is not an article
            if current is not None and (body_lines > 0 or not marker):
                yield _finish(current)
            current = ArticleLines(title=new_title, start_line=line.lineno, lines=[line])
            body_lines = 0
        else:
            assert current is not None
            current.lines.append(line)
            body_lines += 1
        before_last, last = last, text
    if current is not None:
        yield _finish(current)
