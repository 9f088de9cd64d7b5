"""Two app instances on one archive: two real `creator-backup backup` processes at once.
One writes; the other is refused at once, in one sentence naming who holds the lock; the
archive ends whole. After the holder is killed with -9, the next run takes the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control
from tests.cli.helpers import CLI

from .figures import record
from .helpers import assert_archive_equals_sandbox, one_sentence, run_cli, sandbox_env


def start_backup(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "backup", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_holder(home: Path, process: subprocess.Popen[str], limit_s: float = 30) -> Path:
    """The archive's lock file once the running backup has written its note into it."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        assert process.poll() is None, "the first backup ended before it could be raced"
        for lock in (home / "data" / "archives").glob("*/lock"):
            text = lock.read_text("utf-8", "replace")
            if text.strip():
                assert json.loads(text)["pid"] == process.pid
                return lock
        time.sleep(0.02)
    raise AssertionError("the first backup never took the archive's lock")


def test_a_second_backup_is_refused_naming_the_holder_and_the_first_completes(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    # Latency makes the first run last a few seconds: long enough to be raced.
    sandbox = make_sandbox(seed=41, boards=5, pins=60, latency_ms=40)
    env = sandbox_env(sandbox, cli_env)
    home = Path(env["CREATOR_BACKUP_HOME"])
    first = start_backup(env)
    try:
        lock = wait_for_holder(home, first)
        # The first is held on the wire (every answer now takes a second) until the
        # second has been refused, however long a loaded machine takes to start it.
        control(sandbox, "faults", {"latency_ms": 1000})
        started = time.monotonic()
        second = run_cli(env, "backup", "--json")
        assert time.monotonic() - started < 10, "refused at once, not after a wait"
        assert first.poll() is None, "the refusal came while the first still ran"
        control(sandbox, "faults", {"latency_ms": 0})
        assert second.code == 2
        sentence = one_sentence(second)
        assert "Another backup is already writing to this archive" in sentence
        assert f"process {first.pid} on " in sentence
        out, err = first.communicate(timeout=180)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait(timeout=10)
    assert first.returncode == 0, err
    assert json.loads(out)["complete"] is True
    assert lock.read_text("utf-8") == ""  # released: the note is cleared
    lost = assert_archive_equals_sandbox(lock.parent, sandbox)
    record(items_lost=lost)


def test_a_holder_killed_with_minus_9_leaves_no_stale_lock(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=42, boards=4, pins=40, latency_ms=40)
    env = sandbox_env(sandbox, cli_env)
    home = Path(env["CREATOR_BACKUP_HOME"])
    first = start_backup(env)
    try:
        lock = wait_for_holder(home, first)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
        first.communicate(timeout=10)
    assert lock.read_text("utf-8").strip()  # the dead holder's note is still there
    # The kernel dropped the dead process's lock: the next run takes it and finishes.
    again = run_cli(env, "backup", "--json", timeout=180)
    assert again.code == 0, again.err
    lost = assert_archive_equals_sandbox(lock.parent, sandbox)
    record(kill_points=1, items_lost=lost)
