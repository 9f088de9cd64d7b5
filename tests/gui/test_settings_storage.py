"""Settings: moving the archives to a folder the user chooses, and the app secret kept in
the keyring (or the opt-in file), never in the settings file."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.tokens import app_secret_key
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.auth.helpers import Browser, free_port

from .assistant import finish_login
from .conftest import MakeWindow
from .dialogs import Asked, ScriptedDialogs


def settings_page(window: MainWindow) -> SettingsPage:
    page = window.page("Settings")
    assert isinstance(page, SettingsPage)
    return page


def scripted(window: MainWindow) -> ScriptedDialogs:
    dialogs = window.services.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    return dialogs


def answer(window: MainWindow, yes: bool) -> list[Asked]:
    """The next question answered; what is asked from now on is kept to read."""
    dialogs = scripted(window)
    dialogs.asked.clear()
    dialogs.answer(yes)
    return dialogs.asked


def backed_up_demo(make_window: MakeWindow, qtbot: QtBot) -> tuple[MainWindow, Path]:
    window = make_window(demo_pins=40, dialogs=ScriptedDialogs())
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    assert window.services.app.backups.run_account(record).complete
    return window, window.services.app.archives.root(record)


def test_the_archives_move_to_a_chosen_folder_and_everything_follows(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window, root = backed_up_demo(make_window, qtbot)
    settings = settings_page(window)
    window.show_page("Settings")
    storage = settings.storage
    assert storage.folder.text() == str(root.parent)
    destination = tmp_path / "My Passport" / "Pinterest"
    dialogs = scripted(window).choose("folder", destination).answer(True)
    storage.choose_folder()
    qtbot.waitUntil(lambda: "now kept in" in storage.status.text(), timeout=60_000)
    chose, asked = dialogs.asked
    assert chose.kind == "folder" and chose.text == str(root.parent.parent)
    assert asked.title == "Move the archives?"
    assert "Move 1 archive" in asked.text and str(destination) in asked.text
    assert storage.folder.text() == str(destination)
    assert not root.exists() and (destination / root.name / "archive.sqlite").is_file()
    assert storage.bar.isHidden() and storage.move_button.isEnabled()
    settings_file = window.services.settings.path
    assert json.loads(settings_file.read_text("utf-8"))["archives_dir"] == str(destination)
    # A change of another setting keeps the chosen folder.
    settings.allow_restore.setChecked(True)
    assert window.services.settings.load().archives_dir == str(destination)
    # The pages read the archive in its new place, and the next backup writes there.
    browse = window.page("Browse")
    assert isinstance(browse, BrowsePage)
    window.show_page("Browse")
    qtbot.waitUntil(lambda: browse.boards_model.rowCount() > 0, timeout=15_000)
    record = window.account
    assert record is not None
    assert window.services.app.backups.run_account(record).complete
    assert not root.exists()
    assert len(window.services.app.archives.snapshots(record)) == 2


def test_saying_no_or_choosing_a_taken_folder_moves_nothing(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window, root = backed_up_demo(make_window, qtbot)
    storage = settings_page(window).storage
    answer(window, yes=False)
    storage.move_to(tmp_path / "elsewhere")
    qtbot.waitUntil(lambda: storage.status.text() == "The archives stay where they are.",
                    timeout=15_000)  # fmt: skip
    assert (root / "archive.sqlite").is_file()
    taken = tmp_path / "taken"
    (taken / root.name).mkdir(parents=True)
    answer(window, yes=True)
    storage.move_to(taken)
    qtbot.waitUntil(lambda: "already holds an archive" in storage.status.text(), timeout=15_000)
    assert (root / "archive.sqlite").is_file()
    assert window.services.settings.load().archives_dir == ""


@pytest.fixture
def sandbox_and_port() -> Iterator[tuple[Sandbox, int]]:
    port = free_port()
    started = Sandbox(
        SandboxConfig(seed=8, boards=2, pins=10, auto_approve=True,
                      redirect_uris=(f"http://127.0.0.1:{port}/",))
    ).start()  # fmt: skip
    yield started, port
    started.stop()


def test_the_app_secret_is_kept_in_the_keyring_and_used_to_connect(
    make_window: MakeWindow, qtbot: QtBot, sandbox_and_port: tuple[Sandbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sandbox, port = sandbox_and_port
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    settings = settings_page(window)
    window.show_page("Settings")
    settings.app_id.setText(sandbox.client_id)
    settings.app_id.editingFinished.emit()
    qtbot.waitUntil(lambda: settings.secret_state.text() == "No secret saved for this app yet.",
                    timeout=10_000)  # fmt: skip
    assert not settings.forget_secret_button.isEnabled()
    settings.app_secret.setText(sandbox.client_secret)
    settings.save_secret_button.click()
    assert settings.app_secret.text() == ""  # the secret does not linger in the widget
    qtbot.waitUntil(lambda: "kept in the keyring" in settings.secret_state.text(),
                    timeout=10_000)  # fmt: skip
    key = app_secret_key(sandbox.client_id)
    assert keyring.get_password(SERVICE, key) == sandbox.client_secret
    assert sandbox.client_secret not in window.services.settings.path.read_text("utf-8")

    # With an app id kept, the assistant opens at the login, and uses the saved secret.
    browser = Browser()
    window.services.open_url = browser.open
    window.login_ports = (port,)
    settings.connect_button.click()
    wizard = window.assistant
    assert wizard is not None and wizard.step == "connect"
    assert sandbox.client_id in wizard.login.app_line.text()
    wizard.login.browser_button.click()
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    wizard.close()

    settings.forget_secret_button.click()
    qtbot.waitUntil(lambda: settings.secret_state.text() == "No secret saved for this app yet.",
                    timeout=10_000)  # fmt: skip
    assert keyring.get_password(SERVICE, key) is None


def test_without_a_keyring_the_secret_goes_to_the_private_file(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo=False)
    settings = settings_page(window)
    settings.store_in_file.setChecked(True)
    settings.app_id.setText("1234567")
    settings.app_id.editingFinished.emit()
    settings.app_secret.setText("the-secret-value")
    settings.save_secret_button.click()
    qtbot.waitUntil(lambda: "a file readable only by you" in settings.secret_state.text(),
                    timeout=10_000)  # fmt: skip
    token_file = window.services.paths.config_dir / "tokens.json"
    assert "the-secret-value" in token_file.read_text("utf-8")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert keyring.get_password(SERVICE, app_secret_key("1234567")) is None
    assert "the-secret-value" not in window.services.settings.path.read_text("utf-8")


def test_a_secret_without_an_app_id_is_refused_plainly(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo=False)
    settings = settings_page(window)
    settings.app_secret.setText("orphan-secret")
    settings.save_secret_button.click()
    qtbot.waitUntil(lambda: "Enter the app id first" in settings.secret_state.text(),
                    timeout=10_000)  # fmt: skip
    assert "orphan-secret" not in settings.secret_state.text()


def test_without_a_keyring_settings_points_at_the_checkbox_not_a_flag(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    from keyring.backend import KeyringBackend
    from keyring.backends import fail

    before = keyring.get_keyring()
    failing: type[KeyringBackend] = fail.Keyring  # no store at all, as on a bare server
    keyring.set_keyring(failing())
    try:
        window = make_window(demo=False)
        settings = settings_page(window)
        qtbot.waitUntil(lambda: settings.keyring.text().startswith("Warning:"), timeout=10_000)
        text = settings.keyring.text()
        assert "tick the box below" in text and "--" not in text
    finally:
        keyring.set_keyring(before)
