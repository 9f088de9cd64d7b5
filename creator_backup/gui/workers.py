"""The one bridge between Qt and long work: jobs run on a QThreadPool, results come back
to the UI thread through queued signals. Jobs are plain callables from the core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class JobSignals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: JobSignals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # reported to the UI, which shows one sentence
            log.exception("background job failed")
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


class JobRunner(QObject):
    """Runs core callables off the UI thread and keeps their signal objects alive."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._live: set[JobSignals] = set()

    def submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        signals = JobSignals()
        self._live.add(signals)

        def finished(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                self._live.discard(signals)
                handler(value)

            return call

        signals.succeeded.connect(finished(on_success))
        signals.failed.connect(finished(on_failure))
        self.pool.start(_Job(work, signals))

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
