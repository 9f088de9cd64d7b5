"""The pages' icons, drawn in the palette's own text colour at the screen's own scale.

The SVGs in resources/icons are line drawings in one colour. Drawn as they are, a grey
that suits a light window is faint on a dark one, and a pixmap made at one size blurs on
a high-DPI screen. This engine redraws the drawing each time Qt asks, in the colour the
current palette gives text (the selected row's highlighted text colour, or the disabled
colour), at the size and device pixel ratio asked for, so the icons follow the system's
light or dark theme as it changes.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

# The drawings' one colour, in their stroke or fill attributes.
_COLOUR = re.compile(r'(stroke|fill)="#[0-9a-fA-F]{3,8}"')


def icon_colour(mode: QIcon.Mode, palette: QPalette) -> str:
    if mode == QIcon.Mode.Disabled:
        role, group = QPalette.ColorRole.WindowText, QPalette.ColorGroup.Disabled
    elif mode == QIcon.Mode.Selected:
        role, group = QPalette.ColorRole.HighlightedText, QPalette.ColorGroup.Active
    else:
        role, group = QPalette.ColorRole.WindowText, QPalette.ColorGroup.Active
    return str(palette.color(group, role).name())


class TintedSvgEngine(QIconEngine):
    def __init__(self, svg: str) -> None:
        super().__init__()
        self._svg = svg
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = icon_colour(mode, QGuiApplication.palette())
        renderer = self._renderers.get(colour)
        if renderer is None:
            tinted = _COLOUR.sub(lambda m: f'{m.group(1)}="{colour}"', self._svg)
            renderer = QSvgRenderer(QByteArray(tinted.encode("utf-8")))
            self._renderers[colour] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            self._renderer(mode).render(painter, QRectF(pixmap.rect()))
        finally:
            painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return TintedSvgEngine(self._svg)


def tinted_icon(svg_file: Path) -> QIcon:
    """The drawing as an icon that follows the palette, or no icon if it is missing."""
    try:
        svg = svg_file.read_text("utf-8")
    except OSError:
        return QIcon()
    return QIcon(TintedSvgEngine(svg))
