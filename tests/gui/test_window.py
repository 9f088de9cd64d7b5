"""The window's flows against the embedded demo sandbox: the real core over real HTTP."""

from __future__ import annotations

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.history import ID_ROLE, HistoryPage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.services import demo_label
from creator_backup.gui.widgets import human_time, plain_label

from .conftest import MakeWindow
from .dialogs import ScriptedDialogs
from .probe import UiProbe


def sandbox_state(window: MainWindow) -> dict[str, object]:
    demo = window.services.demo
    assert demo is not None
    body = requests.get(demo.origin + "/_sandbox/state?media=0", timeout=30).json()
    assert isinstance(body, dict)
    return body


def pages(window: MainWindow) -> tuple[OverviewPage, BackupPage, HistoryPage]:
    overview, backup, history = (window.page(t) for t in ("overview", "backup", "history"))
    assert isinstance(overview, OverviewPage)
    assert isinstance(backup, BackupPage)
    assert isinstance(history, HistoryPage)
    return overview, backup, history


def menu_action(window: MainWindow, text: str) -> QAction:
    for action in window.findChildren(QAction):
        if action.text() == text:
            return action
    raise AssertionError(f"no action {text!r}")


def back_up(qtbot: QtBot, backup: BackupPage, quick: bool = False) -> None:
    window = backup.window()
    assert isinstance(window, MainWindow)
    window.show_page("backup")  # a hidden page's buttons take no clicks
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    (backup.quick_button if quick else backup.backup_button).click()
    assert backup.running
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)


def removed_ids(history: HistoryPage) -> set[str]:
    top = history.tree.topLevelItem(0)
    assert top is not None and top.text(0).startswith("Removed")
    children: list[QTreeWidgetItem] = [top.child(i) for i in range(top.childCount())]
    return {str(c.data(0, ID_ROLE)).split(":")[1] for c in children}


