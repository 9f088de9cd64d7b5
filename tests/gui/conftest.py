"""A demo window for each test, and teardown that proves nothing leaked: every job
finished, the sandbox stopped, no thread left behind, no window left open."""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from creator_backup import demo
from creator_backup.gui.dialogs import Dialogs
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.services import Services, build_services
from creator_backup.gui.translations import install_translations
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(autouse=True)
def qt_first(qapp: QApplication) -> QApplication:
    """Every test here is a Qt test: the process's QApplication exists before it starts,
    with the window's words installed as the app installs them (plural forms among
    them), for the widgets a test makes without a window too."""
    install_translations(qapp)
    return qapp


@pytest.fixture
def hostile_demo_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """Demo windows (and pages) of this test get the hostile account: board, section and
    pin names of markup, formulas, paths and device names, titles at the length limits.
    The demo itself is a believable creator; tests of how hostile text is shown ask here."""
    monkeypatch.setattr(demo, "start_demo", functools.partial(demo.start_demo, hostile=True))


@pytest.fixture
def make_window(qtbot: QtBot, tmp_path: Path) -> Iterator[MakeWindow]:
    before = set(threading.enumerate())
    made: list[tuple[MainWindow, JobRunner, Services]] = []

    def make(demo: bool = True, demo_pins: int = 120, dialogs: Dialogs | None = None) -> MainWindow:
        """`dialogs`: a test's scripted answers to the window's questions (tests/gui/dialogs.py)."""
        services = build_services(AppPaths.resolve(tmp_path / "home"), demo, demo_pins)
        if dialogs is not None:
            services.dialogs = dialogs
        runner = JobRunner()
        window = MainWindow(services, runner)
        window.show()  # closed and deleted below, after its jobs: not by qtbot.addWidget
        made.append((window, runner, services))
        return window

    yield make
    for window, runner, services in made:
        close_after_jobs(qtbot, runner, window, services)
    assert_nothing_left(qtbot, before)


def close_after_jobs(qtbot: QtBot, runner: JobRunner, widget: QWidget, services: Services) -> None:
    """Every job finished and its answer delivered (an answer may start another job), then
    the widget closed and deleted and the services stopped."""
    runner.cancel_all()
    for _ in range(100):
        assert runner.wait(60_000), "a background job did not finish"
        qtbot.wait(10)  # results already queued reach their pages while these exist
        if not runner.running():
            break
    if shiboken6.isValid(widget):
        widget.close()
        widget.deleteLater()
    services.close()


def assert_nothing_left(qtbot: QtBot, threads_before: set[threading.Thread]) -> None:
    qtbot.wait(10)
    open_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert not open_windows, f"windows left open: {open_windows}"
    leaked = [
        t for t in set(threading.enumerate()) - threads_before if t.is_alive() and not t.daemon
    ]
    assert not leaked, f"threads left running: {[t.name for t in leaked]}"
