"""The benchmarks' hook on a cold start (see EXIT_WHEN_SHOWN_ENV in gui/app.py): once a
window has painted for the first time, say so on stdout and quit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

# The line the benchmark waits for (not a window string: nobody sees it).
SHOWN_LINE = "shown"


class _FirstPaint(QObject):
    """Watches a window's events until its first paint."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Queued: the window's children paint in the same pass, and the pass is
            # flushed to the screen, before this runs.
            QTimer.singleShot(0, _say_shown_and_quit)
        return False


def _say_shown_and_quit() -> None:
    sys.stdout.write(SHOWN_LINE + "\n")
    sys.stdout.flush()
    QCoreApplication.quit()


def quit_after_first_paint(window: QWidget) -> None:
    window.installEventFilter(_FirstPaint(window))
