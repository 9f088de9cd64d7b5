"""Browse: the archive offline, as Pinterest shows it. Boards with their covers, then a
board's sections, then a full-width masonry of its pins (pin_grid.MasonryGrid: pictures
at their real aspect ratio, titles under them, removed pins marked); a search over titles
and descriptions; and a pin opened in a large view, its picture first, its whole story
below (files, every version it had across snapshots), the technical fields (ids, probes,
the raw JSON) behind Details. Escape or Back returns to the grid where it was.

Everything is read in background jobs, each opening the archive read-only on its own
thread; the grid fetches pins a page at a time as it scrolls, and thumbnails are decoded
off the UI thread, so an archive of 100,000 pins opens and scrolls without a freeze.
Pinterest text is shown as plain text only: labels in PlainText, items as DisplayRole,
tooltips escaped.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from creator_backup.archive.browse import BoardCheck, BoardRow, PinRow
from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.browse_reads import (
    BoardsRead,
    PinDetailRead,
    PreviewRead,
    SectionsRead,
    read_boards,
    read_pin_detail,
    read_preview,
    read_sections,
)
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.pin_detail import PinDetailPane
from creator_backup.gui.pin_grid import MasonryGrid, pin_grid
from creator_backup.gui.pin_models import (
    COVER_SIDE,
    BoardsModel,
    BrowserSource,
    PinFilter,
    PinsModel,
    unchecked_sentence,
)
from creator_backup.gui.thumbnail_loader import GRID_SIDE, ThumbnailCache
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, plain_label

# The search waits this long after a keystroke for the next one: keys typed faster (a held
# key, a burst) search once. Short, so that results come within 100 ms of the last key: a
# search of 100,000 pins takes a few tens of milliseconds (pin_text, schema V7), and a
# search the next key makes stale is dropped when it answers.
SEARCH_DELAY_MS = 30
SCROLL_IDLE_MS = 150


def no_archive() -> str:
    return translate("BrowsePage", "No backup yet: run a backup first.")


def no_account() -> str:
    return translate("BrowsePage", "No account connected.")


# -- the page ------------------------------------------------------------------------------


class BrowsePage(Page):
    page_id = PageId.BROWSE

    pin_shown = Signal(str)  # the id of the pin whose details are now on screen

    boards_view: QListView
    section_box: QComboBox
    search: QLineEdit
    count_label: QLabel
    grid: MasonryGrid

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0  # of the account and archive read: older answers are dropped
        self._board_id: str | None = None
        self._section_id: str | None = None
        self._pin_id: str | None = None  # whose details are shown
        self._restore_pin: str | None = None  # reselected when its row arrives
        self._detail_for: tuple[int, str] | None = None  # (generation, pin) being shown

        self.thumbnails = ThumbnailCache(
            context.services.paths.cache_dir / "thumbnails", GRID_SIDE, parent=self,
            fit_width=True,
        )  # fmt: skip
        self.boards_model = BoardsModel(self.thumbnails, self)
        self.pins_model = PinsModel(context.runner, self.thumbnails, parent=self)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Browse")))
        self.message = plain_label("")
        self.message.setAccessibleName(self.tr("Browse status"))
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.empty = QWidget()
        empty_column = QVBoxLayout(self.empty)
        self.empty_label = plain_label(no_archive(), selectable=False)
        self.empty_label.setAccessibleName(self.tr("Nothing to browse"))
        empty_column.addWidget(self.empty_label)
        self.backup_button = QPushButton(self.tr("Back up now"))
        self.backup_button.setAccessibleName(self.tr("Back up now"))
        self.backup_button.clicked.connect(lambda: context.events.backup_requested.emit("full"))
        row = QHBoxLayout()
        row.addWidget(self.backup_button)
        row.addStretch(1)
        empty_column.addLayout(row)
        empty_column.addStretch(1)
        self.stack.addWidget(self.empty)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.stack.addWidget(self.splitter)
        self.splitter.addWidget(self._boards_column())
        # The pins take the rest of the width: the grid, or one pin in its large view.
        self.pins_stack = QStackedWidget()
        self.grid_page = self._pins_column()
        self.pins_stack.addWidget(self.grid_page)
        self.pins_stack.addWidget(self._detail_column())
        self.splitter.addWidget(self.pins_stack)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 960])

        QWidget.setTabOrder(self.boards_view, self.section_box)
        QWidget.setTabOrder(self.section_box, self.search)
        QWidget.setTabOrder(self.search, self.grid)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.focus_search)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._search_now)

        # When scrolling stops, thumbnails still queued for pins scrolled past are dropped:
        # the repaint asks again for exactly the pins on screen.
        self._scroll_idle = QTimer(self)
        self._scroll_idle.setSingleShot(True)
        self._scroll_idle.setInterval(SCROLL_IDLE_MS)
        self._scroll_idle.timeout.connect(self._scrolling_stopped)
        self.grid.verticalScrollBar().valueChanged.connect(lambda _v: self._scroll_idle.start())

        self.pins_model.count_changed.connect(self._counted)
        self.pins_model.failed.connect(self._failed)
        self.pins_model.page_loaded.connect(self._page_loaded)
        context.events.archive_changed.connect(self._archive_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._show_empty(no_account())

    # -- building ------------------------------------------------------------------------

    def _boards_column(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("&Boards"))
        box.addWidget(label)
        self.boards_view = QListView()
        self.boards_view.setAccessibleName(self.tr("Boards"))
        self.boards_view.setModel(self.boards_model)
        self.boards_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.boards_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Not uniform: a board not checked by the latest backup takes two lines.
        self.boards_view.setUniformItemSizes(False)
        self.boards_view.setIconSize(QSize(COVER_SIDE, COVER_SIDE))
        # A long name wraps: the list never scrolls sideways.
        self.boards_view.setWordWrap(True)
        self.boards_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.boards_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.boards_view.setSpacing(2)
        label.setBuddy(self.boards_view)
        self.boards_view.selectionModel().currentChanged.connect(self._board_chosen)
        box.addWidget(self.boards_view)
        return column

    def _detail_column(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.back_button = QPushButton(self.tr("← Back to the pins"))
        self.back_button.setAccessibleName(self.tr("Back to the pins"))
        self.back_button.clicked.connect(self.close_pin)
        row.addWidget(self.back_button)
        row.addStretch(1)
        box.addLayout(row)
        self.detail = PinDetailPane()
        self.detail.media_chosen.connect(self._media_chosen)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.detail)
        scroll.setAccessibleName(self.tr("Pin details"))
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_scroll = scroll
        box.addWidget(scroll, 1)
        self.detail_page = column
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), column)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self.close_pin)
        return column

    def _pins_column(self) -> QWidget:
        column = QWidget()
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        section_label = QLabel(self.tr("Sec&tion"))
        self.section_box = QComboBox()
        self.section_box.setAccessibleName(self.tr("Section"))
        self.section_box.setMinimumContentsLength(16)
        self.section_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_box.activated.connect(self._section_chosen)
        section_label.setBuddy(self.section_box)
        filters.addWidget(section_label)
        filters.addWidget(self.section_box)
        search_label = QLabel(self.tr("&Search"))
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Search pins by title or description"))
        self.search.setPlaceholderText(self.tr("Title or description"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.search.installEventFilter(self)
        search_label.setBuddy(self.search)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        box.addLayout(filters)
        # A board the latest backup did not list: since when, and why.
        self.board_note = plain_label("")
        self.board_note.setAccessibleName(self.tr("When the board was last checked"))
        self.board_note.setVisible(False)
        box.addWidget(self.board_note)
        self.count_label = plain_label("", selectable=False)
        self.count_label.setAccessibleName(self.tr("Number of pins"))
        box.addWidget(self.count_label)

        self.grid = pin_grid(self.pins_model)
        self.grid.selectionModel().currentChanged.connect(self._pin_chosen)
        self.grid.clicked.connect(self._pin_opened)
        self.grid.activated.connect(self._pin_opened)
        box.addWidget(self.grid, 1)
        return column

    # -- what the window calls -----------------------------------------------------------

    def set_account(self, record: AccountRecord | None) -> None:
        if record is None or self.account is None or record.key != self.account.key:
            self._board_id = self._section_id = None
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._forget_pin()
        super().set_account(record)

    def refresh(self) -> None:
        """Reads the boards again (the selections stay), then the chosen board's pins."""
        self._generation += 1
        generation = self._generation
        record = self.account
        if record is None:
            self.boards_model.clear()
            self.pins_model.clear()
            self._show_empty(no_account())
            return
        app = self.context.services.app
        self._say(self.tr("Reading the archive…"))
        self.context.runner.submit(
            lambda: read_boards(app, record),
            lambda result: self._boards_read(generation, result),
            lambda error: self._failed(error, generation),
        )

    def shutdown(self) -> None:
        """Stops decoding thumbnails; the window calls it before it goes."""
        self._search_timer.stop()
        self._scroll_idle.stop()
        self.thumbnails.shutdown()

    def choose_board(self, board_id: str | None) -> bool:
        """Shows a board's pins (None: every pin); False if the board is not listed."""
        row = self.boards_model.row_of(board_id)
        if row < 0:
            return False
        self.boards_view.setCurrentIndex(self.boards_model.index(row))
        return True

    def choose_section(self, section_id: str | None) -> bool:
        position = self.section_box.findData(section_id) if section_id else 0
        if position < 0 or not self.section_box.isEnabled():
            return False
        self.section_box.setCurrentIndex(position)
        self._section_chosen(position)
        return True

    def search_for(self, text: str) -> None:
        """Filters the pins by title and description at once (no typing delay)."""
        self.search.setText(text)
        self._search_now()

    def show_pin(self, pin_id: str) -> None:
        """Shows a pin's details, and selects it in the grid once its row is loaded."""
        row = self.pins_model.row_of(pin_id)
        self.open_pin()
        if row >= 0:
            self.grid.setCurrentIndex(self.pins_model.index(row))
            return
        self._restore_pin = pin_id
        self._load_detail(pin_id, None)

    def open_pin(self) -> None:
        """Shows the chosen pin in its large view, in place of the grid."""
        had_focus = self.grid.hasFocus()
        self.pins_stack.setCurrentWidget(self.detail_page)
        if had_focus:  # the keyboard follows: Escape, or Back, returns to the grid
            self.detail_scroll.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_pin(self) -> None:
        """Back to the grid, where it was scrolled to, the pin still chosen."""
        self.pins_stack.setCurrentWidget(self.grid_page)
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def pin_open(self) -> bool:
        return self.pins_stack.currentWidget() is self.detail_page

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @property
    def pin_id(self) -> str | None:
        return self._pin_id

    # -- boards and sections --------------------------------------------------------------

    def _boards_read(self, generation: int, result: BoardsRead) -> None:
        record = self.account
        if (
            generation != self._generation
            or record is None
            or record.account_id != result.account_id
        ):
            return
        if not result.exists or (not result.boards and result.total == 0):
            self.boards_model.clear()
            self.pins_model.clear()
            self._show_empty(no_archive(), can_back_up=True)
            return
        self._say("")
        self.stack.setCurrentWidget(self.splitter)
        self.boards_model.set_boards(result.boards, result.total, result.covers)
        row = self.boards_model.row_of(self._board_id)
        if row < 0:  # the board is gone from the archive (it never is, but be safe)
            row, self._board_id, self._section_id = 0, None, None
        selection = self.boards_view.selectionModel()
        selection.blockSignals(True)
        self.boards_view.setCurrentIndex(self.boards_model.index(row))
        selection.blockSignals(False)
        self._show_board(self.boards_model.board(row), keep_section=True)
        if self._pin_id is not None:
            # The archive may have changed: the details shown are read again.
            self._load_detail(self._pin_id, None)

    def _board_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        board = self.boards_model.board(current.row())
        self._forget_pin()
        self._show_board(board, keep_section=False)

    def _show_board(self, board: BoardRow | None, keep_section: bool) -> None:
        self._board_id = board.id if board else None
        self._show_board_note(board)
        if not keep_section:
            self._section_id = None
        self.section_box.clear()
        if board is None or board.sections == 0:
            self._section_id = None
            self.section_box.addItem(
                self.tr("All pins") if board is None else self.tr("No sections")
            )
            self.section_box.setEnabled(False)
        else:
            self.section_box.addItem(self.tr("All sections"), None)
            self.section_box.setEnabled(False)  # until the sections are read
            self._read_sections(board.id)
        self._apply_filter()

    def _show_board_note(self, board: BoardRow | None) -> None:
        if board is not None:
            note = unchecked_sentence(board.unchecked)
            if note:
                note = self.tr("{sentence} Its sections and pins are shown as last seen.").format(
                    sentence=note
                )
        else:
            unchecked = sum(1 for b in self.boards_model.boards if b.unchecked is not None)
            note = (
                self.tr(
                    "%Ln boards were not checked in the latest backup: their pins are shown as "
                    "last seen.",
                    None,
                    unchecked,
                )
                if unchecked
                else ""
            )
        self.board_note.setText(note)
        self.board_note.setVisible(bool(note))

    def _board_check(self, board_id: str | None) -> BoardCheck | None:
        board = self.boards_model.find(board_id)
        return board.unchecked if board is not None else None

    def _read_sections(self, board_id: str) -> None:
        source = self._source()
        if source is None:
            return
        generation = self._generation
        self.context.runner.submit(
            lambda: read_sections(source, board_id),
            lambda result: self._sections_read(generation, result),
            lambda error: self._failed(error, generation),
        )

    def _sections_read(self, generation: int, result: SectionsRead) -> None:
        if generation != self._generation or result.board_id != self._board_id:
            return
        self.section_box.clear()
        self.section_box.addItem(self.tr("All sections"), None)
        for section in result.sections:
            name = section.name or self.tr("Unnamed section")
            text = self.tr("{name} ({count})").format(name=name, count=f"{section.pins:,}")
            if section.missing_since is not None:
                text = self.tr("{section} · removed").format(section=text)
            self.section_box.addItem(text, section.id)  # a combo shows plain text
        self.section_box.setEnabled(True)
        position = self.section_box.findData(self._section_id) if self._section_id else 0
        if position < 0:  # the section chosen before is not on this board any more
            self._section_id = None
            position = 0
            self._apply_filter()
        self.section_box.setCurrentIndex(position)

    def _section_chosen(self, position: int) -> None:
        section_id = self.section_box.itemData(position)
        section_id = section_id if isinstance(section_id, str) else None
        if section_id == self._section_id:
            return
        self._section_id = section_id
        self._forget_pin()
        self._apply_filter()

    # -- pins --------------------------------------------------------------------------------

    def _source(self) -> BrowserSource | None:
        record = self.account
        if record is None:
            return None
        app = self.context.services.app
        return lambda: app.archives.browsing(record)

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        pin_filter = PinFilter(self._board_id, self._section_id, self.search.text().strip())
        if self._pin_id is not None:
            self._restore_pin = self._pin_id
        self.count_label.setText(self.tr("Counting pins…"))
        self.pins_model.set_filter(self._source(), pin_filter)

    def _search_now(self) -> None:
        self._search_timer.stop()
        if self.search.text().strip() != self.pins_model.filter.query:
            self._forget_pin()
            self._apply_filter()

    def _counted(self, total: int) -> None:
        searched = bool(self.pins_model.filter.query)
        text = (
            self.tr("%Ln pin(s) found", None, total) if searched
            else self.tr("%Ln pin(s)", None, total)
        )  # fmt: skip
        self.count_label.setText(text)
        self.count_label.setAccessibleDescription(text)
        if total == 0:
            self._forget_pin(self.tr("No pin's title or description contains that text.")
                             if searched else self.tr("No pins here."))  # fmt: skip

    def _page_loaded(self, _added: int) -> None:
        # The pin chosen before a refresh is chosen again if it is in the first page;
        # further down, the grid is not made to jump to it as the user scrolls.
        pin_id, self._restore_pin = self._restore_pin, None
        row = self.pins_model.row_of(pin_id) if pin_id is not None else -1
        if row >= 0:
            self.grid.setCurrentIndex(self.pins_model.index(row))

    def _forget_pin(self, message: str | None = None) -> None:
        """The detail pane says `message`, or asks for a pin to be chosen."""
        self._pin_id = self._restore_pin = None
        self._detail_for = None
        self.detail.clear(message or self.tr("Choose a pin to see its details."))
        self.pins_stack.setCurrentWidget(self.grid_page)

    def _pin_opened(self, index: QModelIndex) -> None:
        if index.isValid() and self.pins_model.pin(index.row()) is not None:
            self.open_pin()

    def _pin_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.pins_model.pin(current.row()) if current.isValid() else None
        if row is None:
            return  # the grid was reset: the details stay until another pin is chosen
        self._restore_pin = None
        if self._detail_for == (self._generation, row.id):
            return  # chosen again after a refresh: its details are already read afresh
        self._load_detail(row.id, row)

    def _load_detail(self, pin_id: str, row: PinRow | None) -> None:
        source = self._source()
        if source is None:
            return
        if pin_id != self._pin_id:
            # Every new pin is shown from its top, its picture first.
            self.detail_scroll.verticalScrollBar().setValue(0)
        self._pin_id = pin_id
        if row is not None:
            self.detail.show_row(row, self.boards_model.name_of(row.board_id))
        generation = self._generation
        self._detail_for = (generation, pin_id)
        self.context.runner.submit(
            lambda: read_pin_detail(source, pin_id),
            lambda result: self._detail_read(generation, result),
            lambda error: self._failed(error, generation),
        )

    def _detail_read(self, generation: int, result: PinDetailRead) -> None:
        if generation != self._generation or result.pin_id != self._pin_id:
            return  # another pin was chosen meanwhile
        self.detail.show_detail(result, self.boards_model.name_of, self._board_check)
        self.pin_shown.emit(result.pin_id)

    def _media_chosen(self, position: int) -> None:
        pin_id = self._pin_id
        if pin_id is None or not 0 <= position < len(self.detail.files):
            return
        file = self.detail.files[position]
        content_type = self.detail.media[position].content_type or ""
        if file is None or not content_type.startswith("image/"):
            self.detail.set_preview(None, position)
            return
        self.detail.preview.setText(self.tr("Loading…"))

        def shown(result: PreviewRead) -> None:
            if result.pin_id == self._pin_id and self.detail.media_list.currentRow() == position:
                self.detail.set_preview(result.image, position)

        self.context.runner.submit(
            lambda: read_preview(pin_id, position, file, content_type),
            shown,
            lambda error: self._failed(error),
        )

    def _scrolling_stopped(self) -> None:
        self.thumbnails.cancel_pending()
        self.grid.viewport().update()

    # -- the rest ----------------------------------------------------------------------------

    def _archive_changed(self) -> None:
        self.thumbnails.forget_failures()
        self.refresh()

    def _show_empty(self, sentence: str, can_back_up: bool = False) -> None:
        self._say("")
        self.empty_label.setText(sentence)
        self.backup_button.setVisible(can_back_up)
        self.stack.setCurrentWidget(self.empty)
        self.count_label.setText("")
        self.board_note.setText("")
        self.board_note.setVisible(False)

    def _say(self, sentence: str) -> None:
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))

    def _failed(self, error: BaseException, generation: int | None = None) -> None:
        if generation is not None and generation != self._generation:
            return
        self._say(error_sentence(error, self.tr("The archive could not be read.")))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                self._search_now()
                return True
            if event.key() == Qt.Key.Key_Down and self.pins_model.rowCount() > 0:
                # From the search straight into the results.
                self._search_now()
                self.grid.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.grid.currentIndex().isValid():
                    self.grid.setCurrentIndex(self.pins_model.index(0))
                return True
        return super().eventFilter(watched, event)
