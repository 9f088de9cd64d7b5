"""Appeal: a packet to attach to an appeal to Pinterest, made in a few steps on the page:
choose what it documents (what was lost between two snapshots, or everything in the
account), check what goes in, write the statement and contact details, build it (with
progress and Cancel), and find it in the file manager.

Pinterest text (titles, board names, the account's name) is only ever shown as plain
text here; the packet's own report is HTML made by the core's autoescaped templates, and
this page does not display it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.service import (
    MAX_STATEMENT_BYTES,
    BuiltPacket,
    PacketCancelled,
    PacketPreview,
    PacketRequest,
    PacketSources,
    account_sources,
    build_packet,
    default_packet_name,
    preview,
    statement_fits,
)
from creator_backup.archive.records import Snapshot
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, human_size
from creator_backup.gui.pages.backup import describe_progress
from creator_backup.gui.pages.base import Page, PageContext
from creator_backup.gui.widgets import error_sentence, heading, human_time, plain_label
from creator_backup.gui.workers import Job
from creator_backup.render.pdf_report import render_pdf
from creator_backup.render.thumbnails import thumbnail

CHOOSE, PREVIEW, DETAILS, BUILD, DONE = range(5)
STEP_TITLES = {
    CHOOSE: "Step 1 of 4: what the packet documents",
    PREVIEW: "Step 2 of 4: what goes in",
    DETAILS: "Step 3 of 4: your statement and details",
    BUILD: "Step 4 of 4: making the packet",
    DONE: "Done: your packet is ready",
}
INTRO = (
    "An appeal packet is one ZIP file to attach to your appeal to Pinterest. It documents "
    "your boards and pins as your backups saw them: a report to read (PDF and web page), "
    "the pictures and videos, your statement, and checksums anyone can use to check that "
    "nothing was changed. It is made on this computer; nothing is sent anywhere."
)
NO_ACCOUNT = (
    "No account is connected. Connect your Pinterest account in Settings and back it up; "
    "an appeal packet is made from your backups."
)
NO_SNAPSHOT = (
    "There is no complete backup of this account yet, so there is nothing to put in a "
    "packet. Run a backup first."
)
ONLY_ONE = (
    "There is only one complete backup so far. Showing what was lost needs a backup from "
    "before the loss and one from after it; until then the packet can document everything."
)
CONTENTS = (
    "The packet also holds the report (report.pdf and report.html) listing every item "
    "with its dates, a spreadsheet of them (inventory.csv), the data as Pinterest gave it, "
    "your statement, and a list of checksums (VERIFY.txt says how to check them)."
)
DEFAULT_LIMIT_MB = 25.0
LISTED_WIDTH = 200  # characters of a title in the list of what goes in
FALLBACK = "an unexpected error (details are in the log file)."


def one_line(text: str, limit: int = LISTED_WIDTH) -> str:
    """Pinterest text on one line: whitespace and control characters folded."""
    folded = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return folded if len(folded) <= limit else folded[: limit - 1] + "…"


def counted(boards: int, sections: int, pins: int) -> str:
    """ "1 board, 2 sections and 16 pins"; all 0: "nothing"."""
    kinds = ((boards, "board", "boards"), (sections, "section", "sections"), (pins, "pin", "pins"))
    parts = [f"{n:,} {one if n == 1 else many}" for n, one, many in kinds if n]
    if not parts:
        return "nothing"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def snapshot_words(snapshot: Snapshot) -> str:
    return f"snapshot {snapshot.id} ({human_time(snapshot.started_at)})"


def snapshot_choice(snapshot: Snapshot, sources: PacketSources) -> str:
    words = f"Snapshot {snapshot.id}, {human_time(snapshot.started_at)}"
    if snapshot.kind == "data_export":
        words += " (Pinterest data export)"
    if sources.unavailable_since and sources.whole is not None and snapshot.id == sources.whole.id:
        words += " (before the account was lost)"
    return words


def media_words(files: int, size: int) -> str:
    if not files:
        return "no pictures or videos"
    what = "picture or video" if files == 1 else "pictures and videos"
    return f"{files:,} {what} ({human_size(size)})"


def preview_lines(found: PacketPreview) -> list[str]:
    """The preview, in sentences (the account's name is Pinterest text: plain only)."""
    what = counted(found.boards, found.sections, found.pins)
    if found.mode == "lost" and found.older is not None:
        span = f"between {snapshot_words(found.older)} and {snapshot_words(found.newer)}"
        if found.nothing_lost:
            return [
                f"Nothing was lost {span}: the second has every board, section and pin the "
                "first has.",
                "Go back and choose other snapshots, or Everything in the account.",
            ]
        media = media_words(found.media_files, found.media_bytes)
        lines = [f"What was lost {span}: {what}, with {media}."]
    else:
        who = f" {one_line(found.username, 80)}" if found.username else ""
        lines = [
            f"Everything in the account{who} as backed up in {snapshot_words(found.newer)}: "
            f"{what}, with {media_words(found.media_files, found.media_bytes)}."
        ]
    if found.unavailable_since:
        when = human_time(found.unavailable_since)
        lines.append(f"Pinterest said the account was unavailable on {when}; the report says so.")
    lines.append(CONTENTS)
    return lines


def item_line(kind: str, title: str, board: str) -> str:
    line = f"{kind}: {one_line(title) or 'Untitled ' + kind}"
    if kind != "board" and board:
        line += f"  (board: {one_line(board, 80)})"
    return line


def done_lines(built: BuiltPacket, limit_mb: float | None) -> list[str]:
    result = built.result
    what = "what was lost" if built.mode == "lost" else "everything in the account"
    lines = [
        f"Saved as {result.path} ({human_size(result.size)}).",
        f"It documents {what}: {counted(built.boards, built.sections, built.pins)}, with "
        f"{result.media_files:,} pictures and videos.",
    ]
    if result.full_path is not None:
        lines.append(
            f"It did not fit in {limit_mb:g} MB, so it holds small thumbnails instead of the "
            f"pictures and videos. The full packet is beside it: {result.full_path} "
            f"({human_size(result.full_size or 0)})."
        )
    if not result.fits:
        lines.append(
            f"Even with no pictures it is over {limit_mb:g} MB: send the full packet another "
            "way (a file-sharing link), or make one packet per board."
        )
    lines.append(
        "Attach the ZIP file to your appeal as it is. To read the report first, open "
        "report.pdf inside it."
    )
    return lines


def single_line(text: str) -> str:
    """A contact field on one line: the packet's bag-info.txt is one field per line."""
    return " ".join(text.split())


@dataclass(frozen=True)
class _Choice:
    mode: str
    from_snapshot: int | None
    to_snapshot: int | None


class AppealPage(Page):
    title = "Appeal"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.job: Job | None = None  # the build
        self.sources = PacketSources()
        self.found: PacketPreview | None = None  # the preview shown, for the choice made
        self.built: BuiltPacket | None = None
        # The renderers the packet is drawn with (QtGui; the core takes them as given).
        self.thumbnailer: Thumbnailer = thumbnail
        self.pdf_renderer: PdfRenderer = render_pdf
        self._loads = 0  # answers to an older load are dropped
        self._previews = 0
        self._mode_chosen = False  # the user chose the mode: refreshes keep it
        self._picked: dict[QComboBox, object] = {}  # snapshots the user chose: kept too
        self._path_confirmed: Path | None = None  # chosen in the save dialog (it asks to replace)
        self._refresh_after_job = False
        self._limit_used: float | None = None
        self._out_used: Path | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Appeal"))
        intro = plain_label(INTRO, selectable=False)
        layout.addWidget(intro)
        self.empty: QLabel = plain_label("")
        self.empty.setAccessibleName("Nothing to put in a packet")
        layout.addWidget(self.empty)

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        self.step_label: QLabel = heading(STEP_TITLES[CHOOSE], scale=1.1)
        self.step_label.setAccessibleName("Appeal step")
        column.addWidget(self.step_label)
        self.steps = QStackedWidget()
        self.steps.addWidget(self._choose_step())
        self.steps.addWidget(self._preview_step())
        self.steps.addWidget(self._details_step())
        self.steps.addWidget(self._build_step())
        self.steps.addWidget(self._done_step())
        column.addWidget(self.steps, 1)
        self.message: QLabel = plain_label("")
        self.message.setAccessibleName("Appeal message")
        column.addWidget(self.message)
        nav = QHBoxLayout()
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        self.nav = QWidget()
        self.nav.setLayout(nav)
        nav.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.nav)
        layout.addWidget(self.body, 1)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        context.events.archive_changed.connect(self.refresh)
        self._show_empty(NO_ACCOUNT)

    # -- the steps' widgets ------------------------------------------------------------------

    def _choose_step(self) -> QWidget:
        step = QWidget()
        column = QVBoxLayout(step)
        column.setContentsMargins(0, 0, 0, 0)
        self.lost_radio = QRadioButton("What was &lost between two snapshots")
        self.all_radio = QRadioButton("&Everything in the account")
        self.lost_radio.setToolTip("Only what one backup had and a later one did not")
        self.all_radio.setToolTip("For an account that is suspended or deactivated")
        self.mode_group = QButtonGroup(step)
        self.mode_group.addButton(self.lost_radio)
        self.mode_group.addButton(self.all_radio)
        self.lost_radio.setChecked(True)
        self.from_box = self._snapshot_box("Last good snapshot (from)")
        self.to_box = self._snapshot_box("Snapshot that shows the loss (to)")
        self.whole_box = self._snapshot_box("Snapshot to document")
        lost_form = QFormLayout()
        lost_form.setContentsMargins(24, 0, 0, 0)
        lost_form.addRow(self._buddy("Fr&om:", self.from_box), self.from_box)
        lost_form.addRow(self._buddy("&To:", self.to_box), self.to_box)
        all_form = QFormLayout()
        all_form.setContentsMargins(24, 0, 0, 0)
        all_form.addRow(self._buddy("&As backed up in:", self.whole_box), self.whole_box)
        column.addWidget(self.lost_radio)
        column.addLayout(lost_form)
        column.addWidget(self.all_radio)
        column.addLayout(all_form)
        self.choose_note: QLabel = plain_label("")
        self.choose_note.setAccessibleName("About this choice")
        self.choose_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_note.hide()
        column.addWidget(self.choose_note)
        column.addStretch(1)
        for radio in (self.lost_radio, self.all_radio):
            radio.clicked.connect(self._mode_clicked)  # the user's choice (mouse or keys)
        self.lost_radio.toggled.connect(lambda _on: self._update_buttons())
        for box in (self.from_box, self.to_box, self.whole_box):
            box.currentIndexChanged.connect(lambda _i: self._forget_preview())
            # Only the user's own picks (activated) are kept over the defaults.
            box.activated.connect(lambda _i, b=box: self._picked.__setitem__(b, b.currentData()))
        return step

    def _snapshot_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(40)
        return box

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)  # the app's own words, with a mnemonic for the keyboard
        label.setBuddy(widget)
        return label

    def _preview_step(self) -> QWidget:
        step = QWidget()
        column = QVBoxLayout(step)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary: QLabel = plain_label("")
        self.summary.setAccessibleName("What goes in the packet")
        column.addWidget(self.summary)
        self.items_view = QPlainTextEdit()
        self.items_view.setReadOnly(True)
        self.items_view.setAccessibleName("Items in the packet")
        self.items_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.items_view.setTabChangesFocus(True)
        column.addWidget(self.items_view, 1)
        return step

    def _details_step(self) -> QWidget:
        step = QWidget()
        form = QFormLayout(step)
        form.setContentsMargins(0, 0, 0, 0)
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName("Statement")
        self.statement.setPlaceholderText(
            "In your own words: who you are, what was removed, and why it does not break "
            "Pinterest's rules (for example: these are my own designs, made in 2019)."
        )
        self.statement.setTabChangesFocus(True)  # Tab moves on; the statement is plain text
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Your name")
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName("Your email address")
        self.case_edit = QLineEdit()
        self.case_edit.setAccessibleName("Case reference")
        self.case_edit.setPlaceholderText("If Pinterest gave you one")
        self.limit_check = QCheckBox("Keep it under a size &limit")
        self.limit_check.setToolTip("Appeal forms and email limit how big an attachment can be")
        self.limit_box = QDoubleSpinBox()
        self.limit_box.setAccessibleName("Size limit in megabytes")
        self.limit_box.setRange(0.1, 100_000)
        self.limit_box.setDecimals(1)
        self.limit_box.setSuffix(" MB")
        self.limit_box.setValue(DEFAULT_LIMIT_MB)
        self.limit_box.setEnabled(False)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit_check)
        limit_row.addWidget(self.limit_box)
        limit_row.addStretch(1)
        self.limit_note: QLabel = plain_label("", selectable=False)
        self.limit_note.setAccessibleName("About the size limit")
        self.out_edit = QLineEdit()
        self.out_edit.setAccessibleName("Save the packet as")
        self.browse_button = QPushButton("Choos&e…")
        self.browse_button.setAccessibleName("Choose where to save the packet")
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        form.addRow(self._buddy("&Statement:", self.statement), self.statement)
        form.addRow(self._buddy("Your n&ame:", self.name_edit), self.name_edit)
        form.addRow(self._buddy("E&mail:", self.email_edit), self.email_edit)
        form.addRow(self._buddy("Case &reference:", self.case_edit), self.case_edit)
        form.addRow("", limit_row)
        form.addRow("", self.limit_note)
        form.addRow(self._buddy("Save &to:", self.out_edit), out_row)
        self.limit_check.toggled.connect(self.limit_box.setEnabled)
        self.limit_check.toggled.connect(lambda _on: self._update_limit_note())
        self.limit_box.valueChanged.connect(lambda _v: self._update_limit_note())
        self.browse_button.clicked.connect(self.choose_file)
        self.out_edit.textEdited.connect(lambda _t: setattr(self, "_path_confirmed", None))
        return step

    def _build_step(self) -> QWidget:
        step = QWidget()
        column = QVBoxLayout(step)
        column.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Packet progress")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.phase: QLabel = plain_label("", selectable=False)
        self.phase.setAccessibleName("Packet phase")
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setToolTip("Stop; no packet is written")
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        column.addWidget(self.bar)
        column.addWidget(self.phase)
        column.addLayout(row)
        column.addStretch(1)
        self.cancel_button.clicked.connect(self.cancel)
        return step

    def _done_step(self) -> QWidget:
        step = QWidget()
        column = QVBoxLayout(step)
        column.setContentsMargins(0, 0, 0, 0)
        self.done_label: QLabel = plain_label("")
        self.done_label.setAccessibleName("The packet")
        self.show_button = QPushButton("&Show in folder")
        self.show_button.setToolTip("Open the folder that holds the packet")
        self.again_button = QPushButton("Build &another")
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.again_button)
        row.addStretch(1)
        column.addWidget(self.done_label)
        column.addLayout(row)
        column.addStretch(1)
        self.show_button.clicked.connect(self.show_in_folder)
        self.again_button.clicked.connect(self.build_another)
        return step

    # -- state -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    @property
    def mode(self) -> str:
        return "all" if self.all_radio.isChecked() else "lost"

    def _go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.step_label.setText(STEP_TITLES[step])
        self.step_label.setAccessibleName(STEP_TITLES[step])
        self._update_buttons()
        if not self.isVisible():
            return  # a page not shown takes no focus from the one that is
        first: QWidget = {
            CHOOSE: self.all_radio if self.all_radio.isChecked() else self.lost_radio,
            PREVIEW: self.next_button if self.next_button.isEnabled() else self.back_button,
            DETAILS: self.statement,
            BUILD: self.cancel_button,
            DONE: self.show_button,
        }[step]
        first.setFocus()

    def _update_buttons(self) -> None:
        step = self.step
        self.nav.setVisible(step in (CHOOSE, PREVIEW, DETAILS))
        self.back_button.setEnabled(step in (PREVIEW, DETAILS))
        if step == CHOOSE:
            ready = self._choice() is not None
        elif step == PREVIEW:
            ready = self.found is not None and not self.found.nothing_lost and self.found.total > 0
        else:
            ready = step == DETAILS and not self.running
        self.next_button.setEnabled(ready and self.account is not None)
        self.next_button.setText("B&uild the packet" if step == DETAILS else "&Next")
        lost_ok = len(self.sources.snapshots) >= 2
        self.lost_radio.setEnabled(lost_ok)
        self.from_box.setEnabled(lost_ok and self.lost_radio.isChecked())
        self.to_box.setEnabled(lost_ok and self.lost_radio.isChecked())
        self.whole_box.setEnabled(self.all_radio.isChecked())
        self.cancel_button.setEnabled(self.running and not self.job_cancelled)

    @property
    def job_cancelled(self) -> bool:
        return self.job is not None and self.job.token.is_set()

    def _show_empty(self, sentence: str) -> None:
        self.empty.setText(sentence)
        self.empty.show()
        self.body.hide()
        self._update_buttons()

    def _reset(self) -> None:
        """Back to the first step, for another account."""
        self.sources = PacketSources()
        self.found = None
        self.built = None
        self._mode_chosen = False
        self._picked.clear()
        self._path_confirmed = None
        self.out_edit.clear()
        self.message.clear()
        for box in (self.from_box, self.to_box, self.whole_box):
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
        self._go(CHOOSE)

    def set_account(self, record: AccountRecord | None) -> None:
        changed = record != self.account
        self.account = record
        if changed and not self.running:
            self._reset()
        self.refresh()

    def refresh(self) -> None:
        record = self.account
        if self.running:
            self._refresh_after_job = True  # the packet is being made from what was read
            return
        self._loads += 1
        load = self._loads
        if record is None:
            self._show_empty(NO_ACCOUNT)
            return
        workspace = self.context.services.workspace
        self.context.runner.submit(
            lambda: account_sources(workspace, record),
            lambda sources: self._show_sources(load, record, sources),
            lambda error: self._load_failed(load, error),
        )

    def _show_sources(self, load: int, record: AccountRecord, sources: PacketSources) -> None:
        if load != self._loads or record != self.account or self.running:
            return
        if not sources.snapshots:
            self.sources = sources
            self._show_empty(NO_SNAPSHOT)
            return
        newly_unavailable = bool(sources.unavailable_since) and not self.sources.unavailable_since
        self.sources = sources
        self.empty.hide()
        self.body.show()
        self._fill(self.from_box, sources.snapshots[:-1], sources.lost_from)
        self._fill(self.to_box, sources.snapshots[1:], sources.lost_to)
        self._fill(self.whole_box, sources.snapshots, sources.whole)
        if not self._mode_chosen or newly_unavailable or len(sources.snapshots) < 2:
            (self.all_radio if sources.default_mode == "all" else self.lost_radio).setChecked(True)
        self._show_choose_note()
        self._update_buttons()

    def _fill(self, box: QComboBox, snapshots: list[Snapshot], default: Snapshot | None) -> None:
        """The snapshots, newest first: the one the user chose while it is there, else the
        default (which moves on as backups are made)."""
        box.blockSignals(True)
        box.clear()
        for snapshot in reversed(snapshots):
            box.addItem(snapshot_choice(snapshot, self.sources), snapshot.id)
        index = box.findData(self._picked.get(box))
        if index < 0 and default is not None:
            index = box.findData(default.id)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def _show_choose_note(self) -> None:
        notes = []
        if self.sources.unavailable_since:
            baseline = self.sources.whole
            notes.append(
                "Pinterest said this account was unavailable on "
                f"{human_time(self.sources.unavailable_since)}. The packet documents "
                "everything in it"
                + (f", as backed up in {snapshot_words(baseline)}." if baseline else ".")
            )
        if self.sources.lost_to is None:
            notes.append(ONLY_ONE)
        self.choose_note.setText("\n\n".join(notes))
        self.choose_note.setVisible(bool(notes))

    def _load_failed(self, load: int, error: BaseException) -> None:
        if load == self._loads:
            self.message.setText(error_sentence(error, "The archive could not be read."))

    def _mode_clicked(self) -> None:
        self._mode_chosen = True
        self._forget_preview()

    def _forget_preview(self) -> None:
        self.found = None
        self._update_buttons()

    def _choice(self) -> _Choice | None:
        if self.mode == "all":
            snapshot = self.whole_box.currentData()
            return _Choice("all", None, snapshot) if isinstance(snapshot, int) else None
        older, newer = self.from_box.currentData(), self.to_box.currentData()
        if isinstance(older, int) and isinstance(newer, int):
            return _Choice("lost", older, newer)
        return None

    # -- moving through the steps ------------------------------------------------------------

    def back(self) -> None:
        if self.step in (PREVIEW, DETAILS) and not self.running:
            self.message.clear()
            self._go(self.step - 1)

    def next(self) -> None:
        if not self.next_button.isEnabled():
            return
        if self.step == CHOOSE:
            self.check()
        elif self.step == PREVIEW:
            self.message.clear()
            if not self.out_edit.text().strip():
                self.out_edit.setText(str(self.default_path()))
            self._update_limit_note()
            self._go(DETAILS)
        elif self.step == DETAILS:
            self.build()

    def check(self) -> None:
        """Step 2: counts what the choice puts in the packet, off the UI thread."""
        record, choice = self.account, self._choice()
        if record is None or choice is None:
            return
        if choice.mode == "lost" and choice.from_snapshot == choice.to_snapshot:
            self.message.setText("Choose two different snapshots: an older one, then a newer one.")
            return
        self.message.clear()
        self.found = None
        self._previews += 1
        asked = self._previews
        self.summary.setText("Counting what goes in the packet…")
        self.items_view.clear()
        self._go(PREVIEW)
        workspace = self.context.services.workspace
        request = PacketRequest(choice.mode, choice.from_snapshot, choice.to_snapshot)

        def work() -> PacketPreview:
            with workspace.reading(record) as archive:
                return preview(archive, request)

        self.context.runner.submit(
            work,
            lambda found: self._previewed(asked, record, found),
            lambda error: self._preview_failed(asked, error),
        )

    def _previewed(self, asked: int, record: AccountRecord, found: PacketPreview) -> None:
        if asked != self._previews or record != self.account or self.step != PREVIEW:
            return
        self.found = found
        self.summary.setText("\n\n".join(preview_lines(found)))
        lines = [item_line(i.kind, i.title, i.board_name) for i in found.items]
        if found.total > len(found.items):
            lines.append(f"… and {found.total - len(found.items):,} more (all are in the packet)")
        self.items_view.setPlainText("\n".join(lines))
        self._update_buttons()
        if self.next_button.isEnabled():
            self.next_button.setFocus()
        else:
            self.back_button.setFocus()

    def _preview_failed(self, asked: int, error: BaseException) -> None:
        if asked != self._previews or self.step != PREVIEW:
            return
        self.summary.setText(error_sentence(error, "The archive could not be read."))
        self._update_buttons()
        self.back_button.setFocus()

    # -- step 3: details ---------------------------------------------------------------------

    def default_path(self) -> Path:
        """appeal-packet-<date>.zip in Documents (else the home folder), not over a file."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        name = Path(default_packet_name())
        path = base / name
        number = 2
        while path.exists() or path.with_name(f"{path.stem}-full.zip").exists():
            path = base / f"{name.stem}-{number}{name.suffix}"
            number += 1
        return path

    def choose_file(self) -> None:
        current = self.out_edit.text().strip() or str(self.default_path())
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the appeal packet", current, "ZIP files (*.zip)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
            self._path_confirmed = None  # a different file than the dialog asked about
        else:
            self._path_confirmed = path
        self.out_edit.setText(str(path))

    def _limit(self) -> float | None:
        return self.limit_box.value() if self.limit_check.isChecked() else None

    def _update_limit_note(self) -> None:
        limit, found = self._limit(), self.found
        if limit is None or found is None:
            self.limit_note.setText(
                "With no limit, the packet holds every picture and video as you backed it up."
            )
        elif found.media_bytes > limit * 1_000_000:
            self.limit_note.setText(
                f"The pictures and videos come to {human_size(found.media_bytes)}, more than "
                f"{limit:g} MB: the packet gets small thumbnails instead, and the full packet "
                "is saved beside it to send another way."
            )
        else:
            self.limit_note.setText(
                "If the packet is over the limit, it gets small thumbnails instead of the "
                "pictures and videos, and the full packet is saved beside it."
            )

    def _out_path(self) -> Path | None:
        text = self.out_edit.text().strip()
        if not text:
            self.message.setText("Choose where to save the packet.")
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
            self.out_edit.setText(str(path))
        if not path.is_absolute():
            self.message.setText("Give the full place to save the packet, or use Choose.")
            return None
        if path.is_dir():
            self.message.setText("That is a folder: give the packet a file name ending in .zip.")
            return None
        if path.exists() and path != self._path_confirmed and not self.confirm_replace(path):
            self.message.setText("Not replaced: choose another name for the packet.")
            return None
        return path

    def confirm_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            "Replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it with the new packet?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- step 4: the build -------------------------------------------------------------------

    def build(self) -> None:
        record, found = self.account, self.found
        if record is None or found is None or self.running:
            return
        statement = self.statement.toPlainText()
        if not statement_fits(statement):
            self.message.setText(
                f"The statement is longer than {MAX_STATEMENT_BYTES // 1000} KB; shorten it."
            )
            self.statement.setFocus()
            return
        email = single_line(self.email_edit.text())
        if email and "@" not in email:
            self.message.setText("The email address needs an @, like ann@example.com.")
            self.email_edit.setFocus()
            return
        out = self._out_path()
        if out is None:
            return
        older, newer = found.snapshot_ids
        request = PacketRequest(
            mode=found.mode,
            from_snapshot=older,
            to_snapshot=newer,  # the snapshots the user saw, even if a backup ran since
            details=PacketDetails(
                contact_name=single_line(self.name_edit.text()),
                contact_email=email,
                case_ref=single_line(self.case_edit.text()),
                statement=statement,
            ),
            out=out,
            max_size_mb=self._limit(),
        )
        workspace = self.context.services.workspace
        thumbnailer, pdf_renderer = self.thumbnailer, self.pdf_renderer

        def work(progress: ProgressSink, cancel: CancelToken) -> BuiltPacket:
            with workspace.reading(record) as archive:
                return build_packet(archive, request, thumbnailer, pdf_renderer, progress, cancel)

        self.message.clear()
        self.built = None
        self._limit_used = request.max_size_mb
        self._out_used = out
        self.bar.setRange(0, 0)  # busy until a count arrives
        self.phase.setText("Starting…")
        self.job = self.context.runner.start(
            "appeal", work, self._built, self._build_failed, self._progress
        )
        self._go(BUILD)
        self.context.notify("Making the appeal packet…")

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText("Stopping after the current step…")

    def _progress(self, progress: Progress) -> None:
        if self.job_cancelled:
            return
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(min(progress.done, progress.total))
        else:
            self.bar.setRange(0, 0)
        self.phase.setText(describe_progress(progress))

    def _built(self, built: BuiltPacket) -> None:
        self.built = built
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        lines = done_lines(built, self._limit_used)
        self.done_label.setText("\n\n".join(lines))
        self.phase.setText("Done.")
        self._path_confirmed = None
        sentence = f"The appeal packet is ready: {built.result.path.name}."
        self._go(DONE)
        self.context.notify(sentence)
        self.context.events.job_finished.emit("appeal", built.result.fits, sentence)
        self._after_job()

    def _build_failed(self, error: BaseException) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        if isinstance(error, PacketCancelled):
            sentence = "Cancelled: no packet was written."
        elif isinstance(error, OSError) and self._out_used is not None:
            # The folder chosen refused the file (no permission, a full disk, a lost drive).
            reason = error.strerror or "the system refused it"
            sentence = (
                f"The packet could not be saved in {self._out_used.parent} ({reason}); "
                "nothing was written there. Choose another folder, or free some space."
            )
        else:
            sentence = "The packet could not be made: " + error_sentence(error, FALLBACK)
        self.phase.setText(sentence)
        self._go(DETAILS)
        self.message.setText(sentence)
        self.context.notify(sentence)
        self.context.events.job_finished.emit("appeal", False, sentence)
        self._after_job()

    def _after_job(self) -> None:
        if self._refresh_after_job and not self.running:
            self._refresh_after_job = False
            self.refresh()

    # -- step 5: done ------------------------------------------------------------------------

    def show_in_folder(self) -> None:
        if self.built is None:
            return
        folder = self.built.result.path.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.message.setText(f"The folder could not be opened; the packet is in {folder}.")

    def build_another(self) -> None:
        """Back to the first step; the statement and contact details stay filled in."""
        self.built = None
        self.found = None
        self.message.clear()
        self.out_edit.clear()
        self._go(CHOOSE)
        self.refresh()
