"""The disk under the archive misbehaves: it fills up, it turns read-only, a database page
or a media file rots. Each time the user reads one sentence, the archive stays what its
database says, and `verify` finds exactly what went wrong."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import db

from .figures import record
from .helpers import (
    assert_archive_equals_sandbox,
    one_sentence,
    only_archive,
    read_only,
    resize_tmpfs,
    run_cli,
    sandbox_env,
    snapshots_json,
    tmpfs,
)


def test_a_full_disk_stops_the_backup_in_one_sentence_and_a_later_run_completes(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=31, boards=4, pins=80)
    env = sandbox_env(sandbox, cli_env)
    home = Path(env["CREATOR_BACKUP_HOME"])
    # About 3 MB: the database and a few pictures fit, the account's 80 do not.
    with tmpfs(home, "3m"):
        full = run_cli(env, "backup", timeout=120)
        assert full.code == 5, full.err
        assert "The disk holding the archive is full" in one_sentence(full)
        root = only_archive(env)
        # The archive is exactly what its database says, and says nothing was lost.
        checked = run_cli(env, "verify", "--read-data")
        assert checked.code == 0, checked.out + checked.err
        (snapshot,) = snapshots_json(env)
        assert snapshot["status"] != "complete"
        with db(root) as conn:
            missing = conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL")
            assert missing.fetchone()[0] == 0
        # With room again, the next run finishes the same snapshot.
        resize_tmpfs(home, "64m")
        later = run_cli(env, "backup", "--json", timeout=180)
        assert later.code == 0, later.err
        assert json.loads(later.out)["snapshot"] == snapshot["id"]
        lost = assert_archive_equals_sandbox(root, sandbox)
    record(faults_injected=1, items_lost=lost)


def test_a_read_only_archive_is_refused_in_one_sentence_and_stays_readable(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=32, boards=3, pins=30)
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    root = only_archive(env)
    before = (root / "archive.sqlite").read_bytes()
    with read_only(root.parent):
        refused = run_cli(env, "backup")
        assert refused.code == 1, refused.err
        assert "cannot be written to" in one_sentence(refused)
        # Reading needs no write: the history and a full check still work.
        assert len(snapshots_json(env)) == 1
        checked = run_cli(env, "verify", "--read-data")
        assert checked.code == 0, checked.out + checked.err
    assert (root / "archive.sqlite").read_bytes() == before
    lost = assert_archive_equals_sandbox(root, sandbox)
    record(faults_injected=1, items_lost=lost)


def test_a_corrupted_database_page_is_found_by_verify_with_exit_6(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=33, boards=4, pins=120)
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup", "--no-media").code == 0
    path = only_archive(env) / "archive.sqlite"
    # The CLI checkpointed on exit: the whole database is in this one file.
    assert not path.with_name("archive.sqlite-wal").exists()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")  # the header's page size
    pages = len(data) // page
    assert pages > 8
    # Garbage over the body of a page in the middle (its header kept, so SQLite opens it).
    start = page * (pages // 2) + 16
    data[start : start + page - 32] = bytes((i * 37 + 11) % 256 for i in range(page - 32))
    path.write_bytes(bytes(data))

    checked = run_cli(env, "verify")
    assert checked.code == 6, checked.out + checked.err
    assert "Traceback" not in checked.out + checked.err
    if checked.err:
        one_sentence(checked)  # a page SQLite refuses outright: one sentence
    else:
        assert re.search(r"\b\d+ problems? found", checked.out) and "database" in checked.out
    as_json = run_cli(env, "verify", "--json")
    assert as_json.code == 6
    if as_json.out:
        report = json.loads(as_json.out)
        assert not report["ok"] and report["database"] != "ok"
    record(faults_injected=1)


def test_a_flipped_byte_in_a_media_file_is_found_by_verify_read_data(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=34, boards=2, pins=12)
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    root = only_archive(env)
    victim = sorted((root / "media").rglob("*.*"))[3]
    victim.chmod(0o644)
    data = bytearray(victim.read_bytes())
    data[len(data) // 3] ^= 0x40
    victim.write_bytes(bytes(data))

    assert run_cli(env, "verify").code == 0  # same size: only reading the bytes tells
    checked = run_cli(env, "verify", "--read-data", "--json")
    assert checked.code == 6
    problems = json.loads(checked.out)["problems"]
    assert [(p["kind"], Path(p["where"]).name) for p in problems] == [("corrupt", victim.name)]
    plain = run_cli(env, "verify", "--read-data")
    assert plain.code == 6 and victim.name in plain.out and "Traceback" not in plain.err
    record(faults_injected=1)


def test_verify_on_a_file_that_is_not_a_database_is_one_sentence(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=35, boards=1, pins=3)
    env = sandbox_env(sandbox, cli_env)
    assert run_cli(env, "backup", "--no-media").code == 0
    path = only_archive(env) / "archive.sqlite"
    path.write_bytes(b"this is not a database" * 500)
    checked = run_cli(env, "verify")
    assert checked.code == 6
    assert "cannot be read" in one_sentence(checked)
    with pytest.raises(sqlite3.DatabaseError):  # SQLite agrees: the file is no database
        sqlite3.connect(path).execute("PRAGMA integrity_check").fetchall()
    record(faults_injected=1)


def test_a_migration_stopped_halfway_leaves_nothing_of_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run killed while it creates a new archive's tables once left half a schema that
    no later run could open ("table meta already exists"). A step is one transaction."""
    from creator_backup.archive import schema

    path = tmp_path / "archive.sqlite"
    monkeypatch.setattr(schema, "V1", schema.V1 + "\nTHE RUN DIES HERE;")
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(conn)
        assert not conn.in_transaction
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        assert schema.user_version(conn) == 0
    monkeypatch.undo()
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        schema.migrate(conn)  # the next run starts the step again, from nothing
        assert schema.user_version(conn) == schema.SCHEMA_VERSION
    record(faults_injected=1)
