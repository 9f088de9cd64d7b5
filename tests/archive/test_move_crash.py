"""kill -9 at each step of moving the archives, then any start (a command, the window):
exactly one whole archive, in the folder the settings name, its history intact.

The move runs in a child process as the window runs it (Application.move_archives). The
child stops itself at a chosen step and waits to be killed: after so many files copied
(its own progress callback), just before the first archive folder is renamed, just
before or just after the settings file is replaced, or with the old copy half removed.
All but the first are found at the file-system edge (os.rename of an archive folder,
os.replace of the settings file, shutil.rmtree of an archive folder): the app's code
runs unchanged.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from creator_backup.application.app import Application
from creator_backup.archive import relocate
from creator_backup.archive.lock import ArchiveLock
from creator_backup.archive.moved import MOVED_NOTE
from creator_backup.archive.relocate import (
    MOVE_INTENT,
    MOVE_LOCK,
    PARTIAL_PREFIX,
    MoveFailed,
    MoveIntent,
    apply_storage_setting,
    finish_interrupted_move,
)
from creator_backup.archive.store import Archive
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox
from creator_backup.settings import SettingsStore
from tests.archive.helpers import back_up_with_cli
from tests.cli.helpers import run_cli
from tests.platforms import posix_signals
from tests.reliability.figures import record

MakeSandbox = Callable[..., Sandbox]
PAUSED = "PAUSED"

# The child: moves the archives to argv[2] with the window's own call, and stops at
# PAUSE_AT (copy:N, rename:N, settings, saved, removal) until it is killed. argv[4] "copy":
# copy as between two disks (the test machine may have only one).
MOVER = r"""
import os, shutil, sys, time
from pathlib import Path
from creator_backup.archive import relocate
from creator_backup.paths import AppPaths
from creator_backup.application.app import Application

pause_at = os.environ["PAUSE_AT"]
source = Path(sys.argv[1])
relocate.COPY_ALWAYS = sys.argv[4] == "copy"


def pause():
    print("PAUSED", flush=True)
    while True:
        time.sleep(60)


real_replace = os.replace
real_rename = os.rename
real_rmtree = shutil.rmtree


def replace(src, dst, *args, **kwargs):
    if pause_at == "settings" and Path(dst).name == "settings.json":
        pause()
    done = real_replace(src, dst, *args, **kwargs)
    if pause_at == "saved" and Path(dst).name == "settings.json":
        pause()
    return done


renamed = 0


def rename(src, dst, *args, **kwargs):
    # rename:N: the Nth archive folder (or finished copy) about to take its place in the
    # new folder, the note of the move written.
    global renamed
    if Path(src).parent == source or Path(src).name.startswith(".moving-"):
        renamed += 1
        if pause_at == f"rename:{renamed}":
            pause()
    return real_rename(src, dst, *args, **kwargs)


