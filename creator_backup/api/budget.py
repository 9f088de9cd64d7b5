"""The day's request budget of one Pinterest app: with Trial access Pinterest allows an
app 1,000 requests a day, all of them counted, whoever of its users makes them
(shared/notes/pinterest-api.md 4.5, 5.3, 11).

The client asks the budget before every request and stops before sending one the budget
cannot pay for (BudgetSpent), instead of learning it from a 429. What it knows comes
first from Pinterest's own answers (x-ratelimit-limit, -remaining and -reset of the day's
window), then from its own count of what it sent; the count is kept in the config folder,
so a scheduled run and the window, two processes, spend from one budget.

Trial is told from the answers: a window that resets more than a minute away is the
day's (Standard's windows are per minute). A 429 to a read that asks for a longer wait
suggests it too, for that wait only: Trial inferred so lapses at its reset unless an
answer's window confirms it (a 429 to a write says nothing of the tier: Pinterest also
sends one for too many writes to one object). A setting may force it either way ("trial"
or "standard"); "auto" goes by the answers.

No window of Pinterest's lasts longer than a day: a reset or a wait said to end further
off (an epoch where seconds were meant, a hostile or broken header) is not believed, and
a day kept on disk that would end more than a day from now (the clock was set back) is
counted afresh.
"""

from __future__ import annotations

import contextlib
import datetime
import email.utils
import json
import logging
import math
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import IO, Any, Protocol

from creator_backup.api.errors import TrialAccessLimit
from creator_backup.atomic import atomic_write
from creator_backup.errors import ExitCode
from creator_backup.pinterest_limits import TRIAL_DAILY_REQUESTS

log = logging.getLogger(__name__)

AUTO = "auto"
TRIAL = "trial"
STANDARD = "standard"
UNKNOWN = "unknown"
ACCESS_CHOICES = (AUTO, TRIAL, STANDARD)

DAY_S = 86_400.0
# Standard access's windows are per minute: a window resetting further away than this is
# the Trial day's.
MINUTE_WINDOW_S = 60.0
# The longest a rate header's number may be: a day's seconds, or any count Pinterest
# could give, has far fewer digits; more is not read (nor turned into a float that
# overflows).
HEADER_DIGITS_MAX = 12
BUDGET_FILE = "request_budget.json"
FORMAT_VERSION = 1


class BudgetSpent(TrialAccessLimit):
    """The day's Trial budget cannot pay for the next request: refused before it was sent
    (no status: Pinterest was not asked). `resets_at` is when more are allowed, when known.
    A backup it stops is partial, as one Pinterest's own refusal stops."""

    exit_code = ExitCode.PARTIAL

    def __init__(self, message: str, resets_at: float | None = None) -> None:
        super().__init__(message)
        self.resets_at = resets_at


@dataclass(frozen=True)
class DayState:
    """What is known of one app's day, as kept on disk. Times are epoch seconds."""

    access: str = UNKNOWN  # as Pinterest's answers showed it: TRIAL, STANDARD or UNKNOWN
    # True when TRIAL came from a long 429 alone, not from a day's window in the headers:
    # it lapses at resets_at.
    access_inferred: bool = False
    limit: int | None = None  # the day's requests, as Pinterest said (x-ratelimit-limit)
    used: int = 0  # requests sent since day_started: the app's own count
    day_started: float | None = None
    # Pinterest's x-ratelimit-remaining of the day's window in its last answer, and the
    # requests sent since that answer (which it did not count yet).
    remaining: int | None = None
    since_answer: int = 0
    resets_at: float | None = None  # when Pinterest said the day's window resets

    @classmethod
    def from_json(cls, body: Any) -> DayState:
        """A state read back; any field of the wrong type (a hand edit, a damaged file)
        takes its default."""
        if not isinstance(body, dict):
            return cls()
        chosen: dict[str, Any] = {}
        for item in fields(cls):
            value = body.get(item.name)
            if item.name == "access":
                if value in (TRIAL, STANDARD, UNKNOWN):
                    chosen["access"] = value
            elif item.name == "access_inferred":
                if isinstance(value, bool):
                    chosen["access_inferred"] = value
            elif item.name in ("limit", "remaining", "used", "since_answer"):
                if _count(value) is not None:
                    chosen[item.name] = value
            elif _moment(value) is not None:
                chosen[item.name] = _moment(value)
        return cls(**chosen)


