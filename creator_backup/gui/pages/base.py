"""What every page shares: the services, the job runner, the app's events, and the
account being shown."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.services import Services
from creator_backup.gui.workers import JobRunner


class AppEvents(QObject):
    """Signals between pages: a backup that finishes refreshes Overview, Browse and
    History without the pages knowing of each other."""

    archive_changed = Signal()  # a backup, restore or import wrote the archive
    backup_requested = Signal(str)  # "full" (every board; the default) or "quick"
    navigate = Signal(str)  # a page's PageId
    accounts_changed = Signal()  # an account connected or disconnected
    connect_requested = Signal()  # open the assistant that connects a Pinterest account
    assistant_requested = Signal(str)  # the assistant at one of its steps (wizard.STEPS)
    pin_requested = Signal(str)  # open this pin (its id) in Browse
    appeal_requested = Signal(int, int)  # a packet of what was lost between two snapshots
    settings_changed = Signal()
    next_backup_changed = Signal(object)  # datetime of the next scheduled run, or None
    job_finished = Signal(str, bool, str)  # job name, success, one sentence (tray, notices)
    # Overview's alert as it now shows: its kind ("" for none, alert_banner.WARNING or
    # ERROR) and sentence. The tray's icon follows it.
    alert_changed = Signal(str, str)
    # A backup just found content gone or the account unavailable: the kind and the
    # sentence the desktop notification says (once, when it is found).
    loss_found = Signal(str, str)
    snapshot_chosen = Signal(int)  # History shows what changed in that snapshot
    originals_requested = Signal()  # File ▸ Match my original files…
    cases_changed = Signal()  # a notice read, or a case's status changed (the reminders)


@dataclass
class PageContext:
    services: Services
    runner: JobRunner
    events: AppEvents
    notify: Callable[[str], None]  # a line in the status bar

    def change_settings(self, **changes: Any) -> bool:
        """The one way the window changes settings: the fields given, the rest kept as
        saved; every page hears of it. False (and the status bar says why) when the file
        could not be written."""
        store = self.services.settings
        try:
            store.save(replace(store.load(), **changes))
        except OSError as exc:
            self.notify(
                QCoreApplication.translate("Settings", "The settings could not be saved ({why}).")
                .format(why=exc.strerror)
            )  # fmt: skip
            return False
        self.events.settings_changed.emit()
        return True


class PageId(StrEnum):
    """Which page a page is: what the window and its signals name a page by. What a page
    is called on screen is its title in gui/pages/catalogue.py, in the user's language."""

    OVERVIEW = "overview"
    BACKUP = "backup"
    BROWSE = "browse"
    HISTORY = "history"
    APPEAL = "appeal"
    CASES = "cases"
    RESTORE = "restore"
    SETTINGS = "settings"


class Page(QWidget):
    page_id: PageId

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.account: AccountRecord | None = None

    def set_account(self, record: AccountRecord | None) -> None:
        self.account = record
        self.refresh()

    def refresh(self) -> None:
        """Reloads what the page shows, off the UI thread."""
