"""The first Ctrl+C stops a backup that a trickling API holds: the real CLI, a real
SIGINT, and the sandbox sending a declared 200 KB answer a few bytes at a time, a byte
every 20 s, or its headers a byte at a time."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable

import pytest

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, sandbox_state
from tests.cli.helpers import CLI

from .figures import record
from .helpers import only_archive, sandbox_env, snapshots_json

INTERVAL_S = 0.1  # between two pieces of the trickle
CEILING_S = 2.0  # "within a second or two"


def test_the_first_ctrl_c_stops_a_backup_held_by_a_trickle(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=63, boards=2, pins=10)
    fault = {"kind": "trickle", "path": "^/v5/boards$", "times": 100,
             "declared_bytes": 200_000, "trickle_bytes": 1,
             "trickle_interval_ms": int(INTERVAL_S * 1000)}  # fmt: skip
    to_stop = interrupt_held_backup(sandbox, fault, cli_env)
    assert to_stop < CEILING_S, (to_stop, to_stop / INTERVAL_S)
    record(faults_injected=1, items_lost=0)


# Where else a request can sit when Ctrl+C comes: a body byte every 20 s (silent gaps well
# inside the 30 s read timeout, so no timeout ends them), or the status line and headers a
# byte every 0.2 s (before any body, where the deadline and the cancel once did not look).
WAITS = {
    "silent_gap": {"kind": "trickle", "declared_bytes": 200_000, "trickle_bytes": 1,
                   "trickle_interval_ms": 20_000},
    "slow_headers": {"kind": "slow_headers", "trickle_bytes": 1, "trickle_interval_ms": 200},
}  # fmt: skip


@pytest.mark.parametrize("wait", sorted(WAITS))
def test_the_first_ctrl_c_stops_a_backup_wherever_its_request_waits(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], wait: str
) -> None:
    sandbox = make_sandbox(seed=64, boards=2, pins=10)
    fault = {**WAITS[wait], "path": "^/v5/boards$", "times": 100}
    to_stop = interrupt_held_backup(sandbox, fault, cli_env)
    # Not the 20 s to the next byte, nor the 40 s the headers would take.
    assert to_stop < CEILING_S, to_stop
    record(faults_injected=1, items_lost=0)


def interrupt_held_backup(
    sandbox: Sandbox, fault: dict[str, object], cli_env: dict[str, str]
) -> float:
    """Runs `backup` through the CLI while `fault` holds its request, sends one SIGINT a
    second into the hold, checks the run ended cancelled with a partial snapshot, and
    returns the seconds from the signal to the process's end."""
    kind = str(fault["kind"])
    control(sandbox, "faults", {"script": [fault]})
    env = sandbox_env(sandbox, cli_env)
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "backup", "--json"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        waited = time.monotonic()
        while sandbox_state(sandbox)["faults_injected"].get(kind, 0) == 0:
            assert time.monotonic() - waited < 60 and process.poll() is None
            time.sleep(0.05)
        time.sleep(10 * INTERVAL_S)  # well into the hold
        interrupted = time.monotonic()
        process.send_signal(signal.SIGINT)  # once
        out, err = process.communicate(timeout=60)
        to_stop = time.monotonic() - interrupted
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, err
    assert json.loads(out)["outcome"] == "cancelled"
    # The process's own end (closing the archive, the interpreter) is inside this figure.
    only_archive(env)
    assert [s["status"] for s in snapshots_json(env)] == ["partial"]
    return to_stop
