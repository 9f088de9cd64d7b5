"""A backup run, and the live comparison built on one, as both faces run them; what the
next one will cost in requests, and whether the day's budget (Trial access) lets a
scheduled one run."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from creator_backup.api.budget import TRIAL, BudgetReading, BudgetSpent
from creator_backup.api.models import Account
from creator_backup.api.transport import ResponseRecord
from creator_backup.application.accounts import Accounts, Login
from creator_backup.application.archives import Archives
from creator_backup.application.budget import BudgetStatus
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.budget import account_requests, days_needed
from creator_backup.backup.engine import AccountRead, BackupOptions, BackupResult, BackupRun
from creator_backup.backup.estimate import Estimate, estimate_next_run
from creator_backup.backup.kinds import FULL, QUICK
from creator_backup.diff.compare import DiffResult, choose_snapshots, diff
from creator_backup.diff.probe import probe_removed_pins
from creator_backup.errors import AppError, Cancelled
from creator_backup.evidence.authorities import Authorities, choose_authorities
from creator_backup.evidence.snapshot_stamps import (
    StampReport,
    snapshot_stamp_state,
    stamp_queued,
    stamp_snapshot,
)
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.settings import Settings, SettingsStore, parse_time
from creator_backup.words import moment_text, plural

log = logging.getLogger(__name__)

# How a scheduled backup that did not run ended, as data (the faces word it).
SKIPPED_FOR_BUDGET = "skipped_budget"
# A snapshot's start (whole seconds) and the day's start (from a reset in whole seconds)
# may each be a second off: see Backups._ran_since.
RAN_SLACK_S = 2.0


@dataclass(frozen=True)
class LiveDiff:
    """What is gone from the live account since a snapshot, with Pinterest's answer for
    each vanished pin asked about (pins not asked about are absent from `probes`)."""

    result: DiffResult
    probes: dict[str, str] = field(default_factory=dict)


class Backups:
    def __init__(
        self, accounts: Accounts, archives: Archives, settings: SettingsStore | None = None
    ) -> None:
        self.accounts = accounts
        self.archives = archives
        self.budgets = accounts.budgets
        self.settings = settings

    # -- what a run costs, with no request to Pinterest -----------------------------------

    def estimate(self, record: AccountRecord) -> int | None:
        """Requests the next full backup of the account is expected to need, from its
        archive (the last snapshot's counts, an unfinished run's listings done); None
        with no archive yet."""
        found = self._estimate(record, FULL)
        return None if found is None else found.requests

    def days_to_back_up(self, record: AccountRecord, limit: int | None) -> int | None:
        """Days of `limit` requests the next full backup takes, counted as a paused
        backup's summary counts them (backup/budget.days_needed: each day's run spends
        the account and its board list before it lists anything); None with no archive
        yet, no daily limit, or a day that cannot pay even for that."""
        found = self._estimate(record, FULL)
        return None if found is None else days_needed(found.listings, limit, found.overhead)

    def budget(self, record: AccountRecord | None) -> BudgetStatus:
        """The day's request budget of the app the account's login uses (None: a token
        in the environment for no connected account)."""
        return self.budgets.status(record)

    def should_run_scheduled(self, record: AccountRecord) -> tuple[bool, str]:
        """Whether a scheduled backup of the account runs now, and if not why, in words.
        With Trial access a run is skipped when today's budget cannot pay for what a quick
        backup needs at least and one already ran today (or nothing is left at all): several
        runs a day then never spend the budget on listings they cannot finish. The window's
        scheduler and the scheduled command ask the same question."""
        budget = self.budgets.reading(record)
        if budget.access != TRIAL or budget.left is None or budget.limit is None:
            return True, ""
        found = self._estimate(record, QUICK)
        need = found.requests if found is not None else account_requests(None)
        if budget.left >= need:
            return True, ""
        if budget.left > 0 and not self._ran_since(record, budget.day_started):
            return True, ""  # the day's first run does what it can, most valuable first
        sentence = skip_sentence(budget, need, self.budgets.clock())
        log.info("scheduled backup of %s skipped: %s", record.username, sentence)
        return False, sentence

    def _estimate(self, record: AccountRecord, kind: str) -> Estimate | None:
        if not self.archives.exists(record):
            return None
        with self.archives.reading(record) as archive:
            return estimate_next_run(archive, kind)

    def _ran_since(self, record: AccountRecord, moment: float | None) -> bool:
        """Whether the last backup started at `moment` (the day's start) or later. Both
        are a little coarse: a snapshot's start is kept to the second, and the day's start
        is told from a reset Pinterest gives in whole seconds (up to one late), so a run
        within RAN_SLACK_S before it counts (the day began with the login a moment before
        that run: it is that day's)."""
        if moment is None:
            return False
        for snapshot in reversed(self.archives.snapshots(record)):
            started = parse_time(snapshot.started_at)
            if started is not None and not snapshot.is_export:
                return started.timestamp() + RAN_SLACK_S > moment
        return False

    # -- runs -----------------------------------------------------------------------------

    def _first_read(self, login: Login) -> Account:
        """The live account, read to find its archive. With nothing left of the day's
        budget not even that is sent: the backup does not start, and says until when."""
        try:
            return self.accounts.live_account(login)
        except BudgetSpent as spent:
            now = self.budgets.clock()
            raise BudgetSpent(
                f"The backup did not start: {spent.message} "
                + goes_on_sentence(spent.resets_at, now),
                spent.resets_at,
            ) from spent

    def run(
        self,
        login: Login,
        options: BackupOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> BackupResult:
        """One backup run: a snapshot, complete or honestly partial."""
        token = cancel or CancelToken()
        with self._live_archive(login, token) as (archive, read):
            result = BackupRun(login.client, archive, options, progress, token, read).run()
            self._stamp(archive, result, options or BackupOptions())
            return result

    def authorities(self, wanted: bool = True) -> Authorities:
        """The time-stamp authorities a run asks (none when stamping is off)."""
        settings = self.settings.load() if self.settings is not None else Settings()
        return choose_authorities(
            wanted and settings.timestamps, settings.tsa_urls, settings.tsa_roots
        )

    def _stamp(self, archive: Archive, result: BackupResult, options: BackupOptions) -> None:
        """Time stamps for a complete snapshot, and for earlier ones still queued (this run
        is their next chance). A failure here never fails the backup: the snapshot stays
        queued, and the summary says so."""
        authorities = self.authorities(options.timestamp)
        if not authorities.enabled:
            return
        snapshot = archive.snapshot(result.snapshot.id)
        try:
            result.timestamps_caught_up = stamp_queued(archive, authorities)
            if snapshot.complete:
                result.timestamps = stamp_snapshot(archive, snapshot, authorities)
        except Exception:  # a bug or a full disk: logged, told, and the backup stands
            log.exception("time-stamping snapshot %s failed", snapshot.id)
            state = snapshot_stamp_state(archive.root, snapshot.id)
            result.timestamps = StampReport(
                snapshot.id, state, failures={"": "time-stamping failed (see the log file)"}
            )

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
        with self._live_archive(login, token) as (archive, read):
            if archive.last_complete() is None:
                raise AppError(
                    "There is no complete snapshot to compare with yet; run a backup first."
                )
            fresh = BackupRun(
                login.client, archive, BackupOptions(kind="full"), progress, token, read
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
    def _live_archive(
        self, login: Login, cancel: CancelToken
    ) -> Iterator[tuple[Archive, AccountRead]]:
        """The live account's archive, opened for writing, with every request of the run
        (reading the account first, the listing, probing vanished pins) ended at once by
        a cancel, however long a wait the server asked for. The account read to find the
        archive is handed to the run, with its responses: it is the run's first read."""
        responses: list[ResponseRecord] = []
        with login.client.cancellable(cancel):
            calls = login.client.calls
            with login.client.observing(responses.append):
                account = self._first_read(login)
            read = AccountRead(account, responses, login.client.calls - calls)
            with self.archives.writing(account) as archive:
                yield archive, read


def goes_on_sentence(resets_at: float | None, now: float) -> str:
    when = f", {moment_text(resets_at, now)}," if resets_at else ""
    return f"The next backup after the limit resets{when} goes on."


def skip_sentence(budget: BudgetReading, need: int, now: float) -> str:
    """Why a scheduled backup did not run, for the log and the window."""
    tier = f"Trial access, {budget.limit:,} a day"
    when = f", {moment_text(budget.resets_at, now)}," if budget.resets_at else ""
    if not budget.left:
        said = f"Pinterest allows your app no more requests today ({tier})"
    else:
        said = (
            f"it needs about {plural(need, 'request')} and Pinterest allows your app only "
            f"{budget.left:,} more today ({tier}); a backup already ran today"
        )
    return f"Scheduled backup skipped: {said}. The next one after the limit resets{when} goes on."
