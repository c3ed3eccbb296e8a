"""Read one uploaded file: the shared upload checks, the extractor, and the chosen article.

Every refusal becomes an ImportRefused with one line of Simplified Chinese for the user.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from zongjie import extraction
from zongjie.extraction.read import read_bytes


class ImportRefused(Exception):
    """This file (or request) cannot be imported; str() is the message for the user."""


# Most specific first: the message says what is wrong and what to do.
_MESSAGES: list[tuple[type[Exception], str]] = [
    (extraction.EmptyDocumentError, "文件是空的，或其中没有可读的文字。"),
    (
        extraction.UnsupportedFormatError,
        "不支持这种文件格式（如 PDF、旧版 .doc）；请在 Word 中另存为 .docx 或 .txt 后再导入。",
    ),
    (extraction.NotADocumentError, "这不是文本文件或 Word 文档（只能导入 .txt 和 .docx）。"),
    (extraction.BrokenDocxError, "Word 文档已损坏，无法读取；请用 Word 打开后另存为 .docx 再导入。"),
    (extraction.ZipBombError, "文件解压后异常巨大（疑似压缩炸弹），已拒绝。"),
    (extraction.MacroEnabledError, "文件含有宏代码，已拒绝；请另存为不含宏的 .docx 后再导入。"),
    (extraction.UnsafeDocxError, "文件不安全，已拒绝。"),
    (
        extraction.DecodingError,
        "无法识别文件的文字编码（支持 UTF-8、GB18030/GBK、Big5）；请另存为 UTF-8 文本后再导入。",
    ),
]


def refusal_for(exc: Exception) -> str:
    for cls, message in _MESSAGES:
        if isinstance(exc, cls):
            return message
    return f"无法读取文件：{exc}"


def check_upload(data: bytes, filename: str) -> None:
    """The shared upload checks (content sniffing, zip bombs, macros, XXE) when installed."""
    try:
        from zongjie.security.uploads import check_upload as shared_check
    except ImportError:  # the extractor refuses the same files with its own errors
        return
    try:
        shared_check(ContentFile(data, name=filename or "upload"), allowed={"txt", "docx"})
    except ValidationError as exc:
        raise ImportRefused(" ".join(exc.messages)) from exc


@dataclass
class Parsed:
    """The extractor's result for the file, narrowed to one article when asked."""

    filename: str
    content_hash: str
    lines: list[str]
    kind: str
    encoding: str
    article_number: int
    article_title: str
    first_line: int
    last_line: int
    article_count: int
    headings: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    breakdowns: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse(data: bytes, filename: str, article: int | None = None) -> Parsed:
    """Check and extract; `article` (1-based) keeps only that article's outline and figures."""
    check_upload(data, filename)
    try:
        result = extraction.extract_bytes(data, filename)
        raw = read_bytes(data)
    except extraction.ExtractionError as exc:
        raise ImportRefused(refusal_for(exc)) from exc
    except (ValueError, OSError, KeyError) as exc:  # a reader bug must not stop a whole batch
        raise ImportRefused(f"无法读取文件：{type(exc).__name__}") from exc
    lines = raw.lines
    count = len(result.articles)
    parsed = Parsed(
        filename=filename,
        content_hash=content_hash(data),
        lines=lines,
        kind=result.kind or raw.kind,
        encoding=result.encoding or raw.encoding,
        article_number=article or 0,
        article_title="",
        first_line=1,
        last_line=len(lines),
        article_count=count,
        articles=[a.to_json_dict() for a in result.articles],
    )
    quantities = [q.to_json_dict() for q in result.quantities]
    headings = [h.to_json_dict() for h in result.headings]
    breakdowns = [b.to_json_dict() for b in result.breakdowns]
    if article:
        if not 1 <= article <= count:
            raise ImportRefused(f"文件中只有 {count} 篇总结，没有第 {article} 篇。")
        chosen = result.articles[article - 1]
        first = chosen.start_line
        last = chosen.end_line or (result.articles[article].start_line - 1 if article < count else len(lines))
        parsed.first_line, parsed.last_line, parsed.article_title = first, last, chosen.title
        keep = [i for i, q in enumerate(quantities) if first <= q["line"] <= last]
        index = {old: new for new, old in enumerate(keep)}
        quantities = [quantities[i] for i in keep]
        headings = [h for h in headings if first <= h["line"] <= last]
        breakdowns = [
            {**b, "total": index[b["total"]], "parts": [index[p] for p in b["parts"]]}
            for b in breakdowns
            if b["total"] in index and all(p in index for p in b["parts"])
        ]
        parsed.articles = [parsed.articles[article - 1]]
    elif count == 1:
        parsed.article_title = result.articles[0].title
    parsed.headings, parsed.quantities, parsed.breakdowns = headings, quantities, breakdowns
    return parsed
