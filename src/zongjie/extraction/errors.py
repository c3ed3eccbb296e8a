"""Errors that stop one document cleanly, each with a one-line message for the user.

Messages are in Simplified Chinese (users see them on pages); the constants below are the
fixed parts, so callers and tests need not copy the wording.
"""

from __future__ import annotations

EMPTY_FILE = "文件为空"
NO_TEXT = "文件中没有可读的文字"
NOT_A_DOCUMENT = "不是可识别的文档（仅支持 txt 与 docx）"
BROKEN_DOCX = "docx 文件已损坏，无法打开"
ZIP_BOMB = "docx 文件解压后过大，疑似压缩炸弹，已拒绝"
MACRO = "docx 含有宏（vbaProject.bin），已拒绝"
UNKNOWN_ENCODING = "无法识别文件编码（支持 UTF-8、GB18030、Big5）"


class ExtractionError(Exception):
    """Base class: the document cannot be extracted; ``str(exc)`` is a one-line message."""


class EmptyDocumentError(ExtractionError):
    """The file holds no bytes, or no text once decoded."""


class NotADocumentError(ExtractionError):
    """The bytes are not a text file or a Word document (an image, a binary, a plain zip)."""


class UnsupportedFormatError(NotADocumentError):
    """A document format this extractor does not read (PDF, legacy .doc)."""


class BrokenDocxError(ExtractionError):
    """A .docx whose zip or XML cannot be read."""


class UnsafeDocxError(ExtractionError):
    """A .docx refused on purpose: a zip bomb or a macro-enabled document."""


class ZipBombError(UnsafeDocxError):
    """Uncompressed size, compression ratio or entry count over the limits."""


class MacroEnabledError(UnsafeDocxError):
    """The package carries a VBA project (vbaProject.bin)."""


class DecodingError(ExtractionError):
    """Text whose encoding cannot be determined."""
