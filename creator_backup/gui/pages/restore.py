"""Restore: after Pinterest reinstates an account, put back what did not come back. First a
check (the dry run: only reads) shows what is missing and how it would return; nothing is
written to Pinterest until the user confirms that plan; then progress with Cancel, and a
report. A restore can always be run again: it never makes duplicates."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.errors import MissingScope
from creator_backup.application.restores import BoardChoice, RestoreSources
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.job_progress import job_progress_bar
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.restore_confirm import ask_to_restore, trial_words
from creator_backup.gui.restore_jobs import Checked, check_work, restore_work
from creator_backup.gui.restore_tree import plan_groups, report_groups, show_groups
from creator_backup.gui.restore_words import (
    failure_sentence,
    finished_words,
    plan_lines,
    report_lines,
    snapshot_choice,
)
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import Progress
from creator_backup.restore.plan import Plan
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import NO_WRITE_PERMISSION, trial_refused
from creator_backup.words import one_line

# trial_words are the confirmation's words (restore_confirm), named here too.
__all__ = ["RestorePage", "all_boards", "intro", "no_account", "no_login", "no_snapshot",
           "trial_words"]  # fmt: skip


# The page's sentences, looked up when shown (in the language installed by then).
def no_account() -> str:
    return translate(
        "RestorePage",
        "No account is connected. Connect your Pinterest account in Settings and back it up; "
        "if content is ever lost, come back here to put it back.",
    )


def no_login() -> str:
    return translate(
        "RestorePage",
        "This archive has no login on this computer. Once Pinterest reinstates the account, "
        "connect it in Settings: what is missing can then be put back from this archive.",
    )


def no_snapshot() -> str:
    return translate(
        "RestorePage",
        "There is no complete backup of this account yet, so there is nothing to restore "
        "from. Run a backup first.",
    )


def intro() -> str:
    return translate(
        "RestorePage",
        "Use this after Pinterest reinstates your account, or after boards and pins were "
        "removed by mistake. First check what is missing: that only reads your account. "
        "Nothing is written to Pinterest until you confirm the plan you see.",
    )


def all_boards() -> str:
    return translate("RestorePage", "All boards")


class RestorePage(Page):
    page_id = PageId.RESTORE

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.job: Job | None = None
        self.sources = RestoreSources()
        self.plan: RestoreResult | None = None  # the dry run shown, while it is current
        self.report: RestoreResult | None = None
        self.can_write: bool | None = None
        self._boards: dict[str, str] = {}  # the chosen snapshot's boards: id -> name
        self._plan_boards: tuple[str, ...] = ()
        self._trial_known: set[str] = set()  # accounts Pinterest said have Trial access
        self._refresh_after_job = False

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Restore")))
        self.intro = plain_label(intro(), selectable=False)
        layout.addWidget(self.intro)
        self.empty = plain_label("")
        self.empty.setAccessibleName(self.tr("Nothing to restore"))
        layout.addWidget(self.empty)

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        choices = QHBoxLayout()
        self.snapshot_box = QComboBox()
        self.snapshot_box.setAccessibleName(self.tr("Restore from snapshot"))
        self.snapshot_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.snapshot_box.setMinimumContentsLength(44)
        snapshot_label = QLabel(self.tr("Restore from sna&pshot:"))
        snapshot_label.setBuddy(self.snapshot_box)
        self.board_box = QComboBox()
        self.board_box.setAccessibleName(self.tr("Boards to restore"))
        self.board_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.board_box.setMinimumContentsLength(24)
        board_label = QLabel(self.tr("B&oards:"))
        board_label.setBuddy(self.board_box)
        for widget in (snapshot_label, self.snapshot_box, board_label, self.board_box):
            choices.addWidget(widget)
        choices.addStretch(1)
        column.addLayout(choices)

        buttons = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Chec&k what is missing"))
        self.check_button.setToolTip(
            self.tr("Compare the snapshot with your account; sends nothing")
        )
        self.restore_button = QPushButton(self.tr("&Restore…"))
        self.restore_button.setToolTip(self.tr("Asks before anything is written to Pinterest"))
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        for button in (self.check_button, self.restore_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.permission = plain_label("")
        self.permission.setAccessibleName(self.tr("Restore permission"))
        self.permission.setFrameShape(QFrame.Shape.StyledPanel)
        self.permission.hide()
        column.addWidget(self.permission)
        self.summary: QLabel = plain_label("")
        self.summary.setAccessibleName(self.tr("Restore plan summary"))
        column.addWidget(self.summary)
        self.bar = job_progress_bar(self.tr("Restore progress"))
        self.phase: QLabel = plain_label("", selectable=False)
        self.phase.setAccessibleName(self.tr("Restore phase"))
        column.addWidget(self.bar)
        column.addWidget(self.phase)
        self.report_label: QLabel = plain_label("")
        self.report_label.setAccessibleName(self.tr("Restore report"))
        column.addWidget(self.report_label)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Restore plan and report"))
        self.tree.setHeaderLabels([self.tr("What"), self.tr("Details")])
        self.tree.setRootIsDecorated(True)
        column.addWidget(self.tree, 1)
        layout.addWidget(self.body, 1)

        self.snapshot_box.currentIndexChanged.connect(self._snapshot_chosen)
        self.board_box.currentIndexChanged.connect(lambda _i: self._forget_plan())
        self.check_button.clicked.connect(self.check)
        self.restore_button.clicked.connect(self.restore)
        self.cancel_button.clicked.connect(self.cancel)
        context.events.archive_changed.connect(self.refresh)
        self._show_empty(no_account())

    # -- state -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    def _update_buttons(self) -> None:
        busy = self.running
        ready = self.account is not None and self.snapshot_box.count() > 0
        self.snapshot_box.setEnabled(ready and not busy)
        self.board_box.setEnabled(ready and not busy and self.board_box.count() > 1)
        self.check_button.setEnabled(ready and not busy)
        items = len(self.plan.plan.items) if self.plan is not None else 0
        self.restore_button.setText(
            self.tr("&Restore %Ln item(s)…", None, items) if items else self.tr("&Restore…")
        )
        self.restore_button.setEnabled(items > 0 and not busy and self.can_write is not False)
        self.cancel_button.setEnabled(busy)

    def _show_empty(self, sentence: str) -> None:
        self.empty.setText(sentence)
        self.empty.show()
        self.body.hide()
        self._update_buttons()

    def _reset(self) -> None:
        self.plan = None
        self.report = None
        self.can_write = None
        self.tree.clear()
        self.summary.clear()
        self.report_label.clear()
        self.phase.clear()
        self.permission.hide()
        self.bar.reset()

    def _forget_plan(self) -> None:
        """The choices changed: the plan shown no longer answers them."""
        if self.plan is None:
            return
        self.plan = None
        self.tree.clear()
        self.summary.setText(self.tr("Check what is missing for this choice."))
        self._update_buttons()

    def set_account(self, record: AccountRecord | None) -> None:
        if record != self.account:
            self._reset()
            self.sources = RestoreSources()
            self.snapshot_box.blockSignals(True)
            self.snapshot_box.clear()
            self.snapshot_box.blockSignals(False)
            self.board_box.clear()
        super().set_account(record)

    def refresh(self) -> None:
        record = self.account
        if record is None:
            self._show_empty(no_account())
            return
        if record.archive_only:
            self._show_empty(no_login())
            return
        if self.running:
            self._refresh_after_job = True
            return
        app = self.context.services.app
        self.context.runner.submit(
            lambda: app.restores.sources(record),
            lambda sources: self._show_sources(record, sources),
            self._load_failed,
        )

    def _show_sources(self, record: AccountRecord, sources: RestoreSources) -> None:
        if record != self.account:
            return  # another account was chosen since
        self.sources = sources
        if sources.default is None:
            self._reset()
            self._show_empty(no_snapshot())
            return
        self.empty.hide()
        self.body.show()
        kept = self.snapshot_box.currentData()
        ids = [s.id for s in sources.snapshots]
        chosen = kept if kept in ids else sources.default.id
        self.snapshot_box.blockSignals(True)
        self.snapshot_box.clear()
        for snapshot in sources.snapshots:
            self.snapshot_box.addItem(snapshot_choice(snapshot, sources), snapshot.id)
        self.snapshot_box.setCurrentIndex(ids.index(chosen))
        self.snapshot_box.blockSignals(False)
        if chosen != kept:
            self._snapshot_chosen()
        if self.plan is None and self.report is None and not self.summary.text():
            self.summary.setText(
                self.tr("Choose Check what is missing to compare this snapshot with your account.")
            )
        self._update_buttons()

    def _snapshot_chosen(self, _index: int = -1) -> None:
        self._forget_plan()
        record, snapshot_id = self.account, self.snapshot_box.currentData()
        self.board_box.blockSignals(True)
        self.board_box.clear()
        self.board_box.addItem(all_boards(), None)
        self.board_box.blockSignals(False)
        self._boards = {}
        self._update_buttons()
        if record is None or not isinstance(snapshot_id, int):
            return
        app = self.context.services.app
        self.context.runner.submit(
            lambda: app.restores.boards(record, snapshot_id),
            lambda boards: self._show_boards(record, snapshot_id, boards),
            self._load_failed,
        )

    def _show_boards(
        self, record: AccountRecord, snapshot_id: int, boards: list[BoardChoice]
    ) -> None:
        if record != self.account or self.snapshot_box.currentData() != snapshot_id:
            return
        self._boards = {b.id: b.name for b in boards}
        self.board_box.blockSignals(True)
        for board in boards:
            # Pinterest text: a combo box shows its items as plain text.
            self.board_box.addItem(one_line(board.name, 80) or self.tr("Untitled board"), board.id)
        self.board_box.blockSignals(False)
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.summary.setText(error_sentence(error, self.tr("The archive could not be read.")))

    # -- the check (dry run) -----------------------------------------------------------------

    def _chosen_boards(self) -> tuple[str, ...]:
        board = self.board_box.currentData()
        return (board,) if isinstance(board, str) else ()

    def check(self) -> None:
        record = self.account
        snapshot_id = self.snapshot_box.currentData()
        if record is None or self.running or not isinstance(snapshot_id, int):
            return
        boards = self._chosen_boards()
        app = self.context.services.app

        self._reset()
        self._plan_boards = boards
        self.summary.setText(self.tr("Comparing the snapshot with your account… Nothing is sent."))
        self.bar.begin()
        self.job = self.context.runner.start(
            "restore check",
            check_work(app, record, snapshot_id, boards),
            lambda found: self._checked(record, found),
            self._check_failed,
            self._progress,
        )
        self._update_buttons()

    def _checked(self, record: AccountRecord, found: Checked) -> None:
        self.bar.end(True)
        self._job_done()
        if record != self.account:
            return
        result, can_write = found
        self.plan, self.can_write = result, can_write
        self.summary.setText("\n".join(plan_lines(result, self.sources)))
        self.phase.setText(self.tr("Checked: nothing was sent to Pinterest."))
        if can_write is False and result.plan.items:
            self.permission.setText(NO_WRITE_PERMISSION)
            self.permission.show()
        self._show_plan(result)
        self._update_buttons()
        if result.plan.items:
            self.restore_button.setFocus()

    def _check_failed(self, error: BaseException) -> None:
        self.bar.end(False)
        self._job_done()
        self.phase.setText("")
        self.summary.setText(self._sentence(error, "check"))
        self._update_buttons()

    def _show_plan(self, result: RestoreResult) -> None:
        show_groups(self.tree, plan_groups(result, self._boards))

    # -- the restore -------------------------------------------------------------------------

    def confirm(self, plan: Plan) -> bool:
        """Asks before anything is written. Plain text: the account's name is Pinterest's."""
        record = self.account
        assert record is not None
        trial = record.key in self._trial_known or self.context.services.app.restores.trial_access(
            record
        )
        return ask_to_restore(
            self.context.services.dialogs, self, plan, record.username, trial
        )  # fmt: skip

    def restore(self) -> None:
        record = self.account
        shown = self.plan
        if record is None or shown is None or not shown.plan.items or self.running:
            return
        if self.can_write is False:
            return  # the button says why it is off
        if not self.confirm(shown.plan):
            self.phase.setText(self.tr("Not restored: nothing was sent to Pinterest."))
            return
        snapshot_id = shown.plan.snapshot.id  # the one the user saw, even if a backup ran since
        boards = self._plan_boards
        app = self.context.services.app

        self.report = None
        self.report_label.clear()
        self.bar.begin()
        self.phase.setText(self.tr("Starting…"))
        self.job = self.context.runner.start(
            "restore",
            restore_work(app, record, snapshot_id, boards),
            lambda r: self._restored(record, r),
            self._restore_failed,
            self._progress,
        )
        self._update_buttons()
        self.context.notify(self.tr("Restoring…"))

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("Stopping after the current step…"))

    def _progress(self, progress: Progress) -> None:
        text = self.bar.show_step(progress)
        if self.cancel_button.isEnabled() or not self.running:
            self.phase.setText(text)

    def _restored(self, record: AccountRecord, result: RestoreResult) -> None:
        self.bar.end(result.ok)
        self._job_done()
        if trial_refused(result):
            self._trial_known.add(record.key)
        headline = report_lines(result)[0]
        if record != self.account:  # another account is shown now: say it, show nothing
            self.context.notify(
                self.tr("{account}: {headline}").format(account=record.username, headline=headline)
            )
            self.context.events.archive_changed.emit()
            self.context.events.job_finished.emit("restore", result.ok, headline)
            self._update_buttons()
            return
        self.report = result
        self.plan = None  # what was missing has changed: check again to see
        self.summary.setText(
            self.tr("Check what is missing again to see your account as it is now.")
        )
        lines = report_lines(result)
        self.report_label.setText("\n".join(lines))
        self.phase.setText(finished_words(result))
        self._show_report(result)
        self._update_buttons()
        self.context.notify(lines[0])
        self.context.events.archive_changed.emit()
        self.context.events.job_finished.emit("restore", result.ok, lines[0])

    def _show_report(self, result: RestoreResult) -> None:
        show_groups(self.tree, report_groups(result, self._boards))

    def _restore_failed(self, error: BaseException) -> None:
        self.bar.end(False)
        self._job_done()
        sentence = self._sentence(error, "restore")
        self.phase.setText(sentence)
        self.report_label.setText(sentence)
        self._update_buttons()
        self.context.notify(sentence)
        self.context.events.job_finished.emit("restore", False, sentence)

    def _sentence(self, error: BaseException, what: str) -> str:
        if isinstance(error, MissingScope):
            self.can_write = False  # the login cannot write: the button says so
        return failure_sentence(error, what)

    def _job_done(self) -> None:
        if self._refresh_after_job and not self.running:
            self._refresh_after_job = False
            self.refresh()
