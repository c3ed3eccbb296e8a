"""Evidence files follow their entry's transaction: a replaced file, or the file of a deleted
entry, is removed once the change commits; a file stored by a change that then fails is removed
at once. So no file on disk belongs to no entry.

    with evidence.follows_transaction(entry, old_name):
        entry.save()          # may store a new file
        ...                   # anything else in the same transaction
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from zongjie.security.uploads import check_upload

log = logging.getLogger("zongjie.ledger")


def _remove(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError as exc:  # a read-only or failing disk: say so, never fail the request for it
        log.warning("could not remove the evidence file %s: %s", name, exc)


def remove_on_commit(field_file: FieldFile | None, name: str | None = None) -> None:
    """Remove the stored file once the current transaction commits (at once outside one)."""
    if field_file is None:
        return
    name = name if name is not None else field_file.name
    if name:
        storage = field_file.storage
        transaction.on_commit(lambda: _remove(storage, name))


def _stored_now(field_file: FieldFile, old_name: str) -> bool:
    """Whether `field_file` was written to storage by this change (not the one already there)."""
    return bool(field_file and field_file._committed and field_file.name and field_file.name != old_name)


@contextmanager
def follows_transaction(field_file_owner, old_name: str, field: str = "evidence_file") -> Iterator[None]:
    """Around the save of `field_file_owner`: undo a new file if the block fails, drop the
    replaced one when the transaction commits."""
    try:
        yield
    except BaseException:
        field_file = getattr(field_file_owner, field)
        if _stored_now(field_file, old_name):
            _remove(field_file.storage, field_file.name)
        raise
    field_file = getattr(field_file_owner, field)
    if old_name and field_file.name != old_name:
        remove_on_commit(field_file, old_name)


PREVIEWS = {"png": "image", "jpg": "image", "pdf": "pdf"}


def stored_ext(entry) -> str:
    name = entry.evidence_file.name if entry.evidence_file else ""
    return name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""


def preview_kind(entry) -> str:
    """ "image", "pdf" or "" — what the entry page can show of the evidence inline."""
    return PREVIEWS.get(stored_ext(entry), "")


def download_name(entry) -> str:
    ext = stored_ext(entry)
    return f"条目{entry.pk}佐证材料.{ext}" if ext else f"条目{entry.pk}佐证材料"


# --------------------------------------------------------------------------- uploads and links

EVIDENCE_TYPES = frozenset({"pdf", "png", "jpg", "docx", "xlsx", "txt"})


def checked_upload(upload, allowed: frozenset[str] = EVIDENCE_TYPES) -> SimpleUploadedFile:
    """The upload as it will be stored: type checked by content, named with the extension its
    content has (never the one it was sent with), pictures re-encoded. ValidationError in Chinese."""
    detected = check_upload(upload, allowed=allowed)
    name = f"{Path(upload.name).stem[:60] or 'evidence'}.{detected.ext}"
    return SimpleUploadedFile(name, detected.data, content_type=detected.content_type)


class _Linked:
    """A stored file as a file input shows it: its name, linked to the permission-checked download."""

    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name.rsplit("/", 1)[-1]


class DownloadLinkMixin:
    """For a file input widget: its "currently" link is `download_url`, never a public /media/ path."""

    download_url = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"].get("is_initial") and self.download_url:
            context["widget"]["value"] = _Linked(value.name, self.download_url)
        return context
