"""The Help menu's pieces: About (version, licence, where the log is), "Show log folder",
"Report a problem…", which builds the redacted zip off the window's thread, and "Check for
updates…" (the window's update checks, gui/update_check.py)."""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import PySide6
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.gui.services import Services
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.gui.workers import JobRunner

if TYPE_CHECKING:
    from creator_backup.support.problem_report import ReportSummary


def licence() -> str:
    return translate(
        "About",
        "Free software under the GNU General Public License, version 3 or any later version "
        "(GPL-3.0-or-later): you may use, share and change it under its terms. It comes with "
        "no warranty. The licence's full text: https://www.gnu.org/licenses/gpl-3.0.html",
    )


REPORT_NAME = "creator-backup-problem-report.zip"


class HelpMenu:
    """Fills the window's Help menu; the window keeps it for as long as it lives."""

    def __init__(
        self,
        window: QWidget,
        menu: QMenu,
        services: Services,
        runner: JobRunner,
        notify: Callable[[str], None],
        check_for_updates: Callable[[], None],
    ) -> None:
        self.window = window
        self.menu = menu
        self.services = services
        self.runner = runner
        self.notify = notify
        menu.addAction(translate("About", "Show &log folder"), self.show_log_folder)
        menu.addAction(translate("About", "&Report a problem…"), self.report_problem)
        menu.addAction(translate("About", "Check for &updates…"), check_for_updates)
        menu.addSeparator()
        menu.addAction(translate("About", "&About {app}…").format(app=DISPLAY_NAME), self.about)

    @property
    def log_dir(self) -> Path:
        # The report's module is imported when asked for: it reads every package's
        # version, which the window's first paint need not wait for (issue 22).
        from creator_backup.support.problem_report import active_log_dir

        return active_log_dir() or self.services.paths.log_dir

    def about(self) -> None:
        AboutDialog(self, self.window).exec()

    def show_log_folder(self) -> None:
        folder = self.log_dir
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.notify(
                translate("About", "The log folder is {folder}; no file manager could open it.")
                .format(folder=folder)
            )  # fmt: skip

    def report_problem(self) -> None:
        out = self.services.dialogs.choose_save_file(
            self.window, translate("About", "Save the problem report"), Path.home() / REPORT_NAME,
            translate("About", "Zip files (*.zip)"),
        )  # fmt: skip
        if out is None:
            return
        if out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        log_dir = self.log_dir
        self.notify(translate("About", "Gathering the problem report…"))

        def done(summary: ReportSummary) -> None:
            self.notify(
                translate("About", "The problem report is saved as {path}: the logs without "
                          "logins, the versions and settings, and no archive content.")
                .format(path=summary.path)
            )  # fmt: skip

        def failed(error: BaseException) -> None:
            self.notify(
                error_sentence(error, translate("About", "The problem report could not be saved."))
            )

        from creator_backup.support.problem_report import build_report  # see log_dir

        self.runner.submit(lambda: build_report(out, self.services.paths, log_dir), done, failed)


class AboutDialog(QDialog):
    def __init__(self, help_menu: HelpMenu, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=DISPLAY_NAME))
        layout = QVBoxLayout(self)
        title = plain_label(self.tr("{app} {version}").format(app=DISPLAY_NAME, version=VERSION))
        title.setAccessibleName(self.tr("Version"))
        layout.addWidget(title)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Keeps your own Pinterest boards and pins on your computer, shows what "
                    "disappeared, builds appeal packets, and restores what is missing."
                )
            )
        )
        licence_label = plain_label(licence())
        licence_label.setWordWrap(True)
        licence_label.setAccessibleName(self.tr("Licence"))
        layout.addWidget(licence_label)
        self.log_label = plain_label(
            self.tr("The log file is in {folder}").format(folder=help_menu.log_dir)
        )
        self.log_label.setAccessibleName(self.tr("Log folder"))
        layout.addWidget(self.log_label)
        layout.addWidget(
            plain_label(
                self.tr("Running on Python {python}, Qt {qt} (PySide6 {pyside}), {system} "
                        "{release}.").format(python=platform.python_version(), qt=qVersion(),
                                             pyside=PySide6.__version__,
                                             system=platform.system(),
                                             release=platform.release())
            )
        )  # fmt: skip
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        show_logs = QPushButton(self.tr("Show log folder"))
        show_logs.clicked.connect(help_menu.show_log_folder)
        report = QPushButton(self.tr("Report a problem…"))
        report.clicked.connect(help_menu.report_problem)
        buttons.addButton(show_logs, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(report, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
