"""The thumbnail cache stays under its size: the least recently used files go first, and
the window prunes it when it starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creator_backup.cache_limit import THUMBNAIL_CACHE_LIMIT, prune, touch
from creator_backup.gui import main_window
from creator_backup.gui.services import build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths
from tests.gui.conftest import close_after_jobs


def make(folder: Path, name: str, size: int, age_s: float) -> Path:
    path = folder / name[:2] / f"{name}.jpg"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    stamp = 1_700_000_000 - age_s
    os.utime(path, (stamp, stamp))
    return path


def test_the_oldest_files_go_until_the_folder_fits(tmp_path: Path) -> None:
    files = [make(tmp_path, f"{i:02d}aaaa", 1000, age_s=i * 60) for i in range(10)]
    pruned = prune(tmp_path, 4500)
    assert (pruned.removed_files, pruned.freed_bytes, pruned.kept_bytes) == (6, 6000, 4000)
    assert [p.exists() for p in files] == [True] * 4 + [False] * 6


def test_a_file_used_again_is_kept(tmp_path: Path) -> None:
    old = make(tmp_path, "00oldest", 1000, age_s=3600)
    newer = make(tmp_path, "01newer", 1000, age_s=60)
    touch(old)  # looked at just now
    prune(tmp_path, 1500)
    assert old.exists() and not newer.exists()


def test_a_missing_folder_is_nothing_to_prune(tmp_path: Path) -> None:
    assert prune(tmp_path / "none", 10).removed_files == 0


def test_the_window_prunes_an_oversized_cache_at_start(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.resolve(tmp_path / "home")
    cache = paths.cache_dir / "thumbnails" / "160"
    big = [make(cache, f"{i:02d}ffff", 400_000, age_s=i) for i in range(5)]
    # A small limit for the test: the real one is hundreds of megabytes.
    assert THUMBNAIL_CACHE_LIMIT > 100 * 2**20
    monkeypatch.setattr(main_window, "THUMBNAIL_CACHE_LIMIT", 1_000_000)
    services = build_services(paths, demo=False)
    runner = JobRunner()
    window = main_window.MainWindow(services, runner)
    window.show()  # the window prunes once it has painted
    try:
        qtbot.waitUntil(lambda: not big[-1].exists(), timeout=10_000)
        assert [p.exists() for p in big] == [True, True, False, False, False]
    finally:
        close_after_jobs(qtbot, runner, window, services)