def test_overview_shows_the_sandbox_account_and_the_next_step(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()
    overview, _, _ = pages(window)
    qtbot.waitUntil(lambda: overview.connection.text().startswith("Connected"), timeout=15_000)
    account = sandbox_state(window)["account"]
    assert isinstance(account, dict)
    assert f"{account['pin_count']:,} pins" in overview.connection.text()
    assert overview.account_name.text() == account["username"]
    assert overview.last_backup.text() == "Never"
    assert overview.step_button.text() == "Back up now"
    assert "sandbox" in window.windowTitle().lower()


def test_backup_then_a_removal_shows_in_history(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window()
    overview, backup, history = pages(window)
    before = sandbox_state(window)
    back_up(qtbot, backup)
    assert backup.phase.text().startswith("Backup complete: snapshot 1"), backup.phase.text()
    assert "Downloading pictures and videos" in backup.log.toPlainText()  # the phases are logged
    pins = before["pins"]
    assert isinstance(pins, list)
    qtbot.waitUntil(lambda: f"{len(pins):,} pins" in overview.counts.text(), timeout=10_000)

    menu_action(window, "Remove a board and some pins").trigger()
    qtbot.waitUntil(lambda: "removal happened" in window.statusBar().currentMessage(),
                    timeout=15_000)  # fmt: skip
    after = sandbox_state(window)
    remaining = after["pins"]
    assert isinstance(remaining, list)
    gone = {p["id"] for p in pins} - {p["id"] for p in remaining}
    assert gone

    back_up(qtbot, backup)
    assert backup.phase.text().startswith("Backup complete: snapshot 2")
    window.show_page("history")
    qtbot.waitUntil(lambda: history.compared == (1, 2),
                    timeout=15_000)  # fmt: skip
    assert f"{len(gone):,} " in history.summary.text() or "removed" in history.summary.text()
    ids = removed_ids(history)
    assert gone <= ids  # every removed pin listed (the removed board is listed too)
    # Removed pins show their archived picture, decoded off the UI thread.
    top = history.tree.topLevelItem(0)
    assert top is not None
    qtbot.waitUntil(lambda: any(not top.child(i).icon(0).isNull()
                                for i in range(top.childCount())), timeout=15_000)  # fmt: skip
    assert history.timeline.count() == 2


def test_a_suspension_raises_the_alert_and_keeps_the_archive(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()
    overview, backup, _ = pages(window)
    back_up(qtbot, backup)
    menu_action(window, "Suspend the account").trigger()
    qtbot.waitUntil(lambda: "suspension happened" in window.statusBar().currentMessage(),
                    timeout=15_000)  # fmt: skip
    back_up(qtbot, backup)
    assert "unavailable" in backup.phase.text() and "Traceback" not in backup.phase.text()
    window.show_page("overview")
    overview.refresh()
    # The alert shows at once; the date it began comes with the archive's status.
    # Dates in words: when it began, and the backup kept as the evidence baseline (the
    # latest status read is the one shown, whatever order the reads finish in).
    record = window.account
    assert record is not None
    first = window.services.app.archives.snapshots(record)[0]
    qtbot.waitUntil(lambda: overview.alert.text().startswith("Account unavailable since ")
                    and f"the one of {human_time(first.started_at)}" in overview.alert.text(),
                    timeout=15_000)  # fmt: skip
    assert overview.alert.isVisible()
    began = window.services.app.archives.status(record).unavailable_since
    assert began is not None and began not in overview.alert.text()  # no raw UTC stamp
    assert overview.alert.text().startswith(f"Account unavailable since {human_time(began)}:")
    assert overview.step_button.text() == "Build an appeal packet"
    overview.step_button.click()
    assert window.stack.currentWidget() is window.page("appeal")


def test_closing_during_a_backup_asks_then_stops_cleanly(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    dialogs = ScriptedDialogs()
    window = make_window(demo_pins=900, dialogs=dialogs)
    _, backup, _ = pages(window)
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    backup.start("full")
    qtbot.waitUntil(
        lambda: "Downloading pictures and videos" in backup.phase.text(), timeout=60_000
    )
    dialogs.answer(False)
    window.close()
    assert window.isVisible() and backup.running  # "No" keeps the window and the work
    assert dialogs.asked[0].title == "Stop the running work?"
    assert "A backup is not finished" in dialogs.asked[0].text
    # The buttons say what each does, not Yes and No.
    assert (dialogs.asked[0].yes, dialogs.asked[0].no) == (
        "Stop the backup and quit",
        "Keep backing up",
    )
    dialogs.answer(True)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert not backup.running
    record = window.account
    assert record is not None
    last = window.services.app.archives.snapshots(record)[-1]
    assert last.status == "partial" and last.outcome == RunOutcome.CANCELLED


@pytest.mark.alone  # the probe's verdict is a wall-clock figure
def test_the_ui_thread_stays_responsive_during_a_backup(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    """The responsiveness probe (tests/gui/probe.py) while a backup with media runs."""
    window = make_window(demo_pins=1200)
    _, backup, _ = pages(window)
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=15_000)
    with UiProbe() as probe:
        backup.start("full")
        qtbot.waitUntil(lambda: not backup.running, timeout=180_000)
    assert backup.phase.text().startswith("Backup complete"), backup.phase.text()
    probe.assert_responsive("a backup of 1,200 pins with media")


def test_without_an_account_the_window_says_so(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(demo=False)
    overview, backup, _ = pages(window)
    qtbot.waitUntil(lambda: overview.connection.text() == "No account connected.")
    assert not backup.quick_button.isEnabled() and not backup.backup_button.isEnabled()
    # Never a dead "Back up now": the way forward is connecting an account.
    assert overview.step_button.text() == "Connect your Pinterest account"
    assert not backup.connect_button.isHidden()
    overview.step_button.click()
    assert window.assistant is not None and window.assistant.isVisible()


def title_as_shown(title: str, display_name: str) -> str:
    """The title the system shows: Qt adds the display name after a title that does not
    end with it (QPlatformWindow::formatWindowTitle)."""
    if not display_name or title.endswith(display_name):
        return title or display_name
    return f"{title} \N{EM DASH} {display_name}"


@pytest.mark.parametrize("demo", [True, False])
def test_the_window_title_names_the_app_once(
    make_window: MakeWindow, qtbot: QtBot, demo: bool
) -> None:
    before = QApplication.applicationDisplayName()
    QApplication.setApplicationDisplayName(DISPLAY_NAME)  # as app.main sets it
    try:
        window = make_window(demo=demo, demo_pins=10)
        shown = title_as_shown(window.windowTitle(), QApplication.applicationDisplayName())
    finally:
        QApplication.setApplicationDisplayName(before)
    assert shown.count(DISPLAY_NAME) == 1, shown
    assert shown == (f"{demo_label()} \N{EM DASH} {DISPLAY_NAME}" if demo else DISPLAY_NAME)


def test_the_demo_banner_is_one_line_at_1280_pixels(make_window: MakeWindow, qtbot: QtBot) -> None:
    window = make_window(demo_pins=10)
    window.resize(1280, 800)
    banner = window.mode_banner
    assert banner is not None and banner.text() == demo_label()
    qtbot.waitUntil(lambda: window.width() == 1280)
    qtbot.wait(50)  # the layout settles
    metrics = banner.fontMetrics()
    assert banner.width() >= metrics.horizontalAdvance(demo_label())
    assert banner.height() < 2 * metrics.lineSpacing()


def test_hostile_text_is_shown_as_plain_text(qtbot: QtBot) -> None:
    label = plain_label("<img src=x onerror=alert(1)>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<img src=x onerror=alert(1)>"
