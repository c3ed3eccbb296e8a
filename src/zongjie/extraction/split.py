"""Step 3 — split: normalised lines into articles (the documents a file holds).

A new article starts at a ``第N篇`` line, or at a title line (…工作总结, …计划) that
follows a signature/date block, or at the file's first non-empty line. The title block
of an article (its title line and short title-like lines right after it) is kept apart
so that later steps do not take a title for a section heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .normalise import NormLine

ARTICLE_MARKER = re.compile(r"^\s*第\s*[一二三四五六七八九十百零〇\d]{1,4}\s*篇\s*[:.、]?\s*")
_TITLE_WORDS = re.compile(r"总结|计划|打算|汇报|报告|要点|述职|规划|工作情况|思路|谋划|安排")
_HEADING_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[、.)]|[①-⑳⑴-⒛])"
)
_DATE_LINE = re.compile(
    r"^\s*(?:[\d〇零○Ｏ一二三四五六七八九xX*]{2,4}\s*年)?\s*[\d一二三四五六七八九十xX]{1,2}\s*月"
    r"\s*[\d一二三四五六七八九十xX]{1,3}\s*[日号]\s*$"
)
_SENTENCE_PUNCT = re.compile(r"[。;!?,]")

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
    recent: list[str] = []  # the last two non-empty normalised lines
    body_lines = 0  # non-empty lines in the current article after its first line

    for line in lines:
        text = line.text
        if not text.strip():
            if current is not None:
                current.lines.append(line)
            continue
        marker = ARTICLE_MARKER.match(text)
        new_title: str | None = None
        if marker:
            new_title = line.orig_text(marker.end(), len(text)).strip()
        elif current is None:
            new_title = line.original.strip() if is_title_like(text) else ""
        elif is_title_like(text) and body_lines > 0 and any(is_date_line(t) for t in recent):
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
        recent = [*recent[-1:], text]
    if current is not None:
        yield _finish(current)
