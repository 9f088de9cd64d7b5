"""A backup run: one snapshot of the account, resumable and honest about gaps.

Order of work: the account; every board (all privacy levels the scopes allow); each
board's sections and pins (a board's pin list includes its section pins, placed by
board_section_id); then GET /pins for the user's own pins, so pins on no visible board are
not missed. Media download in a bounded pool while listings go on at the rate limiter's
pace.

What the run observed is kept apart from what it did not: each board's listing is
recorded as listed, carried (a quick run left it out) or refused (Pinterest answered 403
or 404 for it), and only a listing moves an object's "last seen". A snapshot is complete
when every board was listed or is named as not checked; anything less (cancelled, an
error, the budget spent) is partial and never used to conclude that something was
removed. How the run ended is a RunOutcome, stored as such.

The archive is written from this thread only; download workers hand results back.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from creator_backup.api.budget import BudgetReading
from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    MissingScope,
    RateLimited,
    TrialAccessLimit,
)
from creator_backup.api.models import Account, Board, Pin, media_notes
from creator_backup.api.pagination import MOST_PINS, PAGE_SIZE, RunBudget, most_items
from creator_backup.api.transport import ResponseRecord
from creator_backup.archive.disk_full import DiskFull, is_disk_full
from creator_backup.archive.listings import OWN_PINS, Staged, board_key
from creator_backup.archive.outcomes import CarryReason, ListingState, RunOutcome
from creator_backup.archive.records import JsonDict
from creator_backup.archive.store import Archive, Capture, ObjectVersion, Snapshot
from creator_backup.backup.budget import KnownCounts, account_requests, days_needed, pages
from creator_backup.backup.kinds import FULL, QUICK
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS, MediaPipeline
from creator_backup.errors import Cancelled
from creator_backup.evidence.snapshot_stamps import StampReport
from creator_backup.progress import (
    CancelToken,
    Progress,
    ProgressSink,
    RateMeter,
    ignore_progress,
)
from creator_backup.words import one_line, plural

log = logging.getLogger(__name__)

BATCH = PAGE_SIZE  # objects per transaction: one page
# A quick run may leave a board out only when both of these are present, comparable and
# unchanged since its last listing; even then it says the board was not checked.
BOARD_COUNTERS = ("pin_count", "board_pins_modified_at")
CANCELLED_SENTENCE = "Cancelled."
LISTED_PHASE = "Every board read"  # the listings are done; files may still be arriving
DISK_FULL_SENTENCE = "The disk holding the archive is full."
CRASH_SENTENCE = "The backup stopped on an unexpected problem"
STALE_SENTENCE = (
    "The account changed since the last backup was interrupted, so that backup cannot be "
    "finished as it was; the next run takes a fresh snapshot."
)


def budget_short_sentence(left: int) -> str:
    """Why a run stopped with listings it could not pay for, none of them begun."""
    allowed = f"only {plural(left, 'more request')}" if left else "no more requests"
    return f"Pinterest allows this app {allowed} today, too few for the rest of the backup."


@dataclass
class ListingPlan:
    """The listings a run still has to do, and what each costs in requests."""

    boards: list[Board] = field(default_factory=list)
    costs: dict[str, int] = field(default_factory=dict)
    own_pins: bool = False  # GET /pins is still to do
    own_cost: int = 0
    overhead: int = 0  # each run's account and board list

    @property
    def requests(self) -> int:
        return sum(self.costs[b.id] for b in self.boards) + (self.own_cost if self.own_pins else 0)


@dataclass
class BackupOptions:
    # "full" (the default: every board listed, only new files downloaded) or "quick"
    # (fewer requests, for Trial access: boards whose counters did not move are left out
    # and shown as not checked).
    kind: str | None = None
    media: bool = True
    workers: int = DEFAULT_WORKERS
    # Trusted time stamps on a complete snapshot (the application layer asks for them
    # after the run; `--no-timestamp` and the setting turn them off).
    timestamp: bool = True


@dataclass
class BackupResult:
    snapshot: Snapshot
    outcome: RunOutcome = RunOutcome.RUNNING
    boards: int = 0
    sections: int = 0
    pins: int = 0
    media_files: int = 0
    media_bytes: int = 0
    api_calls: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    # Objects Pinterest sent that cannot be read (no usable id, not an object): recorded,
    # left out, and no reason to call the snapshot partial.
    skipped: list[dict[str, str]] = field(default_factory=list)
    stopped: str | None = None  # why a partial run stopped, in words (Pinterest's too)
    # Boards of the snapshot this run did not list: carried by a quick run, or refused by
    # Pinterest; each with when it was last listed. Everything about them is as of then.
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    # Files of present pins still not stored (fetched by the next run).
    media_pending: int = 0
    pin_count_gaps: dict[str, int] = field(default_factory=dict)
    # Requests this run expected to need, and what Pinterest's limit had left at its start
    # (x-ratelimit-remaining): with Trial access, a day's budget.
    estimated_calls: int | None = None
    remaining_at_start: int | None = None
    # With a day's budget (Trial access): the boards this snapshot has read so far (over
    # every day's run of it), those left for the next run, the requests their listings
    # still need, and the budget as the run ended.
    boards_read: int = 0
    boards_waiting: int = 0
    requests_to_finish: int | None = None
    budget: BudgetReading | None = None
    # The snapshot's time stamps (None: stamping is off), and earlier snapshots' queued
    # stamps this run sent.
    timestamps: StampReport | None = None
    timestamps_caught_up: list[StampReport] = field(default_factory=list)
    daily_overhead: int = 0  # what each day's run spends before it lists: account, boards
    # When the snapshot was read, from its captured answers (over every run of it): the
    # first and last answer (UTC), each UTC day some came on, and how many runs read it.
    # A snapshot continued on later days holds each board as it was when it was listed.
    read_from: str | None = None
    read_until: str | None = None
    read_days: list[str] = field(default_factory=list)
    read_runs: int = 1
    # Boards an earlier run of this snapshot listed whose counters (absent, as real
    # answers often have them) cannot show whether they changed since: kept as then read.
    earlier_unproven: int = 0
    # Secret boards the archive holds that this complete run did not see, while its login
    # was not known to be allowed to see secret content: not concluded removed.
    secret_unseen: int = 0

    @property
    def days_to_finish(self) -> int | None:
        """Days of the budget that what is left still needs; None when not known."""
        if self.requests_to_finish is None or self.budget is None:
            return None
        return days_needed(self.requests_to_finish, self.budget.limit, self.daily_overhead)

    @property
    def complete(self) -> bool:
        return self.outcome.complete

    @property
    def refused(self) -> list[dict[str, Any]]:
        return [u for u in self.unchecked if u["state"] == ListingState.REFUSED.value]

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot.id,
            "kind": self.snapshot.kind,
            "outcome": self.outcome.value,
            "complete": self.complete,
            "boards": self.boards,
            "sections": self.sections,
            "pins": self.pins,
            "media_files": self.media_files,
            "media_bytes": self.media_bytes,
            "media_pending": self.media_pending,
            "api_calls": self.api_calls,
            "failed": self.failed,
            "skipped": self.skipped,
            "stopped": self.stopped,
            "unchecked": self.unchecked,
            "pin_count_gaps": self.pin_count_gaps,
            "estimated_calls": self.estimated_calls,
            "remaining_at_start": self.remaining_at_start,
            "boards_read": self.boards_read,
            "boards_waiting": self.boards_waiting,
            "requests_to_finish": self.requests_to_finish,
            "days_to_finish": self.days_to_finish,
            "budget_at_end": self.budget.to_json() if self.budget is not None else None,
            "read_from": self.read_from,
            "read_until": self.read_until,
            "read_days": self.read_days,
            "read_runs": self.read_runs,
            "earlier_unproven": self.earlier_unproven,
            "secret_unseen": self.secret_unseen,
            "timestamps": self.timestamps.to_json() if self.timestamps else None,
            "timestamps_caught_up": [r.to_json() for r in self.timestamps_caught_up],
        }


@dataclass(frozen=True)
class LostFiles:
    """Stored files found missing or damaged on disk at the end of the listings."""

    found: dict[str, list[str]] = field(default_factory=dict)  # sha256 -> its URLs

    @property
    def shas(self) -> list[str]:
        return list(self.found)

    @property
    def urls(self) -> list[str]:
        return [url for urls in self.found.values() for url in urls]


@dataclass(frozen=True)
class AccountRead:
    """The account as read just before the run (to find its archive), with Pinterest's
    responses: the run takes it as its own first read instead of asking again, which
    would cost one more of a Trial day's requests."""

    account: Account
    responses: list[ResponseRecord] = field(default_factory=list)
    calls: int = 1  # the requests the read took (every try)


