"""kill -9 at many points of a backup, then run again: complete, verify clean, no
duplicates, nothing missing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.sandbox import Sandbox
from tests.platforms import posix_signals
from tests.reliability.figures import record

from .conftest import db, sandbox_state

CLI = "from creator_backup.cli import main; raise SystemExit(main())"
KILLS_DEFAULT = 6
KILLS_SLOW = 50


def backup_process(sandbox: Sandbox, env: dict[str, str]) -> subprocess.Popen[bytes]:
    env = dict(env)
    env["CREATOR_BACKUP_API_BASE"] = sandbox.api_base
    env["CREATOR_BACKUP_ACCESS_TOKEN"] = sandbox.access_token
    return subprocess.Popen(
        [sys.executable, "-c", CLI, "backup", "--json"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill_and_finish(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    kills: int,
    seed: int,
    pins: int = 160,
    window: tuple[float, float] = (0.4, 2.5),
) -> None:
    # Latency and a bandwidth cap make the run last long enough to be killed mid-way.
    sandbox = make_sandbox(seed=seed, boards=8, pins=pins, latency_ms=10, bandwidth_mbps=30)
    rng = random.Random(seed)
    killed_running = 0
    for _ in range(kills):
        process = backup_process(sandbox, cli_env)
        time.sleep(rng.uniform(*window))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed_running += 1
        process.wait(timeout=30)
        assert process.stderr is not None
        process.stderr.close()
    assert killed_running >= kills // 2, "the kills should land while the backup runs"
    final = backup_process(sandbox, cli_env)
    assert final.wait(timeout=300) == 0, final.stderr.read() if final.stderr else ""
    if final.stderr:
        final.stderr.close()

    home = Path(cli_env["CREATOR_BACKUP_HOME"])
    (root,) = list((home / "data" / "archives").iterdir())
    state = sandbox_state(sandbox)
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
        assert report.ok, report.problems
        last = archive.snapshots()[-1]
        assert last.complete
        archived = archive.objects_in(last.id, "pin")
        assert set(archived) == {p["id"] for p in state["pins"]}
        assert archive.missing_media_urls() == []
    with db(root) as conn:
        # Nothing changed on the account: each object has one version and one sighting.
        for table in ("versions", "sightings"):
            dupes = conn.execute(
                f"SELECT kind, object_id, count(*) FROM {table} "  # noqa: S608
                "GROUP BY kind, object_id HAVING count(*) > 1"
            ).fetchall()
            assert dupes == [], table
        assert (
            conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL").fetchone()[
                0
            ]
            == 0
        )
    assert not list((root / "tmp").glob("*.done"))
    lost = len({p["id"] for p in state["pins"]} - set(archived))
    record(kill_points=killed_running, kill_attempts=kills, items_lost=lost)


@posix_signals
def test_kill_9_at_several_points_then_finish(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    kill_and_finish(make_sandbox, cli_env, KILLS_DEFAULT, seed=21)


@posix_signals
@pytest.mark.slow
def test_kill_9_at_fifty_points_then_finish(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    kill_and_finish(make_sandbox, cli_env, KILLS_SLOW, seed=22, pins=500, window=(0.3, 1.0))
