"""Notices a run the window did not make: a backup by the schedule's task or the command
line (another process) while the window is open. Every few seconds, off the UI thread, it
reads the shown archive's mark through the application layer (one small read); when the
mark moved, the pages reload as after the window's own backup (AppEvents.archive_changed).

It never reacts to the window's own writes: it does not look while one of the window's
writing jobs runs, and after any archive_changed it takes the mark afresh before comparing
again, so its own signal cannot set it off a second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from creator_backup.application.archives import ArchiveMark
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.file_jobs import IMPORT_JOB
from creator_backup.gui.pages.base import PageContext

log = logging.getLogger(__name__)

# Often enough that a finished backup shows within moments; a read this small costs little.
WATCH_INTERVAL_MS = 5_000
# The window's own jobs that write an archive: each says so itself when it ends.
WINDOW_WRITERS = frozenset({"backup", "restore", "move", IMPORT_JOB})


class ArchiveWatch(QObject):
    def __init__(
        self,
        context: PageContext,
        account: Callable[[], AccountRecord | None],
        interval_ms: int = WATCH_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.account = account
        # The account (by key) and the mark last read of its archive; None: read it afresh
        # before comparing.
        self._seen: tuple[str, ArchiveMark | None] | None = None
        self._looking = False  # one read at a time: a slow disk never piles them up
        # Counts archive_changed: a read begun before the last one is stale.
        self._generation = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.look)
        self.timer.start()
        context.events.archive_changed.connect(self._forget)

    @property
    def looked(self) -> bool:
        """Whether it knows the shown archive's mark: a change from now on is noticed."""
        record = self.account()
        return record is not None and self._seen is not None and self._seen[0] == record.key

    def stop(self) -> None:
        self.timer.stop()

    def look(self) -> None:
        record = self.account()
        if record is None or self._looking or self._window_writing():
            return
        self._looking = True
        archives, generation = self.context.services.app.archives, self._generation
        self.context.runner.submit(
            lambda: archives.mark(record),
            lambda mark: self._compare(record, mark, generation),
            self._failed,
        )

    def _window_writing(self) -> bool:
        return any(job.name in WINDOW_WRITERS for job in self.context.runner.running())

    def _compare(self, record: AccountRecord, mark: ArchiveMark | None, generation: int) -> None:
        self._looking = False
        if generation != self._generation:
            return  # read before the pages last reloaded: the next look reads afresh
        seen, self._seen = self._seen, (record.key, mark)
        if seen is None or seen[0] != record.key or seen[1] == mark:
            return  # a first look at this account, or nothing new
        log.info("the archive changed outside the window: the pages reload")
        self.context.events.archive_changed.emit()

    def _failed(self, error: BaseException) -> None:
        # A busy or missing archive: the next look tries again; the pages say what is wrong.
        self._looking = False
        log.debug("archive not watched this time: %s", type(error).__name__)

    def _forget(self) -> None:
        """The archive changed and the pages heard of it: the next look takes the mark as
        it is now without telling them again."""
        self._seen = None
        self._generation += 1
