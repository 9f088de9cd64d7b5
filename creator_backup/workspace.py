"""What the window does with an account, in one Qt-free place: its status read offline,
backups, snapshots, browsing and comparing. The window calls these from background jobs;
the CLI's commands use the same core pieces directly.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import AccountUnavailable
from creator_backup.api.models import Account
from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.locate import archive_root
from creator_backup.archive.records import Snapshot
from creator_backup.archive.relocate import MovePlan, move_archives, plan_move
from creator_backup.archive.store import DB_NAME, Archive
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.service import AccountService
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.diff.compare import DiffResult, choose_snapshots, diff
from creator_backup.errors import AppError
from creator_backup.paths import AppPaths
from creator_backup.settings import SettingsStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArchiveStatus:
    """An account's archive as read from disk, with no network."""

    exists: bool
    snapshots: int = 0
    last: Snapshot | None = None
    last_complete: Snapshot | None = None
    boards: int = 0
    sections: int = 0
    pins: int = 0
    media_files: int = 0
    media_bytes: int = 0
    database_bytes: int = 0
    unavailable_since: str | None = None  # when the account was first found unavailable
    unavailable_message: str | None = None
    baseline: Snapshot | None = None  # the last complete snapshot before that


def remember_unavailable(root: Path, error: AccountUnavailable) -> None:
    """The account watchdog, for when the account fails before a run can even start."""
    if not (root / DB_NAME).exists():
        return  # no archive yet: nothing to keep as evidence
    try:
        archive = Archive.open(root, write=True)
    except AppError:
        return  # busy or damaged: the caller's own error says what to do
    with archive:
        baseline = archive.last_complete()
        archive.mark_account_unavailable(
            baseline.id if baseline else None, error.message, error.request_id
        )


class Workspace:
    """The app's accounts and their archives, under one set of paths and one API."""

    def __init__(
        self, paths: AppPaths, api_base: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.paths = paths
        self.api_base = api_base.rstrip("/")
        self.accounts = AccountService(paths.config_dir, self.api_base, clock=clock)

    # -- accounts ------------------------------------------------------------------------

    def connected(self) -> list[AccountRecord]:
        return [r for r in self.accounts.registry.load() if r.api_base == self.api_base]

    def client(self, record: AccountRecord) -> PinterestClient:
        return self.accounts.client_for(record)

    def fetch_account(self, record: AccountRecord) -> Account:
        client = self.client(record)
        try:
            return client.get_account()
        except AccountUnavailable as exc:
            remember_unavailable(self.root(record), exc)
            raise
        finally:
            client.close()

    # -- archives ------------------------------------------------------------------------

    def plan_archive_move(self, destination: Path) -> MovePlan:
        return plan_move(self.paths.archives_dir, destination)

    def move_archives(
        self,
        plan: MovePlan,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> bool:
        """Moves the archives, then keeps the new folder in the settings so that every
        later run (the window, the command line, scheduled backups) uses it. False when
        cancelled: nothing then changed."""
        if not move_archives(plan, progress, cancel):
            return False
        store = SettingsStore(self.paths.config_dir)
        settings = store.load()
        chosen = plan.destination
        settings.archives_dir = "" if chosen == self.paths.default_archives_dir else str(chosen)
        store.save(settings)
        self.paths = self.paths.with_archives_at(settings.archives_dir or None)
        return True

    def root(self, record: AccountRecord) -> Path:
        return archive_root(self.paths.archives_dir, record.api_base, record.account_id)

    @contextmanager
    def reading(self, record: AccountRecord) -> Iterator[Archive]:
        """The account's archive opened read-only: usable while a backup writes it."""
        archive = Archive.open(self.root(record), write=False)
        try:
            yield archive
        finally:
            archive.close()

    def status(self, record: AccountRecord) -> ArchiveStatus:
        root = self.root(record)
        if not (root / DB_NAME).exists():
            return ArchiveStatus(exists=False)
        with self.reading(record) as archive:
            snapshots = archive.snapshots()
            last_complete = archive.last_complete()
            counts = {"board": 0, "section": 0, "pin": 0}
            if last_complete is not None:
                for kind in counts:
                    counts[kind] = archive.count_objects(last_complete.id, kind)
            files, size = archive.media_totals()
            return ArchiveStatus(
                exists=True,
                snapshots=len(snapshots),
                last=snapshots[-1] if snapshots else None,
                last_complete=last_complete,
                boards=counts["board"],
                sections=counts["section"],
                pins=counts["pin"],
                media_files=files,
                media_bytes=size,
                database_bytes=sum(
                    p.stat().st_size for p in root.glob(DB_NAME + "*") if p.is_file()
                ),
                unavailable_since=archive.meta("account_unavailable_since"),
                unavailable_message=archive.meta("account_unavailable_message"),
                baseline=archive.evidence_baseline(),
            )

    def snapshots(self, record: AccountRecord) -> list[Snapshot]:
        if not (self.root(record) / DB_NAME).exists():
            return []
        with self.reading(record) as archive:
            return archive.snapshots()

    @contextmanager
    def browsing(self, record: AccountRecord) -> Iterator[ArchiveBrowser]:
        with self.reading(record) as archive:
            yield ArchiveBrowser(archive)

    def compare(
        self, record: AccountRecord, older: int | None = None, newer: int | None = None
    ) -> DiffResult:
        """What changed between two snapshots (the last two complete ones by default)."""
        with self.reading(record) as archive:
            return diff(archive, *choose_snapshots(archive, older, newer))

    def pin_pictures(
        self, record: AccountRecord, pin_ids: set[str]
    ) -> dict[str, tuple[str, Path, str]]:
        """Each pin's main stored file, for thumbnails: (sha256, path, content type). Paths
        come from the archive's own records, never from Pinterest text."""
        with self.reading(record) as archive:
            shas = archive.primary_media(pin_ids)
            files = archive.stored_media(shas.values())
            browser = ArchiveBrowser(archive)
            found: dict[str, tuple[str, Path, str]] = {}
            for pin_id, sha in shas.items():
                if sha in files:
                    relative, content_type = files[sha]
                    found[pin_id] = (sha, browser.media_file(relative), content_type)
            return found

    # -- backing up ----------------------------------------------------------------------

    def backup(
        self,
        record: AccountRecord,
        kind: str | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        media: bool = True,
    ) -> BackupResult:
        """One backup run: a snapshot, complete or honestly partial."""
        client = self.client(record)
        try:
            try:
                account = client.get_account()
            except AccountUnavailable as exc:
                remember_unavailable(self.root(record), exc)
                raise
            identity = {
                "account_id": account.id,
                "username": account.username,
                "api_base": self.api_base,
            }
            with Archive.open(self.root(record), write=True, identity=identity) as archive:
                run = BackupRun(client, archive, BackupOptions(kind=kind, media=media), progress,
                                cancel)  # fmt: skip
                return run.run()
        finally:
            client.close()
