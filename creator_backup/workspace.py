"""What the window does with an account, in one Qt-free place: its status read offline,
backups, snapshots, browsing and comparing. The window calls these from background jobs;
the CLI's commands use the same core pieces directly.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import AccountUnavailable
from creator_backup.api.models import Account
from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.locate import DB_NAME, archive_root, recorded_identity
from creator_backup.archive.records import Snapshot
from creator_backup.archive.relocate import (
    MovePlan,
    apply_storage_setting,
    archive_folders,
    move_archives,
    plan_move,
)
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import ARCHIVE_ONLY, AccountRecord
from creator_backup.auth.service import AccountService
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.data_export.importer import ImportOptions, ImportResult
from creator_backup.data_export.mapping import CDN_ENV
from creator_backup.data_export.service import Destination, adopt_export_archive, import_export
from creator_backup.diff.compare import DiffResult, choose_snapshots, diff
from creator_backup.errors import AppError, NotLoggedInError
from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.site import SiteResult, export_site

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
    # Pinterest's own data export, when one was imported: the newest, what it lists, and
    # how many pins it says are no longer alive.
    last_export: Snapshot | None = None
    export_pins: int = 0
    export_not_alive: int = 0
    # What the last complete snapshot did not check, and files still to fetch: the
    # archive is "up to date" only when both are none.
    unchecked_boards: int = 0
    # When the least recently listed of those was listed; None when one was never listed.
    oldest_check: str | None = None
    media_pending: int = 0


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

    def shown_accounts(self) -> list[AccountRecord]:
        """The connected accounts, then every other archive of this API on this computer
        (an imported data export, a disconnected account), which can still be browsed,
        compared and documented in an appeal packet."""
        connected = self.connected()
        roots = {self.root(r) for r in connected}
        others: list[AccountRecord] = []
        for folder in archive_folders(self.paths.archives_dir):
            if folder in roots:
                continue
            username, api_base = recorded_identity(folder, DB_NAME)
            if api_base is not None and api_base.rstrip("/") != self.api_base:
                continue  # another API's archive (the sandbox's, say): not this one's
            others.append(
                AccountRecord(username or folder.name, folder.name, self.api_base, None,
                              ARCHIVE_ONLY)
            )  # fmt: skip
        return connected + others

    def client(self, record: AccountRecord) -> PinterestClient:
        if record.archive_only:
            raise NotLoggedInError(
                f"{record.username}'s archive has no login on this computer: connect the "
                "account in Settings to reach Pinterest."
            )
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
        """Moves the archives and keeps the new folder in the settings, so that every
        later run (the window, the command line, scheduled backups) uses it. False when
        cancelled: nothing then changed."""
        if not move_archives(plan, self.paths, progress, cancel):
            return False
        self.paths = apply_storage_setting(self.paths)
        return True

    def root(self, record: AccountRecord) -> Path:
        if record.archive_only:
            # Its folder's own name, as found on disk (never Pinterest text).
            return self.paths.archives_dir / record.account_id
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
            unchecked = []
            if last_complete is not None:
                for kind in counts:
                    counts[kind] = archive.count_objects(last_complete.id, kind)
                unchecked = archive.unchecked_boards(last_complete.id)
            listed = [b.last_listed for b in unchecked if b.last_listed is not None]
            times = {s.id: s.started_at for s in snapshots}
            files, size = archive.media_totals()
            exports = archive.exports()
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
                last_export=exports[-1] if exports else None,
                export_pins=archive.count_export(exports[-1].id, "pin") if exports else 0,
                export_not_alive=len(archive.export_removals()) if exports else 0,
                unchecked_boards=len(unchecked),
                # A board no listing ever read has no date: then none is given.
                oldest_check=times.get(min(listed))
                if listed and len(listed) == len(unchecked)
                else None,
                media_pending=archive.count_missing_media() if last_complete else 0,
            )

    def snapshots(self, record: AccountRecord) -> list[Snapshot]:
        if not (self.root(record) / DB_NAME).exists():
            return []
        with self.reading(record) as archive:
            return archive.snapshots()

    def timeline(self, record: AccountRecord) -> list[tuple[Snapshot, int]]:
        """Every snapshot, oldest first, with how many boards of it the run did not check
        (a quick backup left them out, Pinterest refused them, or the run stopped first)."""
        if not (self.root(record) / DB_NAME).exists():
            return []
        with self.reading(record) as archive:
            unchecked = ArchiveBrowser(archive).unchecked_counts()
            return [(s, unchecked.get(s.id, 0)) for s in archive.snapshots()]

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

    def export_loss(self, record: AccountRecord, export_id: int) -> DiffResult:
        """What an imported data export says is gone (its `Alive: False` pins that no
        backup still shows); nothing is compared with it, since it lists no account."""
        with self.reading(record) as archive:
            export = archive.snapshot(export_id)
            return diff(archive, export, export)

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

    # -- Pinterest's data export, and the offline site ------------------------------------

    def import_data_export(
        self,
        path: Path,
        options: ImportOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> tuple[ImportResult, Destination]:
        """Imports the export into its account's archive, found from the export itself:
        no login and no network needed (the pictures are fetched when reachable)."""
        if options is None:
            # The pictures' address can be pointed elsewhere, as on the command line.
            cdn = os.environ.get(CDN_ENV, "").rstrip("/")
            options = ImportOptions(cdn_base=cdn) if cdn.startswith(("https://", "http://")) \
                else ImportOptions()  # fmt: skip
        return import_export(
            path,
            self.paths.archives_dir,
            self.api_base,
            self.accounts.registry.load(),
            options=options,
            progress=progress,
            cancel=cancel,
        )

    def export_site(
        self,
        record: AccountRecord,
        out: Path,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        private: bool = True,
    ) -> SiteResult:
        """The account's archive as a website that opens in any browser, offline; only
        the user can read it unless `private` is False."""
        with self.reading(record) as archive:
            return export_site(archive, out, progress, cancel, private=private)

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
            adopt_export_archive(self.paths.archives_dir, self.api_base, account.id,
                                 account.username)  # fmt: skip
            self.accounts.registry.learn_id(self.api_base, account.username, account.id)
            root = archive_root(self.paths.archives_dir, self.api_base, account.id)
            with Archive.open(root, write=True, identity=identity) as archive:
                run = BackupRun(client, archive, BackupOptions(kind=kind, media=media), progress,
                                cancel)  # fmt: skip
                return run.run()
        finally:
            client.close()
