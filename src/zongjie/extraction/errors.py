"""Errors that stop one document cleanly, each with a one-line message for the user."""

from __future__ import annotations


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
