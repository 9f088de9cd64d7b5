"""Backup: Back up now (quick or full), progress with phase, counts, bytes and ETA, Cancel,
and a readable log of what happened."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.errors import AccountUnavailable
from creator_backup.application.archives import Loss
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import Cancelled
from creator_backup.gui.alert_banner import ERROR, WARNING
from creator_backup.gui.job_progress import job_progress_bar
from creator_backup.gui.loss_words import loss_headline
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, human_time, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import CancelToken, Progress, ProgressSink
from creator_backup.words import one_line

if TYPE_CHECKING:
    from creator_backup.backup.engine import BackupResult


def unavailable_sentence() -> str:
    return translate(
        "BackupPage",
        "Pinterest says this account is unavailable. Everything archived so far is kept, "
        "unchanged, as evidence.",
    )


@dataclass(frozen=True)
class BackupDone:
    """A run, and what it found gone (None: nothing, or the run was not complete and so
    saw no loss: only a complete run marks anything missing)."""

    result: BackupResult
    loss: Loss | None


def phase_line(progress: Progress) -> str:
    """What the log says when a step begins: "Listing boards (15)", with the count the
    step set out to do when it says it at its start (files to download keep being found,
    so their count is the summary's to give); its detail when it has one (the request
    budget's, say)."""
    line = progress.phase
    if progress.total and progress.done == 0:
        line += f" ({progress.total:,})"
    if progress.detail and not progress.total:
        line += f": {one_line(progress.detail, 300)}"
    return line


def describe_result(result: BackupResult) -> str:
    """The run in sentences: the same summary the command line prints."""
    from creator_backup.backup.summary import summary_lines  # see _finished

    return " ".join(summary_lines(result, human_time))


class BackupPage(Page):
    page_id = PageId.BACKUP

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.job: Job | None = None
        self._started = 0.0
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Backup")))
        layout.addWidget(plain_label(
            self.tr("A backup reads every board and downloads only the pictures and videos that are "
            "new, so it sees every removal. A quick backup uses fewer requests (for a "
            "Pinterest app with Trial access): it leaves out boards whose counts did not "
            "change, and says which it did not check. Every earlier snapshot is kept."),
            selectable=False,
        ))  # fmt: skip
        buttons = QHBoxLayout()
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.setToolTip(self.tr("Read every board; download only what is new"))
        self.quick_button = QPushButton(self.tr("&Quick backup"))
        self.quick_button.setToolTip(
            self.tr("Fewer requests: boards whose counts did not change are left out")
        )
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setEnabled(False)
        for button in (self.backup_button, self.quick_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        # With no account to back up, the way to connect one: never only dead buttons.
        self.connect_button = QPushButton(self.tr("&Connect your Pinterest account…"))
        self.connect_button.clicked.connect(context.events.connect_requested.emit)
        self.connect_button.hide()
        buttons.addWidget(self.connect_button)
        layout.addLayout(buttons)
        self.backup_button.clicked.connect(lambda: self.start("full"))
        self.quick_button.clicked.connect(lambda: self.start("quick"))
        self.cancel_button.clicked.connect(self.cancel)

        self.bar = job_progress_bar(self.tr("Backup progress"))
        self.phase: QLabel = plain_label(self.tr("Idle"), selectable=False)
        self.phase.setAccessibleName(self.tr("Backup phase"))
        layout.addWidget(self.bar)
        layout.addWidget(self.phase)
        # The log is folded away: the bar and the sentence above say what matters; the
        # log is there for whoever wants each step.
        self.log_toggle = QToolButton()
        self.log_toggle.setText(self.tr("Show what happened"))
        self.log_toggle.setCheckable(True)
        self.log_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.log_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.log_toggle.setAutoRaise(True)
        self.log_toggle.toggled.connect(self._fold_log)
        layout.addWidget(self.log_toggle)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setAccessibleName(self.tr("Backup log"))
        self.log.setMaximumBlockCount(5000)
        self.log.hide()
        layout.addWidget(self.log, 1)
        layout.addStretch(0)
        self._phases_said: set[str] = set()
        context.events.backup_requested.connect(self.start)
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def set_account(self, record: AccountRecord | None) -> None:
        super().set_account(record)
        if not self.running:
            self.phase.setText(self.tr("Idle"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        record = self.account
        idle = not self.running and record is not None and not record.archive_only
        if record is not None and record.archive_only and not self.running:
            self.phase.setText(
                self.tr(
                    "This archive has no login on this computer: connect the account in "
                    "Settings to back it up."
                )
            )
        elif record is None and not self.running:
            self.phase.setText(self.tr("No Pinterest account is connected yet: connect yours "
                                       "to back it up."))  # fmt: skip
        self.connect_button.setVisible(not self.running and (record is None or record.archive_only))
        self.backup_button.setEnabled(idle)
        self.quick_button.setEnabled(idle)
        self.cancel_button.setEnabled(self.running)

    def _fold_log(self, shown: bool) -> None:
        self.log.setVisible(shown)
        self.log_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.log_toggle.setText(self.tr("Hide what happened") if shown
                                else self.tr("Show what happened"))  # fmt: skip

    def _say(self, line: str) -> None:
        stamp = time.strftime("%H:%M:%S")
        self.log.appendPlainText(f"{stamp}  {line}")

    def start(self, kind: str = "full") -> None:
        record = self.account
        if record is None or record.archive_only or self.running:
            return  # an archive with no login cannot be backed up (the page says so)
        app = self.context.services.app
        chosen = "quick" if kind == "quick" else None  # None: the default, every board

        def work(progress: ProgressSink, cancel: CancelToken) -> BackupDone:
            from creator_backup.backup.engine import BackupOptions  # see _finished

            result = app.backups.run_account(record, BackupOptions(kind=chosen), progress, cancel)
            # What this very run found gone, read back from the archive's own marks.
            found = app.archives.loss(record, result.snapshot.id) if result.complete else None
            return BackupDone(result, found)

        self._started = time.monotonic()
        if kind == "quick":
            started = self.tr("Quick backup of {account} started.")
        else:
            started = self.tr("Backup of {account} started.")
        self._say(started.format(account=one_line(record.username, 80)))
        self.bar.begin()
        self._phases_said.clear()
        self.phase.setText(self.tr("Starting…"))
        self.job = self.context.runner.start(
            "backup", work, self._finished, self._failed, self._progress
        )
        self._update_buttons()
        self.context.notify(self.tr("Backing up…"))

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("Stopping after the current step…"))
            self._say(self.tr("Cancel asked; stopping after the current step."))

    def _progress(self, progress: Progress) -> None:
        self.phase.setText(self.bar.show_step(progress))
        if progress.phase not in self._phases_said:
            # Each step of the run is logged once, when it begins: a backup goes back and
            # forth between listing and downloading, and the log would say so per board.
            self._phases_said.add(progress.phase)
            self._say(phase_line(progress))

    def _finished(self, done: BackupDone) -> None:
        result = done.result
        elapsed = time.monotonic() - self._started
        self.bar.end(result.outcome == RunOutcome.COMPLETE)
        # Imported after a run, not with the window: it pulls in the backup engine (and
        # the HTTP client), which the window's first paint waited for (issue 22).
        from creator_backup.backup.summary import summary_lines

        lines = summary_lines(result, human_time)
        sentence = lines[0]
        self.phase.setText(" ".join(lines))
        self._say(
            self.tr("{sentence} ({seconds} s)").format(sentence=sentence, seconds=f"{elapsed:.0f}")
        )
        for line in lines[1:]:
            self._say(f"  {line}")
        for failure in result.failed[:50]:
            what = one_line(failure.get("id") or failure.get("url") or "", 120)
            reason = one_line(failure.get("reason", ""), 160)
            self._say(
                self.tr("  not saved: {kind} {what}: {reason}").format(
                    kind=failure.get("kind", ""), what=what, reason=reason
                )
            )
        self._update_buttons()
        if done.loss is not None:
            self._say(loss_headline(done.loss))
        self.context.notify(sentence)
        self.context.events.archive_changed.emit()
        # Found now, announced once: before the job's own line, which the tray then folds in.
        if done.loss is not None:
            self.context.events.loss_found.emit(WARNING, loss_headline(done.loss))
        elif result.outcome == RunOutcome.ACCOUNT_UNAVAILABLE:
            self.context.events.loss_found.emit(ERROR, sentence)
        self.context.events.job_finished.emit("backup", result.complete, sentence)

    def _failed(self, error: BaseException) -> None:
        self.bar.end(False)
        if isinstance(error, AccountUnavailable):
            sentence = unavailable_sentence()
            self.context.events.archive_changed.emit()
            self.context.events.loss_found.emit(ERROR, sentence)
        elif isinstance(error, Cancelled):
            # Stopped before the run had a snapshot to keep (reading the account): nothing
            # failed, and nothing is called complete.
            sentence = self.tr("Backup cancelled before it saved anything; the archive is as "
                               "it was.")  # fmt: skip
        else:
            sentence = self.tr("Backup failed: {why}").format(
                why=error_sentence(
                    error, self.tr("an unexpected error (details are in the log file).")
                )
            )
        self.phase.setText(sentence)
        self._say(sentence)
        self._update_buttons()
        self.context.notify(sentence)
        self.context.events.job_finished.emit("backup", False, sentence)
