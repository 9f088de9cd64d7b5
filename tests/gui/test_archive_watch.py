"""A backup made outside the window (the real command line, in a process of its own, as the
schedule's task runs it) shows in the open window without the user doing anything; the
window's own backup does not set the watch off a second time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.widgets import human_time

from .conftest import MakeWindow

CLI = "from creator_backup.cli import main; raise SystemExit(main())"
LOOK_MS = 100  # the test waits less than a person would
SETTLE_MS = 10 * LOOK_MS  # ten looks: long enough for a loop to show itself


def cli_backup(window: MainWindow, log: Path) -> subprocess.Popen[bytes]:
    """`creator-backup backup` on the window's own data folder and API, as another process."""
    home = window.services.paths.data_dir.parent
    args = ["--data-dir", str(home), "--api-base", window.services.app.api_base, "backup"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-c", CLI, *args], env=env, stdout=out, stderr=subprocess.STDOUT
        )


def count_changes(window: MainWindow) -> list[None]:
    heard: list[None] = []
    window.events.archive_changed.connect(lambda: heard.append(None))
    return heard


def test_a_backup_by_the_command_line_shows_in_the_open_window(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(demo_pins=30)
    window.archive_watch.timer.setInterval(LOOK_MS)
    overview, browse = window.page("overview"), window.page("browse")
    assert isinstance(overview, OverviewPage) and isinstance(browse, BrowsePage)
    qtbot.waitUntil(lambda: overview.last_backup.text() == "Never", timeout=15_000)
    qtbot.waitUntil(lambda: window.archive_watch.looked, timeout=15_000)
    window.show_page("browse")
    heard = count_changes(window)

    log = tmp_path / "cli.log"
    process = cli_backup(window, log)
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=120_000)
    assert process.returncode == 0, log.read_text()

    record = window.account
    assert record is not None
    status = window.services.app.archives.status(record)
    last = status.last
    assert last is not None and last.complete and status.pins == 30
    # No click, no page change: the Overview and Browse read the new snapshot.
    shown = f"{human_time(last.started_at)} ({last.kind}, "
    qtbot.waitUntil(lambda: overview.last_backup.text().startswith(shown), timeout=15_000)
    qtbot.waitUntil(lambda: f"{status.held_pins:,} pins" in overview.counts.text(), timeout=15_000)
    qtbot.waitUntil(lambda: browse.pins_model.rowCount() == status.pins, timeout=15_000)
    # Once told, it stays quiet: the pages' own reloads do not set it off again.
    qtbot.wait(SETTLE_MS)
    assert len(heard) in (1, 2)  # the run's start may be seen apart from its end
    told = len(heard)
    qtbot.wait(SETTLE_MS)
    assert len(heard) == told


def test_the_window_s_own_backup_is_not_announced_twice(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=30)
    window.archive_watch.timer.setInterval(LOOK_MS)
    backup = window.page("backup")
    assert isinstance(backup, BackupPage)
    qtbot.waitUntil(lambda: window.archive_watch.looked, timeout=15_000)
    heard = count_changes(window)
    window.show_page("backup")
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    backup.backup_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)
    assert backup.phase.text().startswith("Backup complete"), backup.phase.text()
    qtbot.wait(SETTLE_MS)
    assert len(heard) == 1  # the Backup page's own word, and nothing from the watch
