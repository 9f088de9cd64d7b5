"""The window never calls a run complete that was not: Cancel while files download leaves
an unfinished snapshot, said as such, and the next backup finishes it."""

from __future__ import annotations

import requests
from pytestqt.qtbot import QtBot

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.backup.engine import LISTED_PHASE
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.overview import OverviewPage

from .conftest import MakeWindow
from .test_window import pages


def slow_sandbox(origin: str, latency_ms: int, bandwidth_mbps: float) -> None:
    answer = requests.post(
        origin + "/_sandbox/faults",
        json={"latency_ms": latency_ms, "bandwidth_mbps": bandwidth_mbps},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text


def slowed_backup_page(
    window: MainWindow, qtbot: QtBot, latency_ms: int, bandwidth_mbps: float = 20
) -> BackupPage:
    """The Backup page, ready, with the demo's sandbox answering this slowly."""
    _, backup, _ = pages(window)
    demo = window.services.demo
    assert demo is not None
    slow_sandbox(demo.origin, latency_ms, bandwidth_mbps)
    window.show_page("backup")
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    return backup


def test_cancel_while_files_download_is_cancelled_not_complete(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=600)
    overview, _, _ = pages(window)
    backup = slowed_backup_page(window, qtbot, 150)
    backup.backup_button.click()
    # Cancel once every listing is done, while files are still arriving (the case that
    # once ended "Backup complete").
    log = backup.log.toPlainText

    def listed_and_downloading() -> bool:
        # The log says each step once; the line under the bar says the step under way.
        return LISTED_PHASE in log() and "Downloading pictures and videos" in backup.phase.text()

    qtbot.waitUntil(listed_and_downloading, timeout=120_000)
    qtbot.wait(500)
    assert backup.running
    backup.cancel_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)

    said = backup.phase.text()
    assert said.startswith("Backup cancelled"), said
    assert "complete" not in backup.log.toPlainText().lower(), backup.log.toPlainText()
    record = window.account
    assert record is not None
    app = window.services.app
    last = app.archives.snapshots(record)[-1]
    assert last.outcome == RunOutcome.CANCELLED and not last.complete
    status = app.archives.status(record)
    assert status.last_complete is None  # the first snapshot never finished
    window.show_page("overview")
    assert isinstance(overview, OverviewPage)
    qtbot.waitUntil(lambda: overview.step_button.text() != "", timeout=15_000)
    assert "up to date" not in overview.step_text.text()

    # The next backup continues the same snapshot and then says it is complete.
    slowed_backup_page(window, qtbot, 0, 0)
    backup.backup_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=180_000)
    assert backup.phase.text().startswith("Backup complete"), backup.phase.text()
    finished = app.archives.snapshots(record)
    assert finished[-1].id == last.id and finished[-1].outcome == RunOutcome.COMPLETE


def test_a_cancel_while_the_account_is_read_says_cancelled_not_failed(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=20)
    backup = slowed_backup_page(window, qtbot, 3000)  # the account's first read takes 3 s
    backup.backup_button.click()
    qtbot.wait(300)
    backup.cancel_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=30_000)
    said = backup.phase.text()
    assert said.startswith("Backup cancelled"), said
    assert "failed" not in said.lower()