class StopRun(Exception):
    """Ends the listings early; the snapshot is recorded as partial, with its outcome."""

    def __init__(self, outcome: RunOutcome, sentence: str) -> None:
        super().__init__(sentence)
        self.outcome = outcome
        self.sentence = sentence


class BackupRun:
    def __init__(
        self,
        client: PinterestClient,
        archive: Archive,
        options: BackupOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        account_read: AccountRead | None = None,
    ) -> None:
        self.client = client
        self.archive = archive
        self._account_read = account_read
        self.options = options or BackupOptions()
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self._media: MediaPipeline | None = None
        # The run's requests include the read of the account it takes over.
        self._calls_at_start = client.calls - (account_read.calls if account_read else 0)
        self._meter = RateMeter()
        self._captures: list[Capture] = []
        self._remaining: str | None = None
        self._snapshot: Snapshot | None = None
        # The pins this run's board listings may bring together; set from the account's
        # pin count once it is read.
        self._board_pins = RunBudget(MOST_PINS, "pins on boards")
        self._finished = False  # the snapshot was closed with the run's outcome
        self._plan: ListingPlan | None = None  # the listings left once the boards are read
        self._runs = 1  # the runs that have read this snapshot, this one included

    def _capture(self, record: ResponseRecord) -> None:
        self._remaining = record.ratelimit_remaining
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(record.at))
        self._captures.append(
            Capture(at, record.method, record.endpoint, record.status, record.request_id)
        )

    def _flush_captures(self, snapshot: Snapshot) -> None:
        if self._captures:
            with self.archive.transaction() as tx:
                self.archive.record_captures(tx, snapshot.id, self._captures)
            self._captures = []

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> BackupResult:
        try:
            return self._run()
        except Exception as exc:
            if not is_disk_full(exc):
                self._close_after_crash(exc)
                raise
            self._stop_on_full_disk()
            raise DiskFull() from exc

    def _close_after_crash(self, error: Exception) -> None:
        """A failure no part of the run foresaw still ends its snapshot as failed, with
        the failure's kind: left `running`, every later run would resume into it."""
        if self._snapshot is None or self._finished:
            return
        note = f"{CRASH_SENTENCE} ({type(error).__name__})."
        try:
            self.archive.finish_snapshot(
                self._snapshot.id, RunOutcome.FAILED, {"read_runs": self._runs}, note=note
            )
        except Exception:
            log.exception("the snapshot could not be closed after an unexpected failure")

    def _stop_on_full_disk(self) -> None:
        """A full disk refused a database write: files stored whose rows it could not take,
        and partial downloads, are removed to give space back, so the archive is exactly
        what its database says (verify stays clean); then the snapshot is closed as partial
        if the freed space allows (otherwise it stays `running`, and the next run resumes
        it either way)."""
        log.warning("the disk holding the archive is full; stopping the backup")
        if self._media is not None:
            self._media.stop()
        self.archive.media.clean_tmp(set())
        dropped = self.archive.drop_unrecorded_media()
        log.info("removed %d stored files the database could not record", dropped)
        if self._snapshot is None:
            return
        try:
            self.archive.finish_snapshot(
                self._snapshot.id,
                RunOutcome.DISK_FULL,
                {"read_runs": self._runs},
                note=DISK_FULL_SENTENCE,
            )
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.warning("the snapshot could not be closed: the disk is still full")

    def _run(self) -> BackupResult:
        snapshot, resumed = self._open_snapshot()
        self._snapshot = snapshot
        if resumed:
            # Runs before this one, as the last of them recorded (at least one).
            earlier_runs = snapshot.stats.get("read_runs")
            if not isinstance(earlier_runs, int) or isinstance(earlier_runs, bool):
                earlier_runs = 1
            self._runs = max(earlier_runs, 1) + 1
        result = BackupResult(snapshot, read_runs=self._runs)
        unreadable_before = len(self.client.unreadable)
        lost = LostFiles()
        done = self.archive.done_listings(snapshot.id)
        kept = {p.name for p in self.archive.media.tmp.glob("*.part")}
        # A validator is kept only beside its part file: alone it resumes nothing.
        kept |= {p.name for p in self.archive.media.tmp.glob("*.etag") if f"{p.stem}.part" in kept}
        self.archive.media.clean_tmp(kept)
        if resumed:
            log.info("resuming snapshot %s (%d listings already done)", snapshot.id, len(done))
        # Every response is kept as evidence, and the run's cancel is checked between
        # calls and during their waits, until the `finally` below closes both.
        scope = ExitStack()
        scope.enter_context(self.client.observing(self._capture))
        scope.enter_context(self.client.cancellable(self.cancel))
        for response in self._account_read.responses if self._account_read else ():
            self._capture(response)  # the read this run takes over is its evidence too
        if self.options.media:
            self._media = MediaPipeline(
                self.archive, snapshot.id, self.options.workers, self.progress,
                self.cancel.is_set, self.client.api_base,
            )  # fmt: skip
        try:
            try:
                self._list_everything(snapshot, done, result, resumed)
                self.progress(Progress(LISTED_PHASE))
            except StopRun as stop:
                result.outcome, result.stopped = stop.outcome, stop.sentence
            if result.stopped is None:
                if self._media is not None:
                    # Files the listings queued are stored before the disk is looked at:
                    # a file being stored now must not be taken for a lost one.
                    self._media.drain(until_empty=True)
                lost = self._find_lost_files()
            if self._media is not None and result.stopped is None:
                # Media that earlier runs could not fetch, pins carried by a quick run, and
                # stored files the disk lost (those of removed pins too: evidence).
                missing = list(dict.fromkeys(self.archive.missing_media_urls() + lost.urls))
                for start in range(0, len(missing), BATCH):
                    self._media.enqueue(missing[start : start + BATCH])
                    self._media.drain()
            if self._media is not None:
                self._media.drain(until_empty=True)
            if resumed:
                # A run killed between storing a file and recording it left that file
                # unreferenced; it is whole (stored only after its fsync), so keep it.
                self.archive.adopt_unrecorded_media()
        except Cancelled:
            result.outcome, result.stopped = RunOutcome.CANCELLED, CANCELLED_SENTENCE
        finally:
            scope.close()
            self._flush_captures(snapshot)
            if self._media is not None:
                self._media.close()
                result.media_files = self._media.tally.files
                result.media_bytes = self._media.tally.bytes
                result.failed.extend(self._media.tally.failed)
        if result.stopped is None and self.cancel.is_set():
            # Cancelled while files were downloading: the listing finished, the run did not.
            result.outcome, result.stopped = RunOutcome.CANCELLED, CANCELLED_SENTENCE
        result.api_calls = self.client.calls - self._calls_at_start
        result.skipped = self.client.unreadable[unreadable_before:]
        if result.stopped is None:
            # Every board was listed or is named as not checked: the snapshot is complete,
            # with its files all kept, or some still to fetch (a state of its own). A file
            # the disk lost and no run could fetch again is still to fetch, whatever its
            # pin became: `verify` would find it missing.
            result.media_pending = self._pending_files(lost)
            pending = result.media_pending > 0
            result.outcome = RunOutcome.MEDIA_PENDING if pending else RunOutcome.COMPLETE
        # What was left out is read back from the ledger: the record and the summary agree.
        result.unchecked = self._unchecked(snapshot.id)
        result.read_from, result.read_until, result.read_days = self.archive.reading_span(
            snapshot.id
        )
        if result.complete and snapshot.sees_secret is not True:
            result.secret_unseen = len(self.archive.secret_boards_unseen(snapshot.id))
        stats = result.to_json()
        stats.pop("snapshot", None)
        result.snapshot = self.archive.finish_snapshot(
            snapshot.id, result.outcome, stats, note=result.stopped or ""
        )
        self._finished = True
        phase = "Finished" if result.complete else "Stopped"
        self.progress(Progress(phase, detail=result.stopped or ""))
        return result

    def _find_lost_files(self) -> LostFiles:
        """Stored files the disk no longer holds whole: their URLs are fetched again."""
        found = self.archive.lost_media()
        if found:
            files = plural(len(found), "stored media file")
            log.warning("%s missing or damaged on disk; fetching them again", files)
            self.archive.fetch_lost_again(found)
        return LostFiles(found)

    def _pending_files(self, lost: LostFiles) -> int:
        """Files still to fetch: those of present pins not stored yet, and the lost files
        still missing that those do not already count (a removed pin's, or one whose
        URL now serves other bytes)."""
        pending = set(self.archive.missing_media_urls())
        still_lost = self.archive.lost_media(lost.shas) if lost.shas else {}
        unnamed = sum(1 for urls in still_lost.values() if not pending.intersection(urls))
        return len(pending) + unnamed

    def _unchecked(self, snapshot_id: int) -> list[dict[str, Any]]:
        names = {
            board_id: version.raw.get("name")
            for board_id, version in self.archive.objects_in(snapshot_id, "board").items()
        }
        times = {s.id: s.started_at for s in self.archive.snapshots()}
        found = []
        for board in self.archive.unchecked_boards(snapshot_id):
            entry = board.to_json()
            name = names.get(board.board_id)
            entry["name"] = one_line(name) if isinstance(name, str) else ""
            entry["last_listed_at"] = times.get(board.last_listed or 0)
            found.append(entry)
        return found

    def _open_snapshot(self) -> tuple[Snapshot, bool]:
        unfinished = self.archive.unfinished_snapshot()
        kind = QUICK if self.options.kind == QUICK else FULL
        if unfinished is not None and resumes(unfinished, kind):
            return self.archive.reopen_snapshot(unfinished.id), True
        if unfinished is not None and unfinished.status == "running":
            # Closed as it stands (partial) so it is never resumed into something else.
            self.archive.finish_snapshot(
                unfinished.id, RunOutcome.SUPERSEDED, unfinished.stats, "superseded"
            )
        if self.archive.last_complete() is None:
            kind = FULL  # nothing to compare counters with: everything is listed
        scopes = self.client.scopes_to_record()
        return self.archive.begin_snapshot(kind, self.client.api_base, scopes), False

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled()  # the one cancel; _list_everything ends the run on it

    def _list_everything(
        self, snapshot: Snapshot, done: dict[str, int], result: BackupResult, resumed: bool
    ) -> None:
        try:
            self._check_cancel()
            self.progress(Progress("Reading the account"))
            account = self._read_account()
            # Every pin is on one board: the board listings of this run together hold no
            # more than the account can (GET /pins, one listing, has its own bound).
            self._board_pins = RunBudget(most_items(account.pin_count, MOST_PINS), "pins on boards")
            # A resumed run: what its interrupted part saw, before this part records (even
            # when it finished no listing: it may have recorded the board list).
            earlier = self._earlier_part(snapshot) if resumed else None
            if self.archive.meta("account_unavailable_since") is not None:
                log.info("the account answers again: it was reinstated")
                self.archive.clear_account_unavailable()
            with self.archive.transaction() as tx:
                self.archive.record(tx, snapshot.id, "account", account.id, account.raw)
            boards = self._list_boards(snapshot, account.board_count)
            if earlier is not None and earlier.changed(account, boards):
                # What the interrupted part listed has changed since: finishing this
                # snapshot would show removed boards and pins as still there.
                raise StopRun(RunOutcome.STALE, STALE_SENTENCE)
            if earlier is not None:
                # Boards it listed whose counters cannot show a change: kept as then read
                # (listing them again every day would keep a Trial backup of an account
                # without counters from ever finishing), and said so.
                result.earlier_unproven = earlier.unproven(boards)
            result.boards = len(boards)
            relist = self._boards_to_relist(snapshot, boards)
            listed = {b.id for b in relist}
            left_out = [b for b in boards if b.id not in listed]
            self._carry(snapshot, left_out, ListingState.CARRIED)
            plan = self._plan = self._make_plan(snapshot, account, boards, relist, done)
            self._announce_budget(plan, result)
            if self._budget_short(plan):
                plan.boards = self._most_valuable_first(snapshot, plan.boards)
            waiting = self._list_boards_in_budget(snapshot, plan, result, len(relist))
            if OWN_PINS not in done:
                if not plan.own_pins:
                    self._carry_own_pins(snapshot)
                elif waiting or not self._affordable(plan.own_cost):
                    # The account-wide pass comes on the day the boards are all read: a
                    # pin removed after it would stay in the snapshot, so a pass made
                    # while boards still wait would make any removal meanwhile end the
                    # days' work as stale.
                    waiting += 1
                else:
                    self.progress(Progress("Listing your own pins"))
                    calls = self.client.calls
                    self.archive.drop_staged()
                    own = self.client.iter_own_pins(expected=account.pin_count)
                    count = self._store_pins(own, None)
                    used = self.client.calls - calls
                    self.archive.commit_listing(snapshot.id, OWN_PINS, count, used, _note_media)
            if waiting:
                # Listings the day's budget could not pay for were not begun (a listing
                # cut short is thrown away and paid for again): the next run does them.
                raise StopRun(
                    RunOutcome.QUOTA_SPENT, budget_short_sentence(self.client.budget_left() or 0)
                )
        except AccountUnavailable as exc:
            self._watchdog(exc)
            raise StopRun(RunOutcome.ACCOUNT_UNAVAILABLE, exc.message) from exc
        except (TrialAccessLimit, RateLimited) as exc:
            raise StopRun(RunOutcome.QUOTA_SPENT, exc.message) from exc
        except MissingScope as exc:
            raise StopRun(RunOutcome.PERMISSION, exc.message) from exc
        except Cancelled as exc:
            raise StopRun(RunOutcome.CANCELLED, CANCELLED_SENTENCE) from exc
        except ApiError as exc:
            raise StopRun(RunOutcome.FAILED, exc.message) from exc
        except ValueError as exc:
            # An account without an id or a username (models.py refuses it).
            raise StopRun(
                RunOutcome.FAILED, f"Pinterest sent data the app cannot read ({exc})."
            ) from exc
        finally:
            result.sections = self.archive.count_objects(snapshot.id, "section")
            result.pins = self.archive.count_objects(snapshot.id, "pin")
            self._settle_budget(snapshot, result)

    def _earlier_part(self, snapshot: Snapshot) -> EarlierPart:
        boards = self.archive.objects_in(snapshot.id, "board")
        states = {b: self.archive.listing_state(snapshot.id, board_key(b)) for b in boards}
        return EarlierPart(
            accounts=self.archive.objects_in(snapshot.id, "account"),
            boards=boards,
            settled={b for b, state in states.items() if state is not None},
            own_pins_settled=self.archive.listing_state(snapshot.id, OWN_PINS) is not None,
            listed=frozenset(b for b, state in states.items() if state == ListingState.LISTED),
        )

    def _read_account(self) -> Account:
        """The account: as read just before the run, once; else asked now."""
        if self._account_read is not None:
            account, self._account_read = self._account_read.account, None
            return account
        return self.client.get_account()

    def _list_one_board(self, snapshot: Snapshot, board: Board, result: BackupResult) -> None:
        """Lists one board's sections and pins. Pinterest refusing this one board (403, or
        404: gone between the board list and its pins) is recorded against it, with
        Pinterest's words; the other boards go on, and the next run tries it again."""
        calls = self.client.calls
        try:
            pins = self._list_board(board)
        except ApiError as exc:
            if not _refuses_one_board(exc):
                raise
            log.warning("Pinterest refused board %s: %s", board.id, exc.said or exc.message)
            self.archive.drop_staged()  # what came before the refusal is not a listing
            self._carry(snapshot, [board], ListingState.REFUSED, _refusal(exc))
            return
        if board.pin_count is not None and board.pin_count != pins:
            result.pin_count_gaps[board.id] = board.pin_count - pins
        used = self.client.calls - calls
        self.archive.commit_listing(snapshot.id, board_key(board.id), pins, used, _note_media)
        self._flush_captures(snapshot)
        if self._media is not None:
            self._media.drain()

    def _carry(
        self,
        snapshot: Snapshot,
        boards: list[Board],
        state: ListingState,
        detail: str | None = None,
    ) -> None:
        """Boards this run does not list keep, in this snapshot, what their last listing
        saw: not observed (no "last seen" moves), and named as not checked."""
        if not boards:
            return
        reason = detail if detail is not None else CarryReason.COUNTERS_UNCHANGED.value
        with self.archive.transaction() as tx:
            carried = self.archive.carry_forward(
                tx, snapshot.id, ("section", "pin"), {b.id for b in boards}
            )
            for board in boards:
                self.archive.listing_done(tx, snapshot.id, board_key(board.id), 0, 0, state, reason)
        log.info("%d boards not listed (%s): %d objects kept as last listed",
                 len(boards), state.value, carried)  # fmt: skip

    def _make_plan(
        self,
        snapshot: Snapshot,
        account: Account,
        boards: list[Board],
        relist: list[Board],
        done: dict[str, int],
    ) -> ListingPlan:
        """The listings still to do and their costs, from the live counters and what the
        archive last saw of each board (its sections, which no counter gives)."""
        last = self.archive.last_complete(before=snapshot.id)
        known = KnownCounts.of(self.archive, last.id if last else None)
        todo = [b for b in relist if board_key(b.id) not in done]
        return ListingPlan(
            boards=todo,
            costs={b.id: known.board_cost(b.id, b.raw) for b in todo},
            own_pins=OWN_PINS not in done and self._own_pins_needed(snapshot, account),
            own_cost=pages(account.pin_count),
            overhead=account_requests(len(boards)),
        )

    def _announce_budget(self, plan: ListingPlan, result: BackupResult) -> None:
        """How many requests the run needs against what the limit has left. With Trial
        access (1,000 a day) a big account takes several days; the run stops cleanly when
        the budget is spent and the next one continues."""
        estimate = plan.overhead + plan.requests
        result.estimated_calls = estimate
        left = self.client.budget_left()
        if left is None:
            remaining = self._remaining  # Pinterest's own count, with no day's budget kept
            left = int(remaining) if remaining and remaining.isdigit() else None
        if left is not None:
            left += plan.overhead  # as it was before this run read the account and boards
        result.remaining_at_start = left
        if left is not None and left < estimate:
            self.progress(
                Progress(
                    "Request budget",
                    detail=f"this run needs about {estimate:,} requests and Pinterest allows "
                    f"{left:,} more for now; it will stop when they are spent, and the next "
                    "run continues where it stopped",
                )
            )

    def _budget_short(self, plan: ListingPlan) -> bool:
        left = self.client.budget_left()
        return left is not None and left < plan.requests

    def _affordable(self, cost: int) -> bool:
        """Whether the day's budget pays for a whole listing of `cost` requests. One that
        no day could pay for is tried all the same (it may come out shorter)."""
        left = self.client.budget_left()
        if left is None or cost <= left:
            return True
        reading = self.client.budget_reading()
        return reading is not None and reading.limit is not None and cost > reading.limit

    def _most_valuable_first(self, snapshot: Snapshot, boards: list[Board]) -> list[Board]:
        """When the day's budget cannot pay for every listing: first the boards never
        backed up, then those whose counters moved (or cannot show that they did not)
        since the last complete snapshot, then the others; each group in Pinterest's
        order."""
        last = self.archive.last_complete(before=snapshot.id)
        before = self.archive.objects_in(last.id, "board") if last else {}

        def rank(board: Board) -> int:
            if self.archive.last_listed(board_key(board.id), snapshot.id) is None:
                return 0
            old = before.get(board.id)
            return 1 if old is None or not _counters_unchanged(old.raw, board.raw) else 2

        return sorted(boards, key=rank)

    def _list_boards_in_budget(
        self, snapshot: Snapshot, plan: ListingPlan, result: BackupResult, total: int
    ) -> int:
        """Lists the planned boards that the day's budget pays for; returns how many it
        left for the next run (not begun: a listing cut short is paid for twice)."""
        waiting = 0
        start = total - len(plan.boards)  # listings an earlier part of the run did
        for index, board in enumerate(plan.boards, start):
            self._check_cancel()
            self.progress(
                Progress(
                    "Listing boards",
                    done=index,
                    total=total,
                    eta_s=self._meter.eta(index, total),
                    detail=board.name,
                )
            )
            if not self._affordable(plan.costs[board.id]):
                waiting += 1
                continue
            self._list_one_board(snapshot, board, result)
        return waiting

    def _settle_budget(self, snapshot: Snapshot, result: BackupResult) -> None:
        """With a day's budget: what the snapshot has read, and what it still needs."""
        reading = self.client.budget_reading()
        if reading is None or reading.limit is None:
            return
        result.budget = reading
        done = self.archive.done_listings(snapshot.id)
        result.boards_read = sum(1 for key in done if key != OWN_PINS)
        plan = self._plan
        if plan is None:
            return
        waiting = [b for b in plan.boards if board_key(b.id) not in done]
        result.boards_waiting = len(waiting)
        own = plan.own_cost if plan.own_pins and OWN_PINS not in done else 0
        result.requests_to_finish = sum(plan.costs[b.id] for b in waiting) + own
        result.daily_overhead = plan.overhead

    def _watchdog(self, error: AccountUnavailable) -> None:
        """The account is gone: the last complete snapshot becomes the evidence baseline,
        the one an appeal packet and a later restore start from."""
        baseline = self.archive.last_complete()
        self.archive.mark_account_unavailable(
            baseline.id if baseline else None, error.message, error.request_id
        )

    def _list_boards(self, snapshot: Snapshot, expected: int | None) -> list[Board]:
        self.progress(Progress("Reading your list of boards"))
        boards: list[Board] = []
        with self.archive.transaction() as tx:
            for board in self.client.iter_boards(expected=expected):
                self.archive.record(tx, snapshot.id, "board", board.id, board.raw)
                boards.append(board)
        return boards

    def _boards_to_relist(self, snapshot: Snapshot, boards: list[Board]) -> list[Board]:
        """A full run lists every board. A quick one leaves out only a board whose pin
        count and pins' modification time are both present, comparable and unchanged
        since the last complete snapshot, where it was listed or carried; any board whose
        change cannot be proven absent is listed."""
        if snapshot.kind != QUICK:
            return boards
        last = self.archive.last_complete(before=snapshot.id)
        if last is None:
            return boards
        before = self.archive.objects_in(last.id, "board")
        changed = []
        for board in boards:
            old = before.get(board.id)
            state = self.archive.listing_state(last.id, board_key(board.id))
            if (
                old is None
                or state not in (ListingState.LISTED, ListingState.CARRIED)
                or not _counters_unchanged(old.raw, board.raw)
            ):
                changed.append(board)
        return changed

    def _own_pins_needed(self, snapshot: Snapshot, account: Account) -> bool:
        """GET /pins finds pins on no visible board; a quick run skips it only while the
        account's pin count is present and unchanged."""
        if snapshot.kind != QUICK:
            return True
        last = self.archive.last_complete(before=snapshot.id)
        if last is None:
            return True
        accounts = self.archive.objects_in(last.id, "account")
        previous = next(iter(accounts.values()), None)
        state = self.archive.listing_state(last.id, OWN_PINS)
        return (
            previous is None
            or state not in (ListingState.LISTED, ListingState.CARRIED)
            or not _same_count(previous.raw.get("pin_count"), account.raw.get("pin_count"))
        )

    def _carry_own_pins(self, snapshot: Snapshot) -> None:
        """A quick run that skips GET /pins says so."""
        with self.archive.transaction() as tx:
            # Own pins on no board this account has (seen through GET /pins only) are
            # carried too; pins of a board that was removed are not: they are gone.
            self.archive.carry_forward_boardless(tx, snapshot.id)
            self.archive.listing_done(
                tx,
                snapshot.id,
                OWN_PINS,
                0,
                0,
                ListingState.CARRIED,
                CarryReason.PIN_COUNT_UNCHANGED.value,
            )

    def _list_board(self, board: Board) -> int:
        """A board's sections and pins, staged: recorded only once the listing is whole."""
        self.archive.drop_staged()
        sections = [
            Staged.of("section", section.id, section.raw, board.id)
            for section in self.client.iter_sections(board.id)
        ]
        self.archive.stage(sections)
        pins = self.client.iter_board_pins(board.id, board.pin_count, self._board_pins)
        return self._store_pins(pins, board.id)

    def _store_pins(self, pins: Iterable[Pin], board_id: str | None) -> int:
        """Stages a listing's pins a page at a time and sends their files to download
        meanwhile (a file is kept whatever becomes of the listing)."""
        count = 0
        for batch in _batches(pins, BATCH):
            self._check_cancel()
            # A batch is one page: the request id of the response it came in.
            request_id = self.client.last_request_id()
            page = [
                Staged.of(
                    "pin",
                    pin.id,
                    pin.raw,
                    pin.board_id or board_id,
                    pin.board_section_id,
                    request_id,
                    pin.media_urls(),
                )
                for pin in batch
            ]
            self.archive.stage(page)
            urls = [url for item in page for url in item.media_urls]
            count += len(batch)
            if self._media is not None:
                self._media.enqueue(urls)
                self._media.drain()  # records what finished; holds back if too much is queued
        return count


