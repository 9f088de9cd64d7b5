"""File ▸ Import Pinterest's data export… and File ▸ Save as a website…: the two jobs that
take a file in or put a folder out, each in a small dialog with progress and Cancel.

The import works with no login (its user may be locked out): the export says whose it is,
and the window then shows that archive in the account switcher.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.job_progress import job_progress_bar
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, human_time, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import CancelToken, Progress, ProgressSink, human_size
from creator_backup.words import one_line

if TYPE_CHECKING:
    from creator_backup.data_export.importer import ImportResult
    from creator_backup.data_export.service import Destination
    from creator_backup.site import SiteResult

IMPORT_JOB = "import"
SITE_JOB = "website"


def export_filter() -> str:
    return translate("FileJobs", "Pinterest data export (*.zip *.html *.htm);;All files (*)")


def describe_import(result: ImportResult, destination: Destination) -> str:
    # Counts are passed to translate() as plain names: pyside6-lupdate misses a call
    # whose count is an attribute (result.pins), and so would its translators.
    pins, boards, gone = result.pins, result.boards, result.alive_false
    merged, failed, skipped = result.merged, len(result.media_failed), result.skipped_count
    if result.already_imported:
        return translate(
            "Import", "This export was imported before (snapshot {snapshot}); nothing was "
            "added twice.",
        ).format(snapshot=result.snapshot_id)  # fmt: skip
    pins_text = translate("Import", "%Ln pin(s)", None, pins)
    if result.boards_known:
        boards_text = translate("Import", "%Ln board(s)", None, boards)
        what = translate("Import", "{pins} on {boards}").format(pins=pins_text,
                                                                boards=boards_text)  # fmt: skip
    else:
        what = translate("Import", "{pins} (their boards are unknown)").format(pins=pins_text)
    lines = [
        translate("Import", "Imported {name}'s data export of {when} into {where}: {what}.")
        .format(name=one_line(result.username, 80), when=human_time(result.exported_at),
                where=destination.how, what=what)
    ]  # fmt: skip
    if gone:
        lines.append(translate(
            "Import", "Pinterest marks %Ln pin(s) as no longer alive: History lists them, "
            "and an appeal packet documents them.", None, gone,
        ))  # fmt: skip
    if merged:
        lines.append(translate("Import", "Already in your backups: %Ln pin(s).", None, merged))
    if failed:
        lines.append(translate(
            "Import", "%Ln picture(s) could not be downloaded now; the rest is imported.",
            None, failed,
        ))  # fmt: skip
    if skipped:
        lines.append(translate(
            "Import", "%Ln part(s) of the file could not be read; the import went on without "
            "them.", None, skipped,
        ))  # fmt: skip
    lines.extend(result.notes())
    return "\n".join(lines)


def describe_site(result: SiteResult) -> str:
    pins, boards, files = result.pins, result.boards, result.media_files
    said = [
        translate(
            "Site", "Saved {pins} on {boards}, {files} ({size}) as a website in {out}. It opens "
            "in any browser, offline, without this app.",
        ).format(
            pins=translate("Site", "%Ln pin(s)", None, pins),
            boards=translate("Site", "%Ln board(s)", None, boards),
            files=translate("Site", "%Ln pictures and videos", None, files),
            size=human_size(result.bytes), out=result.out,
        )
    ]  # fmt: skip
    if result.redacted:
        said.append(translate("Site", "Personal data (such as IP addresses) was left out."))
    if result.private:
        said.append(translate("Site", "Like your archive, only you can open it on this computer."))
    return " ".join(said)


class FileJobDialog(QDialog):
    """Progress, Cancel, then the outcome in a sentence and one button to act on it."""

    def __init__(self, context: PageContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        self.status: QLabel = plain_label(translate("FileJobDialog", "Starting…"))
        self.status.setAccessibleName(translate("FileJobDialog", "Status"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.bar = job_progress_bar(
            translate("FileJobDialog", "{title} progress").format(title=title)
        )
        layout.addWidget(self.bar)
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action_button = QPushButton("")
        self.buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        # Hidden once in the box (adding a button shows it): they appear when it is done.
        self.action_button.hide()
        self.close_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def cancel(self) -> None:
        if self.running and self.job is not None:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(translate("FileJobDialog", "Stopping…"))
        else:
            self.reject()

    def reject(self) -> None:
        # Closing the dialog while it works stops the work: nothing half made is kept.
        if self.running and self.job is not None:
            self.job.cancel()
            return
        super().reject()

    def _progress(self, progress: Progress) -> None:
        self.status.setText(self.bar.show_step(progress))

    def _finish(self, sentence: str, action: str = "", done: bool = False) -> None:
        """The outcome: `done` fills the bar (the work finished), `action` names the one
        button that acts on it (none when empty)."""
        self.bar.end(done)
        self.status.setText(sentence)
        self.adjustSize()  # the outcome may take more lines than the progress did
        self.cancel_button.hide()
        self.close_button.show()
        self.action_button.setText(action)
        self.action_button.setVisible(bool(action))
        if action:
            self.action_button.setDefault(True)

    def _failed(self, error: BaseException) -> None:
        self._finish(
            error_sentence(
                error, translate("FileJobDialog", "It failed (the details are in the log file).")
            )
        )


def lost_anything(result: ImportResult) -> bool:
    """Whether the export marks any pin as gone: only then is there a loss to show."""
    return result.alive_false > 0


# What an import finishes with: its result, where it went, and the account that archive is
# shown as (None if the switcher cannot show it).
Imported = tuple["ImportResult", "Destination", AccountRecord | None]


class ImportDialog(FileJobDialog):
    imported = Signal(object)  # the ImportResult
    # "Show what was lost": the imported archive's account (an AccountRecord), whose History
    # the window then shows; not the account shown before the import.
    show_lost = Signal(object)

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(
            context, translate("ImportDialog", "Import Pinterest's data export"), parent
        )
        self.outcome: ImportResult | None = None
        self.account: AccountRecord | None = None  # the imported archive's account
        self.action_button.clicked.connect(self._show)

    def start(self, path: Path) -> None:
        app = self.context.services.app

        def work(progress: ProgressSink, cancel: CancelToken) -> Imported:
            result, destination = app.files.import_data_export(
                path, progress=progress, cancel=cancel
            )
            return result, destination, app.accounts.shown_at(destination.root)

        self.status.setText(translate("ImportDialog", "Reading {file}…").format(file=path.name))
        self.bar.begin()
        self.job = self.context.runner.start(IMPORT_JOB, work, self._done, self._failed,
                                             self._progress)  # fmt: skip

    def _done(self, outcome: Imported) -> None:
        result, destination, account = outcome
        self.outcome, self.account = result, account
        # Nothing marked gone, or no account to show it in: there is no loss to go to.
        shown = lost_anything(result) and account is not None
        self._finish(describe_import(result, destination), translate("ImportDialog", "Show what was lost") if shown else "",
                     done=True)  # fmt: skip
        self.context.events.accounts_changed.emit()
        self.context.events.archive_changed.emit()
        self.imported.emit(result)

    def _show(self) -> None:
        if self.account is not None:
            self.show_lost.emit(self.account)
        self.accept()


class SiteDialog(FileJobDialog):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, translate("SiteDialog", "Save as a website"), parent)
        self.outcome: SiteResult | None = None
        self.action_button.clicked.connect(self.open_in_browser)

    def start(self, record: AccountRecord, out: Path) -> None:
        app = self.context.services.app

        def work(progress: ProgressSink, cancel: CancelToken) -> SiteResult:
            return app.files.export_site(record, out, progress, cancel)

        self.status.setText(
            translate("SiteDialog", "Writing {account}'s archive as a website…").format(
                account=record.username
            )
        )
        self.bar.begin()
        self.job = self.context.runner.start(SITE_JOB, work, self._done, self._failed,
                                             self._progress)  # fmt: skip

    def _done(self, result: SiteResult) -> None:
        self.outcome = result
        self._finish(
            describe_site(result), translate("SiteDialog", "Open in the browser"), done=True
        )
        self.context.notify(
            translate("SiteDialog", "Saved the website in {folder}.").format(folder=result.out)
        )

    def open_in_browser(self) -> None:
        if self.outcome is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.outcome.out / "index.html")))
        self.accept()


class FileJobs:
    """What File ▸ Import… and File ▸ Save as a website… open."""

    def __init__(
        self,
        parent: QWidget,
        context: PageContext,
        account: Callable[[], AccountRecord | None],
        show_lost: Callable[[AccountRecord], None],
    ) -> None:
        self.parent = parent
        self.context = context
        self.account = account
        self.show_lost = show_lost  # shows an account's History: the loss an import found
        self.dialog: FileJobDialog | None = None

    def choose_export(self) -> ImportDialog | None:
        chosen = self.context.services.dialogs.choose_open_file(
            self.parent,
            translate("FileJobs", "Choose the data export Pinterest sent you"),
            Path.home(),
            export_filter(),
        )
        return self.import_export(chosen) if chosen is not None else None

    def import_export(self, path: Path) -> ImportDialog:
        dialog = ImportDialog(self.context, self.parent)
        dialog.show_lost.connect(self.show_lost)
        self.dialog = dialog
        dialog.open()
        dialog.start(path)
        return dialog

    def choose_site_folder(self) -> SiteDialog | None:
        record = self.account()
        if record is None:
            self.context.notify(
                translate("FileJobs", "Connect an account or import a data export first.")
            )
            return None
        chosen = self.context.services.dialogs.choose_folder(
            self.parent, translate("FileJobs", "Where should the website be saved?"), Path.home()
        )
        if chosen is None:
            return None
        # A name of the app's own making: Pinterest text never becomes a path.
        folder = chosen / translate("FileJobs", "Pinterest website {date}").format(
            date=date.today().isoformat()
        )
        return self.save_website(record, folder)

    def save_website(self, record: AccountRecord, out: Path) -> SiteDialog:
        dialog = SiteDialog(self.context, self.parent)
        self.dialog = dialog
        dialog.open()
        dialog.start(record, out)
        return dialog
