"""zongjie.extraction — figures and structure out of old half-year summaries (pure Python).

No Django here: the import app, the report round-trip test and the ``zongjie extract``
command all call this API.

Library API
-----------
``extract_path(path) -> ExtractionResult``
    A .txt (UTF-8, GB18030 or Big5) or .docx file; the reader is chosen by content.
``extract_bytes(data, filename="") -> ExtractionResult``
    The same from bytes (an upload); ``filename`` only names the result.
``extract_text(text, doc_name="") -> ExtractionResult``
    An already decoded string.
``iter_extract_path(path) -> Iterator[ArticleResult]``
    Streaming, one article at a time, for large files (breakdown indices are per article;
    ``ExtractionResult.add`` re-bases them when collecting).

``ExtractionResult`` holds ``articles``, ``headings``, ``quantities``, ``breakdowns`` and
``dates`` (dataclasses in :mod:`zongjie.extraction.model`); ``to_json_dict()`` is the
schema of ``gold/seed.json``. Lines are 1-based lines of the input as given and ``char``
offsets index the input line's own characters, whatever normalising did. ``text`` fields
are the input's own text (Traditional stays Traditional); units are Simplified.

Errors: every refusal is an ``ExtractionError`` subclass (``EmptyDocumentError``,
``NotADocumentError``, ``UnsupportedFormatError``, ``BrokenDocxError``, ``ZipBombError``,
``MacroEnabledError``, ``DecodingError``) whose ``str()`` is a one-line message in
Simplified Chinese (fixed parts are constants in :mod:`zongjie.extraction.errors`).

Steps (each a module, each testable alone): read -> normalise -> split -> structure ->
quantities -> breakdowns -> dates.

Most steps are also built as C extensions by mypyc when the package is installed (see
docs/development.md); ``COMPILED`` says whether they are the ones running. A build older
than its sources, or ``ZONGJIE_PURE_PYTHON=1``, runs every module from its ``.py``.
"""

from __future__ import annotations

from . import _native, _recache

# Before any other submodule loads: a stale build must not shadow the sources.
_BUILD = _native.guard(__name__, __path__[0])
# the submodules' patterns from the regex cache (compiled patterns kept beside the bytecode)
_RE_BEFORE = _recache.snapshot()
_RE_LOADED = _recache.load(__path__[0])

from .errors import (  # noqa: E402
    BrokenDocxError,
    DecodingError,
    EmptyDocumentError,
    ExtractionError,
    MacroEnabledError,
    NotADocumentError,
    UnsafeDocxError,
    UnsupportedFormatError,
    ZipBombError,
)
from .model import Article, ArticleResult, Breakdown, DateMention, ExtractionResult, Heading, Quantity  # noqa: E402
from .pipeline import (  # noqa: E402
    extract_bytes,
    extract_path,
    extract_text,
    iter_extract_lines,
    iter_extract_path,
)

#: True when the mypyc-compiled modules are the ones running (the bench and tests report it).
COMPILED: bool = _native.in_use(__name__)

# first run, or a pattern changed: store what the submodules compiled
_recache.save(__path__[0], _RE_BEFORE, _RE_LOADED)
del _RE_BEFORE, _RE_LOADED

__all__ = [
    "COMPILED",
    "Article",
    "ArticleResult",
    "Breakdown",
    "BrokenDocxError",
    "DateMention",
    "DecodingError",
    "EmptyDocumentError",
    "ExtractionError",
    "ExtractionResult",
    "Heading",
    "MacroEnabledError",
    "NotADocumentError",
    "Quantity",
    "UnsafeDocxError",
    "UnsupportedFormatError",
    "ZipBombError",
    "extract_bytes",
    "extract_path",
    "extract_text",
    "iter_extract_lines",
    "iter_extract_path",
]
