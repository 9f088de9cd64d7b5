"""Restore: after Pinterest reinstates an account, put back what did not come back. First a
check (the dry run: only reads) shows what is missing and how it would return; nothing is
written to Pinterest until the user confirms that plan; then progress with Cancel, and a
report. A restore can always be run again: it never makes duplicates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.errors import AccountUnavailable, AuthenticationFailed, MissingScope
from creator_backup.archive.records import Snapshot
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, human_size
from creator_backup.gui.pages.backup import describe_progress
from creator_backup.gui.pages.base import Page, PageContext
from creator_backup.gui.widgets import error_sentence, heading, human_time, plain_label
from creator_backup.gui.workers import Job
from creator_backup.restore.plan import Plan, PlanItem
from creator_backup.restore.report import RestoreResult
from creator_backup.restore.service import (
    NO_WRITE_PERMISSION,
    BoardChoice,
    RestoreCancelled,
    RestoreSources,
    login_can_write,
    plan_restore,
    restore_sources,
    run_restore,
    snapshot_boards,
    trial_refused,
)

NO_ACCOUNT = (
    "No account is connected. Connect your Pinterest account in Settings and back it up; "
    "if content is ever lost, come back here to put it back."
)
NO_SNAPSHOT = (
    "There is no complete backup of this account yet, so there is nothing to restore "
    "from. Run a backup first."
)
INTRO = (
    "Use this after Pinterest reinstates your account, or after boards and pins were "
    "removed by mistake. First check what is missing: that only reads your account. "
    "Nothing is written to Pinterest until you confirm the plan you see."
)
AGAIN = "Run it again any time: it never makes duplicates."
TRIAL_MAYBE = (
    "Trial access: if your Pinterest app has Trial access, Pinterest shows what is "
    "restored only to you, not to anyone else (or refuses it). For everyone to see it, "
    "the app needs Standard access."
)
TRIAL_KNOWN = (
    "Pinterest said this app has Trial access: what is restored is visible only to you, "
    "not to anyone else, and Pinterest may refuse some of it. For everyone to see it, the "
    "app needs Standard access."
)
# How each pin comes back, in words for people (the plan's method names are the API's).
METHOD_WORDS = {
    "image_base64": "uploaded again from your backup",
    "multiple_image_base64": "uploaded again from your backup, as a carousel",
    "video_upload": "video uploaded again from your backup",
    "save": "saved again from the pin it was saved from",
    "create": "created again",
}
KIND_WORDS = {"board": ("board", "boards"), "section": ("section", "sections"),
              "pin": ("pin", "pins")}  # fmt: skip
LISTED_MAX = 2000  # items listed in the tree; the rest are counted
ALL_BOARDS = "All boards"


def one_line(text: str, limit: int = 200) -> str:
    """Pinterest text on one line of a list: whitespace and control characters folded."""
    folded = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def counted(counts: dict[str, int]) -> str:
    """{"boards": 1, "sections": 0, "pins": 16} -> "1 board and 16 pins"; all 0: "nothing"."""
    parts = []
    for kind, (one, many) in KIND_WORDS.items():
        n = counts.get(f"{kind}s", 0)
        if n:
            parts.append(f"{n:,} {one if n == 1 else many}")
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def duration(seconds: float) -> str:
    if seconds < 90:
        return f"about {max(1, round(seconds))} seconds"
    if seconds < 90 * 60:
        return f"about {round(seconds / 60)} minutes"
    return f"about {seconds / 3600:.1f} hours"


def snapshot_words(snapshot: Snapshot) -> str:
    return f"snapshot {snapshot.id} (backed up {human_time(snapshot.started_at)})"


def snapshot_choice(snapshot: Snapshot, sources: RestoreSources) -> str:
    words = f"Snapshot {snapshot.id}, {human_time(snapshot.started_at)}"
    if sources.baseline is not None and snapshot.id == sources.baseline.id:
        return words + " (before the account was lost)"
    return words


def plan_lines(result: RestoreResult, sources: RestoreSources) -> list[str]:
    """The dry run, in sentences."""
    plan = result.plan
    first = f"From {snapshot_words(plan.snapshot)}"
    if sources.baseline is not None and plan.snapshot.id == sources.baseline.id:
        first += ", the last complete backup before the account became unavailable"
    lines = [first + "."]
    if not plan.items:
        lines.append(
            "Nothing is missing: everything in this snapshot that can come back is on your "
            f"account ({counted(plan.present_counts())} already there)."
        )
    else:
        lines.append(
            f"Missing from your account now: {counted(plan.counts())}. Already there: "
            f"{counted(plan.present_counts())}."
        )
        methods = plan.methods()
        if methods:
            ways = [
                f"{n:,} {METHOD_WORDS.get(m, m)}"
                for m, n in sorted(methods.items(), key=lambda mn: -mn[1])
            ]
            lines.append("How the pins come back: " + "; ".join(ways) + ".")
        lines.append(
            f"To send: {human_size(plan.upload_bytes)} in {plan.writes:,} writes, "
            f"{duration(plan.estimated_seconds)} at Pinterest's limit of "
            f"{plan.writes_per_min:,} writes a minute."
        )
    if plan.cannot:
        lines.append(f"{len(plan.cannot):,} cannot come back (listed below, with the reason).")
    return lines


def report_lines(result: RestoreResult) -> list[str]:
    """The run, in sentences: created, already there, failures, duplicates."""
    if result.cancelled:
        head = "Restore cancelled."
        again = "Run it again any time: it continues where it stopped and never makes duplicates."
    elif result.stopped:
        head = f"Restore stopped: {result.stopped}"
        again = AGAIN
    elif result.failed:
        head = "Restore finished, but some could not be put back."
        again = AGAIN
    else:
        head = "Restore finished: everything that can come back is back."
        again = AGAIN
    lines = [head, f"Created {counted(result.created)}."]
    found = len(result.plan.found)
    if found:
        lines.append(f"{found:,} were already there and were not sent again.")
    if result.failed:
        lines.append(
            f"Could not be put back: {len(result.failed):,} (listed below, with the reason)."
        )
    if result.duplicates:
        lines.append(
            f"Duplicates: {len(result.duplicates):,} pins now show more than once (listed below)."
        )
    else:
        lines.append("Duplicates: none.")
    lines.append(again)
    return lines


def finished_words(result: RestoreResult) -> str:
    """The progress line once a run has ended."""
    if result.cancelled:
        return "Cancelled: nothing more is being sent."
    if result.stopped:
        return "Stopped early: nothing more is being sent."
    return "Done: nothing more is being sent."


def item_words(item: PlanItem, boards: dict[str, str]) -> tuple[str, str]:
    """A plan item for the tree: what (Pinterest text, plain) and how it comes back."""
    untitled = f"Untitled {item.kind}"
    what = f"{item.kind}: {one_line(item.title) or untitled}"
    how = METHOD_WORDS.get(item.method, item.method) if item.kind == "pin" else "created again"
    board = boards.get(item.board_old or "")
    if item.kind != "board" and board:
        how += f", on the board {one_line(board, 80)}"
    if item.truncations:
        cut = ", ".join(f"{c.field} cut to {c.limit:,} characters" for c in item.truncations)
        how += f" ({cut})"
    return what, how


def confirmation(plan: Plan, username: str, trial_known: bool) -> tuple[str, str]:
    """The question asked before anything is written: its text and informative text."""
    text = (
        f"Put back {counted(plan.counts())} on the Pinterest account {username}, from "
        f"{snapshot_words(plan.snapshot)}?"
    )
    details = [
        "This writes to your live Pinterest account. It takes "
        f"{duration(plan.estimated_seconds)}; you can cancel at any time, and what is done "
        "stays done. " + AGAIN,
        TRIAL_KNOWN if trial_known else TRIAL_MAYBE,
    ]
    return text, "\n\n".join(details)


class RestorePage(Page):
    title = "Restore"

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
        layout.addWidget(heading("Restore"))
        self.intro = plain_label(INTRO, selectable=False)
        layout.addWidget(self.intro)
        self.empty = plain_label("")
        self.empty.setAccessibleName("Nothing to restore")
        layout.addWidget(self.empty)

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        choices = QHBoxLayout()
        self.snapshot_box = QComboBox()
        self.snapshot_box.setAccessibleName("Restore from snapshot")
        self.snapshot_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.snapshot_box.setMinimumContentsLength(44)
        snapshot_label = QLabel("Restore from sna&pshot:")
        snapshot_label.setBuddy(self.snapshot_box)
        self.board_box = QComboBox()
        self.board_box.setAccessibleName("Boards to restore")
        self.board_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.board_box.setMinimumContentsLength(24)
        board_label = QLabel("B&oards:")
        board_label.setBuddy(self.board_box)
        for widget in (snapshot_label, self.snapshot_box, board_label, self.board_box):
            choices.addWidget(widget)
        choices.addStretch(1)
        column.addLayout(choices)

        buttons = QHBoxLayout()
        self.check_button = QPushButton("Chec&k what is missing")
        self.check_button.setToolTip("Compare the snapshot with your account; sends nothing")
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setToolTip("Asks before anything is written to Pinterest")
        self.cancel_button = QPushButton("&Cancel")
        for button in (self.check_button, self.restore_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.permission = plain_label("")
        self.permission.setAccessibleName("Restore permission")
        self.permission.setFrameShape(QFrame.Shape.StyledPanel)
        self.permission.hide()
        column.addWidget(self.permission)
        self.summary: QLabel = plain_label("")
        self.summary.setAccessibleName("Restore plan summary")
        column.addWidget(self.summary)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Restore progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.phase: QLabel = plain_label("", selectable=False)
        self.phase.setAccessibleName("Restore phase")
        column.addWidget(self.bar)
        column.addWidget(self.phase)
        self.report_label: QLabel = plain_label("")
        self.report_label.setAccessibleName("Restore report")
        column.addWidget(self.report_label)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Restore plan and report")
        self.tree.setHeaderLabels(["What", "Details"])
        self.tree.setRootIsDecorated(True)
        column.addWidget(self.tree, 1)
        layout.addWidget(self.body, 1)

        self.snapshot_box.currentIndexChanged.connect(self._snapshot_chosen)
        self.board_box.currentIndexChanged.connect(lambda _i: self._forget_plan())
        self.check_button.clicked.connect(self.check)
        self.restore_button.clicked.connect(self.restore)
        self.cancel_button.clicked.connect(self.cancel)
        context.events.archive_changed.connect(self.refresh)
        self._show_empty(NO_ACCOUNT)

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
            f"&Restore {items:,} item{'s' if items != 1 else ''}…" if items else "&Restore…"
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
        self.bar.setRange(0, 1)
        self.bar.setValue(0)

    def _forget_plan(self) -> None:
        """The choices changed: the plan shown no longer answers them."""
        if self.plan is None:
            return
        self.plan = None
        self.tree.clear()
        self.summary.setText("Check what is missing for this choice.")
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
            self._show_empty(NO_ACCOUNT)
            return
        if self.running:
            self._refresh_after_job = True
            return
        workspace = self.context.services.workspace
        self.context.runner.submit(
            lambda: restore_sources(workspace, record),
            lambda sources: self._show_sources(record, sources),
            self._load_failed,
        )

    def _show_sources(self, record: AccountRecord, sources: RestoreSources) -> None:
        if record != self.account:
            return  # another account was chosen since
        self.sources = sources
        if sources.default is None:
            self._reset()
            self._show_empty(NO_SNAPSHOT)
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
                "Choose Check what is missing to compare this snapshot with your account."
            )
        self._update_buttons()

    def _snapshot_chosen(self, _index: int = -1) -> None:
        self._forget_plan()
        record, snapshot_id = self.account, self.snapshot_box.currentData()
        self.board_box.blockSignals(True)
        self.board_box.clear()
        self.board_box.addItem(ALL_BOARDS, None)
        self.board_box.blockSignals(False)
        self._boards = {}
        self._update_buttons()
        if record is None or not isinstance(snapshot_id, int):
            return
        workspace = self.context.services.workspace
        self.context.runner.submit(
            lambda: snapshot_boards(workspace, record, snapshot_id),
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
            self.board_box.addItem(one_line(board.name, 80) or "Untitled board", board.id)
        self.board_box.blockSignals(False)
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.summary.setText(error_sentence(error, "The archive could not be read."))

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
        workspace = self.context.services.workspace

        def work(progress: ProgressSink, cancel: CancelToken) -> tuple[RestoreResult, bool | None]:
            can_write = login_can_write(workspace, record)
            return plan_restore(workspace, record, snapshot_id, boards, progress, cancel), can_write

        self._reset()
        self._plan_boards = boards
        self.summary.setText("Comparing the snapshot with your account… Nothing is sent.")
        self.bar.setRange(0, 0)
        self.job = self.context.runner.start(
            "restore check",
            work,
            lambda found: self._checked(record, found),
            self._check_failed,
            self._progress,
        )
        self._update_buttons()

    def _checked(self, record: AccountRecord, found: tuple[RestoreResult, bool | None]) -> None:
        self._job_done()
        if record != self.account:
            return
        result, can_write = found
        self.plan, self.can_write = result, can_write
        self.summary.setText("\n".join(plan_lines(result, self.sources)))
        self.phase.setText("Checked: nothing was sent to Pinterest.")
        if can_write is False and result.plan.items:
            self.permission.setText(NO_WRITE_PERMISSION)
            self.permission.show()
        self._show_plan(result)
        self._update_buttons()
        if result.plan.items:
            self.restore_button.setFocus()

    def _check_failed(self, error: BaseException) -> None:
        self._job_done()
        self.phase.setText("")
        self.summary.setText(self._sentence(error, "The check"))
        self._update_buttons()

    def _show_plan(self, result: RestoreResult) -> None:
        self.tree.clear()
        plan = result.plan
        missing = QTreeWidgetItem(self.tree, [f"Missing, will be put back ({len(plan.items):,})",
                                              ""])  # fmt: skip
        for item in plan.items[:LISTED_MAX]:
            QTreeWidgetItem(missing, list(item_words(item, self._boards)))
        self._more(missing, len(plan.items))
        missing.setExpanded(True)
        if plan.cannot:
            cannot = QTreeWidgetItem(self.tree, [f"Cannot come back ({len(plan.cannot):,})", ""])
            for lost in plan.cannot[:LISTED_MAX]:
                title = one_line(lost.title) or f"Untitled {lost.kind}"
                QTreeWidgetItem(cannot, [f"{lost.kind}: {title}", lost.reason])
            self._more(cannot, len(plan.cannot))
            cannot.setExpanded(True)
        self._fit()

    def _more(self, parent: QTreeWidgetItem, total: int) -> None:
        if total > LISTED_MAX:
            QTreeWidgetItem(parent, [f"… and {total - LISTED_MAX:,} more", ""])

    def _fit(self) -> None:
        self.tree.resizeColumnToContents(0)
        # A very long title must not push the details out of sight.
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 520))

    # -- the restore -------------------------------------------------------------------------

    def confirm(self, plan: Plan) -> bool:
        """Asks before anything is written. Plain text: the account's name is Pinterest's."""
        record = self.account
        assert record is not None
        trial = record.key in self._trial_known
        text, details = confirmation(plan, record.username, trial)
        box = QMessageBox(self)
        box.setWindowTitle("Restore to Pinterest?")
        box.setIcon(QMessageBox.Icon.Warning if trial else QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setInformativeText(details)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        yes = box.button(QMessageBox.StandardButton.Yes)
        no = box.button(QMessageBox.StandardButton.No)
        if yes is not None:
            yes.setText("&Restore")
        if no is not None:
            no.setText("&Don't restore")
        try:
            return box.exec() == QMessageBox.StandardButton.Yes
        finally:
            box.deleteLater()

    def restore(self) -> None:
        record = self.account
        shown = self.plan
        if record is None or shown is None or not shown.plan.items or self.running:
            return
        if self.can_write is False:
            return  # the button says why it is off
        if not self.confirm(shown.plan):
            self.phase.setText("Not restored: nothing was sent to Pinterest.")
            return
        snapshot_id = shown.plan.snapshot.id  # the one the user saw, even if a backup ran since
        boards = self._plan_boards
        workspace = self.context.services.workspace

        def work(progress: ProgressSink, cancel: CancelToken) -> RestoreResult:
            # The user accepted the Trial warning with the plan (the CLI's --yes).
            return run_restore(workspace, record, snapshot_id, boards, True, progress, cancel)

        self.report = None
        self.report_label.clear()
        self.bar.setRange(0, 0)
        self.phase.setText("Starting…")
        self.job = self.context.runner.start(
            "restore", work, lambda r: self._restored(record, r), self._restore_failed,
            self._progress,
        )  # fmt: skip
        self._update_buttons()
        self.context.notify("Restoring…")

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText("Stopping after the current step…")

    def _progress(self, progress: Progress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.bar.setRange(0, 0)
        if self.cancel_button.isEnabled() or not self.running:
            self.phase.setText(describe_progress(progress))

    def _restored(self, record: AccountRecord, result: RestoreResult) -> None:
        self._job_done()
        if trial_refused(result):
            self._trial_known.add(record.key)
        headline = report_lines(result)[0]
        if record != self.account:  # another account is shown now: say it, show nothing
            self.context.notify(f"{record.username}: {headline}")
            self.context.events.archive_changed.emit()
            self.context.events.job_finished.emit("restore", result.ok, headline)
            self._update_buttons()
            return
        self.report = result
        self.plan = None  # what was missing has changed: check again to see
        self.summary.setText("Check what is missing again to see your account as it is now.")
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if result.ok else 0)
        lines = report_lines(result)
        self.report_label.setText("\n".join(lines))
        self.phase.setText(finished_words(result))
        self._show_report(result)
        self._update_buttons()
        self.context.notify(lines[0])
        self.context.events.archive_changed.emit()
        self.context.events.job_finished.emit("restore", result.ok, lines[0])

    def _show_report(self, result: RestoreResult) -> None:
        self.tree.clear()
        if result.failed:
            failed = QTreeWidgetItem(self.tree, [f"Could not be put back ({len(result.failed):,})",
                                                 ""])  # fmt: skip
            for failure in result.failed[:LISTED_MAX]:
                kind = str(failure.get("kind", ""))
                title = one_line(str(failure.get("title") or "")) or f"Untitled {kind}"
                QTreeWidgetItem(failed, [f"{kind}: {title}", str(failure.get("reason", ""))])
            self._more(failed, len(result.failed))
            failed.setExpanded(True)
        if result.duplicates:
            dupes = QTreeWidgetItem(self.tree, [f"Duplicates ({len(result.duplicates):,})", ""])
            for dupe in result.duplicates[:LISTED_MAX]:
                ids = dupe.get("ids")
                copies = len(ids) if isinstance(ids, list) else 2
                QTreeWidgetItem(dupes, [f"pin: {one_line(str(dupe.get('title') or ''))}",
                                        f"{copies} copies on one board"])  # fmt: skip
            dupes.setExpanded(True)
        if result.plan.cannot:
            cannot = QTreeWidgetItem(self.tree, [
                f"Cannot come back ({len(result.plan.cannot):,})", ""
            ])  # fmt: skip
            for lost in result.plan.cannot[:LISTED_MAX]:
                title = one_line(lost.title) or f"Untitled {lost.kind}"
                QTreeWidgetItem(cannot, [f"{lost.kind}: {title}", lost.reason])
            self._more(cannot, len(result.plan.cannot))
            cannot.setExpanded(True)
        self._fit()

    def _restore_failed(self, error: BaseException) -> None:
        self._job_done()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        sentence = self._sentence(error, "The restore")
        self.phase.setText(sentence)
        self.report_label.setText(sentence)
        self._update_buttons()
        self.context.notify(sentence)
        self.context.events.job_finished.emit("restore", False, sentence)

    def _sentence(self, error: BaseException, what: str) -> str:
        if isinstance(error, MissingScope):
            self.can_write = False
            return NO_WRITE_PERMISSION
        if isinstance(error, RestoreCancelled):
            return error.message
        if isinstance(error, AccountUnavailable):
            return (
                "Pinterest says this account is unavailable, so nothing can be restored "
                "yet. Restore works once Pinterest reinstates the account."
            )
        if isinstance(error, AuthenticationFailed):
            return (
                "Pinterest refused the login: connect the account again in Settings, "
                "with restore permission."
            )
        return f"{what} failed: " + error_sentence(
            error, "an unexpected error (details are in the log file)."
        )

    def _job_done(self) -> None:
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
        if self._refresh_after_job and not self.running:
            self._refresh_after_job = False
            self.refresh()
