"""A full disk under the archive: recognised wherever it surfaces (SQLite's "database or
disk is full", an OSError with ENOSPC or EDQUOT), and told to the user in one sentence."""

from __future__ import annotations

import errno
import sqlite3

from creator_backup.errors import AppError, ExitCode

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
SENTENCE = (
    "The disk holding the archive is full; everything saved so far is kept, so free some "
    "space and run the backup again to continue."
)


class DiskFull(AppError):
    # The run stopped early and its snapshot is partial, as with any other early stop.
    exit_code = ExitCode.PARTIAL

    def __init__(self) -> None:
        super().__init__(SENTENCE)


def is_disk_full(error: BaseException) -> bool:
    """True for this error or any error it was raised from or during."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.OperationalError) and "full" in str(current).lower():
            return True
        if isinstance(current, OSError) and current.errno in FULL_ERRNOS:
            return True
        current = current.__cause__ or current.__context__
    return False