@dataclass(frozen=True)
class BudgetReading:
    """The budget as it stands at one moment, for the run and for the faces."""

    access: str  # TRIAL, STANDARD or UNKNOWN (forced by the setting, or as observed)
    limit: int | None  # requests a day with Trial access; None otherwise
    used_today: int
    left: int | None  # None: no daily limit is known
    resets_at: float | None
    day_started: float | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _count(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _moment(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _header_count(headers: Mapping[str, str], name: str) -> int | None:
    """A header's whole number; None when absent, not digits, or too long to be real."""
    text = (headers.get(name) or "").strip()
    if text.isascii() and text.isdigit() and len(text) <= HEADER_DIGITS_MAX:
        return int(text)
    return None


def _within_a_day(seconds: float) -> float | None:
    return seconds if math.isfinite(seconds) and 0 <= seconds <= DAY_S else None


def reset_seconds(text: str | None) -> int | None:
    """x-ratelimit-reset: the seconds until the window resets; None when absent, not a
    number, or more than a day off (not believed: see the module's docstring)."""
    seconds = _header_count({"x-ratelimit-reset": text or ""}, "x-ratelimit-reset")
    return None if seconds is None or _within_a_day(seconds) is None else seconds


def window_access(reset_text: str | None) -> str:
    """TRIAL, STANDARD or UNKNOWN, from one answer's x-ratelimit-reset: Trial's window is
    a day, Standard's a minute. A Trial day that ends within the minute reads as Standard:
    a rare miss (answered() knows the day it is in and does not make it)."""
    reset = reset_seconds(reset_text)
    return UNKNOWN if reset is None else _window_tier(reset)


def _window_tier(reset: float) -> str:
    return TRIAL if reset > MINUTE_WINDOW_S else STANDARD


def server_wait(headers: Mapping[str, str], now: float) -> float:
    """Seconds an answer asks the client to wait: Retry-After (seconds, or an HTTP date),
    else the reset of a window with nothing left; 0 for none. A wait that is not a number
    or a date, or is longer than a day, is not believed, and counts as none."""
    retry_after = (headers.get("retry-after") or "").strip()
    if retry_after and len(retry_after) <= 64:
        # Seconds (RFC 9110 says whole ones; "2.5" is taken at its word) or an HTTP date.
        # parsedate_to_datetime raises on text it cannot read: one odd header must not
        # crash the whole call.
        try:
            seconds: float | None = float(retry_after)
        except ValueError:
            seconds = None
        if seconds is None:
            seconds = _seconds_until(retry_after, now)
        believed = None if seconds is None else _within_a_day(max(0.0, seconds))
        if believed is not None:
            return believed
    if (headers.get("x-ratelimit-remaining") or "").strip() == "0":
        reset = reset_seconds(headers.get("x-ratelimit-reset"))
        if reset is not None:
            return float(reset)
    return 0.0


def _seconds_until(http_date: str, now: float) -> float | None:
    try:
        parsed = email.utils.parsedate_to_datetime(http_date)
        if parsed.tzinfo is None:  # "-0000" dates come back naive: they mean UTC
            parsed = parsed.replace(tzinfo=datetime.UTC)
        return parsed.timestamp() - now
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


# -- the day's arithmetic (pure: a state and a moment in, a state out) -------------------


def rolled(state: DayState, now: float) -> DayState:
    """The state as of `now`: past the reset Pinterest announced (or, without one, a day
    after the count began) the day starts afresh; Pinterest's next answer says how much
    it really allows. Trial inferred from a long 429 lapses then. A day that would end more
    than a day from now, or began in the future, cannot be (the clock was set back, or the
    file was edited): it is counted afresh."""
    access = UNKNOWN if state.access_inferred else state.access
    if not _believable(state, now):
        return DayState(access=access, limit=state.limit)
    if state.resets_at is not None:
        if now < state.resets_at:
            return state
        remaining = state.limit if access == TRIAL else None
        return replace(
            state, access=access, access_inferred=False, used=0, since_answer=0,
            remaining=remaining, day_started=state.resets_at, resets_at=None,
        )  # fmt: skip
    if state.day_started is not None and now - state.day_started >= DAY_S:
        return replace(state, used=0, since_answer=0, remaining=None, day_started=now)
    return state


def _believable(state: DayState, now: float) -> bool:
    if state.resets_at is not None and state.resets_at - now > DAY_S:
        return False
    return state.day_started is None or state.day_started - now <= MINUTE_WINDOW_S


def effective_access(state: DayState, setting: str) -> str:
    return setting if setting in (TRIAL, STANDARD) else state.access


def requests_left(state: DayState, setting: str) -> int | None:
    """What the day allows still, or None with no daily limit known. Pinterest's own
    remaining count is preferred (less what was sent since it said it); the app's count
    otherwise."""
    if effective_access(state, setting) != TRIAL:
        return None
    if state.remaining is not None:
        return max(0, state.remaining - state.since_answer)
    return max(0, (state.limit or TRIAL_DAILY_REQUESTS) - state.used)


def spent_one(state: DayState, now: float) -> DayState:
    return replace(
        state,
        used=state.used + 1,
        since_answer=state.since_answer + 1,
        day_started=state.day_started if state.day_started is not None else now,
    )


def answered(
    state: DayState, status: int, headers: Mapping[str, str], now: float, waited_s: float
) -> DayState:
    """The state after one of Pinterest's answers. `waited_s` is the wait a 429 to a read
    asked for (server_wait), 0 for none and for a write's (see the module's docstring)."""
    limit = _header_count(headers, "x-ratelimit-limit")
    remaining = _header_count(headers, "x-ratelimit-remaining")
    reset = reset_seconds(headers.get("x-ratelimit-reset"))
    if remaining is not None and reset is not None:
        if _window_tier(reset) == TRIAL or _last_minute_of_the_day(state, now):
            return replace(
                state, access=TRIAL, access_inferred=False,
                limit=limit if limit else state.limit, remaining=remaining, since_answer=0,
                resets_at=now + reset, day_started=now + reset - DAY_S,
            )  # fmt: skip
        # A window of a minute: Standard's. What an earlier answer said of a day's budget
        # no longer holds (the app was given Standard access since).
        return replace(
            state, access=STANDARD, access_inferred=False, remaining=None, since_answer=0,
            resets_at=None,
        )  # fmt: skip
    if status == 429 and _within_a_day(waited_s) is not None and waited_s > MINUTE_WINDOW_S:
        # Refused for longer than any minute's window lasts: the day's budget looks spent.
        # Only until that wait is over, unless an answer's window says Trial meanwhile.
        inferred = state.access != TRIAL or state.access_inferred
        return replace(
            state, access=TRIAL, access_inferred=inferred, remaining=0, since_answer=0,
            resets_at=now + waited_s, day_started=now + waited_s - DAY_S,
        )  # fmt: skip
    return state


def _last_minute_of_the_day(state: DayState, now: float) -> bool:
    """A Trial day's window resets within a minute at its very end: an answer saying so
    then is still the day's, not a sign of Standard access."""
    return (
        state.access == TRIAL
        and state.resets_at is not None
        and state.resets_at - now <= MINUTE_WINDOW_S + 1
    )


def reading_of(state: DayState, setting: str) -> BudgetReading:
    access = effective_access(state, setting)
    limit = (state.limit or TRIAL_DAILY_REQUESTS) if access == TRIAL else None
    return BudgetReading(
        access=access,
        limit=limit,
        used_today=state.used,
        left=requests_left(state, setting),
        resets_at=state.resets_at if access == TRIAL else None,
        day_started=state.day_started,
    )


def _resets_at(state: DayState) -> float | None:
    if state.resets_at is not None:
        return state.resets_at
    return None if state.day_started is None else state.day_started + DAY_S


def spent_sentence(limit: int) -> str:
    return (
        f"Pinterest allows this app {limit:,} requests a day with Trial access, and "
        "today's are spent."
    )


# -- where the states are kept ------------------------------------------------------------


class BudgetStore(Protocol):
    def read(self, key: str) -> DayState: ...

    def update(self, key: str, change: Callable[[DayState], DayState]) -> DayState:
        """Applies `change` to the key's state as one step no other writer interleaves
        with, and returns the new state."""
        ...


class MemoryBudgetStore:
    """One process's budgets (a client built without the app's folders)."""

    def __init__(self) -> None:
        self._states: dict[str, DayState] = {}
        self._lock = threading.Lock()

    def read(self, key: str) -> DayState:
        with self._lock:
            return self._states.get(key, DayState())

    def update(self, key: str, change: Callable[[DayState], DayState]) -> DayState:
        with self._lock:
            new = change(self._states.get(key, DayState()))
            self._states[key] = new
            return new


class FileBudgetStore:
    """Every app's budget in one JSON file of the config folder, changed under an OS lock
    (a scheduled run and the window may spend at once) and replaced atomically, so a
    crash leaves the old count or the new. Not made durable with fsync: a count a power
    cut loses costs a few requests, and each answer of Pinterest's sets it right again.
    A damaged file counts as empty."""

    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / BUDGET_FILE
        self.lock_path = config_dir / (BUDGET_FILE + ".lock")
        self._thread_lock = threading.Lock()  # flock is per process, not per thread

    def read(self, key: str) -> DayState:
        if not self.path.exists():
            return DayState()
        with self._locked():
            return self._load().get(key, DayState())

    def update(self, key: str, change: Callable[[DayState], DayState]) -> DayState:
        with self._locked():
            states = self._load()
            new = change(states.get(key, DayState()))
            if new != states.get(key):
                states[key] = new
                self._save(states)
            return new

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with self._thread_lock, open(self.lock_path, "a+b") as handle:
            _lock(handle)
            try:
                yield
            finally:
                _unlock(handle)

    def _load(self) -> dict[str, DayState]:
        try:
            body = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("request budget unreadable (%s); counting afresh", type(exc).__name__)
            return {}
        apps = body.get("apps") if isinstance(body, dict) else None
        if not isinstance(apps, dict):
            return {}
        return {str(key): DayState.from_json(value) for key, value in apps.items()}

    def _save(self, states: dict[str, DayState]) -> None:
        body = {
            "version": FORMAT_VERSION,
            "apps": {key: asdict(state) for key, state in sorted(states.items())},
        }
        with atomic_write(self.path, durable=False) as handle:
            handle.write(json.dumps(body, indent=1, sort_keys=True).encode("utf-8"))


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for ten seconds

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # held for a read and a write only

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# -- the budget a client spends from ------------------------------------------------------


class RequestBudget:
    """One app's day: `key` names the app (its app id, or the API and account for a
    token pasted or given in the environment), `access` is the setting (AUTO, TRIAL or
    STANDARD)."""

    def __init__(self, store: BudgetStore, key: str, access: str = AUTO) -> None:
        self.store = store
        self.key = key
        self.access = access if access in ACCESS_CHOICES else AUTO

    def spend(self, now: float) -> None:
        """Counts one request about to be sent; raises BudgetSpent, counting nothing,
        when the day's budget cannot pay for it."""
        refused: list[DayState] = []

        def change(state: DayState) -> DayState:
            state = rolled(state, now)
            left = requests_left(state, self.access)
            if left is not None and left <= 0:
                refused.append(state)
                return state
            return spent_one(state, now)

        self.store.update(self.key, change)
        if refused:
            state = refused[0]
            raise BudgetSpent(
                spent_sentence(state.limit or TRIAL_DAILY_REQUESTS), _resets_at(state)
            )

    def observe(
        self, status: int, headers: Mapping[str, str], now: float, waited_s: float = 0.0
    ) -> None:
        """Learns from one of Pinterest's answers (its rate headers, a long 429)."""
        self.store.update(
            self.key, lambda state: answered(rolled(state, now), status, headers, now, waited_s)
        )

    def remaining(self, now: float) -> int | None:
        return self.reading(now).left

    def reading(self, now: float) -> BudgetReading:
        state = rolled(self.store.read(self.key), now)
        reading = reading_of(state, self.access)
        if reading.access == TRIAL and reading.resets_at is None:
            return replace(reading, resets_at=_resets_at(state))
        return reading