def resumes(unfinished: Snapshot, kind: str) -> bool:
    """An interrupted run is finished by the next one, unless that one asks for more
    (a full run after a quick one), or the interrupted one ended in a way that makes
    what it listed no longer today's account (account unavailable, stale)."""
    if kind == FULL and unfinished.kind != FULL:
        return False
    return unfinished.outcome.resumable


def _note_media(item: Staged) -> None:
    """Once per new version of a pin: what Pinterest did not give of its media (a video
    it does not share with every app), a fact about the pin, not a failure to retry."""
    if item.kind == "pin":
        for note in media_notes(item.raw):
            log.info("pin %s: %s", item.object_id, note)


@dataclass(frozen=True)
class EarlierPart:
    """What the interrupted part of a resumed run recorded: the account and boards as it
    read them, and the listings it settled (listed, carried or refused)."""

    accounts: dict[str, ObjectVersion]
    boards: dict[str, ObjectVersion]
    settled: set[str]  # board ids
    own_pins_settled: bool
    listed: frozenset[str] = frozenset()  # the settled boards it listed (observed)

    def changed(self, account: Account, boards: list[Board]) -> bool:
        """Whether the account changed since in a way that finishing the snapshot would
        hide: a board it recorded is gone (the snapshot would still hold it), or a board
        it settled has other counters (its pins as recorded may be gone), or the account's
        pin count moved after its own pins were listed. A board it did not reach yet may
        have changed: this part lists it as it is now (with Trial access a first backup
        takes days, and an account in use changes meanwhile)."""
        now = {board.id: board.raw for board in boards}
        for board_id, version in self.boards.items():
            current = now.get(board_id)
            if current is None:
                return True
            moved = any(version.raw.get(k) != current.get(k) for k in BOARD_COUNTERS)
            if moved and board_id in self.settled:
                return True
        if not self.own_pins_settled:
            return False
        count = account.raw.get("pin_count")
        return any(v.raw.get("pin_count") != count for v in self.accounts.values())

    def unproven(self, boards: list[Board]) -> int:
        """How many boards it listed cannot be shown unchanged since by their counters
        (absent or unreadable then or now): a removal there is not seen before the next
        backup lists them. Counters that moved are `changed`, not this."""
        now = {board.id: board.raw for board in boards}
        return sum(
            1
            for board_id in self.listed
            if board_id in now
            and board_id in self.boards
            and not _counters_unchanged(self.boards[board_id].raw, now[board_id])
        )


