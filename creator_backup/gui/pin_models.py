"""Item models for the Browse page: the boards, and the pins of a board (or of a search)
fetched page by page as the grid scrolls.

Every read of the archive runs as a background job that opens its own read-only
connection (SQLite connections belong to the thread that opened them). A page that
arrives for a filter the user has since left is dropped: each filter has a generation,
and only the current generation's pages are inserted.

Pinterest text is only ever given to the views as DisplayRole (plain text) or as an
escaped tooltip: a title like `<img src=x onerror=…>` is shown as those characters.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QGuiApplication, QPainter, QPalette, QPixmap, QPolygonF

from creator_backup.archive.browse import PAGE_SIZE, ArchiveBrowser, BoardCheck, BoardRow, PinRow
from creator_backup.checked_words import day_text, not_checked_sentence, since_text
from creator_backup.gui.thumbnail_loader import THUMB_SIDE, ThumbnailCache
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import human_time
from creator_backup.gui.workers import JobRunner

log = logging.getLogger(__name__)

PIN_ROLE = Qt.ItemDataRole.UserRole + 1  # the PinRow
BOARD_ROLE = Qt.ItemDataRole.UserRole + 2  # the BoardRow, None for "All pins"
MISSING_ROLE = Qt.ItemDataRole.UserRole + 3  # the snapshot id it went missing in, or None

COVER_PREFIX = "board:"  # a thumbnail asked for by a board's cover, not by a pin


def untitled_pin() -> str:
    return translate("PinModels", "Untitled pin")


def unnamed_board() -> str:
    return translate("PinModels", "Unnamed board")


# Opens the account's archive read-only, on the thread that calls it.
BrowserSource = Callable[[], AbstractContextManager[ArchiveBrowser]]

ModelIndex = QModelIndex | QPersistentModelIndex


def tooltip(*lines: str | None) -> str:
    """A tooltip that shows Pinterest text literally. Qt guesses whether a tooltip is rich
    text, so it is made rich text on purpose, with the text escaped inside."""
    body = "\n".join(line for line in lines if line)
    return f"<p style='white-space:pre-wrap'>{html.escape(body)}</p>"


def pin_title(row: PinRow) -> str:
    return row.title if row.title and row.title.strip() else untitled_pin()


def board_name(board: BoardRow) -> str:
    return board.name if board.name.strip() else unnamed_board()


def removed_text(missing_since: int | None) -> str:
    """The archive keeps the snapshot a removal was first seen in (its id, not its date)."""
    if missing_since is None:
        return ""
    return translate("PinModels", "Removed: missing since snapshot {number}").format(
        number=missing_since
    )


def privacy_word(privacy: str) -> str:
    """A board's privacy as Pinterest names it (PUBLIC, SECRET, PROTECTED), in words."""
    words = {
        "PUBLIC": translate("PinModels", "public"),
        "SECRET": translate("PinModels", "secret"),
        "PROTECTED": translate("PinModels", "protected"),
    }
    return words.get(privacy.upper(), privacy.lower())


def unchecked_short(
    check: BoardCheck | None, dates: Callable[[str | None], str] = human_time
) -> str:
    """Beside a board's name: "not checked since 02 Dec 2026, 08:44"; "" when checked."""
    return "" if check is None else since_text(check.last_checked, dates)


def unchecked_sentence(check: BoardCheck | None) -> str:
    """A board's whole story when the latest backup did not list it; "" when it did."""
    if check is None:
        return ""
    return not_checked_sentence(check.state, check.detail, check.last_checked, human_time)


def removed_brush() -> QBrush:
    # From the palette, so it reads on light and dark themes alike (as on History).
    return QGuiApplication.palette().brush(QPalette.ColorRole.Link)


def media_file_of(browser: ArchiveBrowser, relative: str | None) -> Path | None:
    if relative is None:
        return None
    try:
        return browser.media_file(relative)
    except ValueError:
        log.warning("media path outside the archive ignored: %r", relative)
        return None


# -- boards ------------------------------------------------------------------------------


COVER_SIDE = 48  # a board's cover in the list of boards


