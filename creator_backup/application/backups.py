"""A backup run, and the live comparison built on one, as both faces run them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from creator_backup.application.accounts import Accounts, Login
from creator_backup.application.archives import Archives
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.diff.compare import DiffResult, choose_snapshots, diff
from creator_backup.diff.probe import probe_removed_pins
from creator_backup.errors import AppError, Cancelled
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress


@dataclass(frozen=True)
class LiveDiff:
    """What is gone from the live account since a snapshot, with Pinterest's answer for
    each vanished pin asked about (pins not asked about are absent from `probes`)."""

    result: DiffResult
    probes: dict[str, str] = field(default_factory=dict)


class Backups:
    def __init__(self, accounts: Accounts, archives: Archives) -> None:
        self.accounts = accounts
        self.archives = archives

    def run(
        self,
        login: Login,
        options: BackupOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> BackupResult:
        """One backup run: a snapshot, complete or honestly partial."""
        token = cancel or CancelToken()
        with self._live_archive(login, token) as archive:
            return BackupRun(login.client, archive, options, progress, token).run()

    def run_account(
        self,
        record: AccountRecord,
        options: BackupOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> BackupResult:
        """A run with the account's saved login (the window's way)."""
        with self.accounts.login(record) as login:
            return self.run(login, options, progress, cancel)

    def live_diff(
        self,
        login: Login,
        older: int | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> LiveDiff:
        """A full listing of the live account (kept as a snapshot), compared with an
        older snapshot (the last complete one before it by default)."""
        token = cancel or CancelToken()
        with self._live_archive(login, token) as archive:
            if archive.last_complete() is None:
                raise AppError(
                    "There is no complete snapshot to compare with yet; run a backup first."
                )
            fresh = BackupRun(
                login.client, archive, BackupOptions(kind="full"), progress, token
            ).run()
            if fresh.outcome == RunOutcome.CANCELLED:
                raise Cancelled()
            if not fresh.complete:
                raise AppError(
                    f"The live listing did not finish ({fresh.stopped}), so it cannot show "
                    "what was removed; try again later."
                )
            result = diff(archive, *choose_snapshots(archive, older, fresh.snapshot.id))
            return LiveDiff(result, probe_removed_pins(login.client, archive, result, progress))

    @contextmanager
    def _live_archive(self, login: Login, cancel: CancelToken) -> Iterator[Archive]:
        """The live account's archive, opened for writing, with every request of the run
        (reading the account first, the listing, probing vanished pins) ended at once by
        a cancel, however long a wait the server asked for."""
        with login.client.cancellable(cancel):
            account = self.accounts.live_account(login)
            with self.archives.writing(account) as archive:
                yield archive
