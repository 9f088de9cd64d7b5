"""The day's request budget (Trial access): the client knows it from Pinterest's answers,
or from its own count shared on disk by every process of the app, and never sends a
request the budget cannot pay for (no 429 reaches the sandbox's log)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from creator_backup.api.budget import (
    AUTO,
    STANDARD,
    TRIAL,
    BudgetSpent,
    DayState,
    FileBudgetStore,
    MemoryBudgetStore,
    RequestBudget,
)
from creator_backup.api.client import PinterestClient
from creator_backup.api.factory import make_client
from creator_backup.auth.static import StaticToken
from creator_backup.sandbox import Sandbox
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, calls_to, control, state

ACCOUNT = "GET /v5/user_account"
ROOT = Path(__file__).resolve().parents[2]


def client_with(sandbox: Sandbox, budget: RequestBudget, clock: FakeClock) -> PinterestClient:
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token), clock=clock)
    client.use_budget(budget)
    return client


def test_pinterest_s_day_window_is_followed_and_nothing_is_sent_past_it(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False, trial=True, trial_daily_limit=3)
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    client = client_with(sandbox, budget, clock)
    try:
        assert client.budget_left() is None  # not known before Pinterest says
        client.get_account()
        reading = client.budget_reading()
        assert reading is not None and reading.access == TRIAL
        assert (reading.limit, reading.left, reading.used_today) == (3, 2, 1)
        assert reading.resets_at is not None and reading.resets_at > clock() + 86_000
        client.get_account()
        client.get_account()
        assert client.budget_left() == 0
        with pytest.raises(BudgetSpent) as refused:
            client.get_account()
        assert refused.value.status is None  # Pinterest was not asked
        assert "3 requests a day with Trial access" in refused.value.message
        assert calls_to(sandbox, ACCOUNT) == 3
        assert state(sandbox)["rate_limited"] == 0  # no 429 was wasted
        # The next day: Pinterest's reset is the client's too (both clocks move on).
        control(sandbox, "/clock", {"advance_s": 86_400})
        clock.advance(86_400)
        assert client.budget_left() == 3
        client.get_account()
        assert client.budget_left() == 2
    finally:
        client.close()
    assert state(sandbox)["rate_limited"] == 0


def test_standard_access_s_minute_window_sets_no_daily_limit(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False)
    budget = RequestBudget(MemoryBudgetStore(), "app", AUTO)
    client = client_with(sandbox, budget, clock)
    try:
        for _ in range(3):
            client.get_account()
        reading = client.budget_reading()
        assert reading is not None and reading.access == STANDARD
        assert reading.limit is None and reading.left is None and reading.used_today == 3
    finally:
        client.close()


def test_the_own_count_refuses_before_sending_when_no_day_window_is_answered(
    make_sandbox: SandboxFactory, clock: FakeClock, tmp_path: Path
) -> None:
    """Access forced to Trial while Pinterest's answers carry only a minute's window: the
    app's own count, kept on disk, decides. Another process (the window, say) already spent
    all but two of the day's 1,000."""
    sandbox = make_sandbox(boards=1, pins=1, extras=False)
    store = FileBudgetStore(tmp_path)
    store.update("app", lambda _: DayState(used=998, day_started=clock() - 3600))
    client = client_with(sandbox, RequestBudget(store, "app", TRIAL), clock)
    try:
        client.get_account()
        client.get_account()
        with pytest.raises(BudgetSpent, match="1,000 requests a day"):
            client.get_account()
    finally:
        client.close()
    assert calls_to(sandbox, ACCOUNT) == 2
    assert state(sandbox)["rate_limited"] == 0
    again = RequestBudget(FileBudgetStore(tmp_path), "app", TRIAL).reading(clock())
    assert (again.used_today, again.left, again.limit) == (1000, 0, 1000)
    # A day after the count began, it begins again.
    assert RequestBudget(store, "app", TRIAL).remaining(clock() + 86_400) == 1000
    # Forced Standard: no daily limit, whatever the count.
    assert RequestBudget(store, "app", STANDARD).remaining(clock()) is None


SPENDER = """
import sys
from pathlib import Path
from creator_backup.api.budget import FileBudgetStore, RequestBudget
budget = RequestBudget(FileBudgetStore(Path(sys.argv[1])), "shared", "trial")
for _ in range(int(sys.argv[2])):
    budget.spend(1_000_000.0)
"""


def test_processes_spend_from_one_budget_without_losing_a_count(tmp_path: Path) -> None:
    processes = [
        subprocess.Popen([sys.executable, "-c", SPENDER, str(tmp_path), "60"], cwd=ROOT)
        for _ in range(4)
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0, 0, 0]
    reading = RequestBudget(FileBudgetStore(tmp_path), "shared", TRIAL).reading(1_000_001.0)
    assert reading.used_today == 240 and reading.left == 760
    body = json.loads((tmp_path / "request_budget.json").read_text("utf-8"))
    assert body["apps"]["shared"]["used"] == 240


def test_a_damaged_budget_file_counts_afresh(tmp_path: Path) -> None:
    (tmp_path / "request_budget.json").write_text("{not json", "utf-8")
    budget = RequestBudget(FileBudgetStore(tmp_path), "app", TRIAL)
    assert budget.remaining(100.0) == 1000
    budget.spend(100.0)
    assert budget.remaining(100.0) == 999
    (tmp_path / "request_budget.json").write_text(
        json.dumps({"apps": {"app": {"used": "lots", "access": "gold", "resets_at": True}}}),
        "utf-8",
    )
    assert FileBudgetStore(tmp_path).read("app") == DayState()
