"""A restore as both faces run it: the login's write permission checked first, the
account's archive opened for writing (its lock covers the restore journal beside it),
then the plan (a dry run: only reads) or the restore itself. Cancelling reaches the
requests too, so a retry wait ends at once."""

from __future__ import annotations

from dataclasses import dataclass, field

from creator_backup.api.budget import TRIAL
from creator_backup.application.accounts import Accounts, Login
from creator_backup.application.archives import Archives
from creator_backup.archive.records import Snapshot
from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import AppError, Cancelled
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.restore.execute import RestoreOptions, RestoreRun
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import (
    CANCELLED_WHILE_PLANNING,
    NoWritePermission,
    TrialNotConfirmed,
    write_permission,
)


@dataclass(frozen=True)
class RestoreSources:
    """What the archive offers to restore from, read with no network."""

    snapshots: list[Snapshot] = field(default_factory=list)  # complete ones, newest first
    default: Snapshot | None = None  # the evidence baseline, else the last complete one
    baseline: Snapshot | None = None  # the last complete one before the account was lost


@dataclass(frozen=True)
class BoardChoice:
    id: str  # as in the snapshot
    name: str  # Pinterest text: shown as plain text


class Restores:
    def __init__(self, accounts: Accounts, archives: Archives) -> None:
        self.accounts = accounts
        self.archives = archives

    def sources(self, record: AccountRecord) -> RestoreSources:
        if not self.archives.exists(record):
            return RestoreSources()
        with self.archives.reading(record) as archive:
            # An imported data export is not a backup: nothing can be restored from it.
            complete = [s for s in archive.snapshots() if s.complete and not s.is_export]
            baseline = archive.evidence_baseline()
            if baseline is not None and not baseline.complete:
                baseline = None
            last = archive.last_complete()
        return RestoreSources(list(reversed(complete)), baseline or last, baseline)

    def boards(self, record: AccountRecord, snapshot_id: int) -> list[BoardChoice]:
        """The boards of one snapshot, by name."""
        with self.archives.reading(record) as archive:
            versions = archive.objects_in(snapshot_id, "board")
        boards = [
            BoardChoice(board_id, str(v.raw.get("name") or "")) for board_id, v in versions.items()
        ]
        return sorted(boards, key=lambda b: (b.name.casefold(), b.id))

    def can_write(self, record: AccountRecord) -> bool | None:
        """The saved login's write permission, as Pinterest granted it (no network)."""
        try:
            tokens = self.accounts.service.tokens_for(record)
        except AppError:  # the keyring, the accounts file: read at once, nothing to cancel
            return None  # the run itself says what is wrong with the login
        return write_permission(tokens.scopes, tokens.scopes_partial)

    def trial_access(self, record: AccountRecord | None) -> bool:
        """Whether the login's app is known to have Trial access (from Pinterest's answers,
        or the creator's setting), with no network: a restore says so before it sends."""
        return self.accounts.budgets.reading(record).access == TRIAL

    def run(
        self,
        login: Login,
        options: RestoreOptions,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> RestoreResult:
        """The plan alone with `options.dry_run` (sends nothing), else the restore itself:
        planned again from the live account, then carried out, journaled and idempotent."""
        token = cancel or CancelToken()
        client = login.client
        try:
            if (
                not options.dry_run
                and write_permission(client.granted_scopes, client.scopes_partial) is False
            ):
                raise NoWritePermission()
            reading = client.budget_reading()
            trial = reading is not None and reading.access == TRIAL
            if not options.dry_run and not options.confirm_trial and trial:
                raise TrialNotConfirmed()
            # Cancel reaches the requests too: a long listing or wait ends at once. The run
            # itself takes the same scope; this one covers finding the account first.
            with client.cancellable(token):
                account = self.accounts.live_account(login)
                with self.archives.writing(account, must_exist=True) as archive:
                    return RestoreRun(client, archive, options, progress, token).run()
        except Cancelled:  # while planning: the run itself reports a cancel after that
            raise Cancelled(CANCELLED_WHILE_PLANNING) from None
