"""Rate limits, Trial access budget, spam detection and injected faults.

Every decision here is deterministic given the seed and the order of requests, so a
failing test can be replayed.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from creator_backup.sandbox.media import mix

FAULT_KINDS = ("latency", "status", "reset", "truncate", "slow")
# Asked for by name only, never drawn at random (the random faults' order stays as it was):
# a body announced at `declared_bytes` and sent `trickle_bytes` at a time, one piece every
# `trickle_interval_ms`, as a hostile or broken server would ("trickle"; a long interval is
# a long silent gap); the status line and headers sent that way ("slow_headers"); or a body
# announced as gzip whose compressed stream is nothing but empty blocks, one per interval,
# up to `declared_bytes` ("gzip_trickle": no decoded byte ever comes of it).
SCRIPTED_KINDS = (*FAULT_KINDS, "trickle", "slow_headers", "gzip_trickle")


@dataclass
class Verdict:
    """A refusal: HTTP status and Pinterest's {code, message}."""

    status: int
    code: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)


class SlidingWindow:
    """At most `limit` events in any `span` seconds."""

    def __init__(self, limit: int, span: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.span = span
        self.clock = clock
        self.events: deque[float] = deque()

    def _expire(self, now: float) -> None:
        while self.events and self.events[0] <= now - self.span:
            self.events.popleft()

    def try_take(self) -> bool:
        now = self.clock()
        self._expire(now)
        if len(self.events) >= self.limit:
            return False
        self.events.append(now)
        return True

    def remaining(self) -> int:
        self._expire(self.clock())
        return max(0, self.limit - len(self.events))

    def reset_in(self) -> int:
        now = self.clock()
        self._expire(now)
        if not self.events:
            return 0
        return max(1, int(self.events[0] + self.span - now + 0.999))


RATE_MESSAGE = (
    "This request exceeded a rate limit. This can happen if the client exceeds one of the "
    "published rate limits or if multiple write operations are applied to an object within "
    "a short time window."
)
SPAM_MESSAGE = "Your request was blocked because it looks like spam. Slow down and try again later."
TRIAL_WRITE_MESSAGE = (
    "Apps with Trial access may not create Pins in production https://api.pinterest.com - "
    "use API Sandbox https://api-sandbox.pinterest.com instead."
)


class Limits:
    """Per-category windows (org_read, org_write), the Trial day budget, spam."""

    def __init__(
        self,
        reads_per_min: int,
        writes_per_min: int,
        trial: bool,
        trial_daily_limit: int,
        spam_writes_per_2s: int,
        clock: Callable[[], float],
    ) -> None:
        self.lock = threading.Lock()
        self.trial = trial
        self.windows = {
            "org_read": SlidingWindow(reads_per_min, 60.0, clock),
            "org_write": SlidingWindow(writes_per_min, 60.0, clock),
        }
        self.day = SlidingWindow(trial_daily_limit, 86_400.0, clock)
        self.spam = SlidingWindow(spam_writes_per_2s, 2.0, clock)
        # Requests refused with a 429 for a limit (not spam): a client that keeps to its
        # budget is never refused.
        self.rate_limited = 0

    def headers(self, category: str) -> dict[str, str]:
        window = self.day if self.trial else self.windows[category]
        return {
            "x-ratelimit-limit": str(window.limit),
            "x-ratelimit-remaining": str(window.remaining()),
            "x-ratelimit-reset": str(window.reset_in()),
        }

    def admit(self, category: str) -> Verdict | None:
        with self.lock:
            if self.trial and not self.day.try_take():
                self.rate_limited += 1
                return Verdict(429, 8, RATE_MESSAGE, self.headers(category))
            if category == "org_write":
                if self.trial:
                    return Verdict(403, 29, TRIAL_WRITE_MESSAGE)
                if not self.spam.try_take():
                    return Verdict(429, 8, SPAM_MESSAGE, self.headers(category))
            if not self.windows[category].try_take():
                self.rate_limited += 1
                return Verdict(429, 8, RATE_MESSAGE, self.headers(category))
            return None


@dataclass
class Fault:
    kind: str  # one of FAULT_KINDS
    status: int = 503
    code: int = 1
    message: str = "Service temporarily unavailable."
    latency_ms: int = 400
    headers: dict[str, str] = field(default_factory=dict)
    declared_bytes: int = 200_000
    trickle_bytes: int = 1
    trickle_interval_ms: int = 1000


@dataclass
class ScriptedFault:
    """A fault the tests ask for: the next `times` requests matching method and path."""

    fault: Fault
    method: str | None
    path: re.Pattern[str]
    times: int


class Faults:
    def __init__(self, seed: int, rate: float, latency_ms: int, bandwidth_mbps: float) -> None:
        self.lock = threading.Lock()
        self.seed = seed
        self.rate = rate
        self.latency_ms = latency_ms
        self.bandwidth_mbps = bandwidth_mbps
        self.script: list[ScriptedFault] = []
        self.injected: dict[str, int] = {}

    def configure(self, body: dict[str, Any]) -> None:
        with self.lock:
            if "latency_ms" in body:
                self.latency_ms = max(0, int(body["latency_ms"]))
            if "fault_rate" in body:
                self.rate = min(1.0, max(0.0, float(body["fault_rate"])))
            if "bandwidth_mbps" in body:
                self.bandwidth_mbps = max(0.0, float(body["bandwidth_mbps"] or 0))
            if body.get("clear_script"):
                self.script.clear()
            for entry in body.get("script", []):
                self.script.append(parse_scripted(entry))

    def pick(self, number: int, method: str, path: str) -> Fault | None:
        """The fault for request number `number`, if any: scripted first, then random."""
        with self.lock:
            for entry in self.script:
                if entry.times > 0 and entry.method in (None, method) and entry.path.search(path):
                    entry.times -= 1
                    self._count(entry.fault.kind)
                    return entry.fault
            if self.rate <= 0:
                return None
            rng = random.Random(mix(self.seed, number, 11))
            if rng.random() >= self.rate:
                return None
            kind = rng.choice(FAULT_KINDS)
            fault = Fault(kind, status=rng.choice((500, 502, 503)))
            self._count(kind)
            return fault

    def _count(self, kind: str) -> None:
        self.injected[kind] = self.injected.get(kind, 0) + 1


def parse_scripted(entry: dict[str, Any]) -> ScriptedFault:
    kind = entry.get("kind")
    if kind not in SCRIPTED_KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; use one of {', '.join(SCRIPTED_KINDS)}")
    fault = Fault(
        kind=kind,
        status=int(entry.get("status", 503)),
        code=int(entry.get("code", 8 if entry.get("status") == 429 else 1)),
        message=str(entry.get("message", Fault.message)),
        latency_ms=int(entry.get("latency_ms", 400)),
        headers={str(k): str(v) for k, v in entry.get("headers", {}).items()},
        declared_bytes=int(entry.get("declared_bytes", Fault.declared_bytes)),
        trickle_bytes=max(1, int(entry.get("trickle_bytes", Fault.trickle_bytes))),
        trickle_interval_ms=max(0, int(entry.get("trickle_interval_ms", 1000))),
    )
    method = entry.get("method")
    return ScriptedFault(
        fault=fault,
        method=method.upper() if isinstance(method, str) else None,
        path=re.compile(str(entry.get("path", ".*"))),
        times=int(entry.get("times", 1)),
    )


class Bandwidth:
    """Paces bytes across every connection so their sum stays under the cap."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.lock = threading.Lock()
        self.next_free = 0.0

    def wait_for(self, nbytes: int) -> None:
        mbps = self.faults.bandwidth_mbps
        if mbps <= 0:
            return
        seconds = nbytes * 8 / (mbps * 1_000_000)
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_free)
            self.next_free = start + seconds
        delay = start + seconds - now
        if delay > 0:
            time.sleep(delay)
