"""Backup: Back up now (quick or full), progress with phase, counts, bytes and ETA, Cancel,
and a readable log of what happened."""

from __future__ import annotations

import time

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.errors import AccountUnavailable
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.engine import ACCOUNT_UNAVAILABLE, BackupResult
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, human_size
from creator_backup.gui.job_progress import job_progress_bar, show_progress
from creator_backup.gui.pages.base import Page, PageContext
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.gui.workers import Job


def describe_result(result: BackupResult) -> str:
    if result.complete:
        head = f"Backup complete: snapshot {result.snapshot.id} ({result.snapshot.kind})."
    elif result.stopped == "cancelled":
        head = (f"Backup cancelled: snapshot {result.snapshot.id} is kept as partial; "
                "run the backup again to finish it.")  # fmt: skip
    elif result.stopped and result.stopped.startswith(ACCOUNT_UNAVAILABLE):
        head = ("Pinterest says this account is unavailable. Everything archived so far is "
                "kept, unchanged, as evidence.")  # fmt: skip
    else:
        head = f"Backup stopped early ({result.stopped}); run it again to continue."
    body = (
        f"{result.boards:,} boards, {result.sections:,} sections, {result.pins:,} pins; "
        f"{result.media_files:,} new media files ({human_size(result.media_bytes)}); "
        f"{result.api_calls:,} requests to Pinterest."
    )
    failed = (
        f" {len(result.failed)} items could not be saved (see the log)." if result.failed else ""
    )
    return f"{head} {body}{failed}"


class BackupPage(Page):
    title = "Backup"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.job: Job | None = None
        self._started = 0.0
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Backup"))
        layout.addWidget(plain_label(
            "A quick backup re-reads only the boards that changed since the last complete "
            "one; a full backup reads everything. Both keep every earlier snapshot.",
            selectable=False,
        ))  # fmt: skip
        buttons = QHBoxLayout()
        self.quick_button = QPushButton("&Back up now")
        self.quick_button.setToolTip("Quick backup: only what changed")
        self.full_button = QPushButton("&Full backup")
        self.full_button.setToolTip("Read every board and pin again")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setEnabled(False)
        for button in (self.quick_button, self.full_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.quick_button.clicked.connect(lambda: self.start("quick"))
        self.full_button.clicked.connect(lambda: self.start("full"))
        self.cancel_button.clicked.connect(self.cancel)

        self.bar = job_progress_bar("Backup progress")
        self.phase: QLabel = plain_label("Idle", selectable=False)
        self.phase.setAccessibleName("Backup phase")
        layout.addWidget(self.bar)
        layout.addWidget(self.phase)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setAccessibleName("Backup log")
        self.log.setMaximumBlockCount(5000)
        layout.addWidget(self.log, 1)
        context.events.backup_requested.connect(self.start)
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def set_account(self, record: AccountRecord | None) -> None:
        super().set_account(record)
        if not self.running:
            self.phase.setText("Idle")
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.account
        idle = not self.running and record is not None and not record.archive_only
        if record is not None and record.archive_only and not self.running:
            self.phase.setText(
                "This archive has no login on this computer: connect the account in "
                "Settings to back it up."
            )
        self.quick_button.setEnabled(idle)
        self.full_button.setEnabled(idle)
        self.cancel_button.setEnabled(self.running)

    def _say(self, line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        self.log.appendPlainText(f"{stamp}  {line}")

    def start(self, kind: str = "quick") -> None:
        record = self.account
        if record is None or record.archive_only or self.running:
            return  # an archive with no login cannot be backed up (the page says so)
        workspace = self.context.services.workspace
        chosen = "full" if kind == "full" else None  # quick, or full when there is none yet

        def work(progress: ProgressSink, cancel: CancelToken) -> BackupResult:
            return workspace.backup(record, chosen, progress, cancel)

        self._started = time.monotonic()
        self._say(f"{'Full' if kind == 'full' else 'Quick'} backup of {record.username} started.")
        self.bar.setRange(0, 0)  # busy until the first count arrives
        self.phase.setText("Starting…")
        self.job = self.context.runner.start(
            "backup", work, self._finished, self._failed, self._progress
        )
        self._update_buttons()
        self.context.notify("Backing up…")

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText("Stopping after the current step…")
            self._say("Cancel asked; stopping after the current step.")

    def _progress(self, progress: Progress) -> None:
        text = show_progress(self.bar, progress)
        if text.split(" · ")[0] != self.phase.text().split(" · ")[0]:
            self._say(progress.phase)
        self.phase.setText(text)

    def _finished(self, result: BackupResult) -> None:
        elapsed = time.monotonic() - self._started
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if result.complete else 0)
        sentence = describe_result(result)
        self.phase.setText(sentence)
        self._say(f"{sentence} ({elapsed:.0f} s)")
        for failure in result.failed[:50]:
            what = failure.get("id") or failure.get("url") or ""
            self._say(f"  not saved: {failure.get('kind', '')} {what}: {failure.get('reason', '')}")
        self._update_buttons()
        self.context.notify(sentence)
        self.context.events.archive_changed.emit()
        self.context.events.job_finished.emit("backup", result.complete, sentence)

    def _failed(self, error: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(error, AccountUnavailable):
            sentence = ("Pinterest says this account is unavailable. Everything archived so far "
                        "is kept, unchanged, as evidence.")  # fmt: skip
            self.context.events.archive_changed.emit()
        else:
            sentence = "Backup failed: " + error_sentence(
                error, "an unexpected error (details are in the log file)."
            )
        self.phase.setText(sentence)
        self._say(sentence)
        self._update_buttons()
        self.context.notify(sentence)
        self.context.events.job_finished.emit("backup", False, sentence)
