"""A banner for what the creator must not miss (content gone, the account unavailable; or,
as information, a question asked once and news of a new version): an icon, a sentence and
buttons on a tinted panel, as KDE's KMessageWidget or GNOME's banners show them.

Its colours are worked out from the palette each time it is painted, never written down:
the window colour tinted towards amber (a warning) or red (an error) by a share that
keeps the palette's own text readable on it, so it suits a light and a dark theme and
follows a change of theme as it happens.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from creator_backup.gui.widgets import plain_label

WARNING = "warning"
ERROR = "error"
INFO = "info"
# The hues of the kinds (degrees): amber for a warning, red for an error, blue for
# information, as the desktops' own message widgets use them.
HUES = {WARNING: 40, ERROR: 0, INFO: 210}
ICONS = {
    WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
    ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
    INFO: QStyle.StandardPixmap.SP_MessageBoxInformation,
}
# How far the panel is tinted from the window colour: enough to stand out, little enough
# that the palette's text colour keeps its contrast (more on a dark window, where a
# tint shows less).
TINT_LIGHT, TINT_DARK = 0.22, 0.32
ICON_SIDE = 32
CORNER = 4.0


def mix(base: QColor, other: QColor, share: float) -> QColor:
    """`base` moved towards `other` by `share` (0 to 1)."""
    keep = 1.0 - share
    return QColor.fromRgbF(
        base.redF() * keep + other.redF() * share,
        base.greenF() * keep + other.greenF() * share,
        base.blueF() * keep + other.blueF() * share,
    )


def alert_colours(palette: QPalette, kind: str) -> tuple[QColor, QColor]:
    """(panel, border) for an alert of `kind` on a window of `palette`."""
    window = palette.color(QPalette.ColorRole.Window)
    dark = window.lightnessF() < 0.5
    accent = QColor.fromHslF(HUES.get(kind, HUES[WARNING]) / 360.0, 0.85, 0.5)
    panel = mix(window, accent, TINT_DARK if dark else TINT_LIGHT)
    return panel, accent


class AlertBanner(QFrame):
    """Hidden until `show_alert`; its buttons are added once and shown as each alert needs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        row = QHBoxLayout(self)
        self.icon = QLabel(self)
        self.icon.setFixedSize(QSize(ICON_SIDE, ICON_SIDE))
        row.addWidget(self.icon)
        column = QVBoxLayout()
        self.label = plain_label("", self)
        self.label.setAccessibleName(self.tr("Alert"))
        column.addWidget(self.label)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        column.addLayout(self.buttons)
        row.addLayout(column, 1)
        self.hide()

    def add_button(self, text: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.replace("&", ""))
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button

    def text(self) -> str:
        return self.label.text()

    def show_alert(self, kind: str, sentence: str) -> None:
        self.kind = kind
        self.label.setText(sentence)
        which = ICONS.get(kind, ICONS[WARNING])
        icon = self.style().standardIcon(which, None, self)
        self.icon.setPixmap(icon.pixmap(QSize(ICON_SIDE, ICON_SIDE), self.devicePixelRatioF()))
        self.show()
        self.update()

    def clear(self) -> None:
        self.kind = ""
        self.label.setText("")
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        # Painted, not set as a palette: the children keep the palette's own text colour,
        # and the tint follows the palette of the moment.
        panel, border = alert_colours(self.palette(), self.kind)
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(border, 1.0))
            painter.setBrush(panel)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5),
                                    CORNER, CORNER)  # fmt: skip
        finally:
            painter.end()
