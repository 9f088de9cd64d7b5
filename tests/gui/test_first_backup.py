"""After connecting: Overview tells the login's health and the Trial budget in a line of
its own, and the first backup that completes offers, once, to back up automatically while
the window is closed, through the system's scheduler (faked: systemctl on PATH)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from creator_backup.backup.engine import BackupOptions
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.pages.settings import SettingsPage
from creator_backup.progress import human_size
from creator_backup.sandbox import Sandbox
from tests.auth.connect_helpers import generator_token
from tests.sandbox_fixture import MakeSandbox
from tests.schedule.conftest import SYSTEMCTL

from .conftest import MakeWindow

WAIT_MS = 120_000


def connected_window(
    make_window: MakeWindow, qtbot: QtBot, sandbox: Sandbox, token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> MainWindow:  # fmt: skip
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    qtbot.waitUntil(lambda: window.showing_welcome, timeout=15_000)
    window.services.app.connect.login_with_token(token)
    window.events.accounts_changed.emit()
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    assert not window.showing_welcome
    return window


def back_up(qtbot: QtBot, window: MainWindow) -> None:
    backup = window.page("backup")
    assert isinstance(backup, BackupPage)
    window.show_page("backup")
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    backup.backup_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=WAIT_MS)
    assert backup.phase.text().startswith("Backup complete"), backup.phase.text()


def test_overview_tells_the_logins_health_and_the_trial_budget(
    make_window: MakeWindow, qtbot: QtBot, make_sandbox: MakeSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sandbox = make_sandbox(seed=23, boards=2, pins=6, trial=True)
    window = connected_window(make_window, qtbot, sandbox, generator_token(sandbox), monkeypatch)
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    line = overview.login_line
    qtbot.waitUntil(line.isVisible, timeout=15_000)
    assert "Secret boards and pins are not being backed up" in line.text()
    assert "This login cannot renew itself: log in again before " in line.text()
    # Once Pinterest has told the day's budget (a backup reads it), it is said too.
    record = window.account
    assert record is not None
    assert window.services.app.backups.run_account(record).complete
    overview.refresh()
    qtbot.waitUntil(lambda: "Trial access, 1,000 a day" in line.text(), timeout=15_000)
    assert "Pinterest allows your app " in line.text()


def test_overview_shows_no_line_when_all_is_well(
    make_window: MakeWindow, qtbot: QtBot, make_sandbox: MakeSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    sandbox = make_sandbox(seed=24, boards=1, pins=3)
    monkeypatch.setenv("CREATOR_BACKUP_API_BASE", sandbox.api_base)
    window = make_window(demo=False)
    # The app owner's own login: every permission, renewed whenever it runs out.
    window.services.app.connect.login_with_client_credentials(
        sandbox.client_id, sandbox.client_secret
    )
    window.events.accounts_changed.emit()
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    qtbot.waitUntil(lambda: overview.connection.text().startswith("Connected"), timeout=15_000)
    qtbot.waitUntil(lambda: not window.runner.running(), timeout=15_000)
    assert overview.login_line.isHidden(), overview.login_line.text()


@pytest.fixture
def fake_systemd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Only a fake systemctl on PATH, and a home of the test's own for the units; the
    calls it got are in the file returned."""
    home, bin_dir, calls = tmp_path / "user-home", tmp_path / "bin", tmp_path / "calls.txt"
    home.mkdir()
    bin_dir.mkdir()
    tool = bin_dir / "systemctl"
    tool.write_text(SYSTEMCTL.format(record=calls, state=bin_dir / "state"), "utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("PATH", str(bin_dir))
    return calls


def test_the_first_backup_offers_automatic_backups_once(
    make_window: MakeWindow, qtbot: QtBot, make_sandbox: MakeSandbox,
    monkeypatch: pytest.MonkeyPatch, fake_systemd: Path,
) -> None:  # fmt: skip
    sandbox = make_sandbox(seed=25, boards=2, pins=8)
    window = connected_window(make_window, qtbot, sandbox, sandbox.access_token, monkeypatch)
    record = window.account
    assert record is not None and window.schedule_offer is None
    back_up(qtbot, window)
    qtbot.waitUntil(lambda: window.schedule_offer is not None, timeout=15_000)
    offer = window.schedule_offer
    assert offer is not None
    qtbot.waitUntil(offer.isVisible, timeout=5_000)
    # Where the archive is, and how big.
    app = window.services.app
    status = app.archives.status(record)
    size = human_size(status.media_bytes + status.database_bytes)
    assert str(app.archives.root(record)) in offer.where.text() and size in offer.where.text()
    assert window.services.first_run.load().schedule_offered
    # Every 12 hours, through the system's scheduler.
    offer.interval.setCurrentIndex(offer.interval.findData(12))
    offer.turn_on.click()
    qtbot.waitUntil(offer.close_button.isVisible, timeout=15_000)
    said = offer.status.text()
    assert "every 12 hours, even when the app is closed" in said, said
    timer = Path(str(fake_systemd.parent / "user-home" / ".config" / "systemd" / "user"))
    assert "00/12:00:00" in (timer / "creator-backup.timer").read_text("utf-8")
    assert any("enable" in call for call in fake_systemd.read_text("utf-8").splitlines())
    offer.close_button.click()
    assert not offer.isVisible()
    # Settings turns them off again.
    settings = window.page("settings")
    assert isinstance(settings, SettingsPage)
    window.show_page("settings")
    settings.remove_closed_schedule.click()
    qtbot.waitUntil(settings.closed_schedule_status.isVisible, timeout=15_000)
    assert settings.closed_schedule_status.text().startswith("Scheduled backups are removed")
    assert not (timer / "creator-backup.timer").exists()

    # A second backup asks nothing more.
    back_up(qtbot, window)
    qtbot.wait(300)
    assert window.schedule_offer is offer and not offer.isVisible()


def test_saying_not_now_is_remembered(
    make_window: MakeWindow, qtbot: QtBot, make_sandbox: MakeSandbox,
    monkeypatch: pytest.MonkeyPatch, fake_systemd: Path,
) -> None:  # fmt: skip
    sandbox = make_sandbox(seed=26, boards=1, pins=4)
    window = connected_window(make_window, qtbot, sandbox, sandbox.access_token, monkeypatch)
    back_up(qtbot, window)
    qtbot.waitUntil(lambda: window.schedule_offer is not None, timeout=15_000)
    offer = window.schedule_offer
    assert offer is not None
    offer.not_now.click()
    assert not offer.isVisible()
    assert not (fake_systemd.parent / "user-home" / ".config" / "systemd").exists()
    window.close()
    # Another window on the same computer does not ask again.
    again = make_window(demo=False)
    qtbot.waitUntil(lambda: again.account is not None, timeout=15_000)
    back_up(qtbot, again)
    qtbot.wait(300)
    assert again.schedule_offer is None


def test_the_windows_schedule_waits_for_the_next_day_when_trial_requests_are_spent(
    make_window: MakeWindow, qtbot: QtBot, make_sandbox: MakeSandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The window's own schedule asks what the scheduled command asks: with Trial access
    and the day's requests spent by a backup that already ran, a due backup waits for the
    next day, and the status bar says why."""
    sandbox = make_sandbox(seed=26, boards=3, pins=30, trial=True, trial_daily_limit=8)
    window = connected_window(make_window, qtbot, sandbox, sandbox.access_token, monkeypatch)
    record = window.account
    assert record is not None
    window.services.app.backups.run_account(record, BackupOptions(media=False))
    settings = window.services.settings.load()
    settings.schedule_hours = 6
    window.services.settings.save(settings)
    requested: list[str] = []
    window.events.backup_requested.connect(requested.append)
    window.scheduler.clock = lambda: time.time() + 7 * 3600  # the next run is due
    window.scheduler.check()
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Scheduled backup skipped"),
                    timeout=15_000)  # fmt: skip
    assert requested == []
