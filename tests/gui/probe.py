"""The responsiveness probe: a 5 ms timer on the UI thread while long work runs.

At each tick it records the wall clock and the UI thread's own CPU time. The CPU time
between two ticks is work the window did in one go: it must stay under 50 ms. Wall gaps
also count time the machine gave to other processes, so on a shared machine the rare long
one is noise; systematic starvation shows in the 99th percentile, which must stay under
50 ms too."""

from __future__ import annotations

import itertools
import time
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressBar

from creator_backup.gui.job_progress import STEPS

LIMIT_S = 0.050


class UiProbe:
    def __init__(self, interval_ms: int = 5) -> None:
        self.ticks: list[tuple[float, float]] = []
        self._timer = QTimer()
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append((time.perf_counter(), time.thread_time()))

    def __enter__(self) -> UiProbe:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._timer.stop()

    def assert_responsive(self, during: str, min_ticks: int = 100) -> str:
        """Checks the figures and returns them as a line for the test's output."""
        assert len(self.ticks) > min_ticks, f"only {len(self.ticks)} ticks during {during}"
        pairs = list(itertools.pairwise(self.ticks))
        gaps = sorted(b[0] - a[0] for a, b in pairs)
        busy = max(b[1] - a[1] for a, b in pairs)
        p99 = gaps[int(len(gaps) * 0.99)]
        line = (
            f"probe during {during}: {len(self.ticks)} ticks; wall gap median "
            f"{gaps[len(gaps) // 2] * 1000:.1f} ms, 99th {p99 * 1000:.1f} ms, longest "
            f"{gaps[-1] * 1000:.1f} ms; longest UI-thread work between ticks {busy * 1000:.1f} ms"
        )
        print(line)
        assert busy < LIMIT_S, f"the UI thread worked {busy * 1000:.0f} ms without a break"
        assert p99 < LIMIT_S, f"1% of the UI thread's waits passed {p99 * 1000:.0f} ms"
        return line


class BarWatch:
    """Every value a job's bar shows while it counts (not while it is busy with no count
    yet): a job's one bar must never go back and ends full when the job did it all."""

    def __init__(self, bar: QProgressBar) -> None:
        self.bar = bar
        self.values: list[int] = []
        bar.valueChanged.connect(self._seen)

    def _seen(self, value: int) -> None:
        if self.bar.maximum() == STEPS:
            self.values.append(value)

    def assert_forward_to_the_end(self) -> None:
        assert self.values, "the bar never counted"
        assert self.values == sorted(self.values), f"the bar went back: {self.values}"
        assert self.values[-1] == STEPS == self.bar.value()
