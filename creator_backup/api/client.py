"""The endpoints the app uses, as typed calls. Qt-free; safe to use from worker threads."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import quote

from creator_backup.api.models import Account, Board, BoardSection, Pin
from creator_backup.api.pagination import (
    MOST_BOARDS,
    MOST_PINS,
    MOST_SECTIONS,
    RunBudget,
    iter_items,
)
from creator_backup.api.transport import Transport
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

    def get_pin(self, pin_id: str) -> Pin:
        return Pin.from_api(self.transport.get(f"/pins/{_segment(pin_id)}", scopes=READ_PINS))
