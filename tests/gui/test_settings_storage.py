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

from .assistant import at_login, finish_login
from .conftest import MakeWindow
from .dialogs import Asked, ScriptedDialogs


def settings_page(window: MainWindow) -> SettingsPage:
    page = window.page("settings")
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
    window.show_page("settings")
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
    browse = window.page("browse")
    assert isinstance(browse, BrowsePage)
    window.show_page("browse")
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
        SandboxConfig(hostile=True, seed=8, boards=2, pins=10, auto_approve=True,
                      redirect_uris=(f"http://127.0.0.1:{port}/",))
    ).start()  # fmt: skip
    yield started, port
    started.stop()


def test_settings_opens_the_assistant_for_the_app_and_shows_where_its_secret_is_kept(
    make_window: MakeWindow, qtbot: QtBot, sandbox_and_port: tuple[Sandbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sandbox, port = sandbox_and_port
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    settings = settings_page(window)
    window.show_page("settings")
    assert settings.setup_app_button.text() == "&Set up your Pinterest app…"
    # An app id kept (as the assistant keeps it): Settings opens the assistant at its id
    # and secret, the one place they are given.
    window.context.change_settings(app_id=sandbox.client_id)
    qtbot.waitUntil(lambda: "Its secret is not kept" in settings.app_state.text(),
                    timeout=10_000)  # fmt: skip
    assert not settings.forget_secret_button.isEnabled()
    settings.setup_app_button.click()
    wizard = window.assistant
    assert wizard is not None and wizard.step == "keys"
    assert wizard.keys.app_id.text() == sandbox.client_id
    wizard.keys.app_secret.setText(sandbox.client_secret)
    while wizard.step != "connect":
        wizard.next()
    browser = Browser()
    window.services.open_url = browser.open
    wizard.ports = (port,)
    wizard.login.browser_button.click()
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    wizard.close()

    # The login kept the secret in the keyring, never in the settings file.
    key = app_secret_key(sandbox.client_id)
    assert keyring.get_password(SERVICE, key) == sandbox.client_secret
    assert sandbox.client_secret not in window.services.settings.path.read_text("utf-8")
    expected = f"Your app: {sandbox.client_id}. Its secret is kept in the keyring."
    qtbot.waitUntil(lambda: settings.app_state.text() == expected, timeout=10_000)
    assert settings.setup_app_button.text() == "&Change or check your app…"

    settings.forget_secret_button.click()
    qtbot.waitUntil(lambda: "Its secret is not kept" in settings.app_state.text(),
                    timeout=10_000)  # fmt: skip
    assert keyring.get_password(SERVICE, key) is None
    assert not settings.forget_secret_button.isEnabled()


def test_without_a_keyring_the_app_s_secret_goes_to_the_private_file(
    make_window: MakeWindow, qtbot: QtBot, sandbox_and_port: tuple[Sandbox, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sandbox, _port = sandbox_and_port
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    settings = settings_page(window)
    settings.store_in_file.setChecked(True)
    wizard = at_login(window, sandbox.client_id, sandbox.client_secret)
    wizard.login.quick_button.click()  # the app owner's own login
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    wizard.close()
    expected = f"Your app: {sandbox.client_id}. Its secret is kept in a file readable only by you."
    qtbot.waitUntil(lambda: settings.app_state.text() == expected, timeout=10_000)
    token_file = window.services.paths.config_dir / "tokens.json"
    assert sandbox.client_secret in token_file.read_text("utf-8")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert keyring.get_password(SERVICE, app_secret_key(sandbox.client_id)) is None
    assert sandbox.client_secret not in window.services.settings.path.read_text("utf-8")


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
