"""The window tells a failure by the mapping the CLI uses: the error's own sentence, never
a page's vague fallback when the core said what to do ("The login did not work." was all a
keyring's refusal used to show), and never a command-line flag."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from pytestqt.qtbot import QtBot

from creator_backup.archive.locate import DB_NAME
from creator_backup.archive.schema import SCHEMA_VERSION
from creator_backup.archive.store import Archive
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.fake_keyring import LockedKeyring
from tests.fake_keyring import use_keyring as use

from .assistant import at_login
from .assistant import paste_token as paste_in
from .conftest import MakeWindow

LOCKED = "The system keyring is locked; unlock it and try again."


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    started = Sandbox(SandboxConfig(hostile=True, seed=3, boards=1, pins=2)).start()
    yield started
    started.stop()


def paste_token(window: MainWindow, qtbot: QtBot, token: str) -> str:
    """Pastes `token` in the connect assistant; the sentence its status ends with."""
    wizard = at_login(window)
    text = paste_in(qtbot, wizard, token)
    # The way out is offered right there: the login kept in a private file.
    assert wizard.login.file_fix.isVisible()
    wizard.reject()
    return text


def test_a_locked_keyring_is_told_in_its_own_sentence(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    use(LockedKeyring)
    assert paste_token(window, qtbot, sandbox.access_token) == LOCKED
    assert window.services.app.accounts.connected() == []


def test_no_keyring_names_the_windows_way_out_not_a_flag(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    use(keyring.backends.fail.Keyring)
    said = paste_token(window, qtbot, sandbox.access_token)
    assert said.startswith("There is no secure password store"), said
    assert "--" not in said and "CREATOR_BACKUP_ACCESS_TOKEN" not in said
    assert window.services.app.accounts.connected() == []


def test_an_archive_a_newer_version_wrote_is_told_on_the_overview(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    root = window.services.app.archives.root(record)
    Archive.open(root).close()
    conn = sqlite3.connect(root / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    window.show_page("overview")
    overview.refresh()
    expected = (
        f"The archive in {root} was written by a newer version of Creator Backup (schema "
        f"{SCHEMA_VERSION + 1}; this version reads up to {SCHEMA_VERSION}): update the app "
        "to open it."
    )
    qtbot.waitUntil(lambda: overview.counts.text() == expected, timeout=15_000)
