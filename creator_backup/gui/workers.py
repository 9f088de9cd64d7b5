"""The one bridge between Qt and long work: jobs run on a QThreadPool, and their progress
and results come back to the UI thread through queued signals. Jobs are plain callables
from the core; the UI thread never waits on one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from creator_backup.errors import AppError
from creator_backup.progress import CancelToken, Progress

log = logging.getLogger(__name__)

# How long a thread may hold Python's interpreter lock while another waits for it. The
# default (5 ms) lets a busy pool of download threads keep the UI thread waiting several
# turns in a row; 1 ms keeps the window's own work prompt for a little throughput.
UI_SWITCH_INTERVAL_S = 0.001

# Progress is passed on at most this often: a backup reports thousands of steps a second,
# and each one drawn would be work for the UI thread that nobody can see.
PROGRESS_INTERVAL_S = 0.1

Work = Callable[[Callable[[Progress], None], CancelToken], Any]


class JobSignals(QObject):
    progressed = Signal(object)
    succeeded = Signal(object)
    failed = Signal(object)


class Job:
    """A running piece of work: cancel it, or ask whether it still runs."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.token = CancelToken()
        self.running = True

    def cancel(self) -> None:
        self.token.cancel()


class _Runnable(QRunnable):
    def __init__(self, work: Work, job: Job, signals: JobSignals) -> None:
        super().__init__()
        self.work = work
        self.job = job
        self.signals = signals
        self._last = 0.0
        self._last_phase = ""

    def _report(self, progress: Progress) -> None:
        now = time.monotonic()
        if progress.phase != self._last_phase or now - self._last >= PROGRESS_INTERVAL_S:
            self._last, self._last_phase = now, progress.phase
            self.signals.progressed.emit(progress)

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(self._report, self.job.token)
        # An expected failure (a cancel too) carries its own sentence for the user.
        except AppError as exc:
            log.info("background job %s stopped: %s", self.job.name, type(exc).__name__)
            self.signals.failed.emit(exc)
        except Exception as exc:  # a bug: logged in full, shown as one sentence
            log.exception("background job %s failed", self.job.name)
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def _alive(handler: Callable[..., Any]) -> bool:
    """False for a method of a widget Qt has already deleted (its page closed while the
    job ran): the result has nowhere to go."""
    owner = getattr(handler, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class JobRunner(QObject):
    """Runs core callables off the UI thread, keeps their signal objects alive, and knows
    which jobs still run (the window asks before closing over one)."""

    jobs_changed = Signal()

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool(self)
        self._live: dict[JobSignals, Job] = {}

    def start(
        self,
        name: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
        on_progress: Callable[[Progress], None] | None = None,
    ) -> Job:
        job = Job(name)
        signals = JobSignals()
        self._live[signals] = job

        def finished(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def call(value: Any) -> None:
                job.running = False
                self._live.pop(signals, None)
                self.jobs_changed.emit()
                if _alive(handler):
                    handler(value)

            return call

        if on_progress is not None:
            signals.progressed.connect(
                lambda progress: on_progress(progress) if _alive(on_progress) else None
            )
        signals.succeeded.connect(finished(on_success))
        signals.failed.connect(finished(on_failure))
        self.pool.start(_Runnable(work, job, signals))
        self.jobs_changed.emit()
        return job

    def submit(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None],
    ) -> Job:
        """A short job with no progress: loading a page, reading the archive."""
        return self.start(
            getattr(work, "__name__", "job"), lambda _p, _c: work(), on_success, on_failure
        )

    def running(self) -> list[Job]:
        return [job for job in self._live.values() if job.running]

    def cancel_all(self) -> None:
        for job in self.running():
            job.cancel()

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
