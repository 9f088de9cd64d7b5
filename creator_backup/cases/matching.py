"""A case's pins found in the archive: what the notice leaves out (Pinterest's notices
carry no picture "even if reinstated"), the archive holds: the title, the board, and the
picture's file to attach to an appeal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from creator_backup.archive.browse import ArchiveBrowser


@dataclass(frozen=True)
class MatchedPin:
    pin_id: str
    in_archive: bool
    title: str | None = None  # Pinterest text: untrusted, shown only escaped or as text
    board: str | None = None  # the board's name in the archive
    board_id: str | None = None
    picture: str | None = None  # the picture's file, an absolute path; None: not stored
    gone: bool = False  # the archive saw it go missing

    def to_json(self) -> dict[str, Any]:
        return {
            "pin_id": self.pin_id,
            "in_archive": self.in_archive,
            "title": self.title,
            "board": self.board,
            "board_id": self.board_id,
            "picture": self.picture,
            "gone": self.gone,
        }


def match_pins(browser: ArchiveBrowser, pin_ids: list[str]) -> list[MatchedPin]:
    """Each of `pin_ids` as the archive knows it, in the notice's order."""
    if not pin_ids:
        return []
    boards = {board.id: board.name for board in browser.boards()}
    matched: list[MatchedPin] = []
    for pin_id in pin_ids:
        detail = browser.pin_detail(pin_id)
        if detail is None:
            matched.append(MatchedPin(pin_id, in_archive=False))
            continue
        row = detail.row
        picture: str | None = None
        if row.media_path:
            try:
                picture = str(browser.media_file(row.media_path))
            except ValueError:  # a path that would lead outside the media folder
                picture = None
        matched.append(
            MatchedPin(
                pin_id,
                in_archive=True,
                title=row.title,
                board=boards.get(row.board_id or ""),
                board_id=row.board_id,
                picture=picture,
                gone=row.missing_since is not None,
            )
        )
    return matched
