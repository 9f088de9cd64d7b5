"""Client-side pacing, so the app stays under Pinterest's published limits instead of
discovering them through 429s. Pure logic with an injectable clock and sleep."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Protocol

from creator_backup.api.budget import BudgetReading

# Standard access, per user per app per minute (shared/notes/pinterest-api.md 5.3).
STANDARD_LIMITS = {"org_read": 1000, "org_write": 100}


class SlidingWindowLimiter:
    """At most `limit` acquisitions in any `span` seconds; `acquire` waits for a slot."""

    def __init__(
        self,
        limit: int,
        span: float,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.span = span
        self.clock = clock
        self.sleep = sleep
        self._events: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited_s = 0.0

    def wait_needed(self) -> float:
        with self._lock:
            now = self.clock()
            while self._events and self._events[0] <= now - self.span:
                self._events.popleft()
            if len(self._events) < self.limit:
                return 0.0
            return self._events[0] + self.span - now

    def acquire(self) -> float:
        """Takes a slot, sleeping first if needed; returns the seconds slept."""
        slept = 0.0
        while True:
            with self._lock:
                now = self.clock()
                while self._events and self._events[0] <= now - self.span:
                    self._events.popleft()
                if len(self._events) < self.limit:
                    self._events.append(now)
                    self.waited_s += slept
                    return slept
                delay = self._events[0] + self.span - now
            self.sleep(max(delay, 0.001))
            slept += max(delay, 0.001)


class DayBudget(Protocol):
    """A day's budget of requests: api/budget.py's RequestBudget."""

    def spend(self, now: float) -> None:
        """Counts a request about to go; raises BudgetSpent when none is left."""
        ...

    def remaining(self, now: float) -> int | None: ...

    def observe(
        self, status: int, headers: Mapping[str, str], now: float, waited_s: float = 0.0
    ) -> None: ...

    def reading(self, now: float) -> BudgetReading: ...


class RateLimiter:
    """One window per rate-limit category, plus the day's budget when one is kept (the
    app's folders keep one per app: see api/budget.py)."""

    def __init__(
        self,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        limits: dict[str, int] | None = None,
        trial: DayBudget | None = None,
    ) -> None:
        self.clock = clock
        self.windows = {
            category: SlidingWindowLimiter(limit, 60.0, clock, sleep)
            for category, limit in (limits or STANDARD_LIMITS).items()
        }
        self.trial = trial
        self._trial_lock = threading.Lock()

    def acquire(self, category: str) -> float:
        if self.trial is not None:
            with self._trial_lock:
                self.trial.spend(self.clock())
        window = self.windows.get(category)
        return window.acquire() if window else 0.0

    def observe(self, status: int, headers: Mapping[str, str], waited_s: float = 0.0) -> None:
        """Tells the day's budget of an answer: Pinterest's own count is the truth.
        `waited_s`: the wait a 429 to a read asked for (a write's says nothing of the
        day's budget: see api/budget.py)."""
        if self.trial is not None:
            with self._trial_lock:
                self.trial.observe(status, headers, self.clock(), waited_s)

    def trial_remaining(self) -> int | None:
        return None if self.trial is None else self.trial.remaining(self.clock())

    def budget_reading(self) -> BudgetReading | None:
        return None if self.trial is None else self.trial.reading(self.clock())
