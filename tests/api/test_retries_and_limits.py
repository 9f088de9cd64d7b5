"""429 storms and 5xx bursts end in success, waiting as the server asks; the client-side
limiter and the Trial budget keep the app inside Pinterest's limits. Waits are recorded by
a fake sleep and measured on a fake clock: nothing here really sleeps."""

from __future__ import annotations

import email.utils

import pytest

from creator_backup.api.budget import TRIAL, DayState, MemoryBudgetStore, RequestBudget
from creator_backup.api.errors import (
    RateLimited,
    ServerError,
    SpamBlocked,
    TrialAccessLimit,
)
from creator_backup.api.factory import make_client
from creator_backup.api.transport import RetryPolicy
from creator_backup.auth.static import StaticToken
from creator_backup.sandbox import Sandbox
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, RecordingSleep, calls_to, script_faults, state

ACCOUNT = "GET /v5/user_account"
BOARDS = "GET /v5/boards"


def status_fault(status: int, times: int, path: str, **headers: str) -> dict[str, object]:
    return {
        "kind": "status",
        "status": status,
        "method": "GET",
        "path": path,
        "times": times,
        "headers": headers,
    }


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=3, pins=12, extras=False)


# -- what the server asks for is what the client waits -----------------------------------


def test_a_429_storm_waits_retry_after_each_time_then_succeeds(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    script_faults(sandbox, status_fault(429, 4, "^/v5/boards$", **{"Retry-After": "7"}))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        boards = list(client.iter_boards())
        assert client.stats.retries == 4
    finally:
        client.close()
    assert len(boards) == 3
    assert sleep.calls == [7.0, 7.0, 7.0, 7.0]
    assert calls_to(sandbox, BOARDS) == 5
    assert state(sandbox)["faults_injected"] == {"status": 4}


def test_x_ratelimit_reset_is_honoured_when_there_is_no_retry_after(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    headers = {"x-ratelimit-limit": "1000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "13"}
    script_faults(sandbox, status_fault(429, 2, "^/v5/user_account$", **headers))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert sleep.calls == [13.0, 13.0]
    assert calls_to(sandbox, ACCOUNT) == 3


def test_retry_after_as_an_http_date_is_measured_on_the_clients_clock(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    when = email.utils.formatdate(clock() + 42, usegmt=True)
    script_faults(sandbox, status_fault(503, 1, "^/v5/user_account$", **{"Retry-After": when}))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        client.get_account()
    finally:
        client.close()
    assert sleep.calls == [42.0]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        # Not a number nor a date: ignored, x-ratelimit-reset is used instead.
        ({"Retry-After": "soon", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "9"}, 9.0),
        # Fractional seconds are not in RFC 9110 but mean what they say.
        ({"Retry-After": "2.5"}, 2.5),
    ],
)
def test_an_odd_retry_after_does_not_crash_the_call(
    sandbox: Sandbox, clock: FakeClock, headers: dict[str, str], expected: float
) -> None:
    script_faults(sandbox, status_fault(429, 1, "^/v5/user_account$", **headers))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert sleep.calls == [expected]


def test_a_5xx_burst_backs_off_exponentially_then_succeeds(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    script_faults(
        sandbox,
        status_fault(503, 2, "^/v5/user_account$"),
        status_fault(500, 1, "^/v5/user_account$"),
        status_fault(502, 1, "^/v5/user_account$"),
    )
    sleep = RecordingSleep(clock.advance)
    policy = RetryPolicy(attempts=6, base_delay_s=0.5, max_delay_s=30.0)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), retry=policy, sleep=sleep, clock=clock
    )
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert len(sleep.calls) == 4
    for attempt, waited in enumerate(sleep.calls):
        ceiling = 0.5 * 2**attempt  # full jitter in the upper half of the ceiling
        assert ceiling / 2 <= waited <= ceiling, (attempt, waited)
    assert calls_to(sandbox, ACCOUNT) == 5


def test_a_5xx_burst_longer_than_the_retries_is_a_server_error(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    script_faults(sandbox, status_fault(503, 10, "^/v5/user_account$"))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        retry=RetryPolicy(attempts=3),
        sleep=sleep,
        clock=clock,
    )
    try:
        with pytest.raises(ServerError) as caught:
            client.get_account()
    finally:
        client.close()
    assert caught.value.status == 503
    assert caught.value.request_id  # x-pinterest-rid, kept for the appeal packet
    assert len(sleep.calls) == 2
    assert calls_to(sandbox, ACCOUNT) == 3


def test_a_wait_longer_than_the_limit_is_handed_back_not_slept(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    script_faults(sandbox, status_fault(429, 1, "^/v5/user_account$", **{"Retry-After": "3600"}))
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        retry=RetryPolicy(max_wait_s=900),
        sleep=sleep,
        clock=clock,
    )
    try:
        with pytest.raises(RateLimited) as caught:
            client.get_account()
    finally:
        client.close()
    assert caught.value.resume_at == clock() + 3600
    assert sleep.calls == []
    assert calls_to(sandbox, ACCOUNT) == 1


def test_a_spam_429_is_not_retried(sandbox: Sandbox, clock: FakeClock) -> None:
    fault = status_fault(429, 3, "^/v5/user_account$", **{"Retry-After": "1"})
    fault["message"] = "Your request was blocked because it looks like spam."
    script_faults(sandbox, fault)
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        with pytest.raises(SpamBlocked):
            client.get_account()
    finally:
        client.close()
    assert sleep.calls == []
    assert calls_to(sandbox, ACCOUNT) == 1


def test_the_sandboxs_own_rate_limit_is_waited_out_from_its_headers(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    # The server allows 3 reads a minute; its 429s carry x-ratelimit-reset only. The fake
    # sleep moves the sandbox's clock too, so the server sees the wait happen.
    sandbox = make_sandbox(boards=1, pins=1, extras=False, rate_limit_per_min=3)
    sleep = RecordingSleep(clock.advance, sandbox.clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        names = {client.get_account().username for _ in range(10)}
    finally:
        client.close()
    assert names == {sandbox.username}
    # Calls 4, 7 and 10 each met one 429 and, having waited the reset, got through at once.
    assert len(sleep.calls) == 3
    assert all(55 <= waited <= 60 for waited in sleep.calls), sleep.calls
    assert calls_to(sandbox, ACCOUNT) == 13


# -- the client's own pacing -------------------------------------------------------------


class TimedToken:
    """A token provider that notes the (fake) time of every call the transport makes, and
    lets each call take `cost` seconds of that time."""

    def __init__(self, token: str, clock: FakeClock, sandbox: Sandbox, cost: float) -> None:
        self.token = token
        self.clock = clock
        self.sandbox = sandbox
        self.cost = cost
        self.times: list[float] = []

    def current(self) -> str:
        self.times.append(self.clock())
        self.clock.advance(self.cost)
        self.sandbox.clock.advance(self.cost)
        return self.token

    def refresh_after(self, rejected: str) -> str:
        raise AssertionError("no refresh expected")


@pytest.mark.parametrize("limit", [1, 5])
def test_the_client_never_exceeds_its_per_minute_limit(
    make_sandbox: SandboxFactory, clock: FakeClock, limit: int
) -> None:
    # The sandbox enforces the same limit: a client that overstepped it would meet 429s.
    sandbox = make_sandbox(boards=1, pins=1, extras=False, rate_limit_per_min=limit)
    tokens = TimedToken(sandbox.access_token, clock, sandbox, cost=3.0)
    sleep = RecordingSleep(clock.advance, sandbox.clock.advance)
    client = make_client(
        sandbox.api_base, tokens, limits={"org_read": limit}, sleep=sleep, clock=clock
    )
    calls = 4 * limit + 3
    try:
        for _ in range(calls):
            client.get_account()
        assert client.stats.retries == 0  # not one 429 from the server
    finally:
        client.close()
    times = tokens.times
    assert len(times) == calls
    for first, later in zip(times, times[limit:], strict=False):
        # Never more than `limit` calls in any 60 s, and no slower than needed.
        assert 60.0 <= later - first <= 60.0 + 3.0, (first, later)
    assert sleep.calls and sleep.total >= 4 * (60.0 - 3.0 * limit)
    assert calls_to(sandbox, ACCOUNT) == calls


def test_without_the_client_limit_the_same_run_meets_429s(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    # The control for the test above: the sandbox's limit is real and would be hit.
    sandbox = make_sandbox(boards=1, pins=1, extras=False, rate_limit_per_min=5)
    sleep = RecordingSleep(clock.advance, sandbox.clock.advance)
    client = make_client(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        limits={"org_read": 1000},
        sleep=sleep,
        clock=clock,
    )
    try:
        for _ in range(8):
            client.get_account()
        assert client.stats.retries >= 1
    finally:
        client.close()


# -- Trial access -------------------------------------------------------------------------


def test_trial_budget_counts_down_and_refuses_when_spent(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    # Access forced to Trial, a day of five requests known, and answers that carry a
    # minute's window only (Standard's): the app's own count decides.
    sandbox = make_sandbox(boards=1, pins=1, extras=False)
    store = MemoryBudgetStore()
    store.update("app", lambda _: DayState(limit=5))
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), clock=clock,
        trial=RequestBudget(store, "app", TRIAL),
    )  # fmt: skip
    limiter = client.transport.limiter
    try:
        assert limiter.trial_remaining() == 5
        for _ in range(3):
            client.get_account()
        assert limiter.trial_remaining() == 2
        for _ in range(2):
            client.get_account()
        assert limiter.trial_remaining() == 0
        with pytest.raises(TrialAccessLimit, match="5 requests a day"):
            client.get_account()
        assert calls_to(sandbox, ACCOUNT) == 5  # the refused call never left the app
        clock.advance(24 * 3600)  # a new day, a new budget
        assert limiter.trial_remaining() == 5
        client.get_account()
        assert limiter.trial_remaining() == 4
    finally:
        client.close()
    assert calls_to(sandbox, ACCOUNT) == 6


def test_a_server_side_day_limit_is_rate_limited_with_the_time_to_resume(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False, trial=True, trial_daily_limit=3)
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        for _ in range(3):
            client.get_account()
        with pytest.raises(RateLimited) as caught:
            client.get_account()
    finally:
        client.close()
    assert caught.value.status == 429
    resume_at = caught.value.resume_at
    assert resume_at is not None and clock() + 86_000 <= resume_at <= clock() + 86_400
    assert sleep.calls == []  # a day is not slept through on a worker thread
    assert calls_to(sandbox, ACCOUNT) == 4
