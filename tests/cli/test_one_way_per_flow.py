"""The flows as the application layer runs them for both faces: a cancel reaches every
request of a run (the account read first included), a token from the environment never
writes evidence into a guessed archive of another API, and an import cancelled while its
pictures come says truly what it left."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from creator_backup.archive.store import Archive
from creator_backup.cli import main
from creator_backup.cli.hints import with_hint
from creator_backup.data_export.container import open_export
from creator_backup.data_export.importer import ExportImporter, ImportOptions
from creator_backup.data_export.parse import parse_export
from creator_backup.errors import ExitCode, exit_code_for, sentence_for
from creator_backup.progress import CancelToken, Progress
from creator_backup.restore.service import NoWritePermission
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import do_backup
from tests.data_export.exports import render
from tests.data_export.helpers import api_pins, export_of
from tests.platforms import posix_signals

from .helpers import CLI

RETRY_AFTER_S = 20
SIGINT_AFTER_S = 3.0


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    started = Sandbox(
        SandboxConfig(hostile=True, seed=5, boards=2, pins=10, section_conflict_rate=0.0)
    ).start()
    yield started
    started.stop()


def fault(sandbox: Sandbox, path: str) -> None:
    """The next answer to GET `path` asks the client to come back in RETRY_AFTER_S."""
    entry = {"kind": "status", "status": 503, "method": "GET", "path": path, "times": 1,
             "headers": {"Retry-After": str(RETRY_AFTER_S)}}  # fmt: skip
    requests.post(f"{sandbox.origin}/_sandbox/faults", json={"script": [entry]}, timeout=30)


def interrupted(env: dict[str, str], *args: str) -> tuple[int, float, str]:
    """The command run as a person runs it, with Ctrl+C SIGINT_AFTER_S in: its exit code,
    how long it took to end after the Ctrl+C, and what it said."""
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, *args], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(SIGINT_AFTER_S)
    pressed = time.monotonic()
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=120)
    return process.returncode, time.monotonic() - pressed, err


def token_env(sandbox: Sandbox, cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "CREATOR_BACKUP_API_BASE": sandbox.api_base,
            "CREATOR_BACKUP_ACCESS_TOKEN": sandbox.access_token}  # fmt: skip


def snapshots_in(home: Path) -> list[tuple[str, str]]:
    found = []
    for db in Path(home).rglob("archive.sqlite"):
        conn = sqlite3.connect(db)
        found += conn.execute("SELECT status, outcome FROM snapshots").fetchall()
        conn.close()
    return found


@posix_signals
def test_the_first_ctrl_c_ends_a_backup_still_waiting_to_read_the_account(
    sandbox: Sandbox, cli_env: dict[str, str]
) -> None:
    fault(sandbox, "^/v5/user_account")
    code, took, err = interrupted(token_env(sandbox, cli_env), "backup", "--no-media")
    assert code == ExitCode.INTERRUPTED, err
    assert took < RETRY_AFTER_S / 4, f"{took:.1f} s after Ctrl+C, the server asked {RETRY_AFTER_S}"
    assert "Error" not in err  # the person's own cancel, not a failure
    # Nothing was listed, so no snapshot claims to be anything.
    assert snapshots_in(Path(cli_env["CREATOR_BACKUP_HOME"])) == []


@posix_signals
def test_ctrl_c_during_a_live_comparison_ends_as_a_cancel(
    sandbox: Sandbox, cli_env: dict[str, str]
) -> None:
    env = token_env(sandbox, cli_env)
    assert subprocess.run([sys.executable, "-c", CLI, "backup", "--no-media"], env=env,
                          capture_output=True, timeout=120).returncode == 0  # fmt: skip
    fault(sandbox, "^/v5/boards")
    code, took, err = interrupted(env, "diff", "--live")
    assert code == ExitCode.INTERRUPTED, err
    assert took < RETRY_AFTER_S / 4, f"{took:.1f} s after Ctrl+C, the server asked {RETRY_AFTER_S}"
    assert "did not finish" not in err


def test_a_token_from_the_environment_never_marks_another_apis_archive(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    monkeypatch.setenv("CREATOR_BACKUP_ACCESS_TOKEN", sandbox.access_token)
    assert main(["backup", "--no-media"]) == 0
    other = Sandbox(SandboxConfig(hostile=True, seed=6, boards=1, pins=2)).start()
    try:
        requests.post(f"{other.origin}/_sandbox/account/suspend", json={}, timeout=30)
        monkeypatch.setenv("CREATOR_BACKUP_API_BASE", other.api_base)
        monkeypatch.setenv("CREATOR_BACKUP_ACCESS_TOKEN", other.access_token)
        assert main(["whoami"]) == ExitCode.ACCOUNT_UNAVAILABLE
        assert main(["backup", "--no-media"]) == ExitCode.ACCOUNT_UNAVAILABLE
    finally:
        other.stop()
    [db] = list(isolated_home.rglob("archive.sqlite"))
    with Archive.open(db.parent, write=False) as archive:
        # The only archive here is the first sandbox's: the other account's state is not
        # evidence about it.
        assert archive.meta("account_unavailable_since") is None


def test_a_read_only_login_is_refused_before_a_restore_in_each_faces_words() -> None:
    refused = NoWritePermission()
    assert exit_code_for(refused) == ExitCode.AUTH
    said = with_hint(refused, sentence_for(refused))
    assert "creator-backup login --write" in said and "Settings" not in said


def test_an_import_cancelled_while_its_pictures_come_says_what_it_kept(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    source = tmp_path / "source"
    assert do_backup(sandbox, source, media=False).complete
    path = tmp_path / "export.html"
    path.write_text(render(export_of(api_pins(source), "creator")), "utf-8")
    export = open_export(path)
    parsed = parse_export(export.documents[0].text)
    cancel = CancelToken()

    def progress(step: Progress) -> None:
        if step.phase == "Downloading pictures":
            cancel.cancel()

    root = tmp_path / "archive"
    options = ImportOptions(cdn_base=sandbox.media_base)
    with Archive.open(root) as archive:
        result = ExportImporter(archive, options, progress, cancel).run(export, parsed, "creator")
        assert archive.snapshot(result.snapshot_id).complete  # the records are in
    assert result.pictures_cancelled and not result.complete
    assert result.media_downloaded < result.pins
    assert any("import it again" in note for note in result.notes())
    assert result.to_json()["media"]["cancelled"] is True
