"""Small widgets every page uses. Pinterest text is shown only through these, as plain
text: a title like `<img src=x onerror=…>` is displayed, never interpreted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from creator_backup.words import when_text


def plain_label(text: str = "", parent: QWidget | None = None, selectable: bool = True) -> QLabel:
    """A label that never interprets its text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def heading(text: str, parent: QWidget | None = None, scale: float = 1.4) -> QLabel:
    label = plain_label(text, parent, selectable=False)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def human_time(stamp: str | None) -> str:
    """A snapshot's UTC stamp in the user's own time zone: "24 Nov 2026, 15:11"."""
    return when_text(stamp)


def format_count(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


def error_sentence(error: BaseException, fallback: str) -> str:
    """One sentence for a person: the app's own errors carry one; anything else is a bug,
    logged with its traceback by the job runner, and shown as the fallback."""
    message = getattr(error, "message", None)
    return message if isinstance(message, str) and message else fallback