class BoardsModel(QAbstractListModel):
    """ "All pins" first, then every board ever archived (removed ones marked), each with
    its cover: the picture of its newest pin, decoded off the UI thread like the grid's."""

    def __init__(self, thumbnails: ThumbnailCache | None = None,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self._boards: list[BoardRow] = []
        self._covers: dict[str, Path] = {}  # board id -> its cover's file
        self._total = 0
        self._shown = False  # "All pins" is listed once an archive is read
        self._thumbnails = thumbnails
        self._icons: dict[str, QPixmap] = {}  # board id -> its square cover
        if thumbnails is not None:
            thumbnails.ready.connect(self._cover_ready)

    def set_boards(
        self, boards: list[BoardRow], total: int, covers: dict[str, Path] | None = None
    ) -> None:
        self.beginResetModel()
        self._boards = list(boards)
        self._covers = dict(covers or {})
        self._icons = {}
        self._total = total
        self._shown = True
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._boards, self._total, self._shown = [], 0, False
        self._covers, self._icons = {}, {}
        self.endResetModel()

    def cover(self, board_id: str) -> QPixmap | None:
        """The board's square cover, once decoded; None before, or for no cover."""
        icon = self._icons.get(board_id)
        if icon is not None:
            return icon
        board = self.find(board_id)
        file = self._covers.get(board_id)
        if board is None or board.cover_path is None or file is None or self._thumbnails is None:
            return None
        pixmap = self._thumbnails.pixmap(board.cover_path)
        if pixmap is None:
            if not self._thumbnails.failed(board.cover_path):
                self._thumbnails.request(COVER_PREFIX + board_id, board.cover_path, file,
                                         board.cover_type or "")  # fmt: skip
            return None
        side = min(pixmap.width(), pixmap.height())
        square = pixmap.copy((pixmap.width() - side) // 2, (pixmap.height() - side) // 2,
                             side, side)  # fmt: skip
        ratio = (
            QGuiApplication.primaryScreen().devicePixelRatio()
            if QGuiApplication.primaryScreen()
            else 1.0
        )
        icon = square.scaled(round(COVER_SIDE * ratio), round(COVER_SIDE * ratio),
                             Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        icon.setDevicePixelRatio(ratio)
        self._icons[board_id] = icon
        return icon

    def _cover_ready(self, asker: str) -> None:
        if not asker.startswith(COVER_PREFIX):
            return
        row = self.row_of(asker.removeprefix(COVER_PREFIX))
        if row > 0:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    @property
    def boards(self) -> list[BoardRow]:
        return list(self._boards)

    def board(self, row: int) -> BoardRow | None:
        return self._boards[row - 1] if 1 <= row <= len(self._boards) else None

    def row_of(self, board_id: str | None) -> int:
        """The row of a board, 0 ("All pins") for None, -1 for a board not listed."""
        if board_id is None:
            return 0
        return next((i + 1 for i, b in enumerate(self._boards) if b.id == board_id), -1)

    def name_of(self, board_id: str | None) -> str | None:
        board = self.find(board_id)
        return None if board is None else board_name(board)

    def find(self, board_id: str | None) -> BoardRow | None:
        return next((b for b in self._boards if b.id == board_id), None)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self._boards) + 1 if self._shown and not parent.isValid() else 0

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        board = self.board(index.row())
        if board is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return translate("PinModels", "All pins ({count})").format(count=f"{self._total:,}")
            if role == Qt.ItemDataRole.ToolTipRole:
                total = self._total
                return tooltip(
                    translate("PinModels", "Every archived pin: %Ln pin(s)", None, total)
                )
            if role == Qt.ItemDataRole.DecorationRole:
                return self._blank()
            return None
        name = board_name(board)
        removed = board.missing_since is not None
        unchecked = unchecked_short(board.unchecked)
        if role == Qt.ItemDataRole.DisplayRole:
            # Not checked: on a line of its own, the day only, so a narrow list shows it
            # whole; the time is in the accessible text, the tooltip and the board's header.
            day = unchecked_short(board.unchecked, day_text)
            shown = translate("PinModels", "{name} ({count})").format(
                name=name, count=f"{board.pins:,}"
            )
            if removed:
                shown = translate("PinModels", "{board} · removed").format(board=shown)
            return shown + (f"\n{day}" if day else "")
        pins = board.pins
        if role == Qt.ItemDataRole.AccessibleTextRole:
            said = translate("PinModels", "Board {name}, %Ln pin(s)", None, pins).format(name=name)
            for status in (removed_text(board.missing_since), unchecked):
                if status:
                    said = translate("PinModels", "{said}, {status}").format(
                        said=said, status=status
                    )
            return said
        if role == Qt.ItemDataRole.ToolTipRole:
            sections = board.sections
            counts = translate("PinModels", "%Ln pin(s), {sections}", None, pins).format(
                sections=translate("PinModels", "%Ln section(s)", None, sections)
            )
            privacy = board.privacy and translate("PinModels", "Privacy: {privacy}").format(
                privacy=privacy_word(board.privacy)
            )
            return tooltip(name, board.description, counts, privacy,
                           removed_text(board.missing_since),
                           unchecked_sentence(board.unchecked))  # fmt: skip
        if role == Qt.ItemDataRole.ForegroundRole and removed:
            return removed_brush()
        if role == Qt.ItemDataRole.DecorationRole:
            return self.cover(board.id) or self._blank()
        if role == BOARD_ROLE:
            return board
        if role == MISSING_ROLE:
            return board.missing_since
        return None

    def _blank(self) -> QPixmap:
        """Where a cover goes while it loads, or for a board with no picture."""
        key = f"blank:{QGuiApplication.palette().cacheKey()}"
        blank = self._icons.get(key)
        if blank is None:
            blank = QPixmap(COVER_SIDE, COVER_SIDE)
            blank.fill(QGuiApplication.palette().color(QPalette.ColorRole.Button))
            self._icons[key] = blank
        return blank


# -- pins --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinFilter:
    board_id: str | None = None
    section_id: str | None = None
    query: str = ""


@dataclass(frozen=True)
class _Page:
    generation: int
    offset: int
    rows: list[PinRow]
    files: list[Path | None]


class PinsModel(QAbstractListModel):
    """The pins of one filter, fetched `page_size` at a time when the view scrolls near
    the end (canFetchMore/fetchMore). Thumbnails come from `thumbnails`, asked for only
    when the view paints a pin."""

    count_changed = Signal(int)  # how many pins match the filter, once counted
    loading_changed = Signal(bool)
    page_loaded = Signal(int)  # rows added
    failed = Signal(object)  # the exception of a failed read

    def __init__(
        self,
        runner: JobRunner,
        thumbnails: ThumbnailCache,
        page_size: int = PAGE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._thumbnails = thumbnails
        self.page_size = page_size
        self._source: BrowserSource | None = None
        self._filter = PinFilter()
        self._generation = 0
        self._rows: list[PinRow] = []
        self._files: list[Path | None] = []
        self._index: dict[str, int] = {}
        self._offset = 0  # rows read from the archive so far (duplicates included)
        self._total: int | None = None
        self._fetching = False
        self._exhausted = True
        self._error = False
        self.fetches = 0  # page reads started for the current filter
        self._placeholders: dict[tuple[str, int], QPixmap] = {}
        thumbnails.ready.connect(self._thumbnail_ready)

    # -- the filter ------------------------------------------------------------------------

    @property
    def filter(self) -> PinFilter:
        return self._filter

    @property
    def total(self) -> int | None:
        return self._total

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def loading(self) -> bool:
        return self._fetching

    @property
    def more_to_come(self) -> bool:
        """Pins of the filter are still to be loaded (none failed to be read)."""
        return self._source is not None and not self._exhausted and not self._error

    @property
    def complete(self) -> bool:
        """Every pin of the filter is loaded."""
        return self._exhausted and not self._fetching

    def set_filter(self, source: BrowserSource | None, pin_filter: PinFilter) -> None:
        """Shows the pins of `pin_filter`, from the first page; None shows nothing."""
        self._generation += 1
        self.beginResetModel()
        self._source = source
        self._filter = pin_filter
        self._rows, self._files, self._index = [], [], {}
        self._offset = 0
        self._total = None
        self._fetching = False
        self._exhausted = source is None
        self._error = False
        self.fetches = 0
        self.endResetModel()
        self._thumbnails.cancel_pending()
        if source is None:
            self.loading_changed.emit(False)
            return
        self._count(source, pin_filter, self._generation)
        self.fetchMore(QModelIndex())

    def reload(self) -> None:
        self.set_filter(self._source, self._filter)

    def clear(self) -> None:
        self.set_filter(None, PinFilter())

    def _count(self, source: BrowserSource, pin_filter: PinFilter, generation: int) -> None:
        def count_pins() -> int:
            with source() as browser:
                return browser.count_pins(pin_filter.board_id, pin_filter.section_id,
                                          pin_filter.query)  # fmt: skip

        def counted(total: int) -> None:
            if generation == self._generation:
                self._total = total
                self.count_changed.emit(total)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                self.failed.emit(error)

        self._runner.submit(count_pins, counted, failed)

    # -- lazy fetching ---------------------------------------------------------------------

    def canFetchMore(self, parent: ModelIndex) -> bool:
        if parent.isValid():
            return False
        return self._source is not None and not (self._exhausted or self._fetching or self._error)

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent) or self._source is None:
            return
        source, pin_filter = self._source, self._filter
        generation, offset, limit = self._generation, self._offset, self.page_size
        self._fetching = True
        self.fetches += 1
        self.loading_changed.emit(True)

        def read_pins() -> _Page:
            with source() as browser:
                rows = browser.pins(pin_filter.board_id, pin_filter.section_id,
                                    pin_filter.query, offset, limit)  # fmt: skip
                files = [media_file_of(browser, row.media_path) for row in rows]
            return _Page(generation, offset, rows, files)

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._fetching = False
            self._error = True  # no retry loop: the next filter or refresh tries again
            self.loading_changed.emit(False)
            self.failed.emit(error)

        self._runner.submit(read_pins, self._page_arrived, failed)

    def _page_arrived(self, page: _Page) -> None:
        if page.generation != self._generation or page.offset != self._offset:
            return  # for a filter the user has left
        self._fetching = False
        self._offset += len(page.rows)
        if len(page.rows) < self.page_size:
            self._exhausted = True
        # A backup writing meanwhile can shift the order by a pin: never list one twice.
        fresh = [(r, f) for r, f in zip(page.rows, page.files, strict=True)
                 if r.id not in self._index]  # fmt: skip
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for row, file in fresh:
                self._index[row.id] = len(self._rows)
                self._rows.append(row)
                self._files.append(file)
            self.endInsertRows()
        self.loading_changed.emit(False)
        self.page_loaded.emit(len(fresh))

    # -- reading ---------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def pin(self, row: int) -> PinRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def media_path(self, row: int) -> Path | None:
        return self._files[row] if 0 <= row < len(self._files) else None

    def row_of(self, pin_id: str) -> int:
        return self._index.get(pin_id, -1)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return pin_title(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(index.row(), row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if row.missing_since is None:
                return translate("PinModels", "Pin {title}").format(title=pin_title(row))
            return translate("PinModels", "Pin {title}, {status}").format(
                title=pin_title(row), status=removed_text(row.missing_since)
            )
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return row.description or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            description = row.description
            if description and len(description) > 300:
                description = description[:300] + "…"
            return tooltip(pin_title(row), description, removed_text(row.missing_since))
        if role == Qt.ItemDataRole.ForegroundRole and row.missing_since is not None:
            return removed_brush()
        if role == PIN_ROLE:
            return row
        if role == MISSING_ROLE:
            return row.missing_since
        return None

    # -- thumbnails ------------------------------------------------------------------------

    def thumbnail(self, row: int) -> QPixmap | None:
        """The decoded thumbnail of a row, if it is in the cache."""
        pin = self.pin(row)
        if pin is None or pin.media_path is None:
            return None
        return self._thumbnails.pixmap(pin.media_path)

    def _decoration(self, number: int, row: PinRow) -> QPixmap:
        file = self._files[number]
        content_type = row.content_type or ""
        if row.media_path is None or file is None:
            return self._placeholder("none")
        if not content_type.startswith("image/"):
            return self._placeholder("video" if content_type.startswith("video/") else "none")
        pixmap = self._thumbnails.pixmap(row.media_path)
        if pixmap is not None:
            return pixmap
        if self._thumbnails.failed(row.media_path):
            return self._placeholder("none")
        self._thumbnails.request(row.id, row.media_path, file, content_type)
        return self._placeholder("loading")

    def _thumbnail_ready(self, pin_id: str) -> None:
        row = self._index.get(pin_id)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _placeholder(self, kind: str) -> QPixmap:
        """A plain tile in the palette's colours while a thumbnail loads, for a video, or
        for a pin with no image on disk."""
        palette = QGuiApplication.palette()
        key = (kind, palette.cacheKey())
        pixmap = self._placeholders.get(key)
        if pixmap is not None:
            return pixmap
        side = self._thumbnails.side or THUMB_SIDE
        pixmap = QPixmap(side, side)
        pixmap.fill(palette.color(QPalette.ColorRole.Button))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawRect(QRectF(0.5, 0.5, side - 1, side - 1))
        if kind == "video":
            painter.setBrush(palette.brush(QPalette.ColorRole.ButtonText))
            third = side / 3
            painter.drawPolygon(QPolygonF([
                QPointF(third * 1.2, third), QPointF(third * 1.2, third * 2),
                QPointF(third * 2, side / 2),
            ]))  # fmt: skip
        elif kind == "none":
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(
                QRectF(0, 0, side, side),
                Qt.AlignmentFlag.AlignCenter,
                translate("PinModels", "No preview"),
            )
        painter.end()
        self._placeholders[key] = pixmap
        return pixmap
