"""Structured progress and cancellation, shared by every long job (backup, restore, packets).

The core reports Progress values to a callback; the CLI draws a bar or prints lines, the
window moves its widgets. Cancelling sets a token that the work checks between steps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Progress:
    phase: str  # a few words: "Listing boards", "Downloading media"
    done: int = 0
    total: int | None = None
    bytes: int = 0
    eta_s: float | None = None
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
            "bytes": self.bytes,
            "eta_s": self.eta_s,
            "detail": self.detail,
        }


ProgressSink = Callable[[Progress], None]


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
