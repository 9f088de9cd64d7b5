"""A creator's first minutes: a fresh profile opens on Welcome, and each of its three ways
forward is one click (the connect assistant, the data export's import, the demo in a
process of its own); the assistant walks its steps with every answer ready to copy, and
opens again where it stopped once the window is closed and reopened."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from creator_backup.appinfo import PRIVACY_POLICY_URL
from creator_backup.auth.oauth import redirect_uris
from creator_backup.gui.connect.wizard import STEPS
from creator_backup.gui.connect.words import BUSINESS_CONVERT_URL, DEVELOPER_APPS_URL
from creator_backup.gui.main_window import MainWindow

from .conftest import MakeWindow
from .dialogs import ScriptedDialogs
from .test_file_jobs import WAIT_MS, export_file


def fresh_window(make_window: MakeWindow, qtbot: QtBot, **kwargs: object) -> MainWindow:
    window = make_window(demo=False, **kwargs)
    qtbot.waitUntil(lambda: window.showing_welcome, timeout=15_000)
    return window


def test_a_fresh_profile_opens_on_welcome_and_connect_opens_the_assistant(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = fresh_window(make_window, qtbot)
    welcome = window.welcome
    assert welcome.isVisible() and not window.nav.isVisible()
    assert not welcome.overview_button.isVisible()  # nothing to go back to yet
    for button in (welcome.connect_button, welcome.import_button, welcome.demo_button):
        assert button.isVisible() and button.isEnabled()
    welcome.connect_button.click()
    wizard = window.assistant
    assert wizard is not None and wizard.isVisible()
    assert wizard.step == "business" and wizard.windowTitle() == "Connect your Pinterest account"


def test_import_from_welcome_asks_for_the_file_and_then_shows_the_archive(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_EXPORT_CDN", "http://127.0.0.1:9")  # no pictures
    dialogs = ScriptedDialogs()
    window = fresh_window(make_window, qtbot, dialogs=dialogs)
    # What the export holds and how to ask for it is said before any click.
    card_text = " ".join(
        label.text() for label in window.welcome.findChildren(type(window.welcome.status))
    )
    assert "Settings ▸ Privacy and data ▸ Request your data" in card_text
    assert "no board sections" in card_text and "lower resolution" in card_text
    dialogs.choose("open_file", export_file(tmp_path))
    window.welcome.import_button.click()
    (asked,) = dialogs.asked
    assert asked.kind == "open_file" and asked.title == "Choose the data export Pinterest sent you"
    dialog = window.file_jobs.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    # The archive is there: the window leaves Welcome for the pages.
    qtbot.waitUntil(lambda: not window.showing_welcome, timeout=15_000)
    assert window.account is not None and window.account.archive_only
    dialog.accept()


def test_the_demo_starts_as_a_process_of_its_own(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = fresh_window(make_window, qtbot)
    started: list[tuple[str, list[str]]] = []

    def launch(program: str, arguments: list[str]) -> bool:
        started.append((program, arguments))
        return True

    window.services.launch = launch
    window.welcome.demo_button.click()
    ((program, arguments),) = started
    assert program == sys.executable and arguments[-1] == "--demo"
    assert arguments[:2] == ["-m", "creator_backup"]  # this same app, not a guessed one
    assert window.welcome.status.text() == "The demo opens in a window of its own in a moment."
    assert window.showing_welcome  # this window stays as it was

    window.services.launch = lambda _program, _arguments: False
    window.welcome.demo_button.click()
    assert window.welcome.status.text() == "The demo could not be started."


def test_with_an_archive_the_window_opens_on_overview_and_welcome_stays_in_help(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()  # the demo: an account is connected
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    assert not window.showing_welcome and window.stack.currentWidget() is window.page("overview")
    (getting_started,) = [a for a in window.help.menu.actions() if a.text() == "&Getting started"]
    getting_started.trigger()
    assert window.showing_welcome and window.welcome.overview_button.isVisible()
    window.welcome.overview_button.click()
    assert not window.showing_welcome


def test_the_assistant_walks_each_step_with_answers_ready_to_copy(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = fresh_window(make_window, qtbot)
    opened: list[str] = []
    window.services.open_url = opened.append
    wizard = window.open_assistant()
    clipboard = QGuiApplication.clipboard()

    # (a) a business account: Pinterest's own pages, one click each.
    assert wizard.step == "business"
    wizard.business.convert_button.click()
    assert opened == [BUSINESS_CONVERT_URL]
    wizard.next()

    # (b) the app's form: every answer with its Copy button; no "Pinterest" in the name.
    assert wizard.step == "app"
    page = wizard.create_app
    page.open_button.click()
    assert opened[-1] == DEVELOPER_APPS_URL
    page.your_name.setText("Ana Pinterest Studio")
    answers = page.answers()
    assert answers["App name"] == "Ana Studio's backup"
    assert page.name_note.isVisible()
    assert answers["Privacy policy link"] == PRIVACY_POLICY_URL
    assert (answers["Use case"], answers["Audience"]) == ("Pinner app", "Creators")
    for field, value in answers.items():
        assert value, field
        page.copy_buttons[field].click()
        assert clipboard.text() == value
    wizard.next()

    # (c) the wait: the import is offered meanwhile.
    assert wizard.step == "approval" and wizard.approval.import_button.isVisible()
    wizard.next()

    # (d) the id and secret: a secret is asked for, and masked.
    assert wizard.step == "keys"
    keys = wizard.keys
    assert not wizard.button(wizard.WizardButton.NextButton).isEnabled()  # no id yet
    keys.app_id.setText("not a number")
    wizard.next()
    assert wizard.step == "keys" and "The App id is a number" in keys.status.text()
    keys.app_id.setText("1504321")
    wizard.next()
    assert wizard.step == "keys" and "Type the App secret too" in keys.status.text()
    assert keys.app_secret.echoMode() == keys.app_secret.EchoMode.Password
    keys.app_secret.setText("a-secret")
    wizard.next()
    assert keys.app_secret.text() == ""  # kept in memory, not in the widget
    assert window.services.settings.load().app_id == "1504321"
    assert "a-secret" not in window.services.settings.path.read_text("utf-8")

    # (e) the redirect URIs, each with a Copy button, and all at once.
    assert wizard.step == "redirects"
    wizard.redirects.copy_all.click()
    assert clipboard.text().splitlines() == redirect_uris()
    wizard.next()

    # (f) the check, then (g) the login, its three ways in order.
    assert wizard.step == "check" and wizard.check.check_button.isEnabled()
    wizard.next()
    assert wizard.step == "connect"
    login = wizard.login
    assert "1504321" in login.app_line.text()
    assert not wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    ways = [login.quick_button, login.browser_button, login.token_button]
    tops = [button.mapTo(login, button.rect().topLeft()).y() for button in ways]
    assert tops == sorted(tops), "app login first, the browser next, a token last"
    # Back reaches every earlier step.
    while wizard.step != STEPS[0]:
        wizard.back()
    assert wizard.step == "business"


def test_the_assistant_opens_again_at_the_waiting_step(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = fresh_window(make_window, qtbot)
    wizard = window.open_assistant()
    wizard.next()
    wizard.create_app.your_name.setText("Ana")
    wizard.next()
    assert wizard.step == "approval"
    window.close()  # the creator closes the app while Pinterest reviews theirs
    assert not wizard.isVisible()

    again = fresh_window(make_window, qtbot, dialogs=ScriptedDialogs())
    welcome = again.welcome
    assert welcome.connect_button.text() == "&Continue connecting"
    assert "waiting for Pinterest to approve your app" in welcome.connect_text.text()
    welcome.connect_button.click()
    resumed = again.assistant
    assert resumed is not None and resumed.step == "approval"
    assert resumed.create_app.your_name.text() == "Ana"  # what was typed is kept too
    resumed.back()
    assert resumed.step == "app"  # the steps before it are still there
    resumed.next()

    # Meanwhile, the import: the assistant steps aside and the file is asked for.
    dialogs = again.services.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.choose("open_file", None)
    resumed.approval.import_button.click()
    assert not resumed.isVisible()
    assert [a.kind for a in dialogs.asked] == ["open_file"]
    assert again.services.first_run.load().assistant_step == "approval"
