"""Proof of authorship: matching the creator's own files to the archive's pins. Qt-free:
the picture hasher (QtGui, creator_backup.render.phash) is handed in by the face."""

from __future__ import annotations

from pathlib import Path

from creator_backup.application.archives import Archives
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import UsageError
from creator_backup.originals.dhash import Hasher
from creator_backup.originals.matching import MatchReport, match_originals
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress


class Originals:
    def __init__(self, archives: Archives) -> None:
        self.archives = archives

    def match(
        self,
        record: AccountRecord,
        folder: Path,
        hasher: Hasher,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> MatchReport:
        """Matches the pictures under `folder` to the account's archived pins. It writes
        (the pictures' hashes, the findings an appeal packet lists), so it takes the
        archive's lock: while a backup runs it is refused, never run beside it."""
        if not self.archives.exists(record):
            raise UsageError(
                f"There is no archive of {record.username} yet: run a backup first, then "
                "match your originals against it."
            )
        with Archive.open(self.archives.root(record), write=True) as archive:
            return match_originals(archive, folder, hasher, progress, cancel)
