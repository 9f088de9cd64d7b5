"""A backup run: one snapshot of the account, resumable and honest about gaps.

Order of work: the account; every board (all privacy levels the scopes allow); each
board's sections and pins (a board's pin list includes its section pins, placed by
board_section_id); then GET /pins for the user's own pins, so pins on no visible board are
not missed. Media download in a bounded pool while listings go on at the rate limiter's
pace. A snapshot is complete only when every listing finished; anything less is recorded
as partial and never used to conclude that something was removed.

The archive is written from this thread only; download workers hand results back.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    Cancelled,
    NotFound,
    RateLimited,
    TrialAccessLimit,
)
from creator_backup.api.models import Account, Board, Pin
from creator_backup.api.transport import ResponseRecord
from creator_backup.archive.disk_full import DiskFull, is_disk_full
from creator_backup.archive.store import Archive, Capture, ObjectVersion, Snapshot
from creator_backup.backup.media_pipeline import MediaPipeline
from creator_backup.backup.progress import (
    CancelToken,
    Progress,
    ProgressSink,
    RateMeter,
    ignore_progress,
)

log = logging.getLogger(__name__)

BATCH = 250  # objects per transaction: one page
ACCOUNT_UNAVAILABLE = "The account is unavailable"
# Media downloads at once. Each file waits out the CDN's latency, so 8 connections could
# not get a big account's pictures much faster than 8 files per round trip; the media
# CDN is not under the API rate limit (browsers fetch it over multiplexed HTTP/2), and
# the API calls still follow the limiter.
DEFAULT_WORKERS = 16
DISK_FULL_NOTE = "stopped: the disk holding the archive is full"
STALE_RESUME = (
    "The account changed since the last backup was interrupted, so that backup cannot be "
    "finished as it was; the next run takes a fresh snapshot."
)


@dataclass
class BackupOptions:
    kind: str | None = None  # "full", "quick", or None: quick when a complete snapshot exists
    media: bool = True
    workers: int = DEFAULT_WORKERS


@dataclass
class BackupResult:
    snapshot: Snapshot
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
    stopped: str | None = None  # why a partial run stopped
    pin_count_gaps: dict[str, int] = field(default_factory=dict)
    # Requests this run expected to need, and what Pinterest's limit had left at its start
    # (x-ratelimit-remaining): with Trial access, a day's budget.
    estimated_calls: int | None = None
    remaining_at_start: int | None = None

    @property
    def complete(self) -> bool:
        return self.snapshot.complete

    def to_json(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot.id,
            "kind": self.snapshot.kind,
            "complete": self.complete,
            "boards": self.boards,
            "sections": self.sections,
            "pins": self.pins,
            "media_files": self.media_files,
            "media_bytes": self.media_bytes,
            "api_calls": self.api_calls,
            "failed": self.failed,
            "skipped": self.skipped,
            "stopped": self.stopped,
            "pin_count_gaps": self.pin_count_gaps,
            "estimated_calls": self.estimated_calls,
            "remaining_at_start": self.remaining_at_start,
        }


class StopRun(Exception):
    """Ends the listings early; the snapshot is recorded as partial."""


class BackupRun:
    def __init__(
        self,
        client: PinterestClient,
        archive: Archive,
        options: BackupOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> None:
        self.client = client
        self.archive = archive
        self.options = options or BackupOptions()
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self._media: MediaPipeline | None = None
        self._calls_at_start = client.transport.stats.calls
        self._meter = RateMeter()
        self._captures: list[Capture] = []
        self._remaining: str | None = None
        self._snapshot: Snapshot | None = None

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
                raise
            self._stop_on_full_disk()
            raise DiskFull() from exc

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
            self.archive.finish_snapshot(self._snapshot.id, False, {}, note=DISK_FULL_NOTE)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            log.warning("the snapshot could not be closed: the disk is still full")

    def _run(self) -> BackupResult:
        snapshot, resumed = self._open_snapshot()
        self._snapshot = snapshot
        result = BackupResult(snapshot)
        unreadable_before = len(self.client.unreadable)
        done = self.archive.done_listings(snapshot.id)
        kept = {p.name for p in self.archive.media.tmp.glob("*.part")}
        kept |= {p.name for p in self.archive.media.tmp.glob("*.etag")}
        self.archive.media.clean_tmp(kept)
        if resumed:
            log.info("resuming snapshot %s (%d listings already done)", snapshot.id, len(done))
        self.client.transport.observers.append(self._capture)
        # The transport checks the run's cancel between calls and during its waits.
        previous_cancel, self.client.transport.cancel = self.client.transport.cancel, self.cancel
        if self.options.media:
            self._media = MediaPipeline(
                self.archive, snapshot.id, self.options.workers, self.progress, self.cancel.is_set
            )
        try:
            try:
                self._list_everything(snapshot, done, result)
            except StopRun as stop:
                result.stopped = str(stop)
            if self._media is not None and result.stopped is None:
                # Media that earlier runs could not fetch, and pins carried by a quick run.
                missing = self.archive.missing_media_urls()
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
            result.stopped = "cancelled"
        finally:
            self.client.transport.observers.remove(self._capture)
            self.client.transport.cancel = previous_cancel
            self._flush_captures(snapshot)
            if self._media is not None:
                self._media.close()
                result.media_files = self._media.tally.files
                result.media_bytes = self._media.tally.bytes
                result.failed.extend(self._media.tally.failed)
        result.api_calls = self.client.transport.stats.calls - self._calls_at_start
        result.skipped = self.client.unreadable[unreadable_before:]
        # Media failures are recorded and retried next run; a listing that did not
        # finish makes the whole snapshot partial.
        complete = result.stopped is None and not any(f["kind"] != "media" for f in result.failed)
        stats = result.to_json()
        stats.pop("snapshot", None)
        result.snapshot = self.archive.finish_snapshot(
            snapshot.id, complete, stats, note=result.stopped or ""
        )
        self.progress(Progress("Finished" if complete else "Stopped", detail=result.stopped or ""))
        return result

    def _open_snapshot(self) -> tuple[Snapshot, bool]:
        unfinished = self.archive.unfinished_snapshot()
        if unfinished is not None and self._resumable(unfinished):
            return self.archive.reopen_snapshot(unfinished.id), True
        if unfinished is not None and unfinished.status == "running":
            # Closed as it stands (partial) so it is never resumed into something else.
            self.archive.finish_snapshot(unfinished.id, False, unfinished.stats, "superseded")
        kind = self.options.kind
        if kind is None or self.archive.last_complete() is None:
            kind = "quick" if kind is None and self.archive.last_complete() else "full"
        scopes = getattr(self.client.transport.tokens, "scopes", ())
        return self.archive.begin_snapshot(kind, self.client.api_base, scopes), False

    def _resumable(self, unfinished: Snapshot) -> bool:
        """An interrupted run is finished by the next one, unless that one asks for more
        (a full run after a quick one), or the account was unavailable when it stopped
        (what it listed before then is history, not today's account)."""
        if self.options.kind == "full" and unfinished.kind != "full":
            return False
        if unfinished.note == STALE_RESUME:
            return False
        return not unfinished.note.startswith(ACCOUNT_UNAVAILABLE)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise StopRun("cancelled")

    def _list_everything(
        self, snapshot: Snapshot, done: dict[str, int], result: BackupResult
    ) -> None:
        try:
            self._check_cancel()
            self.progress(Progress("Reading the account"))
            account = self.client.get_account()
            self._announce_budget(account, done, result)
            # A resumed run: what its interrupted part saw, before this part records.
            earlier = None
            if done:
                earlier = (
                    self.archive.objects_in(snapshot.id, "account"),
                    self.archive.objects_in(snapshot.id, "board"),
                )
            if self.archive.meta("account_unavailable_since") is not None:
                log.info("the account answers again: it was reinstated")
                self.archive.clear_account_unavailable()
            with self.archive.transaction() as tx:
                self.archive.record(tx, snapshot.id, "account", account.id, account.raw)
            boards = self._list_boards(snapshot)
            if earlier is not None and _changed_since(earlier, account, boards):
                # What the interrupted part listed has changed since: finishing this
                # snapshot would show removed boards and pins as still there.
                raise StopRun(STALE_RESUME)
            result.boards = len(boards)
            relist = self._boards_to_relist(snapshot, boards)
            carried = {b.id for b in boards} - {b.id for b in relist}
            for index, board in enumerate(relist):
                self._check_cancel()
                self.progress(
                    Progress(
                        "Listing boards",
                        done=index,
                        total=len(relist),
                        eta_s=self._meter.eta(index, len(relist)),
                        detail=board.name,
                    )
                )
                key = f"board:{board.id}"
                if key in done:
                    continue
                calls = self.client.transport.stats.calls
                try:
                    pins = self._list_board(snapshot, board)
                except NotFound:
                    # Gone between the board list and its pins: this run cannot vouch
                    # for it, so the snapshot will not count as complete.
                    result.failed.append(
                        {"kind": "board", "id": board.id, "reason": "disappeared during the run"}
                    )
                    continue
                if board.pin_count is not None and board.pin_count != pins:
                    result.pin_count_gaps[board.id] = board.pin_count - pins
                with self.archive.transaction() as tx:
                    used = self.client.transport.stats.calls - calls
                    self.archive.listing_done(tx, snapshot.id, key, pins, used)
                self._flush_captures(snapshot)
                if self._media is not None:
                    self._media.drain()
            if carried:
                with self.archive.transaction() as tx:
                    self.archive.carry_forward(tx, snapshot.id, ("section", "pin"), carried)
            if "own_pins" not in done and self._list_own_pins(snapshot, account.pin_count):
                self.progress(Progress("Listing your own pins"))
                calls = self.client.transport.stats.calls
                count = self._store_pins(snapshot, self.client.iter_own_pins(), None)
                with self.archive.transaction() as tx:
                    used = self.client.transport.stats.calls - calls
                    self.archive.listing_done(tx, snapshot.id, "own_pins", count, used)
        except AccountUnavailable as exc:
            self._watchdog(exc)
            raise StopRun(f"{ACCOUNT_UNAVAILABLE}: {exc.message}") from exc
        except TrialAccessLimit as exc:
            raise StopRun(exc.message) from exc
        except RateLimited as exc:
            raise StopRun(exc.message) from exc
        except Cancelled as exc:
            raise StopRun("cancelled") from exc
        except ApiError as exc:
            raise StopRun(exc.message) from exc
        except ValueError as exc:
            # An object without an id (models.py refuses it): the listing cannot finish.
            raise StopRun(f"Pinterest sent data the app cannot read ({exc}).") from exc
        finally:
            result.sections = self.archive.count_objects(snapshot.id, "section")
            result.pins = self.archive.count_objects(snapshot.id, "pin")

    def _announce_budget(
        self, account: Account, done: dict[str, int], result: BackupResult
    ) -> None:
        """How many requests the run needs against what the limit has left. With Trial
        access (1,000 a day) a big account takes several days; the run stops cleanly when
        the budget is spent and the next one continues."""
        boards = account.board_count or 0
        pages = max(1, math.ceil((account.pin_count or 0) / 250))
        estimate = 2 + 2 * boards + 2 * pages - 2 * sum(1 for key in done if key != "own_pins")
        result.estimated_calls = max(2, estimate)
        remaining = self._remaining
        result.remaining_at_start = int(remaining) if remaining and remaining.isdigit() else None
        if result.remaining_at_start is not None and result.remaining_at_start < estimate:
            self.progress(
                Progress(
                    "Request budget",
                    detail=f"this run needs about {estimate:,} requests and Pinterest allows "
                    f"{result.remaining_at_start:,} more for now; it will stop when they are "
                    "spent, and the next run continues where it stopped",
                )
            )

    def _watchdog(self, error: AccountUnavailable) -> None:
        """The account is gone: the last complete snapshot becomes the evidence baseline,
        the one an appeal packet and a later restore start from."""
        baseline = self.archive.last_complete()
        self.archive.mark_account_unavailable(
            baseline.id if baseline else None, error.message, error.request_id
        )

    def _list_boards(self, snapshot: Snapshot) -> list[Board]:
        self.progress(Progress("Listing boards"))
        boards: list[Board] = []
        with self.archive.transaction() as tx:
            for board in self.client.iter_boards():
                self.archive.record(tx, snapshot.id, "board", board.id, board.raw)
                boards.append(board)
        return boards

    def _boards_to_relist(self, snapshot: Snapshot, boards: list[Board]) -> list[Board]:
        """A full run re-lists every board; a quick one only those whose pins changed
        since the last complete snapshot (by pin_count and board_pins_modified_at)."""
        if snapshot.kind != "quick":
            return boards
        last = self.archive.last_complete(before=snapshot.id)
        if last is None:
            return boards
        before = self.archive.objects_in(last.id, "board")
        changed = []
        for board in boards:
            old = before.get(board.id)
            if (
                old is None
                or old.raw.get("pin_count") != board.raw.get("pin_count")
                or old.raw.get("board_pins_modified_at") != board.raw.get("board_pins_modified_at")
            ):
                changed.append(board)
        return changed

    def _list_own_pins(self, snapshot: Snapshot, pin_count: int | None) -> bool:
        """GET /pins finds pins on no visible board; a quick run skips it while the
        account's pin count is unchanged."""
        if snapshot.kind != "quick":
            return True
        last = self.archive.last_complete(before=snapshot.id)
        if last is None:
            return True
        accounts = self.archive.objects_in(last.id, "account")
        previous = next(iter(accounts.values()), None)
        if previous is None or previous.raw.get("pin_count") != pin_count:
            return True
        with self.archive.transaction() as tx:
            # Own pins on no board this account has (seen through GET /pins only) are
            # carried too; pins of a board that was removed are not: they are gone.
            self.archive.carry_forward_boardless(tx, snapshot.id)
        return False

    def _list_board(self, snapshot: Snapshot, board: Board) -> int:
        with self.archive.transaction() as tx:
            for section in self.client.iter_sections(board.id):
                self.archive.record(
                    tx, snapshot.id, "section", section.id, section.raw, board_id=board.id
                )
        return self._store_pins(snapshot, self.client.iter_board_pins(board.id), board.id)

    def _store_pins(self, snapshot: Snapshot, pins: Iterable[Pin], board_id: str | None) -> int:
        count = 0
        for batch in _batches(pins, BATCH):
            self._check_cancel()
            urls: list[str] = []
            # A batch is one page: the request id of the response it came in.
            request_id = self.client.transport.last_request_id()
            with self.archive.transaction() as tx:
                for pin in batch:
                    pin_urls = pin.media_urls()
                    self.archive.record(
                        tx,
                        snapshot.id,
                        "pin",
                        pin.id,
                        pin.raw,
                        board_id=pin.board_id or board_id,
                        section_id=pin.board_section_id,
                        media_urls=pin_urls,
                        request_id=request_id,
                    )
                    urls.extend(pin_urls)
            count += len(batch)
            if self._media is not None:
                self._media.enqueue(urls)
                self._media.drain()  # records what finished; holds back if too much is queued
        return count


def _changed_since(
    earlier: tuple[dict[str, ObjectVersion], dict[str, ObjectVersion]],
    account: Account,
    boards: list[Board],
) -> bool:
    """Whether the account changed since the interrupted part of a run listed it: a board
    it recorded is gone, or a board's pin count or pins' modification time moved, or the
    account's pin count did."""
    accounts, recorded = earlier
    now = {board.id: board.raw for board in boards}
    for board_id, version in recorded.items():
        current = now.get(board_id)
        if current is None or any(
            version.raw.get(k) != current.get(k) for k in ("pin_count", "board_pins_modified_at")
        ):
            return True
    return any(v.raw.get("pin_count") != account.raw.get("pin_count") for v in accounts.values())


def _batches(items: Iterable[Pin], size: int) -> Iterator[list[Pin]]:
    batch: list[Pin] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
