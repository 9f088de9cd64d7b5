"""Small widgets every page uses. Pinterest text is shown only through these, as plain
text: a title like `<img src=x onerror=…>` is displayed, never interpreted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from creator_backup.auth.secrets import NO_KEYRING_HELP
from creator_backup.errors import sentence_for
from creator_backup.gui.translations import translate
from creator_backup.words import when_text


def window_sentence(sentence: str) -> str:
    """The core's sentence for a missing keyring names the command line's ways out (a flag,
    an environment variable); the window's way out is a checkbox in Settings."""
    if sentence == NO_KEYRING_HELP:
        return translate(
            "Widgets",
            "No secure password store is available to keep your Pinterest login. Unlock or "
            "install one (GNOME Keyring or KWallet), or tick \u201cKeep logins in a file "
            "readable only by you\u201d in Settings and try again.",
        )
    return sentence


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
    return translate("Widgets", "unknown") if value is None else f"{value:,}"


def error_sentence(error: BaseException, fallback: str) -> str:
    """One sentence for a person, by the mapping the CLI uses too (errors.sentence_for):
    an expected failure's own sentence (one that names the command line's ways out put as
    the window's); anything else is a bug, logged with its traceback by the job runner,
    and shown as `fallback`, worded for the task that failed."""
    sentence = sentence_for(error, unexpected=fallback)
    return window_sentence(sentence)
