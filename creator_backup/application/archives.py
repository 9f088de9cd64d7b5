"""An account's archive: read with no network, or opened for a run that writes it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.locate import DB_NAME, archive_root
from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord, AccountRegistry
from creator_backup.errors import AppError, UsageError
from creator_backup.progress import ProgressSink, ignore_progress

# Imported where used: the window's first page reads an archive's status, and these pull
# in what only a run, a check or a comparison needs (issue 22: the window opens at once).
if TYPE_CHECKING:
    from creator_backup.api.errors import AccountUnavailable
    from creator_backup.api.models import Account
    from creator_backup.archive.verify import VerifyReport
    from creator_backup.diff.compare import DiffResult
    from creator_backup.evidence.snapshot_stamps import StampState

# What a loss counts, in the order it is said: "1 board, 2 sections and 36 pins".
LOSS_KINDS = ("board", "section", "pin")


@dataclass(frozen=True)
class Loss:
    """What a complete backup found gone since the complete backup before it: the objects
    the archive marked missing as of that run (missing_since), and still missing. Only a
    complete run marks anything missing, so a cancelled or partial one never adds to it."""

    found_by: Snapshot  # the complete backup that saw them gone
    since: Snapshot  # the complete backup before it: the last that listed them all
    gone: dict[str, int]  # kind (LOSS_KINDS) -> how many; only kinds with some

    @property
    def total(self) -> int:
        return sum(self.gone.values())


def loss_of(archive: Archive, found_by: int | None = None) -> Loss | None:
    """The loss the newest complete backup found (or backup `found_by`, when it is the
    newest complete one); None when it found nothing gone or there is no earlier complete
    backup to have seen it there."""
    newest = archive.last_complete()
    if newest is None or (found_by is not None and newest.id != found_by):
        return None
    before = archive.last_complete(before=newest.id)
    if before is None:
        return None
    counts = archive.gone_as_of(newest.id)
    gone = {kind: counts[kind] for kind in LOSS_KINDS if counts.get(kind)}
    return Loss(newest, before, gone) if gone else None


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
    # What the archive holds, gone content included (what Browse lists): the counts above
    # are what the last complete backup found on Pinterest.
    held_boards: int = 0
    held_sections: int = 0
    held_pins: int = 0
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
    # What the newest complete backup found gone since the one before it: never "up to
    # date" while there is one.
    loss: Loss | None = None


@dataclass(frozen=True)
class ArchiveMark:
    """What changes when a run writes an archive, whichever process made it (the window, the
    schedule's task, the command line): its newest snapshot and how far that run got.
    Two equal marks: nothing new to show."""

    snapshot_id: int
    status: str
    finished_at: str | None


class Archives:
    """The archives of one API's accounts, under one archives folder."""

    def __init__(self, archives_dir: Path, api_base: str, registry: AccountRegistry) -> None:
        self.archives_dir = archives_dir
        self.api_base = api_base.rstrip("/")
        self.registry = registry

    def root(self, record: AccountRecord) -> Path:
        if record.archive_only:
            # Its folder's own name, as found on disk (never Pinterest text).
            return self.archives_dir / record.account_id
        return archive_root(self.archives_dir, record.api_base, record.account_id)

    def exists(self, record: AccountRecord) -> bool:
        return (self.root(record) / DB_NAME).exists()

    # -- writing: the one place an archive is opened for a run that writes it ------------

    @contextmanager
    def writing(self, account: Account, must_exist: bool = False) -> Iterator[Archive]:
        """The live account's archive, opened for writing (taking its lock) and stamped
        with the account it belongs to. An archive made from the account's data export
        becomes this one first, and the login learns the account's id. `must_exist`: a
        run that only makes sense with a history (a restore) says so instead of starting
        an empty archive."""
        root = archive_root(self.archives_dir, self.api_base, account.id)
        if must_exist and not (root / DB_NAME).exists():
            # Said before anything changes on disk: a restore's check only reads.
            raise UsageError(
                f"There is no archive of {account.username} to restore from; run a backup first."
            )
        from creator_backup.data_export.service import adopt_export_archive

        adopt_export_archive(self.archives_dir, self.api_base, account.id, account.username)
        self.registry.learn_id(self.api_base, account.username, account.id)
        identity = {"account_id": account.id, "username": account.username,
                    "api_base": self.api_base}  # fmt: skip
        with Archive.open(root, write=True, identity=identity) as archive:
            yield archive

    def remember_unavailable(self, record: AccountRecord | None, error: AccountUnavailable) -> None:
        """The account watchdog, for when the account fails before a run can even start:
        the archive keeps when it was found unavailable, and why, as evidence."""
        if record is None or not self.exists(record):
            return  # no archive yet: nothing to keep as evidence
        try:
            archive = Archive.open(self.root(record), write=True)
        except AppError:
            return  # busy or damaged: the caller's own error says what to do
        with archive:
            baseline = archive.last_complete()
            archive.mark_account_unavailable(
                baseline.id if baseline else None, error.message, error.request_id
            )

    # -- reading, with no network ---------------------------------------------------------

    @contextmanager
    def reading(self, record: AccountRecord) -> Iterator[Archive]:
        """The account's archive opened read-only: usable while a backup writes it."""
        archive = Archive.open(self.root(record), write=False)
        try:
            yield archive
        finally:
            archive.close()

    @contextmanager
    def browsing(self, record: AccountRecord) -> Iterator[ArchiveBrowser]:
        with self.reading(record) as archive:
            yield ArchiveBrowser(archive)

    def status(self, record: AccountRecord) -> ArchiveStatus:
        if not self.exists(record):
            return ArchiveStatus(exists=False)
        with self.reading(record) as archive:
            return _status(archive, self.root(record))

    def loss(self, record: AccountRecord, found_by: int | None = None) -> Loss | None:
        """What the newest complete backup (only if it is `found_by`, when given) found
        gone: the figures the window's alert and the desktop notification say."""
        if not self.exists(record):
            return None
        with self.reading(record) as archive:
            return loss_of(archive, found_by)

    def mark(self, record: AccountRecord) -> ArchiveMark | None:
        """The archive's mark (None with no archive or no snapshot yet): one small read, cheap
        enough to repeat every few seconds."""
        if not self.exists(record):
            return None
        with self.reading(record) as archive:
            last = archive.latest_snapshot()
        return None if last is None else ArchiveMark(last.id, last.status, last.finished_at)

    def snapshots(self, record: AccountRecord) -> list[Snapshot]:
        if not self.exists(record):
            return []
        with self.reading(record) as archive:
            return archive.snapshots()

    def stamp_states(self, record: AccountRecord) -> dict[int, StampState]:
        """Whether each snapshot is time-stamped (by its files beside the database)."""
        if not self.exists(record):
            return {}
        from creator_backup.evidence.snapshot_stamps import snapshot_stamp_state

        with self.reading(record) as archive:
            return {s.id: snapshot_stamp_state(archive.root, s.id) for s in archive.snapshots()}

    def timeline(self, record: AccountRecord) -> list[tuple[Snapshot, int]]:
        """Every snapshot, oldest first, with how many boards of it the run did not check
        (a quick backup left them out, Pinterest refused them, or the run stopped first)."""
        if not self.exists(record):
            return []
        with self.reading(record) as archive:
            unchecked = ArchiveBrowser(archive).unchecked_counts()
            return [(s, unchecked.get(s.id, 0)) for s in archive.snapshots()]

    def verify(
        self,
        record: AccountRecord,
        read_data: bool = False,
        subset: tuple[int, int] | None = None,
        progress: ProgressSink = ignore_progress,
    ) -> VerifyReport:
        """The archive's integrity: its database, and its media files (re-hashed with
        `read_data`, all or the `subset` (n, of m) of them)."""
        from creator_backup.archive.verify import verify

        with self.reading(record) as archive:
            return verify(archive, read_data=read_data, subset=subset, progress=progress)

    def compare(
        self, record: AccountRecord, older: int | None = None, newer: int | None = None
    ) -> DiffResult:
        """What changed between two snapshots (the last two complete ones by default)."""
        from creator_backup.diff.compare import choose_snapshots, diff

        with self.reading(record) as archive:
            return diff(archive, *choose_snapshots(archive, older, newer))

    def compare_with_export(
        self, record: AccountRecord, older: int | None = None, newer: int | None = None
    ) -> DiffResult:
        """As `compare`, and with only one backup, what Pinterest's data export says."""
        from creator_backup.diff.compare import choose_with_export, diff

        with self.reading(record) as archive:
            return diff(archive, *choose_with_export(archive, older, newer))

    def export_loss(self, record: AccountRecord, export_id: int) -> DiffResult:
        """What an imported data export says is gone (its `Alive: False` pins that no
        backup still shows); nothing is compared with it, since it lists no account."""
        from creator_backup.diff.compare import diff

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


def _status(archive: Archive, root: Path) -> ArchiveStatus:
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
    held = ArchiveBrowser(archive).held()
    return ArchiveStatus(
        exists=True,
        snapshots=len(snapshots),
        last=snapshots[-1] if snapshots else None,
        last_complete=last_complete,
        boards=counts["board"],
        sections=counts["section"],
        pins=counts["pin"],
        held_boards=held["board"],
        held_sections=held["section"],
        held_pins=held["pin"],
        media_files=files,
        media_bytes=size,
        database_bytes=sum(p.stat().st_size for p in root.glob(DB_NAME + "*") if p.is_file()),
        unavailable_since=archive.meta("account_unavailable_since"),
        unavailable_message=archive.meta("account_unavailable_message"),
        baseline=archive.evidence_baseline(),
        last_export=exports[-1] if exports else None,
        export_pins=archive.count_export(exports[-1].id, "pin") if exports else 0,
        export_not_alive=len(archive.export_removals()) if exports else 0,
        unchecked_boards=len(unchecked),
        # A board no listing ever read has no date: then none is given.
        oldest_check=times.get(min(listed)) if listed and len(listed) == len(unchecked) else None,
        media_pending=archive.count_missing_media() if last_complete else 0,
        loss=loss_of(archive),
    )
