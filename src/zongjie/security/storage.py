"""The file storage for uploads: a write that fails part-way (disk full, read-only, no
permission) leaves no truncated file behind.

Django's FileSystemStorage opens the new file with O_EXCL and writes it in chunks; when a chunk
fails (ENOSPC) the half-written file stays. Here it is removed before the error goes on.
"""

from __future__ import annotations

import logging
import os

from django.core.files.storage import FileSystemStorage

log = logging.getLogger("zongjie.security")


class SafeFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except FileExistsError:
            raise
        except OSError:
            # The file was created with O_EXCL by this very save: whatever is at the path is ours.
            path = self.path(name)
            try:
                if os.path.lexists(path):
                    os.remove(path)
            except OSError as exc:  # the disk may refuse the removal too (read-only)
                log.warning("could not remove the partial upload %s: %s", path, exc)
            raise
