"""Loss is announced: a backup that finds content gone since the last complete backup
raises Overview's alert (counted, dated in words, with its buttons), says it in the tray's
notification and badges the tray's icon; an account found unavailable raises the same
alert in error colours. A clean backup raises none and says "up to date"; a cancelled one
claims no loss and never says "up to date". All of it over real HTTP against the demo
sandbox; the tray is read through its own state (offscreen Qt has no system tray)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from creator_backup.application.archives import Loss
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.records import Snapshot
from creator_backup.gui.alert_banner import ERROR, WARNING, AlertBanner
from creator_backup.gui.loss_words import loss_headline, loss_sentence
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.history import SNAPSHOT_ROLE
from creator_backup.gui.widgets import human_time

from .conftest import MakeWindow
from .test_backup_outcomes import slow_sandbox
from .test_palette_and_scale import app_palette, luminance, palette
from .test_window import back_up, pages, removed_ids, sandbox_state

__all__ = ["app_palette"]  # the fixture, used by name
WAIT_MS = 30_000
DEMO_PINS = 60


def ids(state: dict[str, Any], kind: str) -> set[str]:
    items = state[kind]
    assert isinstance(items, list)
    return {str(item["id"]) for item in items}


def gone_words(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What the sandbox lost, in the words the alert must use (counted independently)."""
    boards = len(ids(before, "boards") - ids(after, "boards"))
    sections = len(ids(before, "sections") - ids(after, "sections"))
    pins = len(ids(before, "pins") - ids(after, "pins"))
    assert boards == 1 and pins > 1
    parts = ["1 board"]
    if sections:
        parts.append("1 section" if sections == 1 else f"{sections} sections")
    parts.append(f"{pins:,} pins")
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def first_started(window: MainWindow) -> str:
    record = window.account
    assert record is not None
    return window.services.app.archives.snapshots(record)[0].started_at


def test_a_backup_that_finds_content_gone_announces_it(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=DEMO_PINS)
    overview, backup, history = pages(window)
    demo = window.services.demo
    assert demo is not None
    back_up(qtbot, backup)
    before = sandbox_state(window)
    demo.remove_some(pins=5, seed=2)
    after = sandbox_state(window)
    back_up(qtbot, backup)
    assert backup.phase.text().startswith("Backup complete: snapshot 2"), backup.phase.text()

    # The alert: counted, dated in words (the backup before, the last that saw it all).
    window.show_page("overview")
    headline = f"{gone_words(before, after)} are gone since {human_time(first_started(window))}."
    qtbot.waitUntil(lambda: overview.alert.text().startswith(headline), timeout=WAIT_MS)
    assert overview.alert.isVisible() and overview.alert.kind == WARNING
    assert overview.alert.icon.pixmap() is not None and not overview.alert.icon.pixmap().isNull()
    assert "up to date" not in overview.step_text.text()
    assert overview.step_button.text() == "Build an appeal packet"

    # The tray said the same, once, as a warning, and wears a badge.
    tray = window.tray
    assert tray.last_message is not None
    assert tray.last_message.sentence == headline
    assert tray.last_message.title.endswith("Content is gone")
    assert tray.last_message.kind == QSystemTrayIcon.MessageIcon.Warning
    assert tray.alert_kind == WARNING
    assert tray.current_icon.cacheKey() != tray.plain_icon.cacheKey()
    assert tray.status_action.text().startswith("Backup complete: snapshot 2")

    # The account answers: Restore is offered too.
    qtbot.waitUntil(overview.restore_button.isVisible, timeout=WAIT_MS)
    overview.restore_button.click()
    assert window.stack.currentWidget() is window.page("restore")
    window.show_page("overview")
    overview.appeal_button.click()
    assert window.stack.currentWidget() is window.page("appeal")
    window.show_page("overview")
    overview.see_gone_button.click()
    assert window.stack.currentWidget() is history

    def showing_the_second() -> bool:
        current = history.timeline.currentItem()
        return current is not None and bool(current.data(SNAPSHOT_ROLE) == 2)

    qtbot.waitUntil(showing_the_second, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: history.compared == (1, 2),
                    timeout=WAIT_MS)  # fmt: skip
    assert ids(before, "pins") - ids(after, "pins") <= removed_ids(history)


def test_a_clean_backup_says_up_to_date_and_raises_no_alert(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=DEMO_PINS)
    overview, backup, _ = pages(window)
    back_up(qtbot, backup)
    back_up(qtbot, backup)  # compared with the first, nothing is gone
    assert backup.phase.text().startswith("Backup complete: snapshot 2"), backup.phase.text()
    window.show_page("overview")
    qtbot.waitUntil(lambda: "up to date" in overview.step_text.text(), timeout=WAIT_MS)
    assert overview.alert.isHidden() and overview.alert.kind == ""
    tray = window.tray
    assert tray.alert_kind == "" and tray.current_icon.cacheKey() == tray.plain_icon.cacheKey()
    assert tray.last_message is not None
    assert tray.last_message.kind == QSystemTrayIcon.MessageIcon.Information
    assert tray.last_message.sentence.startswith("Backup complete: snapshot 2")


