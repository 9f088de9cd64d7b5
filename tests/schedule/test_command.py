"""Which program a scheduled backup runs: always an absolute path to this installation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from creator_backup.schedule.command import BACKUP_ARGS, app_command, scheduled_command


def test_from_the_source_tree_it_is_the_venvs_own_script() -> None:
    (program,) = app_command()
    assert os.path.isabs(program) and os.access(program, os.X_OK)
    assert Path(program).parent == Path(os.path.abspath(sys.executable)).parent


def fake_bundle(folder: Path, *names: str) -> None:
    folder.mkdir()
    suffix = ".exe" if sys.platform == "win32" else ""
    for name in names:
        (folder / (name + suffix)).write_bytes(b"")


def test_in_a_bundle_the_window_schedules_the_command_line_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle"
    fake_bundle(bundle, "creator-backup", "creator-backup-gui")
    suffix = ".exe" if sys.platform == "win32" else ""
    # PyInstaller's bootloader sets these two in a frozen app.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / f"creator-backup-gui{suffix}"))
    assert app_command() == [str(bundle / f"creator-backup{suffix}")]


def test_a_bundles_windowless_copy_is_preferred(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle"
    fake_bundle(bundle, "creator-backup", "creator-backup-gui", "creator-backup-scheduled")
    suffix = ".exe" if sys.platform == "win32" else ""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / f"creator-backup{suffix}"))
    assert app_command() == [str(bundle / f"creator-backup-scheduled{suffix}")]


def test_the_folder_and_api_are_passed_on_only_when_given(tmp_path: Path) -> None:
    assert scheduled_command()[1:] == list(BACKUP_ARGS)
    command = scheduled_command(str(tmp_path / "d"), "http://127.0.0.1:9/v5")
    assert command[1:5] == [
        "--data-dir",
        str(tmp_path / "d"),
        "--api-base",
        "http://127.0.0.1:9/v5",
    ]
