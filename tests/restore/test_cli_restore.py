"""`creator-backup restore` as a user runs it: the plan, the run, the second run that does
nothing, Trial access and --yes, exit codes and one JSON object with --json. These runs
keep the app's real pace (100 writes a minute), so each restores only a few pins."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from creator_backup.errors import ExitCode
from creator_backup.sandbox import Sandbox
from tests.cli.helpers import Result, run_cli

from .conftest import assert_restored, lose, sandbox_state


def sandbox_env(sandbox: Sandbox, cli_env: dict[str, str]) -> dict[str, str]:
    env = dict(cli_env)
    env["CREATOR_BACKUP_API_BASE"] = sandbox.api_base
    env["CREATOR_BACKUP_ACCESS_TOKEN"] = sandbox.access_token
    return env


def as_json(result: Result) -> dict[str, Any]:
    assert result.err == "" or "Traceback" not in result.err, result.err
    body: dict[str, Any] = json.loads(result.out)
    return body


def backed_up_with_losses(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], seed: int, **config: Any
) -> tuple[Sandbox, dict[str, str], dict[str, Any], list[str]]:
    sandbox = make_sandbox(seed=seed, boards=3, pins=40, **config)
    env = sandbox_env(sandbox, cli_env)
    backup = run_cli(env, "backup", "--json")
    assert backup.code == 0, backup.err
    before = sandbox_state(sandbox)
    lost = lose(
        sandbox,
        before,
        lambda p: p["is_owner"] and p["media"]["media_type"] == "image" and int(p["id"]) % 9 == 2,
    )
    assert 2 <= len(lost) <= 5
    return sandbox, env, before, lost


def test_plan_then_restore_then_nothing_left_to_do(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox, env, before, lost = backed_up_with_losses(make_sandbox, cli_env, seed=61)

    plan = run_cli(env, "restore", "--dry-run", "--json")
    assert plan.code == ExitCode.OK, plan.err
    body = as_json(plan)
    assert body["dry_run"] is True
    assert body["plan"] == {"boards": 0, "sections": 0, "pins": len(lost)}
    assert body["created"] == {"boards": 0, "sections": 0, "pins": 0}
    assert body["already_present"]["boards"] == len(before["boards"])
    assert body["failed"] == []
    assert {i["id"] for i in body["items"]} == set(lost)
    assert body["writes"] == len(lost) and body["estimated_seconds"] > 0

    text = run_cli(env, "restore", "--dry-run")
    assert text.code == ExitCode.OK
    assert f"missing 0 boards, 0 sections, {len(lost)} pins" in text.out
    assert "Dry run: nothing was sent to Pinterest." in text.out

    done = run_cli(env, "restore", "--json")
    assert done.code == ExitCode.OK, done.err
    body = as_json(done)
    assert body["dry_run"] is False
    assert body["created"] == {"boards": 0, "sections": 0, "pins": len(lost)}
    assert body["failed"] == [] and body["stopped"] is None and body["duplicates"] == []
    cannot = {u["id"] for u in body["cannot_restore"]}
    assert_restored(before, sandbox_state(sandbox), cannot)

    again = run_cli(env, "restore")
    assert again.code == ExitCode.OK, again.err
    assert "missing 0 boards, 0 sections, 0 pins" in again.out
    assert "Restored 0 boards, 0 sections, 0 pins." in again.out


def test_trial_access_is_explained_and_needs_yes(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox, env, _, lost = backed_up_with_losses(make_sandbox, cli_env, seed=62, trial=True)
    refused = run_cli(env, "restore")
    # The backup's answers told the app's access: the restore says so before it sends
    # anything at all.
    assert refused.code == ExitCode.PARTIAL, refused.err
    said = refused.out + refused.err
    assert "Trial access" in said and "visible only to you" in said
    assert "Nothing was sent." in said
    assert "To restore anyway, run it again with --yes." in said
    assert "Traceback" not in refused.err
    writes = sandbox_state(sandbox)["requests"]["by_endpoint"]
    assert not [e for e in writes if e.startswith(("POST", "PATCH", "DELETE"))], writes

    confirmed = run_cli(env, "restore", "--yes", "--json")
    assert confirmed.code == ExitCode.PARTIAL
    body = as_json(confirmed)
    assert body["stopped"] is None
    assert body["created"]["pins"] == 0
    assert len(body["failed"]) == len(lost)


def test_usage_errors_are_one_sentence(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=63, boards=2, pins=10, extras=False)
    env = sandbox_env(sandbox, cli_env)
    nothing = run_cli(env, "restore", "--dry-run")
    assert nothing.code == ExitCode.USAGE
    assert "run a backup first" in nothing.err and "Traceback" not in nothing.err
    assert run_cli(env, "backup").code == 0
    wrong = run_cli(env, "restore", "--board", "12345", "--dry-run")
    assert wrong.code == ExitCode.USAGE and "has no board 12345" in wrong.err
    bad = run_cli(env, "restore", "--from", "nine")
    assert bad.code == ExitCode.USAGE and "by its number" in bad.err
    board = sandbox_state(sandbox)["boards"][0]["id"]
    only = run_cli(env, "restore", "--board", board, "--dry-run", "--json")
    assert only.code == ExitCode.OK
    assert as_json(only)["already_present"]["boards"] == 1


def test_a_damaged_archived_file_is_told_with_the_command_that_finds_them_all(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    _, env, _, lost = backed_up_with_losses(make_sandbox, cli_env, seed=64)
    for path in Path(env["CREATOR_BACKUP_HOME"]).rglob("*"):
        if path.is_file() and path.parent.parent.parent.name == "media":
            path.chmod(0o644)  # the archive keeps its media read-only
            path.write_bytes(b"damaged")
    result = run_cli(env, "restore")
    assert result.code == ExitCode.PARTIAL, result.err
    # The core's reason, in plain words, for each pin whose picture is damaged.
    assert result.out.count("is missing or damaged\n") == len(lost)
    assert "`creator-backup verify` lists every archived file that is missing or damaged." in (
        result.out
    )
