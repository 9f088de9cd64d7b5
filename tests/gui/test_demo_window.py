"""The demo window against the embedded sandbox: the account it shows is the sandbox's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.services import Services, build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths


@pytest.fixture
def demo_services(tmp_path: Path) -> Iterator[Services]:
    services = build_services(AppPaths.resolve(tmp_path), demo=True)
    yield services
    services.close()


def test_demo_window_shows_the_sandbox_account(qtbot: QtBot, demo_services: Services) -> None:
    runner = JobRunner()
    window = MainWindow(demo_services, runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.card.status.text() == "Connected", timeout=10_000)
    runner.wait()

    assert demo_services.sandbox_origin is not None
    state = requests.get(demo_services.sandbox_origin + "/_sandbox/state?pins=0", timeout=10).json()
    account = state["account"]
    assert window.card.username.text().startswith(account["username"])
    assert window.card.pins.text() == f"{account['pin_count']:,}"
    assert window.card.boards.text() == f"{account['board_count']:,}"
    assert "sandbox" in window.windowTitle().lower()


def test_account_failure_is_one_sentence_not_a_traceback(
    qtbot: QtBot, demo_services: Services
) -> None:
    assert demo_services.sandbox_origin is not None
    requests.post(demo_services.sandbox_origin + "/_sandbox/account/suspend", timeout=10)
    runner = JobRunner()
    window = MainWindow(demo_services, runner)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Could not load" in window.card.status.text(), timeout=10_000)
    runner.wait()
    assert "deactivated" in window.card.status.text()
    assert "Traceback" not in window.card.status.text()


def test_window_without_an_account_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    services = build_services(AppPaths.resolve(tmp_path), demo=False)
    window = MainWindow(services, JobRunner())
    qtbot.addWidget(window)
    assert "No Pinterest account" in window.card.status.text()
    services.close()


def test_hostile_text_is_shown_as_plain_text(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from creator_backup.gui.main_window import plain_label

    label = plain_label("<img src=x onerror=alert(1)>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<img src=x onerror=alert(1)>"
