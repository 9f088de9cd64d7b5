"""The backup command stamps each complete snapshot, says so, and never fails for it:
with the authorities down the snapshot is queued and the next run stamps it;
--no-timestamp and the setting leave it unstamped."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from creator_backup.evidence.authorities import TSA_ROOTS_ENV, TSA_URLS_ENV
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox
from creator_backup.settings import Settings, SettingsStore
from tests.cli.helpers import run_cli
from tests.evidence.tsa import LocalTsa

MakeSandbox = Callable[..., Sandbox]


def cli(sandbox: Sandbox, env: dict[str, str]) -> dict[str, str]:
    """The command's environment, with the loopback authorities `local_tsas` set."""
    return dict(env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
                CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token,
                **{k: os.environ[k] for k in (TSA_URLS_ENV, TSA_ROOTS_ENV)})  # fmt: skip


def backup_json(env: dict[str, str], *extra: str) -> dict[str, object]:
    result = run_cli(env, "backup", "--no-media", "--json", *extra)
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert isinstance(body, dict)
    return body


def test_a_backup_is_stamped_and_says_so(
    make_sandbox: MakeSandbox, local_tsas: tuple[LocalTsa, LocalTsa], cli_env: dict[str, str]
) -> None:
    env = cli(make_sandbox(seed=3, boards=2, pins=12), cli_env)
    result = run_cli(env, "backup", "--no-media")
    assert result.code == 0, result.err
    assert "is time-stamped by 2 independent authorities" in result.out
    assert [tsa.requests for tsa in local_tsas] == [1, 1]
    body = backup_json(env, "--no-timestamp")
    assert body["timestamps"] is None
    assert [tsa.requests for tsa in local_tsas] == [1, 1]
    listed = json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]
    assert [s["timestamps"] for s in listed] == ["stamped", "not stamped"]
    assert "stamped" in run_cli(env, "snapshots").out.splitlines()[0]


def test_authorities_down_queue_the_stamp_and_the_next_run_sends_it(
    make_sandbox: MakeSandbox, local_tsas: tuple[LocalTsa, LocalTsa], cli_env: dict[str, str]
) -> None:
    env = cli(make_sandbox(seed=4, boards=2, pins=12), cli_env)
    for tsa in local_tsas:
        tsa.refuse = True
    result = run_cli(env, "backup", "--no-media")
    assert result.code == 0, result.err  # the backup stands
    assert "time-stamped by 0 of 2 authorities; the rest is queued" in result.out
    assert "HTTP 503" in result.out
    for tsa in local_tsas:
        tsa.refuse = False
    body = backup_json(env)
    stamps = body["timestamps"]
    assert isinstance(stamps, dict) and stamps["state"] == "stamped"
    caught_up = body["timestamps_caught_up"]
    assert isinstance(caught_up, list) and [r["state"] for r in caught_up] == ["stamped"]
    assert caught_up[0]["snapshot"] != stamps["snapshot"]


def test_the_setting_turns_stamping_off(
    make_sandbox: MakeSandbox, local_tsas: tuple[LocalTsa, LocalTsa], cli_env: dict[str, str]
) -> None:
    config = AppPaths.resolve(env=cli_env).config_dir
    config.mkdir(parents=True, exist_ok=True)
    SettingsStore(config).save(Settings(timestamps=False))
    env = cli(make_sandbox(seed=5, boards=1, pins=4), cli_env)
    assert backup_json(env)["timestamps"] is None
    assert [tsa.requests for tsa in local_tsas] == [0, 0]
