"""The system tray: status, Back up now, the next scheduled run, and desktop
notifications when a backup ends. Absent where the desktop has no tray.

While Overview shows an alert (content gone, the account unavailable) the icon carries a
warning or error badge; a backup that finds one says it in a notification of its own.
What the tray last said and which icon it wears are kept whether or not a tray shows
them (a desktop without one): the window's status bar and Overview say the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStyle, QSystemTrayIcon

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.backup.kinds import FULL
from creator_backup.gui.alert_banner import ERROR
from creator_backup.gui.pages.base import AppEvents
from creator_backup.gui.scheduler import describe_next
from creator_backup.gui.translations import translate

ICON_SIDE = 64
BADGE_SIDE = 36  # the badge covers the icon's lower right corner


@dataclass(frozen=True)
class TrayMessage:
    title: str
    sentence: str
    kind: QSystemTrayIcon.MessageIcon


def badged_icon(icon: QIcon, kind: str) -> QIcon:
    """The app's icon with the style's own warning or error sign on its corner."""
    which = (
        QStyle.StandardPixmap.SP_MessageBoxCritical
        if kind == ERROR
        else QStyle.StandardPixmap.SP_MessageBoxWarning
    )
    badge = QApplication.style().standardIcon(which)
    pixmap = icon.pixmap(QSize(ICON_SIDE, ICON_SIDE))
    if pixmap.isNull():
        pixmap = QPixmap(ICON_SIDE, ICON_SIDE)
        pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    try:
        corner = ICON_SIDE - BADGE_SIDE
        badge.paint(painter, corner, corner, BADGE_SIDE, BADGE_SIDE)
    finally:
        painter.end()
    return QIcon(pixmap)


class Tray:
    def __init__(self, window: QMainWindow, events: AppEvents, icon: QIcon) -> None:
        self.icon: QSystemTrayIcon | None = None
        self.plain_icon = icon
        self.current_icon = icon  # what the tray wears now: badged during an alert
        self.alert_kind = ""  # Overview's alert: "", alert_banner.WARNING or ERROR
        self.last_message: TrayMessage | None = None
        self._announced = False  # a backup's finding was just said: its end adds nothing
        self.next_action = QAction(describe_next(None), window)
        self.next_action.setEnabled(False)
        self.status_action = QAction(translate("Tray", "Idle"), window)
        self.status_action.setEnabled(False)
        # The menu's lines follow the app even when no tray shows them (a desktop without
        # one): the icon can appear later, and the window's own status bar says the same.
        events.job_finished.connect(self.notify)
        events.alert_changed.connect(self.set_alert)
        events.loss_found.connect(self.announce)
        self._window = window
        self._events = events

    def show_icon(self) -> None:
        """Puts the icon in the system tray, where there is one. Called once the window has
        painted: asking the desktop for its tray kept the first paint waiting (issue 22)."""
        if self.icon is not None or not QSystemTrayIcon.isSystemTrayAvailable():
            return
        window, events, icon = self._window, self._events, self.current_icon
        tray = QSystemTrayIcon(icon, window)
        tray.setToolTip(DISPLAY_NAME)
        menu = QMenu(window)
        menu.addAction(self.status_action)
        menu.addAction(self.next_action)
        menu.addSeparator()
        back_up = menu.addAction(translate("Tray", "Back up now"))
        back_up.triggered.connect(lambda: events.backup_requested.emit(FULL))

        def bring_up() -> None:
            window.showNormal()
            window.raise_()
            window.activateWindow()

        show = menu.addAction(translate("Tray", "Show the window"))
        show.triggered.connect(bring_up)
        menu.addSeparator()
        quit_action = menu.addAction(translate("Tray", "Quit"))
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

    def set_alert(self, kind: str, sentence: str) -> None:
        """The icon (and tooltip) follow Overview's alert: badged while there is one."""
        self.alert_kind = kind
        self.current_icon = badged_icon(self.plain_icon, kind) if kind else self.plain_icon
        if self.icon is not None:
            self.icon.setIcon(self.current_icon)
            tip = f"{DISPLAY_NAME}\n{sentence}"  # the app's name over Overview's own sentence
            self.icon.setToolTip(tip if kind else DISPLAY_NAME)

    def announce(self, kind: str, sentence: str) -> None:
        """A backup found content gone (WARNING) or the account unavailable (ERROR): one
        notification that says so, instead of the backup's usual one."""
        self.set_alert(kind, sentence)
        title = (
            translate("Tray", "Account unavailable")
            if kind == ERROR
            else translate("Tray", "Content is gone")
        )
        icon = (
            QSystemTrayIcon.MessageIcon.Critical
            if kind == ERROR
            else QSystemTrayIcon.MessageIcon.Warning
        )
        self._show(
            TrayMessage(
                translate("Tray", "{app}: {title}").format(app=DISPLAY_NAME, title=title),
                sentence,
                icon,
            )
        )
        self._announced = True

    def remind(self, title: str, sentence: str) -> None:
        """A deadline of a case is near (case_reminders: once a week and once a day before)."""
        self._show(
            TrayMessage(
                translate("Tray", "{app}: {title}").format(app=DISPLAY_NAME, title=title),
                sentence,
                QSystemTrayIcon.MessageIcon.Warning,
            )
        )

    def inform(self, title: str, sentence: str) -> None:
        """News that is no warning (a new version is out: said once)."""
        self._show(
            TrayMessage(
                translate("Tray", "{app}: {title}").format(app=DISPLAY_NAME, title=title),
                sentence,
                QSystemTrayIcon.MessageIcon.Information,
            )
        )

    def notify(self, job: str, ok: bool, sentence: str) -> None:
        self.set_status(sentence)
        if self._announced and job == "backup":
            self._announced = False  # the finding's notification said what matters
            return
        kind = (
            QSystemTrayIcon.MessageIcon.Information if ok else QSystemTrayIcon.MessageIcon.Warning
        )
        self._show(
            TrayMessage(
                translate("Tray", "{app}: {title}").format(app=DISPLAY_NAME, title=job),
                sentence,
                kind,
            )
        )

    def _show(self, message: TrayMessage) -> None:
        self.last_message = message
        if self.icon is not None and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(message.title, message.sentence, message.kind, 10_000)