def rmtree(path, *args, **kwargs):
    # The old copy, half removed when the kill comes.
    if pause_at == "removal" and Path(path).parent == source:
        files = sorted(p for p in Path(path).rglob("*") if p.is_file())
        for p in files[: len(files) // 2]:
            p.unlink()
        pause()
    return real_rmtree(path, *args, **kwargs)


os.replace = replace
os.rename = rename
shutil.rmtree = rmtree


def progress(p):
    if pause_at == "copy:last" and p.done == p.total:
        pause()
    if pause_at.startswith("copy:") and pause_at[5:] == str(p.done):
        pause()


app = Application(AppPaths.resolve(), sys.argv[3])
plan = app.plan_archive_move(Path(sys.argv[2]))
print("FILES", plan.files, flush=True)
app.move_archives(plan, progress)
print("DONE", flush=True)
"""


@pytest.fixture
def backed_up(make_sandbox: MakeSandbox, cli_env: dict[str, str]) -> tuple[dict[str, str], Path]:
    """One account backed up by the real CLI, with media: (its environment, its archive)."""
    _, env, archive = back_up_with_cli(make_sandbox, cli_env)
    return env, archive


@pytest.fixture
def other_device(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder on another file system (/dev/shm), so the move copies for real; where
    there is none, a folder on this one, with the move told to copy as between two."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        monkeypatch.setattr(relocate, "COPY_ALWAYS", True)
        yield tmp_path / "other disk"
        return
    folder = Path(tempfile.mkdtemp(prefix="creator-backup-crash-", dir=shm))
    yield folder
    for path in sorted(folder.rglob("*"), key=lambda p: -len(p.parts)):
        path.chmod(0o700) if path.is_dir() else path.unlink()
        if path.is_dir():
            path.rmdir()
    folder.rmdir()


def media_files(archive: Path) -> set[str]:
    return {str(p.relative_to(archive)) for p in (archive / "media").rglob("*") if p.is_file()}


def kill_mover_at(env: dict[str, str], source: Path, destination: Path, pause_at: str) -> int:
    """Runs the move in a child and kills it (-9) where it paused; the file count."""
    child_env = dict(env, PAUSE_AT=pause_at)
    child = subprocess.Popen(
        [sys.executable, "-c", MOVER, str(source), str(destination),
         env["CREATOR_BACKUP_API_BASE"], "copy" if relocate.COPY_ALWAYS else "rename"],
        env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stderr is not None
    files = 0
    lines: list[str] = []
    for line in child.stdout:
        lines.append(line.strip())
        if line.startswith("FILES"):
            files = int(line.split()[1])
        if line.strip() == PAUSED:
            break
    paused = lines[-1:] == [PAUSED]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    err = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert paused, f"the move never reached {pause_at}: {lines} {err}"
    return files


def settings_location(env: dict[str, str]) -> Path:
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    return paths.with_archives_at(SettingsStore(paths.config_dir).load().archives_dir).archives_dir


def assert_one_whole_archive(
    env: dict[str, str], name: str, where: Path, elsewhere: Path, before: set[str]
) -> None:
    """After any start: the settings name `where`, which holds the whole archive with its
    history; nothing of it (nor a partial copy) is left in `elsewhere`."""
    verified = run_cli(env, "verify", "--read-data", "--json")
    assert verified.code == 0, verified.out + verified.err
    assert json.loads(verified.out)["ok"]
    # The command's start found the move interrupted, and the log says what it did.
    log_file = AppPaths.resolve(env["CREATOR_BACKUP_HOME"]).log_file
    assert "An interrupted move of the archives was" in log_file.read_text("utf-8")
    assert settings_location(env) == where.resolve()
    assert media_files(where / name) == before
    assert not (elsewhere / name).exists()
    assert not list(elsewhere.glob(PARTIAL_PREFIX + "*"))
    listed = run_cli(env, "snapshots", "--json")
    assert len(json.loads(listed.out)["snapshots"]) == 1, "the history was left behind"
    # A later backup continues the same history, in the same folder.
    again = run_cli(env, "backup", "--json")
    assert again.code == 0, again.err
    assert len(json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]) == 2
    assert not (elsewhere / name).exists()


# Where the kill lands, and where the archive must then be: before the new copy is
# whole and in place, the move is rolled back; from then on, it is finished.
COPY_POINTS = {
    "copy:5": "source",  # a few files copied
    "copy:last": "source",  # every file copied, not yet renamed into place
    "settings": "destination",  # in place, the settings not yet saved
    "removal": "destination",  # settings saved, the old copy half removed
}


@posix_signals
@pytest.mark.parametrize("pause_at", list(COPY_POINTS))
def test_kill_9_during_a_move_to_another_disk_then_any_start_leaves_one_whole_archive(
    backed_up: tuple[dict[str, str], Path], other_device: Path, pause_at: str
) -> None:
    env, archive = backed_up
    source = archive.parent
    destination = other_device / "archives"
    before = media_files(archive)
    kill_mover_at(env, source, destination, pause_at)
    where, elsewhere = (
        (source, destination) if COPY_POINTS[pause_at] == "source" else (destination, source)
    )
    assert_one_whole_archive(env, archive.name, where, elsewhere, before)
    record(kill_points=1, items_lost=len(before - media_files(where / archive.name)))


@posix_signals
def test_kill_9_between_the_rename_and_the_settings_on_one_disk(
    backed_up: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    env, archive = backed_up
    source = archive.parent
    destination = tmp_path / "bigger disk" / "archives"
    before = media_files(archive)
    kill_mover_at(env, source, destination, "settings")
    assert_one_whole_archive(env, archive.name, destination, source, before)
    record(kill_points=1, items_lost=len(before - media_files(destination / archive.name)))


@posix_signals
def test_the_window_finishes_an_interrupted_move_at_start(
    backed_up: tuple[dict[str, str], Path], other_device: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from creator_backup.gui.services import build_services

    env, archive = backed_up
    source = archive.parent
    destination = other_device / "archives"
    before = media_files(archive)
    kill_mover_at(env, source, destination, "removal")
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", env["CREATOR_BACKUP_API_BASE"])
    services = build_services(AppPaths.resolve(env["CREATOR_BACKUP_HOME"]), demo=False)
    try:
        assert services.paths.archives_dir == destination.resolve()
        assert services.app.paths.archives_dir == destination.resolve()
        assert not (source / archive.name).exists()
        assert media_files(destination / archive.name) == before
    finally:
        services.close()
    record(kill_points=1, items_lost=len(before - media_files(destination / archive.name)))


def test_a_damaged_note_of_a_move_is_ignored_and_nothing_is_touched(
    backed_up: tuple[dict[str, str], Path],
) -> None:
    env, archive = backed_up
    before = media_files(archive)
    config = AppPaths.resolve(env["CREATOR_BACKUP_HOME"]).config_dir
    for text in ("{not json", json.dumps({"source": "/", "destination": "/tmp",
                                          "archives": ["../x"], "by_copy": True})):  # fmt: skip
        (config / MOVE_INTENT).write_text(text)
        listed = run_cli(env, "snapshots", "--json")
        assert listed.code == 0, listed.err
        assert len(json.loads(listed.out)["snapshots"]) == 1
        assert not (config / MOVE_INTENT).exists()
        assert media_files(archive) == before


def test_a_move_under_way_is_left_alone_by_a_start_and_a_second_move(
    backed_up: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    """Another process moving the archives (its move lock held, its note written) is not
    a crash: a start leaves its files alone, and a second move is refused in a sentence."""
    env, archive = backed_up
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    destination = tmp_path / "elsewhere"
    moving = ArchiveLock(paths.config_dir / MOVE_LOCK)
    moving.acquire()
    try:
        intent = MoveIntent(archive.parent, destination, (archive.name,), by_copy=True)
        (paths.config_dir / MOVE_INTENT).write_text(intent.to_json())
        assert apply_storage_setting(paths).archives_dir == archive.parent
        assert (paths.config_dir / MOVE_INTENT).exists()
        assert (archive / "archive.sqlite").exists()
        app = Application(paths, env["CREATOR_BACKUP_API_BASE"])
        with pytest.raises(MoveFailed, match="being moved already"):
            app.move_archives(app.plan_archive_move(destination))
    finally:
        moving.release()
    # Once that process is gone (its move never got past its note), the next start
    # undoes what is left of it.
    assert apply_storage_setting(paths).archives_dir == archive.parent
    assert not (paths.config_dir / MOVE_INTENT).exists()


# A process that read the settings before the move (a second window, the window's
# scheduler): its context built, it waits for a line on stdin, then backs up with it.
STALE = r"""
import argparse, sys
from creator_backup.backup.engine import BackupRun
from creator_backup.cli.context import CommandContext
from creator_backup.errors import AppError

args = argparse.Namespace(api_base=None, data_dir=None, account=None)
context = CommandContext.from_args(args)
login = context.login()
account = context.app.accounts.live_account(login)
print("READY", flush=True)
sys.stdin.readline()
try:
    with context.app.archives.writing(account) as archive:
        BackupRun(login.client, archive).run()
    print("BACKED UP", flush=True)
except AppError as exc:
    print("REFUSED", exc.message, flush=True)
finally:
    login.close()
"""


@pytest.mark.parametrize("how", ["rename", "copy"])
def test_a_process_that_read_the_settings_before_a_move_is_refused_not_given_a_fresh_archive(
    backed_up: tuple[dict[str, str], Path], tmp_path: Path, request: pytest.FixtureRequest,
    how: str,
) -> None:  # fmt: skip
    env, archive = backed_up
    source = archive.parent
    disk = tmp_path / "bigger disk" if how == "rename" else request.getfixturevalue("other_device")
    destination = disk / "archives"
    stale = subprocess.Popen(
        [sys.executable, "-c", STALE], env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert stale.stdout is not None
    assert stale.stdout.readline().strip() == "READY"
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    app = Application(apply_storage_setting(paths), env["CREATOR_BACKUP_API_BASE"])
    assert app.move_archives(app.plan_archive_move(destination))
    out, err = stale.communicate("go\n", timeout=120)
    # Refused in a sentence naming the new folder; no fresh archive, snapshot 1, where
    # the old one was.
    assert out.startswith("REFUSED"), out + err
    assert f"moved to {destination.resolve()}" in out
    assert not (source / archive.name / "archive.sqlite").exists()
    listed = run_cli(env, "snapshots", "--json")
    assert len(json.loads(listed.out)["snapshots"]) == 1
    again = run_cli(env, "backup", "--json")
    assert again.code == 0, again.err
    assert len(json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]) == 2
    assert not (source / archive.name / "archive.sqlite").exists()
    record(kill_points=0, items_lost=0)


@posix_signals
def test_the_new_folder_missing_at_start_keeps_the_note_and_touches_nothing(
    backed_up: tuple[dict[str, str], Path], other_device: Path, caplog: pytest.LogCaptureFixture
) -> None:
    env, archive = backed_up
    source = archive.parent
    destination = other_device / "archives"
    before = media_files(archive)
    kill_mover_at(env, source, destination, "saved")
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    unplugged = other_device / "unplugged"
    destination.rename(unplugged)  # its drive not connected at the next start
    with caplog.at_level(logging.INFO):
        assert finish_interrupted_move(paths) is None
    assert "finished" not in caplog.text
    assert (paths.config_dir / MOVE_INTENT).exists()
    assert settings_location(env) == destination.resolve()
    assert media_files(source / archive.name) == before
    assert (source / archive.name / "archive.sqlite").exists()
    # Connected again: the next start finishes the move.
    unplugged.rename(destination)
    assert_one_whole_archive(env, archive.name, destination, source, before)
    assert not (paths.config_dir / MOVE_INTENT).exists()
    record(kill_points=1, items_lost=len(before - media_files(destination / archive.name)))


@pytest.fixture
def two_accounts(
    backed_up: tuple[dict[str, str], Path], make_sandbox: MakeSandbox
) -> tuple[dict[str, str], dict[str, str], Path, Path]:
    """A second account backed up beside the first: (env, its env, archive, its archive)."""
    env, archive = backed_up
    sandbox = make_sandbox(seed=6, boards=2, pins=12)
    other_env = dict(env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
                     CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    result = run_cli(other_env, "backup", "--json")
    assert result.code == 0, result.err
    (other,) = [p for p in archive.parent.iterdir() if p.is_dir() and p != archive]
    return env, other_env, archive, other


@posix_signals
def test_kill_9_between_the_note_and_the_first_rename_of_two_accounts_undoes_the_move(
    two_accounts: tuple[dict[str, str], dict[str, str], Path, Path], tmp_path: Path
) -> None:
    env, other_env, archive, other = two_accounts
    source = archive.parent
    destination = tmp_path / "bigger disk" / "archives"
    before = {a.name: media_files(a) for a in (archive, other)}
    kill_mover_at(env, source, destination, "rename:1")
    for account_env, folder in ((env, archive), (other_env, other)):
        # The backup's start undoes the move; the note of the move is gone with it, so
        # the backup is not refused, and continues the same history.
        again = run_cli(account_env, "backup", "--json")
        assert again.code == 0, again.err
        assert settings_location(env) == source.resolve()
        assert before[folder.name] <= media_files(folder)
        assert not (destination / folder.name).exists()
        with Archive.open(folder, write=False) as opened:
            assert len(opened.snapshots()) == 2
    assert not (source / MOVED_NOTE).exists()
    assert not (AppPaths.resolve(env["CREATOR_BACKUP_HOME"]).config_dir / MOVE_INTENT).exists()
    record(kill_points=1, items_lost=0)


def test_an_undone_copy_is_never_renamed_into_an_old_folder_that_cannot_be_seen(
    two_accounts: tuple[dict[str, str], dict[str, str], Path, Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A copy on the same disk (as when the system refused the rename), so that renaming
    it into the old place would succeed rather than fail between two disks."""
    monkeypatch.setattr(relocate, "COPY_ALWAYS", True)
    env, _, archive, other = two_accounts
    source = archive.parent
    destination = tmp_path / "same disk" / "archives"
    before = {a.name: media_files(a) for a in (archive, other)}
    # One copy in its place in the new folder, the other not yet.
    kill_mover_at(env, source, destination, "rename:2")
    (first,) = [a for a in (archive, other) if (destination / a.name).exists()]
    # The old folder's drive not connected at the next start: an empty mount point.
    unplugged = source.with_name(source.name + "-unplugged")
    source.rename(unplugged)
    source.mkdir()
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    assert finish_interrupted_move(paths) is None
    assert list(source.iterdir()) == []
    assert media_files(destination / first.name) == before[first.name]
    assert (paths.config_dir / MOVE_INTENT).exists()
    # Connected again: the move is undone, the copies removed.
    source.rmdir()
    unplugged.rename(source)
    assert finish_interrupted_move(paths) is not None
    for folder in (archive, other):
        assert media_files(folder) == before[folder.name]
        assert not (destination / folder.name).exists()
    assert not list(destination.glob(PARTIAL_PREFIX + "*"))
    assert not (source / MOVED_NOTE).exists()
    assert not (paths.config_dir / MOVE_INTENT).exists()
    record(kill_points=1, items_lost=0)


def test_an_old_copy_written_to_after_the_move_is_kept(
    backed_up: tuple[dict[str, str], Path], other_device: Path
) -> None:
    env, archive = backed_up
    source = archive.parent
    destination = other_device / "archives"
    kill_mover_at(env, source, destination, "saved")
    # Written to after the move set out (say, by an older version of the app, which
    # knows nothing of the note of the move).
    with sqlite3.connect(archive / "archive.sqlite") as conn:
        conn.execute("CREATE TABLE written_after_the_move (x)")
    conn.close()
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    done = finish_interrupted_move(paths)
    assert done is not None and "was kept" in done
    assert (archive / "archive.sqlite").exists()
    assert (destination / archive.name / "archive.sqlite").exists()
    assert settings_location(env) == destination.resolve()
    assert not (paths.config_dir / MOVE_INTENT).exists()
    record(kill_points=1, items_lost=0)
