"""The system tray: status, Back up now, the next scheduled run, and desktop
notifications when a backup ends. Absent where the desktop has no tray."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMainWindow, QMenu, QSystemTrayIcon

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.backup.engine import FULL
from creator_backup.gui.pages.base import AppEvents
from creator_backup.gui.scheduler import describe_next


class Tray:
    def __init__(self, window: QMainWindow, events: AppEvents, icon: QIcon) -> None:
        self.icon: QSystemTrayIcon | None = None
        self.next_action = QAction(describe_next(None), window)
        self.next_action.setEnabled(False)
        self.status_action = QAction("Idle", window)
        self.status_action.setEnabled(False)
        # The menu's lines follow the app even when no tray shows them (a desktop without
        # one): the icon can appear later, and the window's own status bar says the same.
        events.job_finished.connect(self.notify)
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        tray = QSystemTrayIcon(icon, window)
        tray.setToolTip(DISPLAY_NAME)
        menu = QMenu(window)
        menu.addAction(self.status_action)
        menu.addAction(self.next_action)
        menu.addSeparator()
        back_up = menu.addAction("Back up now")
        back_up.triggered.connect(lambda: events.backup_requested.emit(FULL))

        def bring_up() -> None:
            window.showNormal()
            window.raise_()
            window.activateWindow()

        show = menu.addAction("Show the window")
        show.triggered.connect(bring_up)
        menu.addSeparator()
        quit_action = menu.addAction("Quit")
        quit_action.triggered.connect(getattr(window, "quit", window.close))
        tray.setContextMenu(menu)
        tray.activated.connect(lambda _reason: bring_up())
        tray.show()
        self.icon = tray

    @property
    def available(self) -> bool:
        return self.icon is not None

    def set_next(self, when: datetime | None) -> None:
        self.next_action.setText(describe_next(when))

    def set_status(self, sentence: str) -> None:
        self.status_action.setText(sentence[:80])

    def notify(self, job: str, ok: bool, sentence: str) -> None:
        self.set_status(sentence)
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            kind = (
                QSystemTrayIcon.MessageIcon.Information
                if ok
                else QSystemTrayIcon.MessageIcon.Warning
            )
            self.icon.showMessage(f"{DISPLAY_NAME}: {job}", sentence, kind, 10_000)