def _same_count(old: Any, new: Any) -> bool:
    return (
        isinstance(old, int)
        and isinstance(new, int)
        and not isinstance(old, bool)
        and not isinstance(new, bool)
        and old == new
    )


def _same_time(old: Any, new: Any) -> bool:
    if not (isinstance(old, str) and isinstance(new, str)):
        return False
    try:
        # Compared as moments, microseconds included; an unreadable time proves nothing.
        return datetime.fromisoformat(old.strip()) == datetime.fromisoformat(new.strip())
    except ValueError:
        return False


def _counters_unchanged(old: JsonDict, new: JsonDict) -> bool:
    """True only when both counters are present in both versions and equal: a missing,
    null or unreadable one (real responses of 2022-2023 carry neither) cannot prove that
    the board's pins did not change."""
    return _same_count(old.get("pin_count"), new.get("pin_count")) and _same_time(
        old.get("board_pins_modified_at"), new.get("board_pins_modified_at")
    )


def _refuses_one_board(error: ApiError) -> bool:
    """A 403 or 404 on one board's listing concerns that board. Not a missing permission
    that every listing would meet (the login lacks a scope), nor Trial's write refusal."""
    if isinstance(error, TrialAccessLimit):
        return False
    if isinstance(error, MissingScope) and "scope" in (error.said or "").lower():
        return False
    return error.status in (403, 404)


def _refusal(error: ApiError) -> str:
    """What is kept against a refused board: Pinterest's status, code and words."""
    return json.dumps(
        {
            "status": error.status,
            "code": error.code,
            "message": error.said or error.message,
            "request_id": error.request_id,
        },
        sort_keys=True,
    )


def _batches(items: Iterable[Pin], size: int) -> Iterator[list[Pin]]:
    batch: list[Pin] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
