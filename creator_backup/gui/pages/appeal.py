"""Appeal: a packet to attach to an appeal to Pinterest, made in a few steps on the page:
choose what it documents (what was lost between two snapshots, or everything in the
account), check what goes in, write the statement and contact details, build it (with
progress and Cancel), and find it in the file manager.

Pinterest text (titles, board names, the account's name) is only ever shown as plain
text here; the packet's own report is HTML made by the core's autoescaped templates, and
this page does not display it.

The page moves between the steps and runs the jobs; each step's widgets are in
appeal_steps (step 3's in appeal_details), what the page says in appeal_words, and the
jobs' work in appeal_jobs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from creator_backup.appeal.packet import PdfRenderer, Thumbnailer
from creator_backup.appeal.service import (
    BuiltPacket,
    PacketPreview,
    PacketRequest,
    PacketSources,
    extract_report,
)
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.appeal_details import DetailsStep
from creator_backup.gui.appeal_jobs import Pictures, build_work, pictures_work, preview_work
from creator_backup.gui.appeal_steps import (
    PICTURE_SIDE,
    PREVIEW_PICTURES,
    BuildStep,
    ChooseStep,
    DoneStep,
    PreviewStep,
)
from creator_backup.gui.appeal_words import (
    choose_notes,
    done_lines,
    failure_sentence,
    item_lines,
    preview_lines,
)
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import Progress
from creator_backup.render.pdf_report import render_pdf
from creator_backup.render.thumbnails import thumbnail
from creator_backup.words import one_line

# one_line is the shared words' (creator_backup.words), named here too.
__all__ = ["BUILD", "CHOOSE", "DETAILS", "DONE", "PREVIEW", "AppealPage", "intro",
           "no_account", "no_snapshot", "one_line", "step_title"]  # fmt: skip

CHOOSE, PREVIEW, DETAILS, BUILD, DONE = range(5)


# The page's words, looked up when shown (in the language installed by then).
def step_title(step: int) -> str:
    if step == CHOOSE:
        return translate("AppealPage", "Step 1 of 4: what the packet documents")
    if step == PREVIEW:
        return translate("AppealPage", "Step 2 of 4: what goes in")
    if step == DETAILS:
        return translate("AppealPage", "Step 3 of 4: your statement and details")
    if step == BUILD:
        return translate("AppealPage", "Step 4 of 4: making the packet")
    return translate("AppealPage", "Done: your packet is ready")


def intro() -> str:
    return translate(
        "AppealPage",
        "An appeal packet is one ZIP file to attach to your appeal to Pinterest. It documents "
        "your boards and pins as your backups saw them: a report to read (PDF and web page), "
        "the pictures and videos, your statement, and checksums anyone can use to check that "
        "nothing was changed. It is made on this computer; nothing is sent anywhere.",
    )


def no_account() -> str:
    return translate(
        "AppealPage",
        "No account is connected. Connect your Pinterest account in Settings and back it up; "
        "an appeal packet is made from your backups.",
    )


def no_snapshot() -> str:
    return translate(
        "AppealPage",
        "There is no complete backup of this account yet, so there is nothing to put in a "
        "packet. Run a backup first.",
    )


class AppealPage(Page):
    page_id = PageId.APPEAL

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
        self._refresh_after_job = False
        self._limit_used: float | None = None
        self._out_used: Path | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Appeal packet")))
        intro_label = plain_label(intro(), selectable=False)
        layout.addWidget(intro_label)
        self.empty: QLabel = plain_label("")
        self.empty.setAccessibleName(self.tr("Nothing to put in a packet"))
        layout.addWidget(self.empty)

        self.body = QWidget()
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        self.step_label: QLabel = heading(step_title(CHOOSE), scale=1.1)
        self.step_label.setAccessibleName(self.tr("Appeal step"))
        column.addWidget(self.step_label)
        self.steps = QStackedWidget()
        self.choose_step = ChooseStep()
        self.preview_step = PreviewStep()
        self.details_step = DetailsStep(context.services.dialogs)
        self.details_step.originals_requested.connect(context.events.originals_requested.emit)
        self.build_step = BuildStep()
        self.done_step = DoneStep()
        for step in (self.choose_step, self.preview_step, self.details_step, self.build_step,
                     self.done_step):  # fmt: skip
            self.steps.addWidget(step)
        self._name_controls()
        column.addWidget(self.steps, 1)
        self.message: QLabel = plain_label("")
        self.message.setAccessibleName(self.tr("Appeal message"))
        column.addWidget(self.message)
        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("&Back"))
        self.next_button = QPushButton(self.tr("&Next"))
        nav.addStretch(1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        self.nav = QWidget()
        self.nav.setLayout(nav)
        nav.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.nav)
        layout.addWidget(self.body, 1)

        self._connect_steps()
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        context.events.archive_changed.connect(self.refresh)
        self._show_empty(no_account())

    def _name_controls(self) -> None:
        """The steps' controls, as attributes of the page too: the page (and its tests) use
        them by these names."""
        choose, details = self.choose_step, self.details_step
        self.lost_radio, self.all_radio = choose.lost_radio, choose.all_radio
        self.mode_group = choose.mode_group
        self.from_box, self.to_box, self.whole_box = choose.boxes
        self.choose_note = choose.choose_note
        self.summary, self.items_view = self.preview_step.summary, self.preview_step.items_view
        self.statement, self.name_edit = details.statement, details.name_edit
        self.email_edit, self.case_edit = details.email_edit, details.case_edit
        self.limit_check, self.limit_box = details.limit_check, details.limit_box
        self.limit_note = details.limit_note
        self.out_edit, self.browse_button = details.out_edit, details.browse_button
        self.shared_check = details.shared_check
        self.bar, self.phase = self.build_step.bar, self.build_step.phase
        self.cancel_button = self.build_step.cancel_button
        self.pictures = self.preview_step.pictures
        self.done_label = self.done_step.done_label
        self.open_button = self.done_step.open_button
        self.show_button = self.done_step.show_button
        self.again_button = self.done_step.again_button

    def _connect_steps(self) -> None:
        for radio in (self.lost_radio, self.all_radio):
            radio.clicked.connect(self._mode_clicked)  # the user's choice (mouse or keys)
        self.lost_radio.toggled.connect(lambda _on: self._update_buttons())
        for box in self.choose_step.boxes:
            box.currentIndexChanged.connect(lambda _i: self._forget_preview())
        self.limit_check.toggled.connect(lambda _on: self._update_limit_note())
        self.limit_box.valueChanged.connect(lambda _v: self._update_limit_note())
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button.clicked.connect(self.open_report)
        self.show_button.clicked.connect(self.show_in_folder)
        self.again_button.clicked.connect(self.build_another)

    # -- state -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.running

    @property
    def step(self) -> int:
        return self.steps.currentIndex()

    @property
    def mode(self) -> str:
        return self.choose_step.mode

    def _go(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.step_label.setText(step_title(step))
        self.step_label.setAccessibleName(step_title(step))
        self._update_buttons()
        if not self.isVisible():
            return  # a page not shown takes no focus from the one that is
        first: QWidget = {
            CHOOSE: self.all_radio if self.all_radio.isChecked() else self.lost_radio,
            PREVIEW: self.next_button if self.next_button.isEnabled() else self.back_button,
            DETAILS: self.statement,
            BUILD: self.cancel_button,
            DONE: self.open_button,
        }[step]
        first.setFocus()

    def _update_buttons(self) -> None:
        step = self.step
        self.nav.setVisible(step in (CHOOSE, PREVIEW, DETAILS))
        self.back_button.setEnabled(step in (PREVIEW, DETAILS))
        if step == CHOOSE:
            ready = self.choose_step.choice() is not None
        elif step == PREVIEW:
            ready = self.found is not None and not self.found.nothing_lost and self.found.total > 0
        else:
            ready = step == DETAILS and not self.running
        self.next_button.setEnabled(ready and self.account is not None)
        self.next_button.setText(
            self.tr("B&uild the packet") if step == DETAILS else self.tr("&Next")
        )
        self.choose_step.enable(lost_ok=len(self.sources.snapshots) >= 2)
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
        self.details_step.forget_path()
        self.message.clear()
        self.choose_step.clear()
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
            self._show_empty(no_account())
            return
        app = self.context.services.app
        self.context.runner.submit(
            lambda: app.appeals.sources(record),
            lambda sources: self._show_sources(load, record, sources),
            lambda error: self._load_failed(load, error),
        )

    def _show_sources(self, load: int, record: AccountRecord, sources: PacketSources) -> None:
        if load != self._loads or record != self.account or self.running:
            return
        if not sources.snapshots:
            self.sources = sources
            self._show_empty(no_snapshot())
            return
        newly_unavailable = bool(sources.unavailable_since) and not self.sources.unavailable_since
        self.sources = sources
        self.empty.hide()
        self.body.show()
        self.choose_step.fill(sources)
        if not self._mode_chosen or newly_unavailable or len(sources.snapshots) < 2:
            (self.all_radio if sources.default_mode == "all" else self.lost_radio).setChecked(True)
        self.choose_step.show_notes(choose_notes(sources))
        self._update_buttons()

    def _load_failed(self, load: int, error: BaseException) -> None:
        if load == self._loads:
            self.message.setText(error_sentence(error, self.tr("The archive could not be read.")))

    def document_loss(self, older: int, newer: int) -> None:
        """Opens the packet at its first step with what was lost between these snapshots
        chosen (History's "Build an appeal packet of what is gone"). Nothing happens while
        a packet is being built."""
        if self.running:
            return
        step = self.choose_step
        step.picked[step.from_box] = older
        step.picked[step.to_box] = newer
        self._mode_chosen = True
        self.lost_radio.setChecked(True)
        self._forget_preview()
        self.message.clear()
        self._go(CHOOSE)
        self.refresh()  # fills the boxes, keeping the snapshots picked here

    def _mode_clicked(self) -> None:
        self._mode_chosen = True
        self._forget_preview()

    def _forget_preview(self) -> None:
        self.found = None
        self._update_buttons()

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
            self.details_step.suggest_path()
            self.details_step.allow_stamps(self.context.services.settings.load().timestamps)
            self._update_limit_note()
            self._go(DETAILS)
        elif self.step == DETAILS:
            self.build()

    def check(self) -> None:
        """Step 2: counts what the choice puts in the packet, off the UI thread."""
        record, choice = self.account, self.choose_step.choice()
        if record is None or choice is None:
            return
        if choice.mode == "lost" and choice.from_snapshot == choice.to_snapshot:
            self.message.setText(
                self.tr("Choose two different snapshots: an older one, then a newer one.")
            )
            return
        self.message.clear()
        self.found = None
        self._previews += 1
        asked = self._previews
        self.summary.setText(self.tr("Counting what goes in the packet…"))
        self.items_view.clear()
        self.preview_step.clear_pictures()
        self._go(PREVIEW)
        app = self.context.services.app
        request = PacketRequest(choice.mode, choice.from_snapshot, choice.to_snapshot)
        self.context.runner.submit(
            preview_work(app, record, request),
            lambda found: self._previewed(asked, record, found),
            lambda error: self._preview_failed(asked, error),
        )

    def _previewed(self, asked: int, record: AccountRecord, found: PacketPreview) -> None:
        if asked != self._previews or record != self.account or self.step != PREVIEW:
            return
        self.found = found
        self.summary.setText("\n\n".join(preview_lines(found)))
        self.items_view.setPlainText("\n".join(item_lines(found)))
        self._update_buttons()
        self.context.runner.submit(
            pictures_work(found, PREVIEW_PICTURES, PICTURE_SIDE),
            lambda pictures: self._pictures_ready(asked, pictures),
            lambda _error: None,  # the preview stands without its pictures
        )
        if self.next_button.isEnabled():
            self.next_button.setFocus()
        else:
            self.back_button.setFocus()

    def _pictures_ready(self, asked: int, pictures: Pictures) -> None:
        if asked == self._previews and self.step == PREVIEW:
            self.preview_step.show_pictures(pictures)

    def _preview_failed(self, asked: int, error: BaseException) -> None:
        if asked != self._previews or self.step != PREVIEW:
            return
        self.summary.setText(error_sentence(error, self.tr("The archive could not be read.")))
        self._update_buttons()
        self.back_button.setFocus()

    # -- step 3: details ---------------------------------------------------------------------

    def _update_limit_note(self) -> None:
        self.details_step.show_limit_note(self.found)

    # -- step 4: the build -------------------------------------------------------------------

    def build(self) -> None:
        record, found = self.account, self.found
        if record is None or found is None or self.running:
            return
        details = self.details_step
        out = details.problem() or details.out_path()  # the path, or why there is none yet
        if isinstance(out, str):
            self.message.setText(out)
            return
        older, newer = found.snapshot_ids
        request = PacketRequest(
            mode=found.mode,
            from_snapshot=older,
            to_snapshot=newer,  # the snapshots the user saw, even if a backup ran since
            details=details.details(),
            out=out,
            max_size_mb=details.limit(),
            private=details.private(),
            timestamp=details.timestamp(),
            sign=details.sign(),
            # The creator's key is kept where their login is (a file only if they chose it).
            key_storage="file" if record.storage == "file" else "keyring",
        )
        app = self.context.services.app
        work = build_work(app, record, request, self.thumbnailer, self.pdf_renderer)
        self.message.clear()
        self.built = None
        self._limit_used = request.max_size_mb
        self._out_used = out
        self.bar.begin()
        self.phase.setText(self.tr("Starting…"))
        self.job = self.context.runner.start(
            "appeal", work, self._built, self._build_failed, self._progress
        )
        self._go(BUILD)
        self.context.notify(self.tr("Making the appeal packet…"))

    def cancel(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()
            self.cancel_button.setEnabled(False)
            self.phase.setText(self.tr("Stopping after the current step…"))

    def _progress(self, progress: Progress) -> None:
        if self.job_cancelled:
            return
        self.phase.setText(self.bar.show_step(progress))

    def _built(self, built: BuiltPacket) -> None:
        self.built = built
        self.bar.end(True)
        lines = done_lines(built, self._limit_used)
        self.done_label.setText("\n\n".join(lines))
        self.phase.setText(self.tr("Done."))
        self.details_step.path_confirmed = None
        name = built.result.path.name
        sentence = self.tr("The appeal packet is ready: {name}.").format(name=name)
        if not built.result.complete:
            missing = len(built.result.left_out)
            sentence = self.tr(
                "The appeal packet is ready ({name}), but %Ln media file(s) could not be "
                "included; the packet lists them.", None, missing,
            ).format(name=name)  # fmt: skip
        self._go(DONE)
        self.context.notify(sentence)
        whole = built.result.fits and built.result.complete
        self.context.events.job_finished.emit("appeal", whole, sentence)
        self._after_job()

    def _build_failed(self, error: BaseException) -> None:
        self.bar.end(False)
        sentence = failure_sentence(error, self._out_used)
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

    def open_report(self) -> None:
        """Opens the packet's report.pdf in the system's PDF reader: a copy taken out of the
        ZIP file into the app's cache folder (the packet itself is left as it is)."""
        if self.built is None:
            return
        packet = self.built.result.path
        try:
            report = extract_report(packet, self.context.services.paths.cache_dir)
        except (OSError, KeyError, zipfile.BadZipFile):
            failed = self.tr("The report could not be read from the packet, {where}.")
            self.message.setText(failed.format(where=packet))
            return
        self._open(report, self.tr("The report could not be opened; it is in {where}."))

    def show_in_folder(self) -> None:
        if self.built is None:
            return
        folder = self.built.result.path.parent
        self._open(folder, self.tr("The folder could not be opened; the packet is in {where}."))

    def _open(self, path: Path, failed: str) -> None:
        """Opens a file or folder through the window's edge to the system (a test's fake)."""
        self.message.clear()
        if self.context.services.open_url(QUrl.fromLocalFile(str(path)).toString()) is False:
            self.message.setText(failed.format(where=path))

    def build_another(self) -> None:
        """Back to the first step; the statement and contact details stay filled in."""
        self.built = None
        self.found = None
        self.message.clear()
        self.out_edit.clear()
        self._go(CHOOSE)
        self.refresh()
