"""The endpoints the app uses, as typed calls. Qt-free; safe to use from worker threads."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import quote

from creator_backup.api.budget import BudgetReading
from creator_backup.api.models import Account, Board, BoardSection, Pin
from creator_backup.api.pagination import (
    MOST_BOARDS,
    MOST_PINS,
    MOST_SECTIONS,
    RunBudget,
    iter_items,
)
from creator_backup.api.ratelimit import DayBudget
from creator_backup.api.transport import CallStats, CancelCheck, ResponseObserver, Transport
from creator_backup.api.writes import WriteCalls

log = logging.getLogger(__name__)
T = TypeVar("T")
READ_ACCOUNT = ("user_accounts:read",)
READ_BOARDS = ("boards:read",)
READ_PINS = ("boards:read", "pins:read")
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, OverflowError, RecursionError)


def _segment(value: str) -> str:
    # IDs come from Pinterest and from the archive: never let one reshape the path.
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"not a Pinterest id: {value!r}")
    return quote(value, safe="")


class PinterestClient(WriteCalls):
    """Reads here; the writes (restore's) come from WriteCalls in api/writes.py."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        # Objects in listings that could not be read (no usable id, not an object): each
        # is skipped, so one bad object never stops a listing, and recorded here.
        self.unreadable: list[dict[str, str]] = []

    def _each(self, path: str, params: dict[str, Any] | None, scopes: tuple[str, ...],
              parse: Callable[[Any], T], kind: str, expected: int | None = None,
              ceiling: int = MOST_PINS,
              budget: RunBudget | None = None) -> Iterator[T]:  # fmt: skip
        """The listing's objects; `expected` is how many the account says it holds,
        `ceiling` the most a listing of this kind can hold, `budget` the run's share."""
        for raw in iter_items(self.transport, path, params, scopes, expected, ceiling, budget):
            try:
                item = parse(raw)
            except UNREADABLE as exc:
                # Any shape a model cannot take is this one object's problem, never the
                # listing's: the models refuse what they know (ValueError), and the rest
                # (a type no one foresaw) is caught here all the same.
                reason = str(exc) if isinstance(exc, ValueError) else type(exc).__name__
                log.warning("skipped a %s in %s that cannot be read: %s", kind, path, reason)
                self.unreadable.append({"kind": kind, "where": path, "reason": reason})
                continue
            yield item

    @property
    def api_base(self) -> str:
        return self.transport.api_base

    def close(self) -> None:
        self.transport.close()

    # -- what the flows need of the transport beneath ------------------------------------
    # The backup and the restore ask these, never the transport itself (tests/test_layering
    # holds them to it): how the calls are made stays this package's to change.

    @contextmanager
    def cancellable(self, cancel: CancelCheck) -> Iterator[None]:
        """Calls made within the block end in Cancelled once `cancel` is set: before each
        request goes, during retry waits (cut at once, however long the server asked), and
        while a GET's answer is awaited. A write already sent is awaited to its answer:
        its outcome must not become unknown for a click. The check in force before is put
        back after, so scopes nest."""
        previous = self.transport.cancel
        self.transport.cancel = cancel
        try:
            yield
        finally:
            self.transport.cancel = previous

    @contextmanager
    def observing(self, observer: ResponseObserver) -> Iterator[None]:
        """`observer` is told of every response that comes within the block, on the thread
        that made the call (the backup keeps them as its snapshot's chain of custody)."""
        self.transport.observers.append(observer)
        try:
            yield
        finally:
            self.transport.observers.remove(observer)

    @property
    def calls(self) -> int:
        """Requests sent so far, every try counted: a task's share is the difference."""
        return self.transport.stats.calls

    @property
    def stats(self) -> CallStats:
        """Requests, retries and token renewals so far, as a copy (it does not move on)."""
        return dataclasses.replace(self.transport.stats)

    def last_request_id(self) -> str | None:
        """Pinterest's request id (x-pinterest-rid) of this thread's last response."""
        return self.transport.last_request_id()

    @property
    def granted_scopes(self) -> tuple[str, ...]:
        """The permissions Pinterest granted the login, as it said at the last login or
        renewal, or as seen by trying (a pasted token, see scopes_partial); () when the
        login cannot say (a token from the environment)."""
        return tuple(getattr(self.transport.tokens, "scopes", ()))

    @property
    def scopes_partial(self) -> bool:
        """True when granted_scopes lists only what was seen working (a pasted token): a
        permission not listed may still be granted (writes are never tried)."""
        return bool(getattr(self.transport.tokens, "scopes_partial", False))

    @property
    def refused_scopes(self) -> tuple[str, ...]:
        """Scopes seen refused when a pasted token was probed; () otherwise."""
        return tuple(getattr(self.transport.tokens, "refused_scopes", ()))

    def scopes_to_record(self) -> tuple[str, ...]:
        """The scopes a snapshot records, so that its "could see secret content" is only
        ever what was known: Pinterest's whole list; for a probed token, its list only
        when the secret read scopes were each seen granted or one was seen refused (an
        account with no secret board shows neither: then nothing, not known)."""
        granted = self.granted_scopes
        if not self.scopes_partial:
            return granted
        secret = {"boards:read_secret", "pins:read_secret"}
        if secret <= set(granted) or secret & set(self.refused_scopes):
            return granted
        return ()

    @property
    def write_limit(self) -> int | None:
        """The most writes the client lets through in any minute; None when unlimited."""
        window = self.transport.limiter.windows.get("org_write")
        return window.limit if window else None

    def use_budget(self, budget: DayBudget) -> None:
        """Counts every request of this client against `budget`, the day's budget of its
        app (api/budget.py): a request the budget cannot pay for is not sent, and ends in
        BudgetSpent (a TrialAccessLimit) instead of a 429."""
        self.transport.limiter.trial = budget

    def budget_left(self) -> int | None:
        """Requests the day's budget still allows; None when no daily limit is known
        (Standard access, or not known yet)."""
        return self.transport.limiter.trial_remaining()

    def budget_reading(self) -> BudgetReading | None:
        """The day's budget as it stands; None when the client keeps none."""
        return self.transport.limiter.budget_reading()

    def now(self) -> float:
        """The time on the client's clock, which RateLimited.resume_at is measured on."""
        return self.transport.clock()

    def get_account(self) -> Account:
        return Account.from_api(self.transport.get("/user_account", scopes=READ_ACCOUNT))

    def iter_boards(
        self, privacy: str | None = None, expected: int | None = None
    ) -> Iterator[Board]:
        params = {"privacy": privacy} if privacy else None
        yield from self._each(
            "/boards", params, READ_BOARDS, Board.from_api, "board", expected, MOST_BOARDS
        )

    def get_board(self, board_id: str) -> Board:
        raw = self.transport.get(f"/boards/{_segment(board_id)}", scopes=READ_BOARDS)
        return Board.from_api(raw)

    def iter_sections(self, board_id: str) -> Iterator[BoardSection]:
        path = f"/boards/{_segment(board_id)}/sections"

        def parse(raw: Any) -> BoardSection:
            return BoardSection.from_api(raw, board_id)

        yield from self._each(path, None, READ_BOARDS, parse, "section", None, MOST_SECTIONS)

    def iter_board_pins(
        self, board_id: str, expected: int | None = None, budget: RunBudget | None = None
    ) -> Iterator[Pin]:
        """Every pin on the board, section pins included (Pinterest lists them here too);
        `budget`, when given, is shared by the run's board listings."""
        path = f"/boards/{_segment(board_id)}/pins"
        yield from self._each(
            path, None, READ_PINS, Pin.from_api, "pin", expected, MOST_PINS, budget
        )

    def iter_section_pins(self, board_id: str, section_id: str) -> Iterator[Pin]:
        path = f"/boards/{_segment(board_id)}/sections/{_segment(section_id)}/pins"
        yield from self._each(path, None, READ_PINS, Pin.from_api, "pin")

    def iter_own_pins(self, expected: int | None = None) -> Iterator[Pin]:
        """All pins the user owns, wherever they are: finds pins on no visible board."""
        params = {"include_protected_pins": "true"}
        yield from self._each("/pins", params, READ_PINS, Pin.from_api, "pin", expected)

    # -- one-item probes: what a login may see, at one request each -----------------------

    def _peek(self, path: str, params: dict[str, Any], scopes: tuple[str, ...]) -> list[Any]:
        raw = self.transport.get(path, params={**params, "page_size": 1}, scopes=scopes)
        items = raw.get("items") if isinstance(raw, dict) else None
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    def peek_boards(self, privacy: str | None = None) -> list[dict[str, Any]]:
        """At most one board of the listing (of that privacy), as Pinterest sent it."""
        params = {"privacy": privacy} if privacy else {}
        return self._peek("/boards", params, READ_BOARDS)

    def peek_board_pins(self, board_id: str) -> list[dict[str, Any]]:
        """At most one pin of the board, as Pinterest sent it."""
        return self._peek(f"/boards/{_segment(board_id)}/pins", {}, READ_PINS)

    def peek_own_pins(self) -> list[dict[str, Any]]:
        """At most one of the user's own pins, as Pinterest sent it."""
        return self._peek("/pins", {}, READ_PINS)

    def get_pin(self, pin_id: str) -> Pin:
        return Pin.from_api(self.transport.get(f"/pins/{_segment(pin_id)}", scopes=READ_PINS))
