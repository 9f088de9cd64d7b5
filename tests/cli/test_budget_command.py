"""`creator-backup budget` and the budget in `backup --json`, as a user runs them against
a sandbox with Trial access: what Pinterest allows the app today, and what the next
backup needs, told with no request to Pinterest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from creator_backup.sandbox import Sandbox

from .helpers import run_cli

MakeSandbox = Callable[..., Sandbox]


def served(sandbox: Sandbox) -> dict[str, Any]:
    body: dict[str, Any] = requests.get(
        sandbox.origin + "/_sandbox/state", params={"pins": 0, "media": 0}, timeout=30
    ).json()
    return body


def logged_in(cli_env: dict[str, str], sandbox: Sandbox) -> dict[str, str]:
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base)
    result = run_cli(env, "login", "--access-token-stdin", stdin=sandbox.access_token)
    assert result.code == 0, result.err
    return env


def test_budget_and_estimate_after_a_backup_the_day_s_budget_paused(
    make_sandbox: MakeSandbox, cli_env: dict[str, str]
) -> None:
    limit = 12
    sandbox = make_sandbox(seed=25, boards=8, pins=160, trial=True, trial_daily_limit=limit)
    env = logged_in(cli_env, sandbox)
    # The login's requests (the account, then one-item listings to learn the token's
    # scopes) are the day's too, and their answers told the access.
    at_login = served(sandbox)["requests"]["total"]

    before = run_cli(env, "budget", "--json")
    assert before.code == 0, before.err
    body = json.loads(before.out)
    assert body["estimate"] is None  # no archive yet
    assert (body["access"], body["limit"]) == ("trial", limit)
    assert (body["used_today"], body["left"]) == (at_login, limit - at_login)

    backup = run_cli(env, "backup", "--no-media", "--json", timeout=120)
    assert backup.code == 5, backup.err  # paused: partial
    run = json.loads(backup.out)
    assert run["outcome"] == "quota_spent" and run["complete"] is False
    assert run["estimate"] is None  # asked before the first backup: nothing to go by
    assert run["budget"]["access"] == "trial" and run["budget"]["limit"] == limit
    assert run["budget"]["left"] < 3 and run["boards_waiting"] > 0
    assert run["days_to_finish"] >= 1
    assert served(sandbox)["rate_limited"] == 0  # it stopped before Pinterest refused

    calls = served(sandbox)["requests"]["total"]
    after = run_cli(env, "budget", "--json")
    assert after.code == 0, after.err
    status = json.loads(after.out)
    assert set(status) == {"access", "limit", "used_today", "left", "resets_at", "sentence",
                           "estimate"}  # fmt: skip
    assert (status["access"], status["limit"]) == ("trial", limit)
    assert status["left"] == run["budget"]["left"]
    assert status["used_today"] == at_login + run["api_calls"]  # the login's counted too
    assert status["resets_at"] > 0
    assert status["estimate"] == 2 + run["requests_to_finish"]
    assert status["sentence"].startswith("Pinterest allows your app ")
    assert f"(Trial access, {limit} a day)" in status["sentence"]

    text = run_cli(env, "budget")
    assert text.code == 0
    lines = text.out.strip().splitlines()
    assert lines[0] == status["sentence"]
    # The days told as the backup's own summary counts them (it goes on the same run).
    days = run["days_to_finish"]
    assert lines[-1] == (
        f"The next full backup needs about {status['estimate']} requests"
        + (f": about {days} days at {limit} a day." if days > 1 else ".")
    )
    assert served(sandbox)["requests"]["total"] == calls  # told with no request at all

    # What is left (less than any listing still waiting costs) goes on reading the
    # account; then, with nothing left, the next backup does not even do that, and says so.
    for _ in range(3):
        if status["left"] == 0:
            break
        spent = run_cli(env, "backup", "--no-media", timeout=120)
        assert spent.code == 5, spent.err
        status = json.loads(run_cli(env, "budget", "--json").out)
    assert status["left"] == 0
    calls = served(sandbox)["requests"]["total"]
    again = run_cli(env, "backup", "--no-media", timeout=120)
    assert again.code == 5 and again.out == ""
    assert again.err.startswith(
        f"Error: The backup did not start: Pinterest allows this app {limit} requests a day "
        "with Trial access, and today's are spent. The next backup after the limit resets, "
    )
    assert served(sandbox)["requests"]["total"] == calls
    assert served(sandbox)["rate_limited"] == 0


def test_budget_before_anything_is_known(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=26, boards=2, pins=10)
    env = logged_in(cli_env, sandbox)
    # The login's answers told the access already; with that count lost (a login made
    # before the count was kept, say), nothing is known.
    (tmp_path / "app-home" / "config" / "request_budget.json").unlink()
    result = run_cli(env, "budget")
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "Whether your app has Trial access (1,000 requests a day) is not known yet: "
        "Pinterest's answers to the next backup will tell.",
        "No backup yet: what the first one needs is known once it has read the account.",
    ]
    backup = run_cli(env, "backup", "--no-media", "--json", timeout=120)
    assert backup.code == 0, backup.err
    body = json.loads(backup.out)
    assert body["budget"]["access"] == "standard" and body["budget"]["left"] is None
    standard = run_cli(env, "budget")
    assert standard.out.splitlines()[0] == (
        "Your app has Standard access: Pinterest sets no daily limit on its requests."
    )
