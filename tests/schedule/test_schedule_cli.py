"""`creator-backup schedule install|remove|status` as a user runs it, and the scheduled
command itself: `backup --all-accounts --skip-if-busy` against the sandbox."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import requests

from creator_backup.application.schedules import TRIAL_NOTE
from creator_backup.archive.store import Archive
from creator_backup.auth.accounts import AccountRecord, AccountRegistry
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.schedule.command import BACKUP_ARGS
from creator_backup.schedule.systemd import read_unit
from tests.cli.helpers import run_cli

from .conftest import SYSTEMCTL_NO_BUS, FakeSystem


def cli_with_fake_home(cli_env: dict[str, str], fake: FakeSystem) -> dict[str, str]:
    env = dict(cli_env)
    env.update(HOME=fake.env["HOME"], XDG_CONFIG_HOME=fake.env["XDG_CONFIG_HOME"])
    # The fake systemctl answers like a machine with no user session; python itself is
    # found by its absolute path, so PATH may hold the fake alone.
    env["PATH"] = fake.env["PATH"]
    return env


def test_install_status_remove_from_the_command_line(
    cli_env: dict[str, str], fake_system: FakeSystem
) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL_NO_BUS)
    env = cli_with_fake_home(cli_env, fake_system)
    first = run_cli(env, "schedule", "install", "--every", "6", "--json")
    assert first.code == 0, first.err
    assert "Traceback" not in first.err
    body = json.loads(first.out)
    assert body["installed"] and body["changed"] and body["platform"] == "systemd"
    assert "not running here" in body["message"]
    service = fake_system.home / ".config" / "systemd" / "user" / "creator-backup.service"
    start = read_unit(service.read_text("utf-8")).get("Service", "ExecStart")
    # The test's own data folder (CREATOR_BACKUP_HOME) is passed on to the scheduled run.
    assert f'"--data-dir" "{Path(env["CREATOR_BACKUP_HOME"]).resolve()}"' in start

    second = run_cli(env, "schedule", "install", "--every", "6", "--json")
    assert second.code == 0 and json.loads(second.out)["changed"] is False

    status = run_cli(env, "schedule", "status")
    assert status.code == 0
    assert status.out.startswith("Scheduled backups are on: every connected account is")
    assert len(status.out.strip().splitlines()) == 1

    removed = run_cli(env, "schedule", "remove")
    assert removed.code == 0 and "removed" in removed.out
    assert not service.exists()
    off = run_cli(env, "schedule", "status", "--json")
    assert json.loads(off.out)["installed"] is False
    assert json.loads(off.out)["message"] == "Scheduled backups are off."  # plain words
    # The command line names its own command that turns them on.
    told = run_cli(env, "schedule", "status")
    assert told.out.strip() == (
        "Scheduled backups are off. `creator-backup schedule install` turns them on."
    )


def test_an_interval_not_offered_is_a_usage_error(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "schedule", "install", "--every", "5")
    assert result.code == 2 and "invalid choice" in result.err


def login(env: dict[str, str], sandbox: Sandbox) -> None:
    result = run_cli(
        env, "--api-base", sandbox.api_base, "login", "--access-token-stdin",
        stdin=sandbox.access_token,
    )  # fmt: skip
    assert result.code == 0, result.err


def test_backup_all_accounts_goes_on_past_an_account_that_fails(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, boards=2, pins=12, section_conflict_rate=0.0)
    ).start()
    try:
        login(cli_env, sandbox)
        # A second account whose login is gone (deleted from the keyring, say).
        registry = AccountRegistry(
            Path(cli_env["CREATOR_BACKUP_HOME"]) / "config" / "accounts.json"
        )
        registry.add(AccountRecord("ghost", "999", sandbox.api_base, None, "keyring"))
        result = run_cli(
            cli_env, "--api-base", sandbox.api_base,
            "backup", "--quick", "--all-accounts", "--json", timeout=120,
        )  # fmt: skip
        body = json.loads(result.out)
        by_name = {entry["username"]: entry for entry in body["accounts"]}
        assert len(by_name) == 2 and "ghost" in by_name
        real = next(e for n, e in by_name.items() if n != "ghost")
        assert real["exit_code"] == 0 and real["output"]["complete"] is True
        assert by_name["ghost"]["exit_code"] == 3  # not logged in
        assert "Traceback" not in result.err
        assert result.code == 3  # the worst account's ending
    finally:
        sandbox.stop()


def test_scheduled_backup_skips_quietly_when_another_is_writing(
    cli_env: dict[str, str],
) -> None:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, boards=1, pins=4, section_conflict_rate=0.0)
    ).start()
    try:
        login(cli_env, sandbox)
        first = run_cli(cli_env, "--api-base", sandbox.api_base, "backup", "--json", timeout=120)
        assert first.code == 0, first.err
        archives = Path(cli_env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
        (root,) = [p for p in archives.iterdir() if p.is_dir()]
        holder = Archive.open(root, write=True)  # the window's backup, still running
        try:
            plain = run_cli(cli_env, "--api-base", sandbox.api_base, "backup", timeout=120)
            assert plain.code == 2 and "already writing" in plain.err
            skipped = run_cli(
                cli_env, "--api-base", sandbox.api_base,
                "backup", "--quick", "--all-accounts", "--skip-if-busy", timeout=120,
            )  # fmt: skip
            assert skipped.code == 0, skipped.err
            assert "Skipped: Another backup is already writing" in skipped.out
            assert f"process {os.getpid()}" in skipped.out
            assert skipped.err == ""
        finally:
            holder.close()
    finally:
        sandbox.stop()


def test_all_accounts_with_none_connected_has_nothing_to_do(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "backup", "--all-accounts")
    assert result.code == 0
    assert (
        result.out.strip() == "No Pinterest account is connected, so there is nothing to back up."
    )


def test_a_scheduled_backup_on_trial_is_skipped_when_the_day_cannot_pay_for_it(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], fake_system: FakeSystem
) -> None:
    """Several scheduled runs a day with Trial access: the day's first does what the
    budget pays for and pauses; a later one that day, which could only spend what is left
    on listings it cannot finish, is skipped, says why in the log, and asks nothing."""
    limit = 14
    sandbox = make_sandbox(seed=27, boards=8, pins=160, trial=True, trial_daily_limit=limit)
    login(cli_env, sandbox)
    scheduled = ("--api-base", sandbox.api_base, *BACKUP_ARGS, "--no-media")

    first = run_cli(cli_env, *scheduled, timeout=120)
    assert first.code == 5, first.err  # paused by the budget: partial
    assert "Backup paused: Pinterest allows this app " in first.out
    assert "So far this backup has read " in first.out
    assert "The rest continues with the next backup after Pinterest's daily limit resets" in (
        first.out
    )
    asked = requests.get(sandbox.origin + "/_sandbox/state?pins=0&media=0", timeout=30).json()

    second = run_cli(cli_env, *scheduled, "--json", timeout=120)
    assert second.code == 0, second.err  # a skip is no failure in the scheduler's log
    (entry,) = json.loads(second.out)["accounts"]
    skipped = entry["output"]
    assert skipped["skipped"] is True and skipped["outcome"] == "skipped_budget"
    assert skipped["reason"].startswith("Scheduled backup skipped: ")
    assert f"(Trial access, {limit} a day)" in skipped["reason"]
    assert skipped["budget"]["access"] == "trial"
    now = requests.get(sandbox.origin + "/_sandbox/state?pins=0&media=0", timeout=30).json()
    assert now["requests"]["total"] == asked["requests"]["total"]  # nothing was asked
    assert now["rate_limited"] == 0
    log_file = Path(cli_env["CREATOR_BACKUP_HOME"]) / "log" / "creator_backup.log"
    assert "skipped: Scheduled backup skipped: " in log_file.read_text("utf-8")

    # A backup started by hand is not the schedule's: it is not skipped (it spends what
    # is left, less than any listing still waiting costs, on reading the account), and
    # with nothing left it says it could not start.
    by_hand = run_cli(cli_env, "--api-base", sandbox.api_base, "backup", "--no-media")
    for _ in range(3):
        if "did not start" in by_hand.err:
            break
        assert by_hand.code == 5 and "Backup paused: " in by_hand.out, by_hand.err
        by_hand = run_cli(cli_env, "--api-base", sandbox.api_base, "backup", "--no-media")
    assert by_hand.code == 5 and "did not start" in by_hand.err

    # Setting the schedule up says what Trial access means for it.
    fake_system.add_tool("systemctl", SYSTEMCTL_NO_BUS)
    env = cli_with_fake_home(cli_env, fake_system)
    installed = run_cli(env, "--api-base", sandbox.api_base, "schedule", "install", "--json")
    assert installed.code == 0, installed.err
    assert json.loads(installed.out)["message"].endswith(TRIAL_NOTE)
