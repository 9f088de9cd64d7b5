"""A restore run: plan, then put back boards, then sections, then pins (oldest first), one
journaled write at a time.

Per write: pace, commit `sent` (fsynced), send, then record what came back.
- 2xx with an id: done.
- The answer lost (a broken connection, a timeout, a 5xx): unknown. The destination is
  listed again and matched by fingerprint; found means done, absent means sent again (at
  most `unknown_resends` times a run; after that it stays unknown for the next run).
- 409 (Pinterest busy with the board): not created; retried after a growing pause.
- 429: not created. A spam block stops the run with a message (it resumes later); a plain
  rate limit waits when the wait is short, else stops.
- 403 with Trial access: not created; the run stops unless the user confirmed, in which
  case what Pinterest refuses is recorded as failed and not sent again this run.
- Any other refusal (400, 403, 404): failed, with Pinterest's reason.
A crash anywhere leaves at worst a `sent` row, which the next run's plan matches by
listing before anything is sent again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    AuthenticationFailed,
    BadRequest,
    Conflict,
    ConnectionFailed,
    MissingScope,
    RateLimited,
    ServerError,
    SpamBlocked,
    TrialAccessLimit,
)
from creator_backup.archive.store import Archive
from creator_backup.errors import Cancelled
from creator_backup.local_time import clock_text
from creator_backup.progress import (
    CancelToken,
    Progress,
    ProgressSink,
    RateMeter,
    ignore_progress,
)
from creator_backup.restore.journal import RestoreJournal
from creator_backup.restore.live import LiveAccount, fetch_sha256, wanted_pin
from creator_backup.restore.pacing import STANDARD_WRITES_PER_MIN, WritePacer
from creator_backup.restore.plan import PlanItem, Planner
from creator_backup.restore.recipes import Method, UnreadableMedia, pin_body
from creator_backup.restore.report import RestoreResult, shown
from creator_backup.restore.source import choose_snapshot, load_snapshot
from creator_backup.restore.verify import find_duplicates
from creator_backup.restore.video import VideoFailed, VideoUploader

log = logging.getLogger(__name__)


@dataclass
class RestoreOptions:
    snapshot_id: int | None = None
    board_ids: tuple[str, ...] = ()
    dry_run: bool = False
    confirm_trial: bool = False  # the user accepts content visible only to them
    writes_per_min: int | None = None  # None: the client's write limit (100 on Standard)
    jitter: float = 0.2
    settle_s: float = 1.0  # before listing to match a write whose answer was lost
    conflict_retries: int = 5
    conflict_delay_s: float = 2.0
    unknown_resends: int = 2
    max_wait_s: float = 120.0  # the longest rate-limit wait slept through
    poll_delay_s: float = 1.0
    poll_timeout_s: float = 600.0


class StopRestore(Exception):
    """Ends the run early; the journal keeps everything needed to continue."""


Send = Callable[[], tuple[str, str]]  # -> (new id, how: created or found)
Find = Callable[[], str | None]


class RestoreRun:
    journal: RestoreJournal
    result: RestoreResult
    videos: VideoUploader

    def __init__(
        self,
        client: PinterestClient,
        archive: Archive,
        options: RestoreOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        hasher: Callable[[str], str | None] = fetch_sha256,
    ) -> None:
        self.client = client
        self.archive = archive
        self.options = options or RestoreOptions()
        self.progress = progress
        self.cancel = cancel or CancelToken()
        # Every wait of the run (pacing, a rate limit waited out, a video's processing)
        # ends at once on a cancel, unless a test gives its own sleep.
        self.sleep = sleep or self.cancel.sleep
        self.clock = clock
        self.rng = rng or random.Random()  # noqa: S311 (jitter, not cryptography)
        self.live = LiveAccount(client, hasher)
        limit = self.options.writes_per_min or client.write_limit
        self.pacer = WritePacer(
            limit or STANDARD_WRITES_PER_MIN, self.options.jitter, clock, self.sleep, self.rng
        )
        self.ids: dict[str, dict[str, str]] = {}
        self._trial_refused: set[str] = set()

    # -- the run ---------------------------------------------------------------------------

    def run(self) -> RestoreResult:
        # The cancel reaches the requests too, whichever face started the run: a listing,
        # or a retry wait Pinterest asked minutes for, ends at once (a sent write does not).
        with self.client.cancellable(self.cancel):
            return self._run()

    def _run(self) -> RestoreResult:
        snapshot = choose_snapshot(self.archive, self.options.snapshot_id)
        with RestoreJournal.open(self.archive.root) as journal:
            self.journal = journal
            boards = self._board_filter(journal)
            content = load_snapshot(self.archive, snapshot, boards)
            if not self.options.dry_run:
                self._settle(journal)
            self.progress(Progress("Comparing the snapshot with your account"))
            plan = Planner(self.client, self.live, content, journal.entries(), self.pacer).build()
            result = RestoreResult(plan, self.options.dry_run)
            if self.options.dry_run:
                return result
            self.result = result
            for kind, old_id, live_id in plan.found:
                journal.done(kind, old_id, live_id, "found")
            self.ids = {kind: dict(found) for kind, found in plan.present.items()}
            self.videos = VideoUploader(
                self.client,
                journal,
                self.pacer,
                self.sleep,
                self.clock,
                self.options.poll_delay_s,
                self.options.poll_timeout_s,
            )
            try:
                self._execute(plan.items)
                self.progress(Progress("Checking for duplicates"))
                result.duplicates = find_duplicates(self.live, plan, self.ids)
            except StopRestore as stop:
                result.stopped = str(stop)
            except Cancelled:
                result.stopped = "cancelled"
            except (AccountUnavailable, AuthenticationFailed, MissingScope):
                raise
            except ApiError as exc:  # a listing that failed after all its retries
                result.stopped = (
                    f"{exc.message} Run the restore again to continue; it checks what "
                    "arrived before it sends anything again."
                )
        self.progress(Progress("Finished" if result.ok else "Stopped", detail=result.stopped or ""))
        return result

    def _board_filter(self, journal: RestoreJournal) -> set[str] | None:
        """Original board ids; a restored board's new id is taken for its original."""
        if not self.options.board_ids:
            return None
        back = {new: old for old, new in journal.id_map("board").items()}
        return {back.get(board_id, board_id) for board_id in self.options.board_ids}

    def _settle(self, journal: RestoreJournal) -> None:
        """Listings may lag a write by a moment: if the last run died just after sending,
        give Pinterest that moment before the plan lists and matches."""
        sent = [e.sent_at for e in journal.entries().values() if e.in_doubt and e.sent_at]
        if sent:
            wait = self.options.settle_s - (time.time() - max(sent))
            if wait > 0:
                self.sleep(min(wait, self.options.settle_s))

    def _execute(self, items: list[PlanItem]) -> None:
        meter = RateMeter()
        for index, item in enumerate(items):
            if self.cancel.is_set():
                raise Cancelled()
            self.progress(
                Progress(
                    "Restoring",
                    done=index,
                    total=len(items),
                    eta_s=meter.eta(index, len(items)),
                    detail=f"{item.kind} {shown(item.title)}",
                )
            )
            if item.kind in self._trial_refused:
                self._fail(item, "not sent: Pinterest refuses it with Trial access")
                continue
            if item.kind == "board":
                self._board(item)
            elif item.kind == "section":
                self._section(item)
            else:
                self._pin(item)
        self.progress(Progress("Restoring", done=len(items), total=len(items)))

    # -- one object each ---------------------------------------------------------------------

    def _board(self, item: PlanItem) -> None:
        def send() -> tuple[str, str]:
            try:
                board = self.client.create_board(
                    item.name, item.description, item.privacy, item.ads_only
                )
            except BadRequest as exc:
                # "The board name is invalid or duplicated": taken means already there.
                found = find()
                if found is None:
                    raise
                log.info("board name already taken (%s): using the board found", exc.message)
                return found, "found"
            self.live.add_board(board)
            return board.id, "created"

        def find() -> str | None:
            self.live.list_boards()
            return self.live.board_named(item.name)

        self._write(item, send, find)

    def _section(self, item: PlanItem) -> None:
        board = self.ids["board"].get(item.board_old or "")
        if board is None:
            self._fail(item, "its board could not be restored")
            return

        def send() -> tuple[str, str]:
            section = self.client.create_section(board, item.name)
            self.live.add_section(section)
            return section.id, "created"

        def find() -> str | None:
            self.live.sections(board, refresh=True)
            return self.live.section_named(board, item.name)

        self._write(item, send, find)

    def _pin(self, item: PlanItem) -> None:
        recipe = item.recipe
        assert recipe is not None
        board = self.ids["board"].get(item.board_old or "")
        section = self.ids["section"].get(item.section_old or "")
        if board is None:
            self._fail(item, "its board could not be restored")
            return
        if item.section_old and section is None:
            self._fail(item, "its board section could not be restored")
            return
        try:
            body = pin_body(recipe, board, section) if recipe.method in _UPLOADS else None
        except UnreadableMedia as exc:
            self._fail(item, str(exc))
            return

        def send() -> tuple[str, str]:
            if recipe.method == Method.SAVE:
                assert recipe.parent_pin_id is not None
                pin = self.client.save_pin(recipe.parent_pin_id, board, section)
            elif body is not None:
                pin = self.client.create_pin(body)
            else:
                media_id = self.videos.prepare(item.old_id, recipe)
                self.pacer.wait()
                pin = self.client.create_pin(pin_body(recipe, board, section, media_id))
            self.live.claim("pin", pin.id)
            return pin.id, "created"

        def find() -> str | None:
            self.live.pins(board, refresh=True)
            return self.live.matching_pin(board, wanted_pin(recipe, section))

        self._write(item, send, find)

    # -- the journaled write -------------------------------------------------------------------

    def _write(self, item: PlanItem, send: Send, find: Find) -> None:
        kind, old_id, journal = item.kind, item.old_id, self.journal
        resends = conflicts = 0
        while True:
            if self.cancel.is_set():
                raise Cancelled()
            self.pacer.wait()
            if self.cancel.is_set():  # cancelled while waiting its turn: nothing sent
                raise Cancelled()
            journal.sent(kind, old_id)
            try:
                new_id, how = send()
            except (ConnectionFailed, ServerError) as exc:
                journal.unknown(kind, old_id, exc.message)
                found = self._after_lost_answer(find)
                if found is not None:
                    self._done(item, found, "created")
                    return
                if resends >= self.options.unknown_resends:
                    self._fail(item, f"{exc.message} It was not found afterwards; the next "
                               "run looks for it again before sending.")  # fmt: skip
                    return
                resends += 1
                journal.replan(kind, old_id, "not found after a lost answer")
            except Conflict as exc:
                journal.replan(kind, old_id, exc.message)
                conflicts += 1
                if conflicts > self.options.conflict_retries:
                    self._fail(item, exc.message)
                    return
                pause = self.options.conflict_delay_s * 2 ** (conflicts - 1)
                self.sleep(pause * self.rng.uniform(1.0, 1.5))
            except SpamBlocked as exc:
                journal.replan(kind, old_id, exc.message)
                raise StopRestore(
                    f"{exc.message} Nothing more is sent now; run the restore again in an "
                    "hour or two and it continues where it stopped."
                ) from exc
            except TrialAccessLimit as exc:
                journal.replan(kind, old_id, exc.message)
                self._trial(item, exc)
                return
            except RateLimited as exc:
                journal.replan(kind, old_id, exc.message)
                self._wait_out(exc)
            except (AccountUnavailable, AuthenticationFailed, MissingScope, Cancelled):
                # Refused before anything was made (or never sent): the run ends here.
                journal.replan(kind, old_id, "not sent: the run stopped")
                raise
            except (ApiError, UnreadableMedia, VideoFailed) as exc:
                reason = exc.message if isinstance(exc, ApiError) else str(exc)
                journal.failed(kind, old_id, reason)
                self._fail(item, reason)
                return
            else:
                self._done(item, new_id, how)
                return

    def _after_lost_answer(self, find: Find) -> str | None:
        if self.options.settle_s > 0:
            self.sleep(self.options.settle_s)
        return find()

    def _done(self, item: PlanItem, new_id: str, how: str) -> None:
        self.journal.done(item.kind, item.old_id, new_id, how)
        self.ids.setdefault(item.kind, {})[item.old_id] = new_id
        self.live.claim(item.kind, new_id)
        self.result.outcomes[(item.kind, item.old_id)] = how
        if how == "created":
            self.result.created[f"{item.kind}s"] += 1
        else:
            self.result.plan.present[item.kind][item.old_id] = new_id

    def _fail(self, item: PlanItem, reason: str) -> None:
        """Reported for this run; the journal's row (if any) is set by the caller."""
        self.result.add_failure(item, reason)

    def _wait_out(self, error: RateLimited) -> None:
        now = self.client.now()
        wait = (error.resume_at - now) if error.resume_at else self.options.conflict_delay_s * 15
        if wait > self.options.max_wait_s:
            resume = clock_text(datetime.fromtimestamp(time.time() + wait).astimezone())
            raise StopRestore(
                f"Pinterest's write limit is used up for now; run the restore again after "
                f"{resume} to continue."
            )
        self.sleep(max(wait, 0.0) * self.rng.uniform(1.0, 1.2))

    def _trial(self, item: PlanItem, error: TrialAccessLimit) -> None:
        if error.status is None:  # the app's own count of Trial requests for today
            raise StopRestore(error.message)
        said = f"Pinterest refused a {item.kind} with code {error.code}"
        if not self.options.confirm_trial:
            raise StopRestore(
                f"{said}: this Pinterest app has Trial access. Content restored with Trial "
                "access would be visible only to you, not to anyone else. Nothing more was "
                "sent. To restore anyway, start the restore again and confirm it; for content "
                "others can see, the app needs Standard access."
            )
        self._trial_refused.add(item.kind)
        self._fail(item, f"{said}: Pinterest does not let this app create it with Trial access")


_UPLOADS = (Method.IMAGE, Method.CAROUSEL)
