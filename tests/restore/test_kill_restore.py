"""kill -9 the restore at many points, run it again: the account equals the snapshot, with
no duplicates and nothing missing, and the journal has nothing left in doubt.

The restore runs as the real CLI at the app's real pace (100 writes a minute), so each run
lasts long enough to be killed mid-way: while planning, between the journal's intent and
the request, while Pinterest answers, and before the answer is recorded."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.restored import JOURNAL_NAME
from creator_backup.restore.journal import RestoreJournal, State
from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli
from tests.platforms import posix_signals
from tests.reliability.figures import record

from .conftest import assert_restored, control, lose, sandbox_state
from .test_cli_restore import sandbox_env

CLI = "from creator_backup.cli import main; raise SystemExit(main())"
KILLS_DEFAULT = 5
KILLS_SLOW = 50


def restore_process(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "restore", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def sent_rows(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            return int(
                conn.execute("SELECT count(*) FROM items WHERE state = 'sent'").fetchone()[0]
            )
    except sqlite3.Error:
        return 0  # not created yet, or being created


def wait_for_sent(path: Path, process: subprocess.Popen[bytes], limit_s: float = 20.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and process.poll() is None:
        if sent_rows(path):
            return
        time.sleep(0.01)


def kill_and_finish(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    kills: int,
    seed: int,
    pins: int,
    window: tuple[float, float],
) -> None:
    sandbox = make_sandbox(seed=seed, boards=6, pins=pins, latency_ms=5)
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup", "--json").code == 0
    before = sandbox_state(sandbox)
    board = next(
        b for b in before["boards"][1:] if any(s["board_id"] == b["id"] for s in before["sections"])
    )
    control(sandbox, f"boards/{board['id']}/remove")
    lose(
        sandbox,
        before,
        lambda p: p["board_id"] != board["id"] and int(p["id"]) % 11 == 3,
    )
    # Pinterest takes its time to answer a write it has already stored: a kill then
    # lands after the intent, after the commit, before the answer.
    control(
        sandbox,
        "faults",
        {"script": [{"kind": "latency", "method": "POST", "path": "^/v5/(boards|pins)",
                     "latency_ms": 250, "times": 100_000}]},
    )  # fmt: skip
    home = Path(cli_env["CREATOR_BACKUP_HOME"])
    (root,) = list((home / "data" / "archives").iterdir())
    rng = random.Random(seed)
    killed_running = in_doubt = 0
    for number in range(kills):
        process = restore_process(env)
        if number % 2:
            # Every other kill waits for a write in flight: the journal says `sent`.
            wait_for_sent(root / JOURNAL_NAME, process)
        else:
            time.sleep(rng.uniform(*window))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_running += 1
        process.wait(timeout=30)
        in_doubt += sent_rows(root / JOURNAL_NAME) > 0
    assert killed_running >= kills // 2, "the kills should land while the restore runs"
    assert in_doubt >= kills // 2, "some kills should land between intent and answer"

    final = run_cli(env, "restore", "--json", timeout=300)
    assert final.code == 0, final.err
    body = json.loads(final.out)
    assert body["failed"] == [] and body["duplicates"] == []
    cannot = {u["id"] for u in body["cannot_restore"]}
    assert_restored(before, sandbox_state(sandbox), cannot)

    assert (root / JOURNAL_NAME).exists()
    with RestoreJournal.open(root) as journal:
        entries = journal.entries()
    assert {e.state for e in entries.values()} == {State.DONE}
    # Every id in the old-to-new map is on the account, each once.
    live = {p["id"] for p in sandbox_state(sandbox)["pins"]}
    mapped = [e.new_id for e in entries.values() if e.kind == "pin"]
    assert len(mapped) == len(set(mapped)) and set(mapped) <= live

    again = run_cli(env, "restore", "--json")
    assert json.loads(again.out)["created"] == {"boards": 0, "sections": 0, "pins": 0}
    record(kill_points=killed_running, kill_attempts=kills, in_doubt=in_doubt, items_lost=0)


@posix_signals
def test_kill_9_at_several_points_then_finish(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    kill_and_finish(make_sandbox, cli_env, KILLS_DEFAULT, seed=71, pins=60, window=(0.8, 2.5))


@posix_signals
@pytest.mark.slow
def test_kill_9_at_fifty_points_then_finish(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    kill_and_finish(make_sandbox, cli_env, KILLS_SLOW, seed=72, pins=200, window=(0.5, 1.6))
