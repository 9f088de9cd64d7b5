"""The Browse page's grid of pins: the view, laid out for 100,000 pins, and the delegate
that draws each pin in a box of one size, its thumbnail centred in a square, with a
"Removed" badge over a pin that is missing from the account."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from creator_backup.gui.pin_models import MISSING_ROLE, PinsModel
from creator_backup.gui.thumbnail_loader import THUMB_SIDE

ModelIndex = QModelIndex | QPersistentModelIndex


class PinDelegate(QStyledItemDelegate):
    """Draws the pin as usual, then a "Removed" badge over the thumbnail of a pin that is
    missing from the account, in the palette's tooltip colours (readable in any theme)."""

    BADGE = "Removed"

    def __init__(self, side: int = THUMB_SIDE, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.side = side

    def cell(self, option: QStyleOptionViewItem) -> QSize:
        """Every pin takes the same box: the thumbnail's square and two lines of title."""
        lines = option.fontMetrics.height() * 2
        return QSize(self.side + 16, self.side + lines + 12)

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        # Thumbnails of any shape sit centred in one square, the titles in one line-up.
        option.decorationSize = QSize(self.side, self.side)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        return self.cell(option)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().paint(painter, option, index)
        if index.data(MISSING_ROLE) is None:
            return
        painter.save()
        font = option.font
        font.setBold(True)
        painter.setFont(font)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        metrics = painter.fontMetrics()
        badge = QRect(
            rect.left() + 6, rect.top() + 6, metrics.horizontalAdvance(self.BADGE) + 12,
            metrics.height() + 4,
        )  # fmt: skip
        painter.setPen(palette.color(QPalette.ColorRole.Link))
        painter.setBrush(palette.brush(QPalette.ColorRole.ToolTipBase))
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(palette.color(QPalette.ColorRole.ToolTipText))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.BADGE)
        painter.restore()


def pin_grid(model: PinsModel, line_height: int) -> QListView:
    """The grid of pins over `model`, in boxes for two lines of `line_height` title."""
    grid = QListView()
    grid.setAccessibleName("Pins")
    grid.setViewMode(QListView.ViewMode.IconMode)
    grid.setMovement(QListView.Movement.Static)
    grid.setResizeMode(QListView.ResizeMode.Adjust)
    grid.setUniformItemSizes(True)
    # Batched: laying out 100,000 items happens a slice at a time between events.
    grid.setLayoutMode(QListView.LayoutMode.Batched)
    grid.setBatchSize(500)
    grid.setIconSize(QSize(THUMB_SIDE, THUMB_SIDE))
    delegate = PinDelegate(THUMB_SIDE, grid)
    grid.setItemDelegate(delegate)
    grid.setGridSize(QSize(THUMB_SIDE + 24, THUMB_SIDE + 20 + 2 * line_height))
    grid.setWordWrap(True)
    grid.setTextElideMode(Qt.TextElideMode.ElideRight)
    grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.setDragEnabled(False)
    grid.setModel(model)
    return grid
