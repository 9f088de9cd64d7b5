"""Settings, connecting an account from the window, and scheduled backups."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creator_backup.backup.engine import BackupOptions
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.settings import Settings
from tests.auth.helpers import Browser, free_port

from .assistant import at_login, paste_token
from .conftest import MakeWindow
from .dialogs import ScriptedDialogs


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sandbox(port: int) -> Iterator[Sandbox]:
    started = Sandbox(
        SandboxConfig(
            hostile=True,
            seed=21,
            boards=3,
            pins=20,
            auto_approve=True,
            redirect_uris=(f"http://127.0.0.1:{port}/",),
        )
    ).start()
    yield started
    started.stop()


def settings_page(window: MainWindow) -> SettingsPage:
    page = window.page("settings")
    assert isinstance(page, SettingsPage)
    return page


def backup_page(window: MainWindow) -> BackupPage:
    page = window.page("backup")
    assert isinstance(page, BackupPage)
    return page


def test_connecting_with_a_pasted_token_adds_the_account(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    settings = settings_page(window)
    window.show_page("settings")
    settings.connect_button.click()  # Settings' way in is the connect assistant
    wizard = window.assistant
    assert wizard is not None and wizard.isVisible()
    wizard.go_to("connect")
    paste_token(qtbot, wizard, sandbox.access_token)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    assert window.account_box.currentText() == record.username
    qtbot.waitUntil(lambda: settings.account_list.count() == 1 and
                    record.username in settings.account_list.item(0).text())  # fmt: skip
    assert "keyring" in settings.account_list.item(0).text()


def test_browser_login_waits_then_connects(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    browser = Browser()
    window.services.open_url = browser.open
    window.login_ports = (port,)
    wizard = at_login(window, sandbox.client_id, sandbox.client_secret)
    assert wizard.keys.app_secret.text() == ""  # the secret does not linger in the widget
    wizard.login.browser_button.click()
    status = wizard.login.status.text()
    assert "Waiting for you" in status and not wizard.login.browser_button.isEnabled()
    with qtbot.waitSignal(wizard.connected, timeout=20_000) as connected:
        pass
    assert connected.args is not None
    record = connected.args[0]
    assert wizard.login.status.text() == f"Connected as {record.username}."
    # The app id is remembered; its secret went to the keyring, not to settings.json.
    store = window.services.settings
    assert store.load().app_id == sandbox.client_id
    assert sandbox.client_secret not in store.path.read_text("utf-8")
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)


def test_cancel_stops_waiting_for_the_browser(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    browser = Browser(follow=False)  # the user never comes back from the browser
    window.services.open_url = browser.open
    window.login_ports = (port,)
    wizard = at_login(window, sandbox.client_id, sandbox.client_secret)
    wizard.login.browser_button.click()
    job = wizard.job
    assert job is not None and job.running
    started = time.monotonic()
    wizard.reject()  # closing the assistant stops waiting
    qtbot.waitUntil(lambda: not job.running, timeout=10_000)
    assert time.monotonic() - started < 5
    assert window.services.app.accounts.connected() == []


def test_disconnect_asks_and_keeps_the_archive(make_window: MakeWindow, qtbot: QtBot) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(dialogs=dialogs)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    window.services.app.backups.run_account(record, BackupOptions(media=False))
    settings = settings_page(window)
    window.show_page("settings")
    qtbot.waitUntil(lambda: settings.account_list.count() == 1)
    settings.account_list.setCurrentRow(0)
    dialogs.answer(False)
    settings.disconnect_chosen()
    assert window.services.app.accounts.connected() == [record]
    assert dialogs.asked[0].title == "Disconnect the account?"
    assert f"Forget the login of {record.username}?" in dialogs.asked[0].text
    dialogs.answer(True)
    settings.disconnect_chosen()
    # The login is gone; the archive stays, shown as an archive with no login.
    qtbot.waitUntil(lambda: window.account is not None and window.account.archive_only,
                    timeout=15_000)  # fmt: skip
    assert window.services.app.accounts.connected() == []
    assert (window.services.app.archives.root(record) / "archive.sqlite").exists()
    shown = window.account
    assert shown is not None and shown.username == record.username
    assert window.services.app.archives.root(shown) == window.services.app.archives.root(record)
    assert window.account_box.currentText() == f"{record.username} (archive only)"


def test_settings_are_kept_and_the_keyring_is_described(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(demo=False)
    settings = settings_page(window)
    qtbot.waitUntil(lambda: "keyring" in settings.keyring.text(), timeout=10_000)
    assert "No app of your own yet" in settings.app_state.text()
    assert not settings.forget_secret_button.isEnabled()
    window.context.change_settings(app_id="1234567")  # as the assistant keeps it
    assert settings.app_id == "1234567"
    qtbot.waitUntil(
        lambda: (
            settings.app_state.text()
            == "Your app: 1234567. Its secret is not kept on this computer."
        ),
        timeout=10_000,
    )
    settings.allow_restore.setChecked(True)
    settings.schedule.setCurrentIndex(settings.schedule.findData(12))
    assert window.services.settings.load() == Settings("1234567", 12, True, False)
    # The app's access, when the creator knows it, is kept and shown again.
    settings.access.setCurrentIndex(settings.access.findData("trial"))
    assert window.services.settings.load().access == "trial"
    window.context.change_settings(app_id="7654321")
    kept = window.services.settings.load()
    assert (kept.app_id, kept.access) == ("7654321", "trial")
    settings._load_settings()
    assert settings.access.currentData() == "trial"


def test_a_schedule_runs_a_missed_backup_and_shows_the_next(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    backup = backup_page(window)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    assert overview.next_backup.text() == "No backup scheduled"
    settings = settings_page(window)
    # Turning the schedule on with no backup yet: one is due now, and starts.
    settings.schedule.setCurrentIndex(settings.schedule.findData(24))
    qtbot.waitUntil(lambda: backup.running, timeout=15_000)
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)
    assert backup.phase.text().startswith("Backup complete: snapshot 1")
    # Counted from that backup: a day on.
    qtbot.waitUntil(lambda: window.scheduler.next_run is not None and
                    window.scheduler.next_run.timestamp() - time.time() > 23 * 3600,
                    timeout=15_000)  # fmt: skip
    assert overview.next_backup.text().startswith("Next backup:")
    # The tray menu's lines say the same (the tray itself needs a desktop that has one).
    assert window.tray.next_action.text() == overview.next_backup.text()
    assert window.tray.status_action.text().startswith("Backup complete: snapshot 1")
    # Two days on (the app was closed meanwhile): the missed run starts at once.
    window.scheduler.clock = lambda: time.time() + 2 * 86400
    window.scheduler.check()
    qtbot.waitUntil(lambda: backup.running, timeout=15_000)
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)
    assert backup.phase.text().startswith("Backup complete: snapshot 2")


def test_settings_that_cannot_be_written_are_said_in_the_status_bar(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo=False)
    settings = settings_page(window)
    path = window.services.settings.path
    path.unlink(missing_ok=True)
    path.mkdir(parents=True)  # a folder where the file goes: it cannot be replaced
    heard: list[bool] = []
    window.events.settings_changed.connect(lambda: heard.append(True))
    settings.allow_restore.setChecked(not settings.allow_restore.isChecked())
    assert window.statusBar().currentMessage().startswith("The settings could not be saved (")
    assert heard == []  # nothing changed, so no page hears of a change
