"""The pipeline: read -> normalise -> split -> structure -> quantities -> breakdowns -> dates."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from .breakdowns import find_breakdowns
from .dates import find_dates
from .errors import NO_TEXT, EmptyDocumentError
from .model import ArticleResult, ExtractionResult
from .normalise import NormLine, normalise_lines
from .quantities import find_quantities
from .read import RawDocument, iter_path_lines, read_bytes, split_lines
from .scan import classify
from .split import ArticleLines, split_articles
from .structure import find_headings

#: lines normalised per OpenCC call in streaming mode
BLOCK_LINES = 512


def iter_normalised(lines: Iterable[str], block: int = BLOCK_LINES) -> Iterator[NormLine]:
    """Normalise lines block by block (one OpenCC call per block), keeping line numbers."""
    it = iter(lines)
    lineno = 1
    while chunk := list(islice(it, block)):
        yield from normalise_lines(chunk, first_lineno=lineno)
        lineno += len(chunk)


def extract_article(article: ArticleLines) -> ArticleResult:
    """Steps 4-7 on one article."""
    body = article.lines
    # the class-led scans of both steps look at one classification of the article's text
    classes = classify("\n".join([line.text for line in body])) if body else None
    quantities = find_quantities(body, classes)
    result = ArticleResult(
        article=_article_model(article),
        headings=find_headings(article, classes),
        quantities=quantities,
        breakdowns=find_breakdowns(body, quantities),
        dates=find_dates(body, None if classes is None else classes.text),
    )
    return result


def _article_model(article: ArticleLines):
    from .model import Article

    return Article(title=article.title, start_line=article.start_line, end_line=article.end_line)


def iter_extract_lines(lines: Iterable[str]) -> Iterator[ArticleResult]:
    """Stream per-article results from input lines (holds one article at a time)."""
    for article in split_articles(iter_normalised(lines)):
        yield extract_article(article)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a whole document is extracted.

    The result grows by some 5,000 objects per MB, all alive until the end, and every full
    collection walks all of them again: at 20 MB that was 8 % of the run. Nothing the pipeline
    makes holds a reference cycle (reference counting frees what it drops), so the pause frees
    nothing late. It is left alone if the collector is already off, and only wraps work that
    runs to completion (never a generator that yields to its caller)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def extract_lines(lines: Iterable[str], doc_name: str) -> ExtractionResult:
    result = ExtractionResult(doc=doc_name)
    with _cyclic_gc_paused():
        for part in iter_extract_lines(lines):
            result.add(part)
    if not result.articles:
        raise EmptyDocumentError(NO_TEXT)
    return result


def extract_text(text: str, doc_name: str = "") -> ExtractionResult:
    """Extract from a decoded string (lines split on ``\\n``)."""
    result = extract_lines(split_lines(text), doc_name)
    result.kind = "text"
    return result


def extract_bytes(data: bytes, filename: str = "") -> ExtractionResult:
    """Extract from a file's bytes (.txt in UTF-8/GB18030/Big5, or .docx, sniffed)."""
    raw: RawDocument = read_bytes(data)
    result = extract_lines(raw.lines, os.path.basename(filename))
    result.kind, result.encoding = raw.kind, raw.encoding
    return result


def extract_path(path: str | os.PathLike[str]) -> ExtractionResult:
    """Extract from a file on disk; ``doc`` is its base name."""
    path = Path(path)
    return extract_bytes(path.read_bytes(), path.name)


def iter_extract_path(path: str | os.PathLike[str]) -> Iterator[ArticleResult]:
    """Stream a large file article by article; raises ``ExtractionError`` before the first."""
    info, lines = iter_path_lines(path)
    produced = False
    for part in iter_extract_lines(lines):
        produced = True
        yield part
    if not produced:
        raise EmptyDocumentError(NO_TEXT)
    del info
