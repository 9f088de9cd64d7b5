"""Driving the connect assistant as a creator would: open it at a step, type the app's id
and secret, press a way to log in, and read what it says once the login job is done."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from creator_backup.gui.connect.wizard import ConnectWizard
from creator_backup.gui.main_window import MainWindow

LOGIN_MS = 20_000


def at_login(window: MainWindow, app_id: str = "", secret: str = "") -> ConnectWizard:
    """The assistant at its last step; with `app_id`, through the id-and-secret step
    first, as typed there."""
    if not app_id:
        return window.open_assistant("connect")
    wizard = window.open_assistant("keys")
    wizard.keys.app_id.setText(app_id)
    wizard.keys.app_secret.setText(secret)
    while wizard.step != "connect":
        before = wizard.step
        wizard.next()
        assert wizard.step != before, wizard.keys.status.text()
    return wizard


def finish_login(qtbot: QtBot, wizard: ConnectWizard) -> str:
    """Waits for the login job to end; the status sentence it left."""
    job = wizard.job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running, timeout=LOGIN_MS)
    return wizard.login.status.text()


def paste_token(qtbot: QtBot, wizard: ConnectWizard, token: str) -> str:
    wizard.login.token.setText(token)
    wizard.login.token_button.click()
    assert wizard.login.token.text() == ""  # the token does not linger in the widget
    return finish_login(qtbot, wizard)