def test_a_cancelled_backup_claims_no_loss_and_the_next_one_finds_it(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=DEMO_PINS)
    overview, backup, _ = pages(window)
    demo = window.services.demo
    assert demo is not None
    back_up(qtbot, backup)
    demo.remove_some(pins=5, seed=2)

    # Cancelled while listing: it saw some boards, not all, so it concludes nothing.
    slow_sandbox(demo.origin, 250, 0)
    window.show_page("backup")
    qtbot.waitUntil(backup.backup_button.isEnabled, timeout=WAIT_MS)
    backup.backup_button.click()

    def some_boards_listed() -> bool:
        said = backup.phase.text()
        return said.startswith("Listing boards · ") and backup.bar.value() >= 2

    qtbot.waitUntil(some_boards_listed, timeout=WAIT_MS)
    backup.cancel_button.click()
    qtbot.waitUntil(lambda: not backup.running, timeout=120_000)
    assert backup.phase.text().startswith("Backup cancelled"), backup.phase.text()
    record = window.account
    assert record is not None
    last = window.services.app.archives.snapshots(record)[-1]
    assert last.outcome == RunOutcome.CANCELLED

    window.show_page("overview")
    qtbot.waitUntil(lambda: overview.step_button.text() == "Finish the backup", timeout=WAIT_MS)
    assert overview.alert.isHidden()
    assert "up to date" not in overview.step_text.text()
    tray = window.tray
    assert tray.alert_kind == ""
    assert tray.last_message is not None and "gone" not in tray.last_message.sentence

    # Finished, the snapshot sees everything: now the loss is announced.
    slow_sandbox(demo.origin, 0, 0)
    back_up(qtbot, backup)
    window.show_page("overview")
    qtbot.waitUntil(lambda: overview.alert.kind == WARNING, timeout=WAIT_MS)
    assert " are gone since " in overview.alert.text()
    assert tray.alert_kind == WARNING and tray.last_message.kind == (
        QSystemTrayIcon.MessageIcon.Warning
    )


def test_an_unavailable_account_raises_the_alert_in_error_colours(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window(demo_pins=DEMO_PINS)
    overview, backup, _ = pages(window)
    demo = window.services.demo
    assert demo is not None
    back_up(qtbot, backup)
    demo.suspend()
    back_up(qtbot, backup)
    window.show_page("overview")
    # At once on Pinterest's refusal; the date it began comes with the archive's status.
    qtbot.waitUntil(lambda: overview.alert.text().startswith("Account unavailable since "),
                    timeout=WAIT_MS)  # fmt: skip
    assert overview.alert.kind == ERROR
    assert overview.appeal_button.isVisible() and not overview.restore_button.isVisible()
    assert "up to date" not in overview.step_text.text()
    qtbot.wait(50)
    assert hue_of(panel_colour(overview.alert)) in range(-15, 16)  # red
    tray = window.tray
    assert tray.alert_kind == ERROR
    assert tray.current_icon.cacheKey() != tray.plain_icon.cacheKey()
    assert tray.last_message is not None
    assert tray.last_message.kind == QSystemTrayIcon.MessageIcon.Critical
    assert "unavailable" in tray.last_message.sentence


def panel_colour(banner: AlertBanner) -> QColor:
    """A pixel of the banner's panel: inside its border, above its contents."""
    image = banner.grab().toImage()
    return image.pixelColor(QPoint(image.width() // 2, 3))


def hue_of(colour: QColor) -> int:
    """The hue in degrees, red as 0 (from -180 to 180)."""
    hue = colour.hslHue()
    return hue - 360 if hue > 180 else hue


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_alert_takes_its_colours_from_the_palette(
    dark: bool, qtbot: QtBot, app_palette: None
) -> None:
    """Amber for a warning, red for an error, on a panel near the window's own lightness
    so the palette's text stays readable, in a light and in a dark theme."""
    QApplication.setPalette(palette(dark))
    banner = AlertBanner()
    qtbot.addWidget(banner)
    banner.resize(400, 80)
    window = luminance(palette(dark).color(QPalette.ColorRole.Window))
    text = luminance(palette(dark).color(QPalette.ColorRole.WindowText))
    for kind, hue in ((WARNING, 40), (ERROR, 0)):
        banner.show_alert(kind, "1 pin is gone since 02 Dec 2026, 06:13.")
        panel = panel_colour(banner)
        assert abs(hue_of(panel) - hue) <= 15, (kind, panel.name())
        assert panel.hslSaturation() > 40, (kind, panel.name())  # visibly tinted
        assert abs(luminance(panel) - window) < 0.25, (kind, panel.name())
        assert abs(luminance(panel) - text) > 0.45, (kind, panel.name())  # text readable
    banner.clear()
    assert banner.isHidden()


def snapshot(snapshot_id: int, started_at: str) -> Snapshot:
    return Snapshot(snapshot_id, "full", "complete", started_at, started_at, "", {}, "")


@pytest.mark.parametrize(
    ("gone", "said"),
    [
        ({"pin": 1}, "1 pin is gone since"),
        ({"board": 1}, "1 board is gone since"),
        ({"pin": 2}, "2 pins are gone since"),
        ({"board": 1, "pin": 36}, "1 board and 36 pins are gone since"),
        (
            {"board": 2, "section": 1, "pin": 1204},
            "2 boards, 1 section and 1,204 pins are gone since",
        ),
    ],
)
def test_a_loss_is_said_with_its_plurals_and_a_date_in_words(
    gone: dict[str, int], said: str
) -> None:
    since, found = "2026-12-02T06:13:00Z", "2026-12-03T06:13:00Z"
    loss = Loss(snapshot(2, found), snapshot(1, since), gone)
    assert loss_headline(loss) == f"{said} {human_time(since)}."
    assert since not in loss_sentence(loss) and human_time(found) in loss_sentence(loss)
    assert ("found it on" in loss_sentence(loss)) == (loss.total == 1)
