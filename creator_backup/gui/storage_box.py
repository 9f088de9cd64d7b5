"""Settings' "Where things are kept": the logins' keyring, and the archive folder, which
the user can move (to an external drive, say) with progress and Cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from creator_backup.archive.relocate import MovePlan
from creator_backup.gui.job_progress import job_progress_bar
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import CancelToken, Progress, ProgressSink, human_size

MOVE_JOB = "move"


def move_question(plan: MovePlan) -> str:
    count = len(plan.archives)
    return translate(
        "StorageBox",
        "Move %Ln archive(s) ({size}) to {destination}?\n\nEvery file is copied and checked "
        "before anything is removed from {source}. Backups wait until the move has finished.",
        None, count,
    ).format(size=human_size(plan.bytes), destination=plan.destination, source=plan.source)  # fmt: skip


class StorageBox(QGroupBox):
    moved = Signal()  # the archives are in a new folder

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(translate("StorageBox", "Where things are kept"), parent)
        self.context = context
        self.job: Job | None = None
        form = QFormLayout(self)
        self.keyring: QLabel = plain_label(self.tr("Checking the keyring…"))
        self.keyring.setAccessibleName(self.tr("Keyring status"))
        form.addRow(self.tr("Logins:"), self.keyring)
        self.store_in_file = QCheckBox(
            self.tr("Keep logins in a file readable only by you (when there is no keyring)")
        )
        form.addRow(self.store_in_file)

        self.folder = plain_label("")
        self.folder.setAccessibleName(self.tr("Archive folder"))
        form.addRow(self.tr("Archives:"), self.folder)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open the archive folder"))
        self.open_button.clicked.connect(self.open_folder)
        self.move_button = QPushButton(self.tr("&Move the archives…"))
        self.move_button.setToolTip(
            self.tr("Keep the archives in another folder, such as an external drive")
        )
        self.move_button.clicked.connect(self.choose_folder)
        self.cancel_button = QPushButton(self.tr("Cancel the move"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        for button in (self.open_button, self.move_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.bar = job_progress_bar(self.tr("Archive move progress"))
        self.bar.hide()
        form.addRow(self.bar)
        self.status: QLabel = plain_label(
            self.tr("Backups, the command line and scheduled backups all use this folder."),
            selectable=False,
        )
        self.status.setAccessibleName(self.tr("Archive folder status"))
        form.addRow(self.status)
        self.show_folder()

    @property
    def moving(self) -> bool:
        return self.job is not None and self.job.running

    def show_folder(self) -> None:
        self.folder.setText(str(self.context.services.app.paths.archives_dir))

    def open_folder(self) -> None:
        folder = self.context.services.app.paths.archives_dir
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def choose_folder(self) -> None:
        current = self.context.services.app.paths.archives_dir
        chosen = self.context.services.dialogs.choose_folder(
            self, self.tr("Where should the archives be kept?"), current.parent
        )
        if chosen is not None:
            self.move_to(chosen)

    def move_to(self, destination: Path) -> None:
        """Checks the folder off the UI thread, asks, then moves with progress."""
        if self.moving:
            return
        app = self.context.services.app
        self.status.setText(self.tr("Checking the folder…"))
        self.context.runner.submit(
            lambda: app.plan_archive_move(destination), self._confirm, self._failed
        )

    def _confirm(self, plan: MovePlan) -> None:
        if not plan.empty:
            move = self.context.services.dialogs.ask(
                self, self.tr("Move the archives?"), move_question(plan)
            )
            if not move:
                self.status.setText(self.tr("The archives stay where they are."))
                return
        app = self.context.services.app

        def work(progress: ProgressSink, cancel: CancelToken) -> bool:
            return app.move_archives(plan, progress, cancel)

        self.bar.begin()
        self.bar.show()
        self.cancel_button.show()
        self.move_button.setEnabled(False)
        self.status.setText(self.tr("Moving the archives…"))
        self.job = self.context.runner.start(MOVE_JOB, work, self._done, self._failed,
                                             self._progress)  # fmt: skip

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.status.setText(self.tr("Stopping; the archives stay where they were…"))

    def _progress(self, progress: Progress) -> None:
        self.status.setText(self.bar.show_step(progress))

    def _done(self, moved: bool) -> None:
        self._idle()
        self.show_folder()
        if moved:
            self.status.setText(
                self.tr("The archives are now kept in {folder}.").format(folder=self.folder.text())
            )
            self.context.notify(self.tr("The archives were moved."))
            self.moved.emit()
        else:
            self.status.setText(self.tr("Move cancelled: the archives are where they were."))

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.status.setText(error_sentence(error, self.tr("The archives could not be moved.")))

    def _idle(self) -> None:
        self.bar.end(False)  # hidden: the sentence says how it ended
        self.bar.hide()
        self.cancel_button.hide()
        self.move_button.setEnabled(True)
