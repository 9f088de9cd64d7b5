"""The endpoints the app uses, as typed calls. Qt-free; safe to use from worker threads."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from creator_backup.api.models import Account, Board, BoardSection, Pin
from creator_backup.api.pagination import iter_items
from creator_backup.api.transport import Transport
from creator_backup.api.writes import WriteCalls

READ_ACCOUNT = ("user_accounts:read",)
READ_BOARDS = ("boards:read",)
READ_PINS = ("boards:read", "pins:read")


def _segment(value: str) -> str:
    # IDs come from Pinterest and from the archive: never let one reshape the path.
    if not value.isdigit():
        raise ValueError(f"not a Pinterest id: {value!r}")
    return quote(value, safe="")


class PinterestClient(WriteCalls):
    """Reads here; the writes (restore's) come from WriteCalls in api/writes.py."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def api_base(self) -> str:
        return self.transport.api_base

    def close(self) -> None:
        self.transport.close()

    def get_account(self) -> Account:
        return Account.from_api(self.transport.get("/user_account", scopes=READ_ACCOUNT))

    def iter_boards(self, privacy: str | None = None) -> Iterator[Board]:
        params = {"privacy": privacy} if privacy else None
        for raw in iter_items(self.transport, "/boards", params, READ_BOARDS):
            yield Board.from_api(raw)

    def get_board(self, board_id: str) -> Board:
        raw = self.transport.get(f"/boards/{_segment(board_id)}", scopes=READ_BOARDS)
        return Board.from_api(raw)

    def iter_sections(self, board_id: str) -> Iterator[BoardSection]:
        path = f"/boards/{_segment(board_id)}/sections"
        for raw in iter_items(self.transport, path, None, READ_BOARDS):
            yield BoardSection.from_api(raw, board_id)

    def iter_board_pins(self, board_id: str) -> Iterator[Pin]:
        """Every pin on the board, section pins included (Pinterest lists them here too)."""
        path = f"/boards/{_segment(board_id)}/pins"
        for raw in iter_items(self.transport, path, None, READ_PINS):
            yield Pin.from_api(raw)

    def iter_section_pins(self, board_id: str, section_id: str) -> Iterator[Pin]:
        path = f"/boards/{_segment(board_id)}/sections/{_segment(section_id)}/pins"
        for raw in iter_items(self.transport, path, None, READ_PINS):
            yield Pin.from_api(raw)

    def iter_own_pins(self) -> Iterator[Pin]:
        """All pins the user owns, wherever they are: finds pins on no visible board."""
        params = {"include_protected_pins": "true"}
        for raw in iter_items(self.transport, "/pins", params, READ_PINS):
            yield Pin.from_api(raw)

    def get_pin(self, pin_id: str) -> Pin:
        return Pin.from_api(self.transport.get(f"/pins/{_segment(pin_id)}", scopes=READ_PINS))
