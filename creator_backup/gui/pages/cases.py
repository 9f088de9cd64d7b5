"""Appeals: the cases of the account shown, one for each of Pinterest's decisions read
from its notice (File ▸ Import a notice from Pinterest…), most urgent first. A case shows
the facts its notice stated (and says which it left out), its pins with the pictures the
archive kept, each route of redress with its deadline and a letter to write, a calendar
of the deadlines, its status, and its custody log.

Everything is read and written by the application layer (services.app.cases) in the
background; notice text is shown only as plain text."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.application.cases import LETTER_FORMATS, CaseView, Imported, WrittenFile
from creator_backup.auth.accounts import AccountRecord
from creator_backup.cases.matching import MatchedPin
from creator_backup.cases.routes import Sender
from creator_backup.cases.store import STATUSES
from creator_backup.gui.appeal_steps import buddy
from creator_backup.gui.appeal_words import single_line
from creator_backup.gui.case_words import (
    ROUTE_ORDER,
    case_title,
    custody_line,
    fact_lines,
    imported_sentence,
    next_line,
    route_deadline,
    route_title,
    status_word,
    unknown_sentence,
    urgency,
)
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.pin_pictures import PinPictures
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.render.pdf_report import render_pdf
from creator_backup.words import one_line

CASE_ROLE = Qt.ItemDataRole.UserRole + 1
PIN_ROLE = Qt.ItemDataRole.UserRole + 2
ICON_SIDE = 64
NOTICE_SUFFIXES = ("*.eml", "*.html", "*.htm", "*.txt", "*.pdf")


@dataclass(frozen=True)
class CaseDetail:
    """What the page reads in the background for the case chosen."""

    view: CaseView
    history: list[dict[str, Any]]


class CasesPage(Page):
    page_id = PageId.CASES

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.views: list[CaseView] = []  # the cases listed, most urgent first
        self.detail: CaseDetail | None = None  # the case shown
        self.last_file: Path | None = None  # the letter or calendar written last
        self._wanted: int | None = None  # the case to choose once it is listed
        self._load = 0  # the latest list read asked for (older answers are dropped)
        self._asked = 0  # the latest case read asked for
        self._pin_items: dict[str, QListWidgetItem] = {}
        self.pictures = PinPictures(context.services, context.runner, parent=self)
        self.pictures.shown.connect(self._show_picture)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Appeals")))
        top = QHBoxLayout()
        top.addWidget(plain_label(self.tr(
            "Each decision Pinterest tells you of by e-mail or in the Reports and Violations "
            "Center becomes a case here: what the notice says, your pins as your backups kept "
            "them, where to appeal and by when, and the letters to send."), selectable=False), 1)  # fmt: skip
        self.import_button = QPushButton(self.tr("&Import a notice from Pinterest…"))
        self.import_button.clicked.connect(self.choose_notice)
        top.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.summary: QLabel = plain_label("")
        self.summary.setAccessibleName(self.tr("What the notice said"))
        self.summary.hide()
        layout.addWidget(self.summary)

        # No case yet: one sentence and the button that makes one.
        self.empty = QWidget()
        empty_column = QVBoxLayout(self.empty)
        self.empty_text: QLabel = plain_label(self._empty_sentence())
        empty_column.addWidget(self.empty_text)
        self.empty_import = QPushButton(self.tr("Import a notice from Pinterest…"))
        self.empty_import.clicked.connect(self.choose_notice)
        empty_column.addWidget(self.empty_import, 0, Qt.AlignmentFlag.AlignLeft)
        empty_column.addStretch(1)
        layout.addWidget(self.empty, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.case_list = QListWidget()
        self.case_list.setAccessibleName(self.tr("Cases"))
        self.case_list.setWordWrap(True)
        self.case_list.currentItemChanged.connect(self._chosen)
        self.splitter.addWidget(self.case_list)
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([340, 760])
        layout.addWidget(self.splitter, 1)
        self.splitter.hide()
        context.events.archive_changed.connect(self.refresh)

    def _build_detail(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        self.case_heading: QLabel = heading("", scale=1.2)
        column.addWidget(self.case_heading)
        self.next_label: QLabel = plain_label("")
        self.next_label.setAccessibleName(self.tr("Next deadline"))
        column.addWidget(self.next_label)
        status_row = QHBoxLayout()
        status_row.addWidget(plain_label(self.tr("Status:"), selectable=False))
        self.status_box = QComboBox()
        self.status_box.setAccessibleName(self.tr("Status"))
        for status in STATUSES:
            self.status_box.addItem(status_word(status), status)
        self.status_box.activated.connect(self._status_chosen)
        status_row.addWidget(self.status_box)
        status_row.addStretch(1)
        column.addLayout(status_row)

        facts = QGroupBox(self.tr("What the notice says"))
        facts_column = QVBoxLayout(facts)
        self.facts: QLabel = plain_label("")
        self.facts.setAccessibleName(self.tr("The notice's facts"))
        facts_column.addWidget(self.facts)
        self.unknown: QLabel = plain_label("")
        facts_column.addWidget(self.unknown)
        column.addWidget(facts)

        pins = QGroupBox(self.tr("Your pins, as your backups kept them"))
        pins_column = QVBoxLayout(pins)
        pins_column.addWidget(plain_label(self.tr(
            "Pinterest's notices leave the pictures out; your archive has them to attach to "
            "a letter. Double-click a pin to open it."), selectable=False))  # fmt: skip
        self.pin_list = QListWidget()
        self.pin_list.setAccessibleName(self.tr("The case's pins"))
        self.pin_list.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        self.pin_list.setMinimumHeight(ICON_SIDE * 2)
        self.pin_list.itemDoubleClicked.connect(self._open_pin)
        pins_column.addWidget(self.pin_list)
        column.addWidget(pins)

        routes = QGroupBox(self.tr("Where to send it, and by when"))
        routes_column = QVBoxLayout(routes)
        signed = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(self.tr("Your email address"))
        signed.addRow(buddy(self.tr("Your n&ame, to sign the letters:"), self.name_edit),
                      self.name_edit)  # fmt: skip
        signed.addRow(buddy(self.tr("Your e&mail address:"), self.email_edit), self.email_edit)
        routes_column.addLayout(signed)
        grid = QGridLayout()
        routes_column.addLayout(grid)
        self.route_deadlines: dict[str, QLabel] = {}
        self.letter_buttons: dict[str, QPushButton] = {}
        for row, route in enumerate(ROUTE_ORDER):
            title = plain_label(route_title(route), selectable=False)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            grid.addWidget(title, row * 2, 0)
            button = QPushButton(self.tr("Write the letter…"))
            button.setAccessibleName(
                self.tr("Write the letter: {route}").format(route=route_title(route))
            )
            button.clicked.connect(lambda _=False, r=route: self.choose_letter(r))
            grid.addWidget(button, row * 2, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            deadline = plain_label("")
            grid.addWidget(deadline, row * 2 + 1, 0)
            self.route_deadlines[route] = deadline
            self.letter_buttons[route] = button
        grid.setColumnStretch(0, 1)
        column.addWidget(routes)

        actions = QHBoxLayout()
        self.calendar_button = QPushButton(self.tr("Add the deadlines to my &calendar…"))
        self.calendar_button.clicked.connect(self.choose_calendar)
        self.packet_button = QPushButton(self.tr("Build an appeal &packet"))
        self.packet_button.clicked.connect(lambda: self.context.events.navigate.emit(PageId.APPEAL))
        actions.addWidget(self.calendar_button)
        actions.addWidget(self.packet_button)
        actions.addStretch(1)
        column.addLayout(actions)
        done = QHBoxLayout()
        self.message: QLabel = plain_label("")
        self.message.setAccessibleName(self.tr("Outcome"))
        done.addWidget(self.message, 1)
        self.folder_button = QPushButton(self.tr("Show in &folder"))
        self.folder_button.clicked.connect(self.show_in_folder)
        self.folder_button.hide()
        done.addWidget(self.folder_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(done)

        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details: what was done, and when"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._toggle_details)
        column.addWidget(self.details_button)
        self.custody: QLabel = plain_label("")
        self.custody.setAccessibleName(self.tr("The case's record"))
        self.custody.hide()
        column.addWidget(self.custody)
        column.addStretch(1)
        self.detail_box = box
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(box)
        box.setEnabled(False)
        return scroll

    # -- the list ----------------------------------------------------------------------------

    def _empty_sentence(self) -> str:
        return self.tr(
            "No case yet. When Pinterest removes a pin, limits its distribution or suspends "
            "your account, save its e-mail or page and import it here: the deadlines and "
            "the letters follow from it."
        )

    def refresh(self) -> None:
        record = self.account
        self._load += 1
        load = self._load
        if record is None:
            self._show_cases(load, [])
            self.empty_text.setText(self.tr("No account connected."))
            return
        cases = self.context.services.app.cases
        self.context.runner.submit(
            lambda: cases.all(record),
            lambda views: self._show_cases(load, views),
            lambda error: self._failed(load, error),
        )

    def _show_cases(self, load: int, views: list[CaseView]) -> None:
        if load != self._load:
            return
        self.views = sorted(views, key=urgency)
        shown = self.detail.view.case.id if self.detail else None
        wanted = self._wanted if self._wanted is not None else shown
        self.empty_text.setText(self._empty_sentence())
        self.empty.setVisible(not self.views)
        self.splitter.setVisible(bool(self.views))
        today = self.context.services.app.cases.today()
        self.case_list.blockSignals(True)
        self.case_list.clear()
        chosen = 0
        for row, view in enumerate(self.views):
            case = view.case
            lines = [case_title(case), status_word(case.status), next_line(view, today)]
            item = QListWidgetItem("\n".join(lines))
            item.setData(CASE_ROLE, case.id)
            item.setToolTip(html.escape(self.tr("Case {number}").format(number=case.id)))
            self.case_list.addItem(item)
            if case.id == wanted:
                chosen = row
        self.case_list.blockSignals(False)
        if self.views:
            self._wanted = None
            self.case_list.setCurrentRow(chosen)  # its signal reads the case
        else:
            self.detail = None
            self.detail_box.setEnabled(False)

    def _failed(self, load: int, error: BaseException) -> None:
        if load == self._load:
            self.summary.setText(error_sentence(error, self.tr("The cases could not be read.")))
            self.summary.show()

    def choose_case(self, case_id: int) -> None:
        """Shows that case: now if it is listed, else once it is."""
        self._wanted = case_id
        self.refresh()

    # -- one case ----------------------------------------------------------------------------

    def _chosen(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        record = self.account
        if current is None or record is None:
            return
        case_id = int(current.data(CASE_ROLE))
        self._asked += 1
        asked = self._asked
        cases = self.context.services.app.cases

        def read() -> CaseDetail:
            return CaseDetail(cases.get(record, case_id), cases.history(record, case_id))

        self.context.runner.submit(
            read,
            lambda detail: self._show_case(asked, record, detail),
            lambda error: self._case_failed(asked, error),
        )

    def _show_case(self, asked: int, record: AccountRecord, detail: CaseDetail) -> None:
        if asked != self._asked:
            return
        changed = self.detail is None or self.detail.view.case.id != detail.view.case.id
        self.detail = detail
        view, case = detail.view, detail.view.case
        today = self.context.services.app.cases.today()
        self.detail_box.setEnabled(True)
        self.case_heading.setText(
            self.tr("Case {number}: {title}").format(number=case.id, title=case_title(case))
        )
        self.next_label.setText(next_line(view, today))
        self.status_box.setCurrentIndex(max(0, self.status_box.findData(case.status)))
        self.facts.setText("\n".join(fact_lines(case)))
        self.unknown.setText(unknown_sentence(case.unknown))
        for route in ROUTE_ORDER:
            self.route_deadlines[route].setText(route_deadline(route, view, today))
        self.calendar_button.setEnabled(bool(view.deadlines))
        self.calendar_button.setToolTip(
            "" if view.deadlines else html.escape(self.tr("The notice gives no date to count from."))
        )  # fmt: skip
        self.custody.setText("\n".join(custody_line(entry) for entry in detail.history))
        if changed:
            self.message.clear()
            self.folder_button.hide()
        self._show_pins(record, view.matched)

    def _case_failed(self, asked: int, error: BaseException) -> None:
        if asked == self._asked:
            self.message.setText(error_sentence(error, self.tr("The case could not be read.")))

    def _show_pins(self, record: AccountRecord, matched: list[MatchedPin]) -> None:
        self.pictures.forget()
        self.pin_list.clear()
        self._pin_items.clear()
        for pin in matched:
            if pin.in_archive:
                title = one_line(pin.title or "", 200) or self.tr("(untitled)")
                board = one_line(pin.board or "", 80)
                text = title
                if board:
                    text = self.tr("{title} — on “{board}”").format(title=title, board=board)
                if pin.gone:
                    text = self.tr("{pin} (gone from Pinterest)").format(pin=text)
                if not pin.picture:
                    text = self.tr("{pin} (no picture kept)").format(pin=text)
            else:
                text = self.tr("A pin your backups never saw (Pin ID {pin})").format(pin=pin.pin_id)
            item = QListWidgetItem(text)
            item.setData(PIN_ROLE, pin.pin_id if pin.in_archive else "")
            item.setToolTip(html.escape(text))
            self.pin_list.addItem(item)
            self._pin_items[pin.pin_id] = item
        if not matched:
            self.pin_list.addItem(QListWidgetItem(self.tr("The notice names no pin.")))
        wanted = {pin.pin_id for pin in matched if pin.in_archive and pin.picture}
        if not wanted:
            return
        asked = self._asked
        self.pictures.ask(record, wanted, lambda: asked == self._asked)

    def _show_picture(self, pin_id: str, pixmap: QPixmap) -> None:
        item = self._pin_items.get(pin_id)
        if item is not None:
            item.setIcon(QIcon(pixmap))

    def _open_pin(self, item: QListWidgetItem) -> None:
        pin_id = item.data(PIN_ROLE)
        if pin_id:
            self.context.events.pin_requested.emit(str(pin_id))

    def _toggle_details(self, shown: bool) -> None:
        self.custody.setVisible(shown)
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    # -- importing a notice ------------------------------------------------------------------

    def choose_notice(self) -> None:
        """File ▸ Import a notice from Pinterest…: the file, then the import in the background."""
        if self.account is None:
            self.context.notify(self.tr("Connect an account or import a data export first."))
            return
        chosen = self.context.services.dialogs.choose_open_file(
            self,
            self.tr("Choose the notice Pinterest sent you"),
            Path.home(),
            self.tr("Pinterest's notice ({patterns});;All files (*)").format(
                patterns=" ".join(NOTICE_SUFFIXES)
            ),
        )
        if chosen is not None:
            self.import_notice(chosen)

    def import_notice(self, path: Path) -> None:
        record = self.account
        if record is None:
            return
        cases = self.context.services.app.cases
        self.context.events.navigate.emit(PageId.CASES)
        self.summary.setText(self.tr("Reading {file}…").format(file=path.name))
        self.summary.show()
        self.import_button.setEnabled(False)
        self.empty_import.setEnabled(False)
        self.context.runner.submit(
            lambda: cases.import_notice(record, path), self._imported, self._import_failed
        )

    def _imported(self, imported: Imported) -> None:
        self.import_button.setEnabled(True)
        self.empty_import.setEnabled(True)
        sentence = imported_sentence(imported)
        self.summary.setText(sentence)
        self.context.notify(sentence)
        self.choose_case(imported.view.case.id)
        self.context.events.cases_changed.emit()

    def _import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        self.empty_import.setEnabled(True)
        sentence = error_sentence(error, self.tr("The notice could not be read."))
        self.summary.setText(sentence)
        self.context.notify(sentence)

    # -- letters, the calendar, the status ---------------------------------------------------

    def _case(self) -> tuple[AccountRecord, int] | None:
        record = self.account
        if record is None or self.detail is None:
            return None
        return record, self.detail.view.case.id

    def choose_letter(self, route: str) -> None:
        chosen = self._case()
        if chosen is None:
            return
        record, case_id = chosen
        name = self.tr("Letter for case {number} – {route}").format(
            number=case_id, route=route_title(route)
        )
        out = self.context.services.dialogs.choose_save_file(
            self,
            self.tr("Save the letter as"),
            Path.home() / f"{name}.pdf",
            self.tr("PDF document (*.pdf);;Web page (*.html);;Plain text (*.txt)"),
        )
        if out is None:
            return
        if out.suffix.lower() not in LETTER_FORMATS:
            out = out.with_name(out.name + ".pdf")
        cases = self.context.services.app.cases
        sender = Sender(single_line(self.name_edit.text()), single_line(self.email_edit.text()))

        def write() -> WrittenFile:
            return cases.letter(record, case_id, route, out, sender, render_pdf)

        self._writing(self.tr("Writing the letter…"))
        self.context.runner.submit(
            write,
            lambda written: self._written(
                written,
                self.tr(
                    "The letter is saved as {file}. Put your own words where it asks for them, "
                    "then send it as it says at its top."
                ),
            ),
            self._write_failed,
        )

    def choose_calendar(self) -> None:
        chosen = self._case()
        if chosen is None:
            return
        record, case_id = chosen
        name = self.tr("Deadlines of case {number}").format(number=case_id)
        out = self.context.services.dialogs.choose_save_file(
            self,
            self.tr("Save the deadlines as a calendar file"),
            Path.home() / f"{name}.ics",
            self.tr("Calendar file (*.ics)"),
        )
        if out is None:
            return
        if out.suffix.lower() != ".ics":
            out = out.with_name(out.name + ".ics")
        cases = self.context.services.app.cases
        self._writing(self.tr("Writing the calendar…"))
        self.context.runner.submit(
            lambda: cases.calendar(record, case_id, out),
            lambda written: self._written(
                written,
                self.tr(
                    "The deadlines are saved as {file}, with reminders a week and a day before. "
                    "Open it to add them to your calendar."
                ),
            ),
            self._write_failed,
        )

    def _writing(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.folder_button.hide()
        for button in (*self.letter_buttons.values(), self.calendar_button):
            button.setEnabled(False)

    def _enable_writing(self) -> None:
        for button in self.letter_buttons.values():
            button.setEnabled(True)
        self.calendar_button.setEnabled(bool(self.detail and self.detail.view.deadlines))

    def _written(self, written: WrittenFile, said: str) -> None:
        self.last_file = written.path
        self._enable_writing()
        self.message.setText(said.format(file=written.path))
        self.folder_button.show()
        self.choose_case(written.case)  # its record has one more entry

    def _write_failed(self, error: BaseException) -> None:
        self._enable_writing()
        self.message.setText(error_sentence(error, self.tr("The file could not be written.")))

    def show_in_folder(self) -> None:
        if self.last_file is None:
            return
        folder = self.last_file.parent
        if self.context.services.open_url(QUrl.fromLocalFile(str(folder)).toString()) is False:
            self.message.setText(
                self.tr("The folder could not be opened; the file is in {where}.").format(
                    where=folder
                )
            )

    def _status_chosen(self, index: int) -> None:
        chosen = self._case()
        status = self.status_box.itemData(index)
        if chosen is None or self.detail is None or status == self.detail.view.case.status:
            return
        self.set_status(str(status))

    def set_status(self, status: str) -> None:
        """Records the case's new status (in its custody log) through the application layer."""
        chosen = self._case()
        if chosen is None:
            return
        record, case_id = chosen
        cases = self.context.services.app.cases
        self.status_box.setEnabled(False)

        def done(view: CaseView) -> None:
            self.status_box.setEnabled(True)
            self.message.setText(
                self.tr("Recorded: {status}.").format(status=status_word(view.case.status))
            )
            self.folder_button.hide()
            self.choose_case(view.case.id)
            self.context.events.cases_changed.emit()

        def failed(error: BaseException) -> None:
            self.status_box.setEnabled(True)
            self.message.setText(error_sentence(error, self.tr("The status could not be saved.")))
            if self.detail is not None:
                self.status_box.setCurrentIndex(
                    max(0, self.status_box.findData(self.detail.view.case.status))
                )

        self.context.runner.submit(lambda: cases.set_status(record, case_id, status), done, failed)
