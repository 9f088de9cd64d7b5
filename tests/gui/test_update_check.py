"""The update check in the window (issue 23), against a releases feed on loopback: Help ▸
Check for updates… says what it found whatever the weekly setting, with a button to the
new version's notes; the first start asks once whether to check weekly; a yes checks and
announces a newer version once (banner and tray), a restart neither asks again nor
announces it again; a no (or no answer) means no request at all, and Settings changes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from creator_backup.appinfo import VERSION
from creator_backup.application.updates import STATE_FILE
from creator_backup.gui.alert_banner import INFO
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.support.updates import UPDATE_FEED_ENV, current_version
from tests.conftest import ROOT
from tests.support.feed import NOTES, LocalFeed, local_feed, release

from .conftest import MakeWindow

MAJOR, MINOR, _PATCH = current_version()
NEWER_VERSION = f"{MAJOR}.{MINOR + 1}.0"
NEWER_NOTES = NOTES.format(version=NEWER_VERSION)
AVAILABLE = f"Creator Backup {NEWER_VERSION} is available (you have {VERSION})."
QUESTION = (
    "Check once a week whether a new version of Creator Backup is out? Only the version "
    "number is read from the project's releases; nothing about you is sent, and nothing "
    "is installed. You can change this in Settings."
)


@pytest.fixture
def feed(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalFeed]:
    with local_feed() as serving:
        monkeypatch.setenv(UPDATE_FEED_ENV, serving.latest(release(NEWER_VERSION)))
        yield serving


def fresh_window(make_window: MakeWindow, qtbot: QtBot) -> tuple[MainWindow, list[str]]:
    """A window on a fresh profile, whose browser is a list of the addresses opened."""
    window = make_window(demo=False)
    qtbot.waitUntil(lambda: window.showing_welcome, timeout=15_000)
    opened: list[str] = []

    def open_url(url: str) -> bool:
        opened.append(url)
        return True

    window.services.open_url = open_url
    return window, opened


def help_action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.help.menu.actions() if a.text() == text)


def settings_page(window: MainWindow) -> SettingsPage:
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    return page


def checked_now(window: MainWindow, qtbot: QtBot) -> str:
    """Help ▸ Check for updates…, and the sentence of the dialog it opens."""
    window.updates.dialog = None
    help_action(window, "Check for &updates…").trigger()
    qtbot.waitUntil(lambda: window.updates.dialog is not None, timeout=30_000)
    dialog = window.updates.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog.sentence.text()


def weekly_checked(window: MainWindow, qtbot: QtBot) -> None:
    window.updates.check_weekly()
    qtbot.waitUntil(lambda: not window.updates.weekly_running, timeout=30_000)


def test_help_checks_for_updates_whatever_the_weekly_setting(
    make_window: MakeWindow, qtbot: QtBot, feed: LocalFeed
) -> None:
    window, opened = fresh_window(make_window, qtbot)
    assert not window.services.settings.load().update_check  # never agreed to
    assert checked_now(window, qtbot) == AVAILABLE
    dialog = window.updates.dialog
    assert dialog is not None and dialog.notes_button is not None
    dialog.notes_button.click()
    assert opened == [NEWER_NOTES] and not dialog.isVisible()

    feed.latest(release(VERSION))
    assert checked_now(window, qtbot) == f"You have the latest version ({VERSION})."
    dialog = window.updates.dialog
    assert dialog is not None and dialog.notes_button is None
    dialog.reject()

    feed.latest(b"<html>rate limited</html>")
    assert checked_now(window, qtbot) == (
        "Could not check for updates: the releases page's answer could not be read."
    )
    assert window.updates.dialog is not None
    window.updates.dialog.reject()
    assert len(feed.received) == 3  # the window asked nothing by itself meanwhile


def test_a_yes_at_the_first_start_announces_a_new_version_once(
    make_window: MakeWindow, qtbot: QtBot, feed: LocalFeed, tmp_path: Path
) -> None:
    window, opened = fresh_window(make_window, qtbot)
    banner = window.update_banner
    assert banner.isVisible() and banner.kind == INFO and banner.text() == QUESTION
    updates = window.updates
    assert updates.yes_button.isVisible() and updates.no_button.isVisible()
    assert not updates.notes_button.isVisible()
    announced: list[str] = []
    updates.announced.connect(announced.append)

    updates.yes_button.click()
    settings = window.services.settings.load()
    assert settings.update_check and settings.update_check_asked
    assert settings_page(window).update_check.isChecked()
    qtbot.waitUntil(lambda: banner.text() == AVAILABLE, timeout=30_000)
    assert updates.notes_button.isVisible() and not updates.yes_button.isVisible()
    assert window.tray.last_message is not None
    assert window.tray.last_message.title == "Creator Backup: A new version is out"
    assert window.tray.last_message.sentence == AVAILABLE
    updates.notes_button.click()
    assert opened == [NEWER_NOTES] and not banner.isVisible()

    weekly_checked(window, qtbot)  # a week has not passed: nothing asked
    assert len(feed.received) == 1 and announced == [AVAILABLE]

    # A restart a week later: not asked again, checked again, not announced again.
    state = tmp_path / "home" / "config" / STATE_FILE
    assert json.loads(state.read_text("utf-8"))["announced"] == NEWER_VERSION
    state.write_text(json.dumps({"last_checked": "2020-01-01T00:00:00Z",
                                 "announced": NEWER_VERSION}), "utf-8")  # fmt: skip
    again = make_window(demo=False)
    assert not again.update_banner.isVisible()
    weekly_checked(again, qtbot)
    assert len(feed.received) == 2
    assert not again.update_banner.isVisible()


def test_no_answer_or_a_no_means_no_request_and_settings_changes_it(
    make_window: MakeWindow, qtbot: QtBot, feed: LocalFeed
) -> None:
    window, _opened = fresh_window(make_window, qtbot)
    weekly_checked(window, qtbot)  # the question not answered yet
    window.updates.no_button.click()
    assert not window.update_banner.isVisible()
    settings = window.services.settings.load()
    assert not settings.update_check and settings.update_check_asked
    weekly_checked(window, qtbot)
    assert feed.received == []

    page = settings_page(window)
    assert not page.update_check.isChecked()
    page.update_check.setChecked(True)  # as a click does: and a yes checks at once
    assert window.services.settings.load().update_check
    qtbot.waitUntil(lambda: not window.updates.weekly_running, timeout=30_000)
    assert len(feed.received) == 1
    assert window.update_banner.isVisible() and window.update_banner.text() == AVAILABLE


def test_settings_answer_the_question_too(
    make_window: MakeWindow, qtbot: QtBot, feed: LocalFeed
) -> None:
    window, _opened = fresh_window(make_window, qtbot)
    assert window.update_banner.text() == QUESTION
    settings_page(window).update_check.setChecked(True)
    assert not window.updates.asking
    assert window.services.settings.load().update_check_asked
    # The yes checks at once: the banner that asked now says what it found.
    qtbot.waitUntil(lambda: window.update_banner.text() == AVAILABLE, timeout=30_000)
    assert len(feed.received) == 1


def test_the_window_loads_the_update_check_only_when_it_checks() -> None:
    """The window's start does without the update check's modules (and the HTTP they
    bring): the first check imports them."""
    code = (
        "import sys, creator_backup.gui.main_window; "
        "print(sorted(m for m in sys.modules if m.endswith('.updates')))"
    )
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": path}
    ran = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert (ran.returncode, ran.stdout.strip()) == (0, "[]"), ran.stderr
