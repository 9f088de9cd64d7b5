"""The connect assistant's login step against the sandbox over loopback: each way of
logging in, what a login may see, and every failure said with its cause and its fix in
place (the secret typed again, the login kept in a private file with no keyring)."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.sandbox import Sandbox
from tests.auth.helpers import Browser, free_port
from tests.fake_keyring import use_keyring
from tests.sandbox_fixture import MakeSandbox

from .assistant import at_login, finish_login, paste_token
from .conftest import MakeWindow


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sandbox(make_sandbox: MakeSandbox, port: int) -> Sandbox:
    return make_sandbox(
        seed=19, boards=2, pins=8, auto_approve=True, redirect_uris=(f"http://127.0.0.1:{port}/",)
    )


@pytest.fixture
def window(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, port: int,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:  # fmt: skip
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    shown = make_window(demo=False)
    qtbot.waitUntil(lambda: shown.showing_welcome, timeout=15_000)
    shown.login_ports = (port,)
    yield shown


def test_the_browser_login_connects_and_the_window_shows_the_account(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    browser = Browser()
    window.services.open_url = browser.open
    wizard = at_login(window, sandbox.client_id, sandbox.client_secret)
    wizard.login.browser_button.click()
    assert wizard.login.stop_button.isVisible()
    said = finish_login(qtbot, wizard)
    browser.join()
    assert said.startswith("Connected as "), said
    assert wizard.button(wizard.WizardButton.FinishButton).isEnabled()
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    assert not window.showing_welcome and window.stack.currentWidget() is window.page("Overview")
    assert window.services.first_run.load().assistant_step == ""  # done: no step to resume
    wizard.accept()


def test_a_wrong_secret_is_said_and_typed_again_in_place(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    window.services.open_url = Browser().open
    wizard = at_login(window, sandbox.client_id, "not-the-secret")
    login = wizard.login
    login.browser_button.click()
    said = finish_login(qtbot, wizard)
    assert login.secret_fix.isVisible(), said
    assert "secret" in said.lower(), said
    assert window.services.app.accounts.connected() == []
    # The fix, right there: the right secret, and the same way again.
    window.services.open_url = Browser().open
    login.secret.setText(sandbox.client_secret)
    login.secret_retry.click()
    assert login.secret.text() == ""
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    assert not login.secret_fix.isVisible()


def test_with_no_keyring_the_private_file_is_offered_and_taking_it_connects(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    use_keyring(keyring.backends.fail.Keyring)  # no keyring at all, as on a bare server
    wizard = at_login(window)
    login = wizard.login
    said = paste_token(qtbot, wizard, sandbox.access_token)
    assert said.startswith("There is no secure password store"), said
    assert login.file_fix.isVisible()
    offer = " ".join(label.text() for label in login.file_fix.findChildren(type(login.status)))
    assert "anyone who can read your files can then use the login" in offer
    assert window.services.app.accounts.connected() == []
    login.file_button.click()
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    assert window.services.settings.load().store_in_file
    (record,) = window.services.app.accounts.connected()
    assert record.storage == "file"
    token_file = window.services.paths.config_dir / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    # Settings shows the choice the assistant made.
    settings = window.page("Settings")
    assert isinstance(settings, SettingsPage) and settings.store_in_file.isChecked()
