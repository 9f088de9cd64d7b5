"""What the Browse page's background jobs read: the boards, a board's sections, one pin's
whole story, and a larger preview of one of its files.

Each function runs in a job on a worker thread and opens the archive read-only there
(SQLite connections belong to the thread that opened them); none touches a widget. What
they return is frozen, handed to the UI thread as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtGui import QImage

from creator_backup.application.app import Application
from creator_backup.archive.browse import BoardRow, MediaFile, PinDetail, SectionRow
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.pin_models import BrowserSource, media_file_of
from creator_backup.gui.translations import translate
from creator_backup.render.thumbnails import thumbnail_image

PREVIEW_SIDE = 720  # the large view's picture, fitted to the pane's width as shown


@dataclass(frozen=True)
class BoardsRead:
    account_id: str
    exists: bool
    boards: list[BoardRow] = field(default_factory=list)
    total: int = 0
    covers: dict[str, Path] = field(default_factory=dict)  # board id -> its cover's file


@dataclass(frozen=True)
class SectionsRead:
    board_id: str
    sections: list[SectionRow]


@dataclass(frozen=True)
class PinDetailRead:
    pin_id: str
    detail: PinDetail | None
    files: list[Path | None]
    sections: dict[str, str]  # section id -> name, for every board in the pin's history
    preview: QImage | None  # of the first image file
    preview_of: int  # its position in detail.media, -1 for none


@dataclass(frozen=True)
class PreviewRead:
    pin_id: str
    position: int
    image: QImage | None


def read_boards(app: Application, record: AccountRecord) -> BoardsRead:
    if not app.archives.exists(record):
        return BoardsRead(record.account_id, exists=False)
    with app.archives.browsing(record) as browser:
        boards = browser.boards()
        covers = {
            board.id: file
            for board in boards
            if (file := media_file_of(browser, board.cover_path)) is not None
        }
        return BoardsRead(record.account_id, True, boards, browser.count_pins(), covers)


def read_sections(source: BrowserSource, board_id: str) -> SectionsRead:
    with source() as browser:
        return SectionsRead(board_id, browser.sections(board_id))


def read_pin_detail(source: BrowserSource, pin_id: str) -> PinDetailRead:
    """The pin's details, its files, the names of the sections in its history, and a
    preview of its first image file."""
    with source() as browser:
        detail = browser.pin_detail(pin_id)
        if detail is None:
            return PinDetailRead(pin_id, None, [], {}, None, -1)
        files = [media_file_of(browser, item.path) for item in detail.media]
        boards = {span.board_id for span in detail.history} | {detail.row.board_id}
        sections = {
            section.id: section.name or translate("Browse", "Unnamed section")
            for board_id in sorted(b for b in boards if b)
            for section in browser.sections(board_id)
        }
    position, image = _first_preview(detail.media, files)
    return PinDetailRead(pin_id, detail, files, sections, image, position)


def read_preview(pin_id: str, position: int, file: Path, content_type: str) -> PreviewRead:
    return PreviewRead(pin_id, position, thumbnail_image(file, content_type, PREVIEW_SIDE))


def _first_preview(media: list[MediaFile], files: list[Path | None]) -> tuple[int, QImage | None]:
    for position, (item, file) in enumerate(zip(media, files, strict=True)):
        content_type = item.content_type or ""
        if file is not None and content_type.startswith("image/"):
            return position, thumbnail_image(file, content_type, PREVIEW_SIDE)
    return -1, None
