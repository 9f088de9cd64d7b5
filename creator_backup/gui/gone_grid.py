"""What is gone, as pictures: a grid of the pins a comparison found removed, grouped by
their board (a header row each), every picture clickable to open the pin. Pins a restore
has put back since are marked as such."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from creator_backup.gui.translations import translate
from creator_backup.words import one_line

PIN_ROLE = Qt.ItemDataRole.UserRole + 20
HEADER_ROLE = Qt.ItemDataRole.UserRole + 21
TILE = QSize(150, 186)  # a picture of ICON by its title on two lines
ICON = QSize(136, 136)
HEADER_HEIGHT = 30
TITLE_CHARS = 40


@dataclass(frozen=True)
class GoneTile:
    pin_id: str
    title: str
    restored: bool = False  # a restore has put it back (as a new pin) since


@dataclass(frozen=True)
class GoneBoard:
    name: str
    tiles: list[GoneTile]
    board_gone: bool = False  # the whole board was removed, not only these pins


class GoneGrid(QListWidget):
    pin_opened = Signal(str)  # a pin's id, when its picture is clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(translate("GoneGrid", "What is gone"))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setWordWrap(True)
        self.setSpacing(6)
        self.setIconSize(ICON)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._tiles: dict[str, list[QListWidgetItem]] = {}
        self._headers: list[QListWidgetItem] = []
        self.itemActivated.connect(self._opened)
        self.itemClicked.connect(self._opened)

    def show_gone(self, boards: list[GoneBoard]) -> None:
        for _ in self.filling(boards):
            pass

    def filling(self, boards: list[GoneBoard]) -> Iterator[None]:
        """Shows these boards' pins, one header or picture at each step: the page adds
        thousands a slice at a time, so the first ones are painted without waiting for
        the rest."""
        self.clear()
        self._tiles, self._headers = {}, []
        for board in boards:
            self._header(board)
            yield
            for tile in board.tiles:
                self._tile(tile)
                yield

    def pin_ids(self) -> list[str]:
        return list(self._tiles)

    def set_picture(self, pin_id: str, pixmap: QPixmap) -> None:
        for item in self._tiles.get(pin_id, []):
            item.setIcon(QIcon(pixmap))

    def _header(self, board: GoneBoard) -> None:
        count = len(board.tiles)
        if board.board_gone:
            text = translate("GoneGrid", "{board}: the whole board, %Ln pin(s)", None, count)
        else:
            text = translate("GoneGrid", "{board}: %Ln pin(s)", None, count)
        item = QListWidgetItem(text.format(board=one_line(board.name, 80)))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not chosen, not opened
        item.setData(HEADER_ROLE, True)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        item.setSizeHint(QSize(self._header_width(), HEADER_HEIGHT))
        self.addItem(item)
        self._headers.append(item)

    def _tile(self, tile: GoneTile) -> None:
        # Pinterest text: plain, on one line, cut (an item view never renders markup).
        title = one_line(tile.title, TITLE_CHARS) or translate("GoneGrid", "Untitled pin")
        if tile.restored:
            title = translate("GoneGrid", "Restored: {title}").format(title=title)
        item = QListWidgetItem(title)
        item.setData(PIN_ROLE, tile.pin_id)
        item.setSizeHint(TILE)
        item.setToolTip(one_line(tile.title, 300))
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.addItem(item)
        self._tiles.setdefault(tile.pin_id, []).append(item)

    def _opened(self, item: QListWidgetItem) -> None:
        pin_id = item.data(PIN_ROLE)
        if isinstance(pin_id, str):
            self.pin_opened.emit(pin_id)

    def _header_width(self) -> int:
        # A header as wide as the view takes a row of its own: the board's pictures follow
        # on the rows after it.
        return max(self.viewport().width() - 2 * self.spacing() - 2, TILE.width())

    def _fit_headers(self) -> None:
        width = self._header_width()
        for item in self._headers:
            item.setSizeHint(QSize(width, HEADER_HEIGHT))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_headers()
