"""Pinterest's rate headers are believed only within a day (issue 19, review): a reset or
a wait said to end further off (an epoch where seconds were meant, a huge or hostile
value) never freezes the app's day's budget on disk -- where every later process, the
window and the schedule, would refuse every request before sending -- nor crashes the
call; and a long 429 makes Trial access only a guess that lapses, never the app's tier for
good (a 429 to a write says nothing of the tier at all)."""

from __future__ import annotations

import email.utils
from pathlib import Path

import pytest

from creator_backup.api.budget import (
    AUTO,
    STANDARD,
    TRIAL,
    UNKNOWN,
    BudgetSpent,
    DayState,
    FileBudgetStore,
    MemoryBudgetStore,
    RequestBudget,
    server_wait,
    window_access,
)
from creator_backup.api.errors import RateLimited
from creator_backup.api.factory import make_client
from creator_backup.auth.static import StaticToken
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, RecordingSleep, calls_to, script_faults

NOW = 1_800_000_000.0
DAY = 86_400.0
ACCOUNT = "GET /v5/user_account"


def can_send(budget: RequestBudget, now: float) -> bool:
    try:
        budget.spend(now)
    except BudgetSpent:
        return False
    return True


def test_a_reset_sent_as_an_epoch_does_not_freeze_the_budget(tmp_path: Path) -> None:
    store = FileBudgetStore(tmp_path)
    headers = {"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0",
               "x-ratelimit-reset": str(int(NOW + 3600))}  # fmt: skip
    RequestBudget(store, "app", AUTO).observe(200, headers, NOW)
    # Another process (the schedule), two days later.
    later = RequestBudget(FileBudgetStore(tmp_path), "app", AUTO)
    assert can_send(later, NOW + 2 * DAY), later.reading(NOW + 2 * DAY)


def test_a_huge_retry_after_does_not_freeze_the_budget() -> None:
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    budget.observe(429, {"retry-after": "1e300"}, NOW, waited_s=1e300)
    assert can_send(budget, NOW + 2 * DAY), budget.reading(NOW + 2 * DAY)
    assert budget.reading(NOW).access == UNKNOWN  # not believed: it says nothing


def test_a_huge_reset_header_does_not_crash_the_call() -> None:
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    headers = {"x-ratelimit-remaining": "5", "x-ratelimit-reset": "9" * 400}
    budget.observe(200, headers, NOW)  # was OverflowError: not an AppError
    budget.observe(200, {"x-ratelimit-remaining": "9" * 400, "x-ratelimit-reset": "30"}, NOW)
    assert budget.reading(NOW).access == UNKNOWN


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "120"}, 120.0),
        ({"retry-after": "1e300"}, 0.0),
        ({"retry-after": "9" * 400}, 0.0),
        ({"retry-after": "nan"}, 0.0),
        ({"retry-after": "-5"}, 0.0),
        ({"retry-after": email.utils.formatdate(NOW + 7 * DAY, usegmt=True)}, 0.0),
        ({"retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"}, 0.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "600"}, 600.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW + 600))}, 0.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "9" * 400}, 0.0),
        # An unbelievable Retry-After leaves the window's reset to go by.
        ({"retry-after": "1e300", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "9"}, 9.0),
    ],
)
def test_a_wait_is_believed_only_within_a_day(headers: dict[str, str], expected: float) -> None:
    assert server_wait(headers, NOW) == expected


def test_a_window_is_told_only_from_a_reset_within_a_day() -> None:
    assert window_access("30") == STANDARD
    assert window_access("3600") == TRIAL
    assert window_access(str(int(NOW))) == UNKNOWN
    assert window_access("9" * 400) == UNKNOWN
    assert window_access("soon") == UNKNOWN
    assert window_access(None) == UNKNOWN


def test_a_day_kept_on_disk_that_ends_more_than_a_day_ahead_is_counted_afresh(
    tmp_path: Path,
) -> None:
    """The clock was set back a week (or the file edited): the day kept cannot be."""
    store = FileBudgetStore(tmp_path)
    spent = DayState(access=TRIAL, limit=1000, used=1000, remaining=0,
                     resets_at=NOW + 7 * DAY, day_started=NOW + 6 * DAY)  # fmt: skip
    store.update("app", lambda _: spent)
    budget = RequestBudget(store, "app", AUTO)
    assert can_send(budget, NOW)
    reading = budget.reading(NOW)
    assert (reading.access, reading.used_today, reading.left) == (TRIAL, 1, 999)
    assert reading.resets_at is not None and reading.resets_at <= NOW + DAY
    # A count that began in the future, with no reset known, too.
    store.update("other", lambda _: DayState(used=1000, day_started=NOW + 3 * DAY))
    assert RequestBudget(store, "other", TRIAL).remaining(NOW) == 1000


def test_one_long_429_does_not_make_a_standard_app_trial_for_good() -> None:
    """A Standard app's 429 may ask for minutes (notes 5.2: "multiple write operations
    applied to an object within a short time window"). Trial is then only inferred: it
    holds for that wait, and lapses at its end unless an answer's window confirms it."""
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    budget.observe(429, {"retry-after": "300"}, NOW, waited_s=300.0)
    assert budget.reading(NOW).access == TRIAL and not can_send(budget, NOW + 10)
    for day in range(1, 4):
        budget.observe(200, {}, NOW + day * DAY)  # ordinary answers, no rate headers
    assert budget.reading(NOW + 3 * DAY).access != TRIAL
    assert budget.reading(NOW + 3 * DAY).left is None


def test_a_trial_day_confirmed_by_a_window_does_not_lapse() -> None:
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    budget.observe(429, {"retry-after": "300"}, NOW, waited_s=300.0)
    day = {"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "200"}
    budget.observe(429, day, NOW + 100, waited_s=200.0)
    after = budget.reading(NOW + 2 * DAY)
    assert (after.access, after.limit, after.left) == (TRIAL, 1000, 1000)


def test_a_long_429_to_a_write_says_nothing_of_the_tier(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False)
    script_faults(sandbox, {"kind": "status", "status": 429, "method": "POST",
                            "path": "^/v5/boards$", "times": 1,
                            "headers": {"Retry-After": "600"}})  # fmt: skip
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token), clock=clock)
    client.use_budget(budget)
    try:
        with pytest.raises(RateLimited):
            client.create_board("Recipes", None, "PUBLIC")
        assert budget.reading(clock()).access == UNKNOWN
        client.get_account()  # not refused before it was sent
    finally:
        client.close()
    assert calls_to(sandbox, ACCOUNT) == 1


def test_an_unbelievable_wait_neither_crashes_a_read_nor_is_slept(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False)
    script_faults(sandbox, {"kind": "status", "status": 429, "method": "GET",
                            "path": "^/v5/user_account$", "times": 1,
                            "headers": {"Retry-After": "9" * 400,
                                        "x-ratelimit-remaining": "0",
                                        "x-ratelimit-reset": "9" * 400}})  # fmt: skip
    sleep = RecordingSleep(clock.advance)
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    client.use_budget(budget)
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert len(sleep.calls) == 1 and sleep.calls[0] < 60  # the client's own backoff
    assert budget.reading(clock()).access != TRIAL
