"""A demo window for each test, and teardown that proves nothing leaked: every job
finished, the sandbox stopped, no thread left behind, no window left open."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.services import Services, build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths

MakeWindow = Callable[..., MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MakeWindow]:
    before = set(threading.enumerate())
    made: list[tuple[MainWindow, JobRunner, Services]] = []

    def make(demo: bool = True, demo_pins: int = 120) -> MainWindow:
        services = build_services(AppPaths.resolve(tmp_path / "home"), demo, demo_pins)
        runner = JobRunner()
        window = MainWindow(services, runner)
        window.show()  # closed and deleted below, after its jobs: not by qtbot.addWidget
        made.append((window, runner, services))
        return window

    yield make
    for window, runner, services in made:
        runner.cancel_all()
        assert runner.wait(60_000), "a background job did not finish"
        qtbot.wait(20)  # results already queued reach their pages while these exist
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()
        services.close()
    qtbot.wait(10)
    open_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not open_windows, f"windows left open: {open_windows}"
    leaked = [t for t in set(threading.enumerate()) - before if t.is_alive() and not t.daemon]
    assert not leaked, f"threads left running: {[t.name for t in leaked]}"
