"""The update check in the window: Help ▸ Check for updates… (a dialog with what it
found), the question asked once at the first start (a weekly check, yes or no), and the
weekly check itself, whose news of a new version is given once, in a banner and the tray.

The window never speaks HTTP: each check is the application layer's, on a worker (and the
weekly one runs only if the settings hold the creator's yes: the application layer looks).
The application's update module is imported by the first check, not at the window's start.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.gui.alert_banner import INFO, AlertBanner
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.gui.tray import Tray
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.gui.workers import Work

if TYPE_CHECKING:
    from creator_backup.application.updates import UpdateCheck

log = logging.getLogger(__name__)

JOB = "update check"
# How often the window looks whether a week has passed since the last check (the check
# itself runs once a week): a window left open for days still checks on time.
LOOK_EVERY_MS = 6 * 60 * 60 * 1000
# The first look, a little after the start: the window's own first reads go first.
FIRST_LOOK_MS = 30 * 1000


def available_sentence(found: UpdateCheck) -> str:
    return translate("UpdateCheck", "{app} {latest} is available (you have {current}).").format(
        app=DISPLAY_NAME, latest=found.latest, current=found.current
    )


def found_sentence(found: UpdateCheck) -> str:
    """What a check found, in the window's words."""
    from creator_backup.application.updates import FAILED, NEWER

    if found.outcome == NEWER:
        return available_sentence(found)
    if found.outcome == FAILED:
        return translate("UpdateCheck", "Could not check for updates: {reason}.").format(
            reason=found.reason
        )
    return translate("UpdateCheck", "You have the latest version ({current}).").format(
        current=found.current
    )


def question_sentence() -> str:
    return translate(
        "UpdateCheck",
        "Check once a week whether a new version of {app} is out? Only the version number "
        "is read from the project's releases; nothing about you is sent, and nothing is "
        "installed. You can change this in Settings.",
    ).format(app=DISPLAY_NAME)


def check_now(context: PageContext) -> Work:
    app = context.services.app
    return lambda _progress, token: app.updates.check_now(token.is_set)


def check_weekly(context: PageContext) -> Work:
    app = context.services.app
    return lambda _progress, token: app.updates.check_weekly(token.is_set)


