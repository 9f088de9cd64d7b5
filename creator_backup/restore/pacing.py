"""Pacing of writes: evenly spaced under the per-minute write limit, with jitter.

The transport's rate limiter already refuses to go over 100 writes in any minute, but it
would allow them in a burst; Pinterest answers bursts of writes with a spam block ("multiple
write operations ... within a short time window"). So restore spaces its writes: one every
60/limit seconds, each gap stretched by a random share of up to `jitter`, so the average
stays under the limit and no two runs march in lockstep.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

STANDARD_WRITES_PER_MIN = 100


class WritePacer:
    def __init__(
        self,
        writes_per_min: int = STANDARD_WRITES_PER_MIN,
        jitter: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if writes_per_min < 1:
            raise ValueError("writes_per_min must be at least 1")
        self.interval = 60.0 / writes_per_min
        self.jitter = max(0.0, jitter)
        self.clock = clock
        self.sleep = sleep
        self.rng = rng or random.Random()  # noqa: S311 (jitter, not cryptography)
        self._next: float | None = None
        self.waited_s = 0.0

    @property
    def seconds_per_write(self) -> float:
        """The average gap, for estimates."""
        return self.interval * (1 + self.jitter / 2)

    def wait(self) -> float:
        """Sleeps until the next write may go; returns the seconds slept."""
        slept = 0.0
        now = self.clock()
        if self._next is not None and now < self._next:
            slept = self._next - now
            self.sleep(slept)
            now = self.clock()
        self._next = now + self.interval * (1 + self.rng.uniform(0, self.jitter))
        self.waited_s += slept
        return slept
