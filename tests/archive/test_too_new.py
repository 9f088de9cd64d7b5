"""An archive a newer version of the app wrote is refused in one sentence that says what to
do, read or written, from the core and the CLI alike, and left exactly as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.locate import DB_NAME
from creator_backup.archive.lock import ArchiveLock
from creator_backup.archive.schema import SCHEMA_VERSION, ArchiveTooNew, user_version
from creator_backup.archive.store import Archive
from creator_backup.errors import ExitCode
from creator_backup.sandbox import Sandbox
from tests.archive.helpers import back_up_with_cli
from tests.cli.helpers import run_cli

NEWER = SCHEMA_VERSION + 4


def written_by_a_newer_version(root: Path) -> None:
    """What a later version leaves: its own schema number (its tables are not needed for
    this version to refuse it)."""
    conn = sqlite3.connect(root / DB_NAME)
    try:
        conn.execute(f"PRAGMA user_version = {NEWER}")
    finally:
        conn.close()


def sentence(root: Path) -> str:
    return (
        f"The archive in {root} was written by a newer version of Creator Backup (schema "
        f"{NEWER}; this version reads up to {SCHEMA_VERSION}): update the app to open it."
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("write", [True, False], ids=["written", "read"])
def test_the_core_refuses_it_unchanged_and_holds_nothing(tmp_path: Path, write: bool) -> None:
    root = tmp_path / "archive"
    Archive.open(root).close()
    written_by_a_newer_version(root)
    before = digest(root / DB_NAME)
    with pytest.raises(ArchiveTooNew) as refused:
        Archive.open(root, write=write)
    assert refused.value.message == sentence(root)
    assert refused.value.exit_code == ExitCode.USAGE
    assert digest(root / DB_NAME) == before
    # The refusal let go of the writers' lock: nothing waits on a refused open.
    lock = ArchiveLock(root / "lock")
    lock.acquire()
    lock.release()
    conn = sqlite3.connect(root / DB_NAME)
    try:
        assert user_version(conn) == NEWER  # never "migrated" backwards
    finally:
        conn.close()


def test_the_cli_says_the_one_sentence_and_exits_2(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    """Reading (`snapshots`, `verify`) and writing (`backup`) alike; before, the CLI said
    "Something unexpected went wrong (ValueError)" and wrote a traceback to the log."""
    _, env, archive = back_up_with_cli(make_sandbox, cli_env)
    written_by_a_newer_version(archive)
    before = digest(archive / DB_NAME)
    for command in (["snapshots"], ["verify"], ["backup"]):
        result = run_cli(env, *command)
        assert result.code == ExitCode.USAGE, (command, result.err)
        assert result.err.strip().splitlines() == [f"Error: {sentence(archive)}"], command
    assert digest(archive / DB_NAME) == before