class UpdateDialog(QDialog):
    """What Help ▸ Check for updates… found; with a newer version, a button to its notes."""

    def __init__(
        self, context: PageContext, found: UpdateCheck, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.found = found
        self.setWindowTitle(self.tr("Check for updates"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.sentence = plain_label(found_sentence(found))
        self.sentence.setAccessibleName(self.tr("What the check found"))
        layout.addWidget(self.sentence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.notes_button: QPushButton | None = None
        if found.notes_url:
            self.notes_button = QPushButton(self.tr("&See what's new"))
            self.notes_button.setDefault(True)
            self.notes_button.clicked.connect(self.open_notes)
            buttons.addButton(self.notes_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons)

    def open_notes(self) -> None:
        if self.found.notes_url:
            open_notes(self.context, self.found.notes_url)
            self.accept()


def open_notes(context: PageContext, url: str) -> None:
    """The release's notes in the person's own browser (or the address, when none opens)."""
    if not context.services.open_url(url):
        context.notify(
            translate("UpdateCheck", "No browser could open {url}.").format(url=url)
        )  # fmt: skip


class UpdateChecks(QObject):
    """The window's update checks: on demand, and weekly with the creator's yes; and the
    question that asks for it, once, at the first start (not in the demo)."""

    announced = Signal(str)  # the sentence a new version was announced with
    checked = Signal(object)  # an UpdateCheck of Help ▸ Check for updates…

    def __init__(
        self, context: PageContext, tray: Tray, banner: AlertBanner, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.tray = tray
        self.banner = banner
        self.window = parent
        self.dialog: UpdateDialog | None = None
        self.notes_url = ""  # the announced version's notes, while the banner shows it
        self.asking = False  # the banner asks the question
        self.weekly_running = False
        self.yes_button = banner.add_button(translate("UpdateCheck", "&Yes, once a week"))
        self.no_button = banner.add_button(translate("UpdateCheck", "&No"))
        self.notes_button = banner.add_button(translate("UpdateCheck", "&See what's new"))
        self.dismiss_button = banner.add_button(translate("UpdateCheck", "&Dismiss"))
        self.yes_button.clicked.connect(lambda: self.answer(True))
        self.no_button.clicked.connect(lambda: self.answer(False))
        self.notes_button.clicked.connect(self._open_announced_notes)
        self.dismiss_button.clicked.connect(self.banner.clear)
        for button in self._buttons():
            button.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(LOOK_EVERY_MS)
        self.timer.timeout.connect(self.check_weekly)
        self.first_look = QTimer(self)
        self.first_look.setSingleShot(True)
        self.first_look.setInterval(FIRST_LOOK_MS)
        self.first_look.timeout.connect(self.check_weekly)
        context.events.settings_changed.connect(self._settings_changed)

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (self.yes_button, self.no_button, self.notes_button, self.dismiss_button)

    @property
    def in_demo(self) -> bool:
        return self.context.services.demo is not None

    def start(self) -> None:
        """At the window's start: the question, if it was never answered, and the weekly
        looks (the demo's window, on a throwaway profile, does neither)."""
        if self.in_demo:
            return
        if not self.context.services.settings.load().update_check_asked:
            self.ask()
        self.timer.start()
        self.first_look.start()

    def stop(self) -> None:
        self.timer.stop()
        self.first_look.stop()

    # -- the question, once ----------------------------------------------------------------

    def ask(self) -> None:
        self.asking = True
        self.notes_url = ""
        self._show_buttons(self.yes_button, self.no_button)
        self.banner.show_alert(INFO, question_sentence())

    def answer(self, yes: bool) -> None:
        self.asking = False
        self.banner.clear()
        # A yes checks at once (the settings' change does, as a yes in Settings does).
        self.context.change_settings(update_check=yes, update_check_asked=True)

    def _settings_changed(self) -> None:
        """An answer given in Settings ends the question; a yes checks, if it is due."""
        settings = self.context.services.settings.load()
        if self.asking and settings.update_check_asked:
            self.asking = False
            self.banner.clear()
        if settings.update_check:
            self.check_weekly()

    def _show_buttons(self, *shown: QPushButton) -> None:
        for button in self._buttons():
            button.setVisible(button in shown)

    # -- checks ------------------------------------------------------------------------------

    def check_weekly(self) -> None:
        """The weekly check, if it is due and agreed to (the application layer decides)."""
        if self.weekly_running or self.in_demo:
            return
        self.weekly_running = True
        self.context.runner.start(
            JOB, check_weekly(self.context), self._weekly_found, self._weekly_failed
        )

    def _weekly_found(self, found: UpdateCheck | None) -> None:
        self.weekly_running = False
        if found is None:
            return
        if not found.announce:
            log.info("weekly update check: %s", found.outcome)
            return
        sentence = available_sentence(found)
        if not self.asking:
            self.notes_url = found.notes_url or ""
            self._show_buttons(self.notes_button, self.dismiss_button)
            self.banner.show_alert(INFO, sentence)
        self.tray.inform(translate("UpdateCheck", "A new version is out"), sentence)
        self.announced.emit(sentence)

    def _weekly_failed(self, error: BaseException) -> None:
        self.weekly_running = False
        log.warning("weekly update check failed: %s", type(error).__name__)

    def _open_announced_notes(self) -> None:
        if self.notes_url:
            open_notes(self.context, self.notes_url)
        self.banner.clear()

    def check_now(self) -> None:
        """Help ▸ Check for updates…: now, whatever the weekly setting; the dialog says
        what it found."""
        self.context.notify(translate("UpdateCheck", "Checking for updates…"))
        self.context.runner.start(JOB, check_now(self.context), self._show_found, self._failed)

    def _show_found(self, found: UpdateCheck) -> None:
        self.context.notify("")
        dialog = UpdateDialog(self.context, found, self.window)
        self.dialog = dialog
        dialog.open()
        self.checked.emit(found)

    def _failed(self, error: BaseException) -> None:
        self.context.notify(
            error_sentence(error, translate("UpdateCheck", "Could not check for updates."))
        )
