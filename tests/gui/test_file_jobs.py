"""File ▸ Import Pinterest's data export… with no login at all (its user may be locked
out), and File ▸ Save as a website…: the real core, in the window's own dialogs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.appeal import AppealPage
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.history import HistoryPage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.pages.restore import RestorePage, no_login
from tests.data_export.exports import pin, render, zipped

from .conftest import MakeWindow
from .probe import BarWatch

WAIT_MS = 60_000


def export_file(tmp_path: Path) -> Path:
    pins = [
        pin("301", title="Kept", image="a1b2c3d4e5f6", username="locked_out_creator"),
        pin("302", title="<b>Removed</b>", alive="False", username="locked_out_creator"),
        pin("303", title="Also kept", username="locked_out_creator"),
    ]
    path = tmp_path / "pinterest-export.zip"
    path.write_bytes(zipped(render(pins)))
    return path


def test_a_locked_out_creator_imports_the_export_and_sees_the_loss(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No network for the pictures: nothing listens at that port, so each is a recorded
    # failure, and the import still finishes.
    monkeypatch.setenv("CREATOR_BACKUP_EXPORT_CDN", "http://127.0.0.1:9")
    window = make_window(demo=False)
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    qtbot.waitUntil(lambda: overview.connection.text() == "No account connected.")
    dialog = window.file_jobs.import_export(export_file(tmp_path))
    watch = BarWatch(dialog.bar)
    assert dialog.running and dialog.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    watch.assert_forward_to_the_end()
    result = dialog.outcome
    assert result is not None, dialog.status.text()
    assert (result.pins, result.alive_false) == (3, 1)
    text = dialog.status.text()
    assert "Imported locked_out_creator's data export" in text
    assert "Pinterest marks 1 pin as no longer alive" in text
    assert "1 picture could not be downloaded now" in text

    # History lists what the export says is gone, as plain text.
    history = window.page("history")
    assert isinstance(history, HistoryPage)
    window.show_page("history")
    qtbot.waitUntil(lambda: "marks 1 pin as no longer alive" in history.summary.text(),
                    timeout=15_000)  # fmt: skip
    top = history.tree.topLevelItem(0)
    assert top is not None and top.text(0).startswith("No longer alive, says Pinterest")
    assert [top.child(i).text(0) for i in range(top.childCount())] == ["Pin: <b>Removed</b>"]
    assert dialog.action_button.text() == "Show what was lost"
    assert dialog.close_button.isVisible() and not dialog.cancel_button.isVisible()

    # The archive is shown, with no login, and says what it can do.
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None and record.archive_only
    assert window.account_box.currentText() == "locked_out_creator (archive only)"
    qtbot.waitUntil(lambda: "data export: 3 pins, 1 of them no longer alive"
                    in overview.step_text.text(), timeout=15_000)  # fmt: skip
    assert overview.step_button.text() == "Build an appeal packet"
    assert overview.connection.text().startswith("Not connected")
    backup = window.page("backup")
    assert isinstance(backup, BackupPage)
    assert not backup.quick_button.isEnabled() and not backup.backup_button.isEnabled()
    assert "no login on this computer" in backup.phase.text()

    restore = window.page("restore")
    assert isinstance(restore, RestorePage)
    qtbot.waitUntil(lambda: restore.empty.text() == no_login(), timeout=15_000)

    # "Show what was lost" goes to History; the appeal page offers a packet of it.
    dialog.action_button.click()
    assert window.stack.currentWidget() is window.page("history")
    appeal = window.page("appeal")
    assert isinstance(appeal, AppealPage)
    window.show_page("appeal")
    qtbot.waitUntil(appeal.body.isVisible, timeout=WAIT_MS)

    # Importing the same file again adds nothing.
    again = window.file_jobs.import_export(tmp_path / "pinterest-export.zip")
    qtbot.waitUntil(lambda: not again.running, timeout=WAIT_MS)
    assert "imported before" in again.status.text()
    assert again.outcome is not None and again.outcome.already_imported
    again.close()


def test_show_what_was_lost_opens_the_imported_archive_not_the_account_shown(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo account is shown; the export is another creator's.
    monkeypatch.setenv("CREATOR_BACKUP_EXPORT_CDN", "http://127.0.0.1:9")
    window = make_window(demo_pins=20)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    before = window.account
    assert before is not None and before.username != "locked_out_creator"
    dialog = window.file_jobs.import_export(export_file(tmp_path))
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert dialog.outcome is not None, dialog.status.text()
    # The import leaves the account shown as it was, until asked to show the loss.
    qtbot.waitUntil(lambda: window.account_box.count() == 2, timeout=15_000)
    assert window.account == before
    assert dialog.action_button.isVisible() and dialog.action_button.text() == "Show what was lost"

    dialog.action_button.click()
    shown = window.account
    assert shown is not None and shown.username == "locked_out_creator" and shown.archive_only
    assert window.account_box.currentText() == "locked_out_creator (archive only)"
    history = window.page("history")
    assert isinstance(history, HistoryPage) and history.account == shown
    assert window.stack.currentWidget() is history
    qtbot.waitUntil(lambda: "marks 1 pin as no longer alive" in history.summary.text(),
                    timeout=15_000)  # fmt: skip


def test_an_export_that_marks_nothing_gone_offers_no_loss_to_show(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CREATOR_BACKUP_EXPORT_CDN", "http://127.0.0.1:9")
    window = make_window(demo=False)
    pins = [pin("401", title="Kept", username="careful_creator"),
            pin("402", title="Also kept", username="careful_creator")]  # fmt: skip
    path = tmp_path / "pinterest-export.zip"
    path.write_bytes(zipped(render(pins)))
    dialog = window.file_jobs.import_export(path)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    result = dialog.outcome
    assert result is not None, dialog.status.text()
    assert (result.pins, result.alive_false) == (2, 0)
    assert "no longer alive" not in dialog.status.text()
    assert not dialog.action_button.isVisible()
    assert dialog.close_button.isVisible() and dialog.bar.value() == dialog.bar.maximum()


def test_a_file_that_is_not_an_export_is_refused_in_a_sentence(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window = make_window(demo=False)
    junk = tmp_path / "holiday.zip"
    with zipfile.ZipFile(junk, "w") as archive:
        archive.writestr("../../escape.html", "<h1>Pins</h1>")
    dialog = window.file_jobs.import_export(junk)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    assert dialog.outcome is None
    assert dialog.status.text() == (
        "The ZIP was refused: the entry '../../escape.html' climbs out of the folder with `..`."
    )
    assert not dialog.action_button.isVisible()
    assert not (tmp_path.parent / "escape.html").exists()
    assert window.services.app.accounts.shown() == []


def test_the_archive_is_saved_as_a_website_and_opened(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window: MainWindow = make_window(demo_pins=30)
    qtbot.waitUntil(lambda: window.account is not None, timeout=15_000)
    record = window.account
    assert record is not None
    assert window.services.app.backups.run_account(record).complete
    out = tmp_path / "Pinterest website"
    dialog = window.file_jobs.save_website(record, out)
    qtbot.waitUntil(lambda: not dialog.running, timeout=WAIT_MS)
    result = dialog.outcome
    assert result is not None, dialog.status.text()
    assert result.pins == 30 and (out / "index.html").is_file()
    assert str(out) in dialog.status.text() and "offline" in dialog.status.text()
    # The site holds the whole account: the window writes it for its user alone.
    assert "only you can open it" in dialog.status.text()
    assert [oct(p.stat().st_mode & 0o777) for p in (out, out / "index.html")] == ["0o700", "0o600"]
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    dialog.action_button.click()
    assert [u.toLocalFile() for u in opened] == [str(out / "index.html")]
