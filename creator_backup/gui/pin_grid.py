"""The Browse page's grid of pins, laid out as a masonry: as many columns as the width
allows, each pin's picture at its real aspect ratio with its title under it, every pin
going to the shortest column. A removed pin has a "Removed" badge on its picture.

Laid out for 100,000 pins: appending a page lays out only that page (each pin's top is
the shortest column's height then, so the tops never go down and the pins on screen are
found by bisection); a new width lays out again from numbers kept per pin (no text is
measured twice); only the pins on screen are painted, and only those ask for their
thumbnails. The grid asks the model for the next page while a screen of pins is still
below the viewport, on every scroll, every layout and every page that arrives, so
continuous scrolling never meets a false end.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QWidget

from creator_backup.gui.pin_models import PinsModel, pin_title

ModelIndex = QModelIndex | QPersistentModelIndex

COLUMN_WIDTH = 236  # Pinterest's own column: the grid fits as many as the width allows
GAP = 16  # between columns, and between a pin and the next in its column
TITLE_GAP = 6  # between a picture and its title
MIN_RATIO, MAX_RATIO = 0.25, 4.0  # height / width: panoramas and long strips are clipped
PREFETCH_SCREENS = 2.0  # the next page is asked for while this many screens are left below
RADIUS = 12
COVERS_KEPT = 100  # pictures drawn at their size and kept (about 30 MB): a few screens
LAYOUT_SLICE = 20_000  # pins laid out in one go (about 10 ms); the rest between events


class MasonryGrid(QAbstractItemView):
    """A masonry of the pins of a PinsModel. The current pin is framed in the palette's
    highlight; the keyboard moves within a column (up, down) and across columns (left,
    right, to the pin nearest in height)."""

    def __init__(self, model: PinsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pins = model
        # Per pin, in row order: what the layout needs, measured once.
        self._ratios: list[float] = []  # picture height / width
        # Thumbnails as last drawn, rounded and at their size (see _cover), oldest first.
        self._covers: dict[tuple[int, int, int, float, int], QPixmap] = {}
        self._title_px: list[int] = []  # the title's width on one line, in pixels
        self._removed: list[bool] = []
        # The layout, for the current width.
        self._columns = 1
        self._column_width = COLUMN_WIDTH
        self._heights: list[int] = [0]  # of each column
        self._x: list[int] = []
        self._y: list[int] = []  # never decreasing: bisected for the pins on screen
        self._picture_h: list[int] = []
        self._h: list[int] = []  # picture and title
        self._column_of: list[int] = []
        self._bottom_max: list[int] = []  # the lowest bottom of the pins up to each
        self.layout_seconds = 0.0  # the last slice's time: for the tests and timings
        self._slicing = False  # more pins to lay out, in the next slice
        self._anchor: QPersistentModelIndex | None = None  # kept at the top after a layout
        self._next_slice = QTimer(self)
        self._next_slice.setSingleShot(True)
        self._next_slice.setInterval(0)
        self._next_slice.timeout.connect(self._lay_out_more)
        self._ready = False  # set up: the model and its selection model in place
        # Qt calls the view's methods from these (the state above is in place by then).
        self.setAccessibleName(self.tr("Pins"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setMouseTracking(True)
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)  # a pin opens on a click
        self.setModel(model)
        self._ready = True
        self._measure_all()
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._fetch_if_near_end())
        model.loading_changed.connect(lambda _loading: self.updateGeometries())

    # -- what the page reads -------------------------------------------------------------

    @property
    def columns(self) -> int:
        return self._columns

    @property
    def column_width(self) -> int:
        return self._column_width

    def content_height(self) -> int:
        """The pins' height, and room for "Loading more pins…" while more are to come:
        the grid's end is never shown before the last pin."""
        pins = max(self._heights) + GAP if self._y else 0
        return pins + (self._footer() if self._pins.more_to_come else 0)

    def _footer(self) -> int:
        return self.fontMetrics().height() * 3

    def picture_rect(self, index: ModelIndex) -> QRect:
        """Where the pin's picture is, in viewport coordinates (empty for no pin)."""
        row = index.row() if index.isValid() else -1
        if not 0 <= row < len(self._y):
            return QRect()
        return QRect(self._x[row], self._y[row] - self._offset(), self._column_width,
                     self._picture_h[row])  # fmt: skip

    def badge_rect(self, index: ModelIndex) -> QRect | None:
        """Where the "Removed" badge is painted on a removed pin's picture; None for a pin
        that is not removed."""
        row = index.row() if index.isValid() else -1
        if not 0 <= row < len(self._removed) or not self._removed[row]:
            return None
        picture = self.picture_rect(index)
        metrics = QFontMetrics(self._badge_font())
        return QRect(picture.left() + 8, picture.top() + 8,
                     metrics.horizontalAdvance(self.tr("Removed")) + 14,
                     metrics.height() + 6)  # fmt: skip

    def visible_rows(self) -> range:
        """The rows on screen, by bisection (tops never go down in a masonry filled
        shortest column first)."""
        top = self._offset()
        bottom = top + self.viewport().height()
        first = bisect_left(self._bottom_max, top)
        last = bisect_right(self._y, bottom)
        return range(first, last)

    # -- the model's changes ---------------------------------------------------------------

    def setModel(self, model: QAbstractItemModel | None) -> None:
        assert isinstance(model, PinsModel)
        super().setModel(model)

    def reset(self) -> None:
        super().reset()
        if self._ready:
            self._measure_all()

    def rowsInserted(self, parent: ModelIndex, start: int, end: int) -> None:
        super().rowsInserted(parent, start, end)
        if parent.isValid():
            return
        if start != len(self._ratios):  # not appended: measured again, in order
            self._measure_all()
            return
        for row in range(start, end + 1):
            self._measure(row)
        self._lay_out(start)
        self._fetch_if_near_end()

    def rowsAboutToBeRemoved(self, parent: ModelIndex, start: int, end: int) -> None:
        super().rowsAboutToBeRemoved(parent, start, end)
        self.scheduleDelayedItemsLayout()

    def doItemsLayout(self) -> None:
        if not self._ready:
            super().doItemsLayout()
            return
        if len(self._ratios) != self._pins.rowCount():
            self._measure_all()
        else:
            self._lay_out(0)
        super().doItemsLayout()

    def dataChanged(
        self, top_left: ModelIndex, bottom_right: ModelIndex, roles: Sequence[int] = ()
    ) -> None:
        # A thumbnail arriving repaints its pin only; a changed title is measured again.
        if roles and set(roles) <= {Qt.ItemDataRole.DecorationRole}:
            for row in range(top_left.row(), bottom_right.row() + 1):
                if 0 <= row < len(self._y):
                    self.viewport().update(self._item_rect(row))
            return
        super().dataChanged(top_left, bottom_right, roles)
        self._measure_all()

    def _measure_all(self) -> None:
        count = self._pins.rowCount()
        self._ratios, self._title_px, self._removed = [], [], []
        for row in range(count):
            self._measure(row)
        self._lay_out(0)

    def _measure(self, row: int) -> None:
        pin = self._pins.pin(row)
        ratio = 1.0
        if pin is not None and pin.width and pin.height:
            ratio = min(max(pin.height / pin.width, MIN_RATIO), MAX_RATIO)
        self._ratios.append(ratio)
        title = pin_title(pin) if pin is not None else ""
        self._title_px.append(self.fontMetrics().horizontalAdvance(title))
        self._removed.append(pin is not None and pin.missing_since is not None)

    # -- the layout ------------------------------------------------------------------------

    def _fit(self, width: int) -> tuple[int, int]:
        """As many columns of about COLUMN_WIDTH as `width` holds, stretched to fill it."""
        columns = max(1, (width - GAP) // (COLUMN_WIDTH + GAP))
        column_width = max(40, (width - GAP * (columns + 1)) // columns)
        return columns, column_width

    def _lay_out(self, start: int) -> None:
        """Lays out the pins from `start` on (all of them when the width changed)."""
        began = time.perf_counter()
        width = self.viewport().width()
        columns, column_width = self._fit(width)
        laid = len(self._y)
        new_width = (columns, column_width) != (self._columns, self._column_width)
        if new_width or start <= 0 or start < laid:
            start = 0  # a new width, or pins changed before the end: all of them again
            laid = 0
            self._columns, self._column_width = columns, column_width
            self._heights = [0] * columns
            self._x, self._y, self._picture_h, self._h = [], [], [], []
            self._column_of, self._bottom_max = [], []
        start = min(start, laid)  # pins appended while a slice waits: from the first not laid
        # A slice at a time: the rest follows between events, so no width change holds the
        # UI thread long, however many pins are loaded.
        stop = min(len(self._ratios), start + LAYOUT_SLICE)
        line = self.fontMetrics().height()
        text_width = column_width - 4
        heights = self._heights
        lowest = self._bottom_max[-1] if self._bottom_max else 0
        # Hot for 100,000 pins: names bound locally, no call per pin but round().
        xs = [GAP + column * (column_width + GAP) for column in range(columns)]
        one, two = TITLE_GAP + line, TITLE_GAP + 2 * line
        add_x, add_y, add_picture = self._x.append, self._y.append, self._picture_h.append
        add_h, add_column, add_bottom = (
            self._h.append,
            self._column_of.append,
            self._bottom_max.append,
        )
        title_px = self._title_px
        for row, ratio in enumerate(self._ratios[start:stop], start):
            top = min(heights)
            column = heights.index(top)
            top += GAP
            picture = round(column_width * ratio) or 1
            height = picture + (one if title_px[row] <= text_width else two)
            add_x(xs[column])
            add_y(top)
            add_picture(picture)
            add_h(height)
            add_column(column)
            bottom = heights[column] = top + height
            if bottom > lowest:
                lowest = bottom
            add_bottom(lowest)
        self.layout_seconds = time.perf_counter() - began
        self._slicing = stop < len(self._ratios)
        if self._slicing:
            self._next_slice.start()
        self.updateGeometries()
        self.viewport().update()
        if not self._slicing and self._anchor is not None:
            anchor, self._anchor = self._anchor, None
            if anchor.isValid():
                self.scrollTo(anchor, QAbstractItemView.ScrollHint.PositionAtTop)

    def _lay_out_more(self) -> None:
        if self._slicing:
            self._lay_out(len(self._y))

    @property
    def laying_out(self) -> bool:
        """Pins are still being laid out, a slice at a time."""
        return self._slicing

    def _offset(self) -> int:
        return self.verticalScrollBar().value()

    def _item_rect(self, row: int) -> QRect:
        return QRect(self._x[row], self._y[row] - self._offset(), self._column_width,
                     self._h[row])  # fmt: skip

    def updateGeometries(self) -> None:
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setPageStep(max(1, page))
        bar.setSingleStep(max(1, self.fontMetrics().height() * 3))
        maximum = max(0, self.content_height() - page)
        if self._slicing:  # the pins below are not laid out yet: the position is kept
            maximum = max(maximum, bar.maximum())
        bar.setRange(0, maximum)
        super().updateGeometries()
        self._fetch_if_near_end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit(self.viewport().width()) != (self._columns, self._column_width):
            # The pin at the top of the screen (or the chosen one, if on screen) stays
            # at the top once the pins are laid out for the new width.
            shown = self.visible_rows()
            current = self.currentIndex()
            if current.isValid() and current.row() in shown:
                self._anchor = QPersistentModelIndex(current)
            elif len(shown) and shown.start > 0:
                self._anchor = QPersistentModelIndex(self._pins.index(shown.start))
            self._lay_out(0)
        else:
            self.updateGeometries()

    def _fetch_if_near_end(self) -> None:
        """Asks for the next page while less than a screen of pins is left below."""
        model = self._pins
        if self._slicing or not model.canFetchMore(QModelIndex()):
            return  # (while slices are laid out, the end is not where it seems)
        below = self.content_height() - self._offset() - self.viewport().height()
        if below < self.viewport().height() * PREFETCH_SCREENS:
            model.fetchMore(QModelIndex())

    def currentChanged(self, current: ModelIndex, previous: ModelIndex) -> None:
        """The chosen pin, said to assistive technology: a masonry is no list Qt knows,
        so the grid's description names the pin the keyboard is on (setting it tells
        screen readers), as a list item's text would."""
        super().currentChanged(current, previous)
        text = current.data(Qt.ItemDataRole.AccessibleTextRole) if current.isValid() else ""
        self.setAccessibleDescription(str(text or ""))
        if previous.isValid() and 0 <= previous.row() < len(self._y):
            self.viewport().update(self._item_rect(previous.row()).adjusted(-3, -3, 3, 3))
        if current.isValid() and 0 <= current.row() < len(self._y):
            self.viewport().update(self._item_rect(current.row()).adjusted(-3, -3, 3, 3))

    # -- QAbstractItemView -------------------------------------------------------------------

    def visualRect(self, index: ModelIndex) -> QRect:
        row = index.row() if index.isValid() else -1
        return self._item_rect(row) if 0 <= row < len(self._y) else QRect()

    def indexAt(self, point: QPoint) -> QModelIndex:
        for row in self.visible_rows():
            if self._item_rect(row).contains(point):
                return self._pins.index(row)
        return QModelIndex()

    def scrollTo(
        self,
        index: ModelIndex,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        row = index.row() if index.isValid() else -1
        if not 0 <= row < len(self._y):
            return
        bar = self.verticalScrollBar()
        top, bottom = self._y[row] - GAP, self._y[row] + self._h[row] + GAP
        page = self.viewport().height()
        if hint == QAbstractItemView.ScrollHint.PositionAtTop:
            bar.setValue(top)
        elif hint == QAbstractItemView.ScrollHint.PositionAtBottom:
            bar.setValue(bottom - page)
        elif hint == QAbstractItemView.ScrollHint.PositionAtCenter:
            bar.setValue((top + bottom - page) // 2)
        elif top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + page:
            bar.setValue(min(top, bottom - page))

    def scrollToBottom(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self._offset()

    def isIndexHidden(self, index: ModelIndex) -> bool:
        return False

    def moveCursor(
        self, cursor_action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        count = len(self._y)
        if count == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() and current.row() < count else -1
        action = QAbstractItemView.CursorAction
        if row < 0 or cursor_action == action.MoveHome:
            target = 0
        elif cursor_action == action.MoveEnd:
            target = count - 1
        elif cursor_action in (action.MoveDown, action.MoveNext):
            target = self._in_column(row, self._column_of[row], 1)
        elif cursor_action in (action.MoveUp, action.MovePrevious):
            target = self._in_column(row, self._column_of[row], -1)
        elif cursor_action == action.MoveRight:
            target = self._beside(row, 1)
        elif cursor_action == action.MoveLeft:
            target = self._beside(row, -1)
        elif cursor_action in (action.MovePageDown, action.MovePageUp):
            step = self.viewport().height() * (1 if cursor_action == action.MovePageDown else -1)
            target = self._nearest(self._column_of[row], self._y[row] + step, row)
        else:
            target = row
        return self._pins.index(target)

    def _in_column(self, row: int, column: int, step: int) -> int:
        other = row + step
        while 0 <= other < len(self._y):
            if self._column_of[other] == column:
                return other
            other += step
        return row

    def _beside(self, row: int, step: int) -> int:
        column = self._column_of[row] + step
        if not 0 <= column < self._columns:
            return row
        return self._nearest(column, self._y[row] + self._h[row] // 2, row)

    def _nearest(self, column: int, middle: int, fallback: int) -> int:
        """The pin of `column` whose middle is nearest to `middle` (tops are sorted, so
        only the pins near that height are looked at)."""
        around = bisect_left(self._y, middle)
        span = self._columns * 4 + 4
        best, distance = fallback, None
        for other in range(max(0, around - span), min(len(self._y), around + span)):
            if self._column_of[other] != column:
                continue
            gap = abs(self._y[other] + self._h[other] // 2 - middle)
            if distance is None or gap < distance:
                best, distance = other, gap
        return best

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        selection = QItemSelection()
        area = rect.normalized()
        for row in self.visible_rows():
            if self._item_rect(row).intersects(area):
                index = self._pins.index(row)
                selection.select(index, index)
                break  # one pin at a time
        self.selectionModel().select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for index in selection.indexes():
            region += self.visualRect(index)
        return region

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        palette = self.palette()
        area = event.rect()
        current = self.currentIndex()
        selected = {i.row() for i in self.selectionModel().selectedIndexes()}
        for row in self.visible_rows():
            rect = self._item_rect(row)
            if not rect.intersects(area):
                continue
            self._paint_pin(painter, palette, row, rect,
                            row == current.row() or row in selected)  # fmt: skip
        if self._pins.more_to_come and self._y:
            footer = QRect(0, max(self._heights) + GAP - self._offset(),
                           self.viewport().width(), self._footer())  # fmt: skip
            if footer.intersects(area):
                painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                painter.drawText(footer, Qt.AlignmentFlag.AlignCenter,
                                 self.tr("Loading more pins…"))  # fmt: skip
        painter.end()

    def _paint_pin(
        self, painter: QPainter, palette: QPalette, row: int, rect: QRect, chosen: bool
    ) -> None:
        index = self._pins.index(row)
        picture = QRect(rect.left(), rect.top(), rect.width(), self._picture_h[row])
        path = QPainterPath()
        path.addRoundedRect(QRectF(picture), RADIUS, RADIUS)
        decoration = index.data(Qt.ItemDataRole.DecorationRole)  # asks for the thumbnail
        thumbnail = self._pins.thumbnail(row)
        painter.save()
        if thumbnail is not None and not thumbnail.isNull():
            painter.drawPixmap(picture.topLeft(), self._cover(thumbnail, picture.size(), palette))
        else:
            painter.setClipPath(path)
            painter.fillRect(picture, palette.brush(QPalette.ColorRole.Button))
        if (thumbnail is None or thumbnail.isNull()) and isinstance(decoration, QPixmap) \
                and not decoration.isNull():  # fmt: skip
            # A placeholder (loading, a video, no file): its square, centred.
            side = min(picture.width(), picture.height(), decoration.width())
            painter.drawPixmap(QRect(picture.center().x() - side // 2,
                                     picture.center().y() - side // 2, side, side),
                               decoration)  # fmt: skip
        painter.restore()
        if chosen:
            pen = painter.pen()
            pen.setColor(palette.color(QPalette.ColorRole.Highlight))
            pen.setWidth(3)
            painter.save()
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
            painter.restore()
        badge = self.badge_rect(index)
        if badge is not None:
            painter.save()
            painter.setFont(self._badge_font())
            painter.setPen(palette.color(QPalette.ColorRole.Link))
            painter.setBrush(palette.brush(QPalette.ColorRole.ToolTipBase))
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(palette.color(QPalette.ColorRole.ToolTipText))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.tr("Removed"))
            painter.restore()
        # The title: Pinterest's text, drawn as plain text, two lines at most.
        title = QRect(rect.left() + 2, picture.bottom() + 1 + TITLE_GAP, rect.width() - 4,
                      rect.bottom() - picture.bottom() - TITLE_GAP)  # fmt: skip
        role = QPalette.ColorRole.Link if self._removed[row] else QPalette.ColorRole.Text
        painter.setPen(palette.color(role))
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        painter.save()
        painter.setClipRect(title)
        painter.drawText(title, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                                    | Qt.TextFlag.TextWordWrap), text)  # fmt: skip
        painter.restore()

    def _cover(self, thumbnail: QPixmap, size: QSize, palette: QPalette) -> QPixmap:
        """The thumbnail as the grid shows it: scaled and cropped to `size`, its corners
        rounded, drawn once and kept. Scaling smoothly through a rounded clip at every
        paint took most of a frame when scrolling (about 1 ms a pin)."""
        ratio = self.devicePixelRatioF()
        background = palette.color(QPalette.ColorRole.Button).rgba()
        key = (thumbnail.cacheKey(), size.width(), size.height(), ratio, background)
        cover = self._covers.pop(key, None)
        if cover is None:
            cover = QPixmap(round(size.width() * ratio), round(size.height() * ratio))
            cover.setDevicePixelRatio(ratio)
            cover.fill(Qt.GlobalColor.transparent)
            target = QRect(QPoint(0, 0), size)
            path = QPainterPath()
            path.addRoundedRect(QRectF(target), RADIUS, RADIUS)
            painter = QPainter(cover)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.setClipPath(path)
            painter.fillRect(target, palette.brush(QPalette.ColorRole.Button))
            self._draw_cover(painter, thumbnail, target)
            painter.end()
        self._covers[key] = cover  # the most recently shown last
        while len(self._covers) > COVERS_KEPT:
            del self._covers[next(iter(self._covers))]
        return cover

    @staticmethod
    def _draw_cover(painter: QPainter, pixmap: QPixmap, target: QRect) -> None:
        """The picture fills its place, cropped at the middle if its shape differs a bit."""
        source = QSize(pixmap.width(), pixmap.height())
        scaled = source.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
        if scaled.isEmpty():
            return
        sx = source.width() / scaled.width()
        sy = source.height() / scaled.height()
        crop_w = target.width() * sx
        crop_h = target.height() * sy
        crop = QRectF((source.width() - crop_w) / 2, (source.height() - crop_h) / 2, crop_w,
                      crop_h)  # fmt: skip
        painter.drawPixmap(QRectF(target), pixmap, crop)

    def _badge_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font


def pin_grid(model: PinsModel) -> MasonryGrid:
    """The masonry grid of pins over `model`."""
    return MasonryGrid(model)
