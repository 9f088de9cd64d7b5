"""The connect assistant's login step against the sandbox over loopback: each way of
logging in, what a login may see, and every failure said with its cause and its fix in
place (the secret typed again, the login kept in a private file with no keyring)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring.backends.fail
import pytest
from pytestqt.qtbot import QtBot

from creator_backup.application.connect import APP_REFUSED_HELP
from creator_backup.auth.build_app import BUILD_APP_ENV
from creator_backup.gui.connect.wizard import ConnectWizard
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.sandbox import Sandbox
from tests.auth.connect_helpers import generator_token
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
    assert not window.showing_welcome and window.stack.currentWidget() is window.page("overview")
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
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage) and settings.store_in_file.isChecked()


def never_opened(url: str) -> None:
    raise AssertionError(f"a browser was opened at {url}")


def test_connect_logs_the_app_owner_in_without_a_browser(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    window.services.open_url = never_opened
    wizard = at_login(window, sandbox.client_id, sandbox.client_secret)
    login = wizard.login
    login.quick_button.click()
    said = finish_login(qtbot, wizard)
    assert said.startswith("Connected as "), said
    qtbot.waitUntil(lambda: login.health is not None, timeout=15_000)
    shown = login.result.text()
    assert "see your secret pins" in shown and "see your secret boards" in shown
    assert "pins:read_secret" not in shown  # the permissions in words, not their names
    assert "will not be backed up" not in shown
    (record,) = window.services.app.accounts.connected()
    assert record.app_id == sandbox.client_id
    wizard.accept()


def test_a_refused_app_secret_is_said_and_typed_again_in_place(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    window.services.open_url = never_opened
    wizard = at_login(window, sandbox.client_id, "not-the-secret")
    login = wizard.login
    login.quick_button.click()
    assert finish_login(qtbot, wizard) == APP_REFUSED_HELP
    assert login.secret_fix.isVisible() and not login.file_fix.isVisible()
    assert window.services.app.accounts.connected() == []
    login.secret.setText(sandbox.client_secret)
    login.secret_retry.click()
    assert finish_login(qtbot, wizard).startswith("Connected as ")


def test_a_generated_token_connects_and_says_secret_boards_are_not_backed_up(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    wizard = at_login(window)
    login = wizard.login
    assert not login.quick_button.isEnabled()  # no app given: only the token works
    said = paste_token(qtbot, wizard, generator_token(sandbox))
    assert said.startswith("Connected as "), said
    qtbot.waitUntil(lambda: login.health is not None, timeout=15_000)
    shown = login.result.text()
    assert "Secret boards and pins will not be backed up" in shown, shown
    assert "log in with your Pinterest app" in shown  # and how to fix it
    assert "--" not in shown


def test_a_token_with_every_read_permission_says_nothing_is_left_out(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    wizard = at_login(window)
    login = wizard.login
    assert paste_token(qtbot, wizard, sandbox.access_token).startswith("Connected as ")
    qtbot.waitUntil(lambda: login.health is not None, timeout=15_000)
    assert "will not be backed up" not in login.result.text()
    assert not login.browser_instead.isVisible()


def checked(qtbot: QtBot, window: MainWindow, app_id: str, secret: str) -> ConnectWizard:
    """The assistant's check of the app, run as typed."""
    wizard = window.open_assistant("keys")
    wizard.keys.app_id.setText(app_id)
    wizard.keys.app_secret.setText(secret)
    wizard.next()
    wizard.next()
    assert wizard.step == "check"
    wizard.check.check_button.click()
    qtbot.waitUntil(lambda: wizard.check.check_button.isEnabled(), timeout=20_000)
    return wizard


def test_check_my_app_names_an_unregistered_redirect_and_leads_to_the_fix(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox, port: int
) -> None:
    # The fixture's app registers only http://127.0.0.1:<port>/, none of the usual ones.
    wizard = checked(qtbot, window, sandbox.client_id, sandbox.client_secret)
    check = wizard.check
    assert check.result is not None, check.sentence.text()
    assert check.sentence.text() == check.result.sentence and check.sentence.text()
    found = check.findings.text().splitlines()
    assert "✓ The App id and secret belong together." in found
    assert (
        "✗ http://localhost:8085/ is not registered: add it on your app's page (step 5)." in found
    )
    assert check.fix_redirects.isVisible() and not check.fix_keys.isVisible()
    check.fix_redirects.click()
    assert wizard.step == "redirects"


def test_check_my_app_says_a_wrong_secret_and_leads_to_the_fix(
    window: MainWindow, qtbot: QtBot, sandbox: Sandbox
) -> None:
    wizard = checked(qtbot, window, sandbox.client_id, "not-the-secret")
    check = wizard.check
    assert check.sentence.text() == APP_REFUSED_HELP
    assert check.findings.text().startswith("✗ Pinterest refuses this App secret")
    assert check.fix_keys.isVisible()
    check.fix_keys.click()
    assert wizard.step == "keys"


def test_a_build_that_carries_an_app_logs_in_through_it_with_the_browser(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, port: int, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    build_app = tmp_path / "build_app.json"
    app = {"app_id": sandbox.client_id, "app_secret": sandbox.client_secret}
    build_app.write_text(json.dumps(app), "utf-8")
    monkeypatch.setenv(BUILD_APP_ENV, str(build_app))
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    qtbot.waitUntil(lambda: window.showing_welcome and window.build_app_id is not None)
    window.login_ports = (port,)
    browser = Browser()
    window.services.open_url = browser.open
    window.welcome.connect_button.click()
    wizard = window.assistant
    assert wizard is not None and wizard.step == "connect"  # no app of their own to make
    login = wizard.login
    assert not login.quick_button.isEnabled()  # the build's app would log its maker in
    assert login.browser_button.isEnabled()
    login.browser_button.click()
    assert finish_login(qtbot, wizard).startswith("Connected as ")
    browser.join()
    assert window.services.settings.load().app_id == ""  # the creator gave none
