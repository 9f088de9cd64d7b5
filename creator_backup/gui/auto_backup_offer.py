"""After the first backup that completes, one offer (never repeated) to back up on a
schedule even while the window is closed, with the interval to choose, and where the
archive is and how big it has grown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.connect import backend
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.progress import human_size
from creator_backup.schedule import DEFAULT_HOURS, HOURS_CHOICES


@dataclass(frozen=True)
class ArchiveFacts:
    root: Path
    size: int  # bytes: the database and the media files
    scheduled: bool  # automatic backups are on already


def archive_facts(context: PageContext, record: AccountRecord) -> ArchiveFacts:
    """Read on a worker: the archive's folder and size, and whether a schedule is on."""
    app = context.services.app
    status = app.archives.status(record)
    return ArchiveFacts(
        app.archives.root(record),
        status.media_bytes + status.database_bytes,
        backend.schedule_installed(app),
    )


class AutoBackupOffer(QDialog):
    installed = Signal(str)  # what the system said, in a sentence

    def __init__(
        self, context: PageContext, facts: ArchiveFacts, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Back up automatically?"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Your first backup is done"), scale=1.2))
        self.where = plain_label(self.tr(
            "Your archive is in {folder} and takes {size} on this computer."
        ).format(folder=facts.root, size=human_size(facts.size)))  # fmt: skip
        self.where.setAccessibleName(self.tr("Where the archive is"))
        layout.addWidget(self.where)
        layout.addWidget(plain_label(self.tr(
            "Back it up automatically, even while this window is closed? Each time, only "
            "what changed is fetched, and nothing is ever removed from the archive. You can "
            "turn it off in Settings."
        ), selectable=False))  # fmt: skip
        form = QFormLayout()
        self.interval = QComboBox()
        self.interval.setAccessibleName(self.tr("How often"))
        names = {6: self.tr("Every 6 hours"), 12: self.tr("Every 12 hours"),
                 24: self.tr("Every day"), 24 * 7: self.tr("Every week")}  # fmt: skip
        for hours in HOURS_CHOICES:
            self.interval.addItem(names[hours], hours)
        self.interval.setCurrentIndex(self.interval.findData(DEFAULT_HOURS))
        form.addRow(self.tr("Back up:"), self.interval)
        layout.addLayout(form)
        self.status = plain_label("")
        self.status.setAccessibleName(self.tr("Automatic backups status"))
        self.status.hide()
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.turn_on = QPushButton(self.tr("&Turn on automatic backups"))
        self.turn_on.setDefault(True)
        self.not_now = QPushButton(self.tr("&Not now"))
        self.buttons.addButton(self.turn_on, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.not_now, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.turn_on.clicked.connect(self.install)
        self.not_now.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(self.buttons)

    def install(self) -> None:
        hours = int(self.interval.currentData())
        app = self.context.services.app
        self.turn_on.setEnabled(False)
        self.interval.setEnabled(False)
        self._say(self.tr("Setting up automatic backups…"))
        self.context.runner.submit(
            lambda: backend.install_schedule(app, hours), self._installed, self._failed
        )

    def _installed(self, sentence: str) -> None:
        self._say(sentence)
        self.turn_on.hide()
        self.not_now.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self.installed.emit(sentence)

    def _failed(self, error: BaseException) -> None:
        self._say(error_sentence(error, self.tr("Automatic backups could not be set up.")))
        self.turn_on.setEnabled(True)
        self.interval.setEnabled(True)

    def _say(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.show()
