"""The questions the window asks and the files and folders it lets the person choose, behind
one small interface the pages receive (Services.dialogs). QtDialogs opens Qt's dialogs; the
tests give the pages a scripted one (tests/gui/dialogs.py) instead of patching Qt, and
tests/gui/test_dialogs.py keeps every other module from calling the Qt dialogs itself.

Every question is plain text (an account's name or a path is shown as typed, never as
markup), and No is its default and Escape answer: closing it does nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class Dialogs(Protocol):
    def ask(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        details: str = "",
        yes: str = "",
        no: str = "",
        warning: bool = False,
    ) -> bool:
        """A yes-or-no question; True only for Yes. `details` is shown under the text,
        `yes` and `no` name the buttons (else Yes and No), `warning` shows a warning icon
        instead of a question mark."""
        ...

    def choose_open_file(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        """An existing file to read, or None when the person cancels."""
        ...

    def choose_save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        """Where to save a file (the dialog asks before replacing one), or None."""
        ...

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        """An existing folder, or None when the person cancels."""
        ...


class QtDialogs:
    """Qt's own dialogs, modal to `parent`."""

    def ask(
        self,
        parent: QWidget | None,
        title: str,
        text: str,
        *,
        details: str = "",
        yes: str = "",
        no: str = "",
        warning: bool = False,
    ) -> bool:
        box = QMessageBox(parent)
        box.setWindowTitle(title)
        box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        if details:
            box.setInformativeText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        for button, label in ((QMessageBox.StandardButton.Yes, yes),
                              (QMessageBox.StandardButton.No, no)):  # fmt: skip
            shown = box.button(button)
            if label and shown is not None:
                shown.setText(label)
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    def choose_open_file(
        self, parent: QWidget | None, title: str, start: Path, filters: str
    ) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(start), filters)
        return Path(chosen) if chosen else None

    def choose_save_file(
        self, parent: QWidget | None, title: str, suggested: Path, filters: str
    ) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
        return Path(chosen) if chosen else None

    def choose_folder(self, parent: QWidget | None, title: str, start: Path) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
        return Path(chosen) if chosen else None
