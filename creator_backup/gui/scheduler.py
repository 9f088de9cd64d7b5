"""Scheduled backups while the app runs. The schedule is counted from the last backup in
the archive, so a run missed while the app was closed starts soon after it opens."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.kinds import FULL
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.local_time import weekday_date_time_text
from creator_backup.settings import next_backup

CHECK_EVERY_MS = 60_000
# A scheduled run that could not start (offline, logged out) is not retried at once.
RETRY_AFTER_S = 15 * 60


def describe_next(when: datetime | None) -> str:
    if when is None:
        return translate("Scheduler", "No backup scheduled")
    return translate("Scheduler", "Next backup: {when}").format(when=weekday_date_time_text(when))


class BackupScheduler(QObject):
    next_changed = Signal(object)  # datetime of the next run, or None when off

    def __init__(
        self,
        context: PageContext,
        account: Callable[[], AccountRecord | None],
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.account = account
        self.clock = clock
        self.next_run: datetime | None = None
        self._last_attempt = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        context.events.settings_changed.connect(self.check)
        context.events.archive_changed.connect(self.check)
        context.events.accounts_changed.connect(self.check)

    def check(self) -> None:
        record = self.account()
        hours = self.context.services.settings.load().schedule_hours
        if record is None or hours <= 0:
            self._set_next(None)
            return
        app = self.context.services.app

        def look() -> tuple[str | None, tuple[bool, str]]:
            snapshots = app.archives.snapshots(record)
            last = snapshots[-1].started_at if snapshots else None
            # The same question the scheduled command asks: with Trial access a run the
            # day's requests cannot pay for waits for the next day.
            return last, app.backups.should_run_scheduled(record)

        self.context.runner.submit(
            look, lambda found: self._decide(found[0], hours, found[1]), lambda _e: None
        )

    def _decide(self, last_started: str | None, hours: int, verdict: tuple[bool, str]) -> None:
        now = datetime.fromtimestamp(self.clock(), tz=UTC)
        due = next_backup(last_started, hours, now)
        self._set_next(due)
        if due is None or due > now or self.clock() - self._last_attempt < RETRY_AFTER_S:
            return
        self._last_attempt = self.clock()
        go, why = verdict
        if go:
            self.context.events.backup_requested.emit(FULL)
        else:
            self.context.notify(why)

    def _set_next(self, when: datetime | None) -> None:
        if when != self.next_run:
            self.next_run = when
            self.next_changed.emit(when)
            self.context.events.next_backup_changed.emit(when)
