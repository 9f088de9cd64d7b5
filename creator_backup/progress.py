"""Structured progress and cancellation, shared by every long job (backup, restore, packets).

The core reports Progress values to a callback; the CLI draws a bar or prints lines, the
window moves its widgets. Cancelling sets a token that the work checks between steps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Progress:
    phase: str  # a few words: "Listing boards", "Downloading pictures and videos"
    done: int = 0
    total: int | None = None
    bytes: int = 0
    eta_s: float | None = None
    detail: str = ""
    # The whole job's share done (0 to 1), from a producer that knows the job's stages (see
    # `stage`); without it, JobMeter adds up the steps' counts.
    overall: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
            "bytes": self.bytes,
            "eta_s": self.eta_s,
            "detail": self.detail,
            "overall": self.overall,
        }


ProgressSink = Callable[[Progress], None]


def stage(sink: ProgressSink, start: float, end: float, total: int | None = None) -> ProgressSink:
    """A sink for one stage of a job that runs its stages one after the other: each step's
    done over `total` (else its own total) becomes the job's share between `start` and
    `end`. `total` is for a stage whose steps count only what they were given so far."""

    def report(progress: Progress) -> None:
        whole = total or progress.total
        share = min(progress.done, whole) / whole if whole else 0.0
        sink(replace(progress, overall=start + (end - start) * share))

    return report


@dataclass(frozen=True)
class Overall:
    """Where a whole job stands, as one bar shows it."""

    fraction: float | None  # 0 to 1, never lower than before; None while nothing is counted
    eta_s: float | None  # the job's time left, from its pace so far; None until it is known
    first_of_phase: bool  # the first step of this phase in the job (a log says it once)


# The time left is said once the job has run this long and done this share: before, the
# pace says little (the first requests and files are not the job's usual ones).
ETA_AFTER_S = 2.0
ETA_AFTER_SHARE = 0.02


class JobMeter:
    """One bar per job that never goes backwards. The steps of a job come in several
    phases, some at the same time (a backup lists boards while files download): the job's
    share is what a producer says it is (Progress.overall), else every counted phase's
    done over their totals added up. A total that grows (files found by later listings)
    holds the bar still rather than moving it back."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = clock()
        self._counts: dict[str, tuple[int, int]] = {}
        self._phases: set[str] = set()
        self._best: float | None = None

    def update(self, progress: Progress) -> Overall:
        first = progress.phase not in self._phases
        self._phases.add(progress.phase)
        if progress.total:
            self._counts[progress.phase] = (min(progress.done, progress.total), progress.total)
        share = progress.overall if progress.overall is not None else self._counted()
        if share is not None:
            share = min(max(share, 0.0), 1.0)
            self._best = share if self._best is None else max(self._best, share)
        return Overall(self._best, self._eta(), first)

    def _counted(self) -> float | None:
        total = sum(t for _, t in self._counts.values())
        return sum(d for d, _ in self._counts.values()) / total if total else None

    def _eta(self) -> float | None:
        share, elapsed = self._best, self._clock() - self._started
        if share is None or share < ETA_AFTER_SHARE or share >= 1.0 or elapsed < ETA_AFTER_S:
            return None
        return elapsed * (1.0 - share) / share


def human_size(n: int) -> str:
    """Bytes as a person reads them: 512 B, 3.4 MB."""
    value = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"


def ignore_progress(_: Progress) -> None:
    pass


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        """Sleeps up to `seconds`, ending at once when cancelled (the caller then looks at
        the token): a wait of minutes that Pinterest asked for never holds up a cancel."""
        self._event.wait(max(seconds, 0.0))


@dataclass
class RateMeter:
    """Estimates the time left from the rate so far."""

    started: float = field(default_factory=time.monotonic)

    def eta(self, done: int, total: int | None) -> float | None:
        if not total or done <= 0 or done >= total:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / done * (total - done)
