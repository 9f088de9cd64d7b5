"""Shared by the reliability tests: the CLI pointed at a sandbox, the archive it made, the
checks every test ends with, and mounts for the disks that misbehave."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import db, sandbox_state
from tests.cli.helpers import Result, run_cli
from tests.restore.test_cli_restore import sandbox_env

__all__ = ["Result", "run_cli", "sandbox_env"]


def only_archive(env: dict[str, str]) -> Path:
    (root,) = list((Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives").iterdir())
    return root


def one_sentence(result: Result) -> str:
    """The error a user sees: one line starting `Error:`, never a traceback."""
    assert "Traceback" not in result.err, result.err
    lines = [line for line in result.err.splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.err
    return lines[0]


def assert_archive_equals_sandbox(root: Path, sandbox: Sandbox) -> int:
    """verify --read-data is clean, the last snapshot is complete and holds exactly the
    sandbox's pins, each object once; returns the number of pins lost (always 0 here)."""
    state = sandbox_state(sandbox)
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
        assert report.ok, report.problems
        last = archive.snapshots()[-1]
        assert last.complete
        archived = set(archive.objects_in(last.id, "pin"))
        assert archive.missing_media_urls() == []
    wanted = {p["id"] for p in state["pins"]}
    assert archived == wanted
    assert_no_duplicates(root)
    return len(wanted - archived)


def assert_no_duplicates(root: Path) -> None:
    """No object is seen twice in one snapshot: no two sightings of it overlap."""
    with db(root) as conn:
        overlapping = conn.execute(
            "SELECT a.kind, a.object_id FROM sightings a JOIN sightings b "
            "ON a.kind = b.kind AND a.object_id = b.object_id AND a.id < b.id "
            "AND a.first_snapshot <= b.last_snapshot AND b.first_snapshot <= a.last_snapshot"
        ).fetchall()
    assert [tuple(r) for r in overlapping] == []


def snapshots_json(env: dict[str, str]) -> list[dict[str, Any]]:
    result = run_cli(env, "snapshots", "--json")
    assert result.code == 0, result.err
    rows: list[dict[str, Any]] = json.loads(result.out)["snapshots"]
    return rows


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)


@contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small real filesystem at `where`: the edge a full disk comes from."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


def resize_tmpfs(where: Path, size: str) -> None:
    done = _run("mount", "-o", f"remount,size={size}", str(where))
    assert done.returncode == 0, done.stderr


@contextmanager
def read_only(where: Path) -> Iterator[Path]:
    """`where` seen through a read-only bind mount (chmod means nothing to root)."""
    bound = _run("mount", "--bind", str(where), str(where))
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount here: {bound.stderr.strip()}")
    try:
        frozen = _run("mount", "-o", "remount,ro,bind", str(where))
        if frozen.returncode != 0:
            pytest.skip(f"cannot remount read-only here: {frozen.stderr.strip()}")
        yield where
    finally:
        _run("umount", "-l", str(where))
