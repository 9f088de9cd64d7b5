"""The benchmarks' hook on a cold start (see EXIT_WHEN_SHOWN_ENV in gui/app.py): once a
window has painted for the first time, say "shown" on stdout; once it shows what it reads
at start (`ready`), say "ready"; then quit."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# The lines the benchmark waits for (not window strings: nobody sees them).
SHOWN_LINE = "shown"
READY_LINE = "ready"
POLL_MS = 5  # how often `ready` is asked, after the first paint


class _FirstPaint(QObject):
    """Watches a window's events until its first paint."""

    def __init__(self, window: QWidget, ready: Callable[[], bool]) -> None:
        super().__init__(window)
        self._seen = False
        self._ready = ready
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._check_ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Queued: the window's children paint in the same pass, and the pass is
            # flushed to the screen, before this runs.
            QTimer.singleShot(0, self._shown)
        return False

    def _shown(self) -> None:
        _say(SHOWN_LINE)
        self._poll.start()
        self._check_ready()

    def _check_ready(self) -> None:
        if self._ready():
            self._poll.stop()
            _say(READY_LINE)
            QCoreApplication.quit()


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def quit_after_first_paint(window: QWidget, ready: Callable[[], bool]) -> None:
    window.installEventFilter(_FirstPaint(window, ready))
