"""Moving the archives to a folder the user chose: all or nothing, the lock held, the
setting kept for every later run, and the archive still whole where it arrives."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from creator_backup.application.app import Application
from creator_backup.archive.relocate import PARTIAL_PREFIX, MoveFailed, plan_move
from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, Progress
from creator_backup.sandbox import Sandbox
from creator_backup.settings import SettingsStore
from tests.archive.helpers import back_up_with_cli
from tests.cli.helpers import run_cli

MakeSandbox = Callable[..., Sandbox]


def tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` (but SQLite's rebuilt index and the lock) with its sha256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm") and p.name != "lock"
    }


@pytest.fixture
def backed_up(
    make_sandbox: MakeSandbox, cli_env: dict[str, str]
) -> tuple[Application, dict[str, str], Path]:
    """A app whose one account was backed up by the real CLI, with media."""
    sandbox, env, archive = back_up_with_cli(make_sandbox, cli_env)
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    return Application(paths, sandbox.api_base), env, archive


@pytest.fixture
def other_device() -> Iterator[Path]:
    """A folder on another file system, so the move must copy rather than rename."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == Path(tempfile.gettempdir()).stat().st_dev:
        pytest.skip("no second file system (/dev/shm) to move the archives to")
    folder = Path(tempfile.mkdtemp(prefix="creator-backup-move-", dir=shm))
    yield folder
    for path in sorted(folder.rglob("*"), key=lambda p: -len(p.parts)):
        path.chmod(0o700) if path.is_dir() else path.unlink()
        if path.is_dir():
            path.rmdir()
    folder.rmdir()


def verify_clean(root: Path) -> None:
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
    assert report.ok, report.problems
    assert report.media_rehashed > 0


def test_a_move_on_one_disk_renames_and_every_later_run_uses_the_new_folder(
    backed_up: tuple[Application, dict[str, str], Path], tmp_path: Path
) -> None:
    app, env, archive = backed_up
    before = tree(archive)
    destination = tmp_path / "external drive" / "Pinterest archives"
    plan = app.plan_archive_move(destination)
    assert plan.archives == (archive.name,)
    assert plan.files == len(before)
    assert app.move_archives(plan) is True
    assert not archive.exists()
    assert tree(destination / archive.name) == before
    verify_clean(destination / archive.name)
    assert app.paths.archives_dir == destination.resolve()
    saved = SettingsStore(app.paths.config_dir).load()
    assert saved.archives_dir == str(destination.resolve())
    # The command line (and so a scheduled backup) reads the same setting.
    result = run_cli(env, "snapshots", "--json")
    assert result.code == 0, result.err
    assert len(json.loads(result.out)["snapshots"]) == 1
    assert run_cli(env, "backup", "--json").code == 0
    assert not archive.exists(), "a later backup went to the old folder"
    assert len(json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]) == 2


def test_a_move_to_another_disk_copies_checks_then_removes(
    backed_up: tuple[Application, dict[str, str], Path], other_device: Path
) -> None:
    app, _env, archive = backed_up
    before = tree(archive)
    seen: list[Progress] = []
    plan = app.plan_archive_move(other_device / "archives")
    assert app.move_archives(plan, seen.append) is True
    moved = other_device / "archives" / archive.name
    assert tree(moved) == before
    assert not archive.exists()
    assert not list((other_device / "archives").glob(PARTIAL_PREFIX + "*"))
    verify_clean(moved)
    assert [p.done for p in seen] == list(range(1, plan.files + 1))
    assert seen[-1].bytes == plan.bytes


def test_a_cancelled_move_leaves_everything_where_it_was(
    backed_up: tuple[Application, dict[str, str], Path], other_device: Path
) -> None:
    app, _env, archive = backed_up
    before = tree(archive)
    settings_before = SettingsStore(app.paths.config_dir).load()
    cancel = CancelToken()

    def progress(p: Progress) -> None:
        if p.done == 5:
            cancel.cancel()

    plan = app.plan_archive_move(other_device / "archives")
    assert app.move_archives(plan, progress, cancel) is False
    assert tree(archive) == before
    assert list((other_device / "archives").iterdir()) == []
    assert SettingsStore(app.paths.config_dir).load() == settings_before
    assert app.paths.archives_dir == archive.parent
    verify_clean(archive)


def test_a_copy_left_by_a_crash_is_replaced_by_the_next_move(
    backed_up: tuple[Application, dict[str, str], Path], other_device: Path
) -> None:
    app, _env, archive = backed_up
    stale = other_device / "archives" / f"{PARTIAL_PREFIX}{archive.name}"
    stale.mkdir(parents=True)
    (stale / "archive.sqlite").write_bytes(b"half a database")
    plan = app.plan_archive_move(other_device / "archives")
    assert app.move_archives(plan) is True
    assert not stale.exists()
    verify_clean(other_device / "archives" / archive.name)


def test_no_move_while_a_backup_writes(
    backed_up: tuple[Application, dict[str, str], Path], tmp_path: Path
) -> None:
    app, _env, archive = backed_up
    before = tree(archive)
    plan = app.plan_archive_move(tmp_path / "elsewhere")
    with Archive.open(archive, write=True), pytest.raises(MoveFailed, match="A backup is writing"):
        app.move_archives(plan)
    assert tree(archive) == before
    assert not (tmp_path / "elsewhere" / archive.name).exists()


def test_folders_that_cannot_take_the_archives_are_refused_in_a_sentence(
    backed_up: tuple[Application, dict[str, str], Path], tmp_path: Path
) -> None:
    _app, _env, archive = backed_up
    current = archive.parent
    with pytest.raises(MoveFailed, match="already in that folder"):
        plan_move(current, current)
    with pytest.raises(MoveFailed, match="outside the current archive folder"):
        plan_move(current, current / "inside")
    clash = tmp_path / "clash"
    (clash / archive.name).mkdir(parents=True)
    with pytest.raises(MoveFailed, match="already holds an archive for the same account"):
        plan_move(current, clash)
    a_file = tmp_path / "a file"
    a_file.write_text("not a folder")
    with pytest.raises(MoveFailed, match="cannot be kept in"):
        plan_move(current, a_file / "archives")
    # Root may write anywhere; Windows makes no folder read-only by its mode.
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        locked = tmp_path / "read-only"
        locked.mkdir(mode=0o500)
        with pytest.raises(MoveFailed, match="read-only"):
            plan_move(current, locked / "archives")


def test_moving_back_to_the_default_folder_clears_the_setting(
    backed_up: tuple[Application, dict[str, str], Path], tmp_path: Path
) -> None:
    app, _env, archive = backed_up
    default = app.paths.default_archives_dir
    assert app.move_archives(app.plan_archive_move(tmp_path / "away"))
    assert app.move_archives(app.plan_archive_move(default))
    assert SettingsStore(app.paths.config_dir).load().archives_dir == ""
    assert app.paths.archives_dir == default
    verify_clean(default / archive.name)
