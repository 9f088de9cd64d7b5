"""The Help menu: About (version, licence, log folder), Show log folder and Report a
problem, on the demo window."""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from creator_backup.appinfo import VERSION
from creator_backup.gui.about_dialog import AboutDialog
from creator_backup.logsetup import configure_logging

from .conftest import MakeWindow
from .dialogs import ScriptedDialogs

SENTINEL = "pina_HELPMENUSENTINEL0123456789"


class OpenedUrls(QObject):
    """Stands in for the desktop's file manager: records what the app asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_menu_offers_about_logs_and_a_problem_report(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    logs = tmp_path / "logs"
    configure_logging(logs)
    (logs / "creator_backup.log").write_text(f"Authorization: Bearer {SENTINEL}\n", "utf-8")
    dialogs = ScriptedDialogs()
    window = make_window(demo=True, demo_pins=12, dialogs=dialogs)
    # The demo's throwaway profile is not asked about update checks, nor checks weekly.
    assert not window.update_banner.isVisible() and not window.updates.timer.isActive()
    assert [a.text() for a in window.menuBar().actions()][-1] == "&Help"
    texts = [a.text() for a in window.help.menu.actions() if a.text()]
    assert texts == [
        "&Getting started",
        "Show &log folder",
        "&Report a problem…",
        "Check for &updates…",
        "&About Creator Backup…",
    ]
    # The demo keeps its data apart, yet the log shown is where this process logs.
    assert window.help.log_dir == logs

    dialog = AboutDialog(window.help, window)
    labels = {label.accessibleName(): label for label in dialog.findChildren(QLabel)}
    assert labels["Version"].text() == f"Creator Backup {VERSION}"
    assert "GPL-3.0-or-later" in labels["Licence"].text()
    assert labels["Log folder"].text() == f"The log file is in {logs}"
    assert all(lb.textFormat() == Qt.TextFormat.PlainText for lb in labels.values())
    dialog.deleteLater()

    opened = OpenedUrls()
    # PySide6 takes the slot's name as str at run time; its stubs say bytes.
    QDesktopServices.setUrlHandler("file", opened, "open")  # type: ignore[arg-type]
    try:
        window.help.show_log_folder()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(logs)]

    dialogs.choose("save_file", tmp_path / "report")  # the .zip is added
    window.help.report_problem()
    out = tmp_path / "report.zip"
    qtbot.waitUntil(lambda: "problem report is saved" in window.statusBar().currentMessage())
    assert Path(dialogs.asked[0].text).name == "creator-backup-problem-report.zip"
    with zipfile.ZipFile(out) as bundle:
        log = bundle.read("logs/creator_backup.log").decode()
    assert SENTINEL not in log and "Authorization" in log
