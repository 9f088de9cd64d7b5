"""History: the snapshots on a timeline, by date; what is gone since the backup before, as
pictures grouped by board (each opens its pin; a packet or a restore one click away); and
every change between the two: removed, added, restored, changed and moved items, the
groups of pins one picture took down, and the boards the newer snapshot did not check
(named, with since when: never taken as unchanged)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QIcon, QPalette, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creator_backup.archive.records import Snapshot
from creator_backup.checked_words import (
    boards_not_checked,
    outcome_text,
    since_text,
    why_not_checked,
)
from creator_backup.diff.compare import KINDS, DiffResult, Item, NotChecked
from creator_backup.evidence.snapshot_stamps import StampState
from creator_backup.gui.gone_grid import GoneBoard, GoneGrid, GoneTile
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.pin_models import unnamed_board
from creator_backup.gui.pin_pictures import PinPictures
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, human_time, plain_label
from creator_backup.words import one_line

SNAPSHOT_ROLE = Qt.ItemDataRole.UserRole + 1
PIN_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3  # "kind:id" of a tree row's item
STAMP_ROLE = Qt.ItemDataRole.UserRole + 4  # a snapshot's StampState value ("" unknown)
# Thumbnails are shown for the first so many pins of a comparison; the rest keep text.
THUMBNAILS_MAX = 2000
ICON_SIDE = 48
# The comparison's items added in one turn of the event loop (see HistoryPage._fill): a
# few tens of milliseconds of work at most, and every comparison of a usual size at once.
FILL_STEPS = 1000
_DONE = object()


# What History reads in the background: the snapshots (with their unchecked boards) and
# whether each is time-stamped.
Timeline = tuple[list[tuple[Snapshot, int]], dict[int, StampState]]


def snapshot_kind(snapshot: Snapshot) -> str:
    if snapshot.is_export:
        return translate("History", "Pinterest's data export")
    if snapshot.kind == "quick":
        return translate("History", "quick backup")
    return translate("History", "backup")


def stamp_word(state: StampState) -> str:
    """Whether a snapshot is time-stamped, in a word or two beside it."""
    if state is StampState.STAMPED:
        return translate("History", "time-stamped")
    if state in (StampState.PARTLY, StampState.QUEUED):
        return translate("History", "waiting to be time-stamped")
    return translate("History", "not time-stamped")


def stamp_tip(state: StampState) -> str:
    """The one sentence a snapshot's time-stamp word stands for."""
    if state is StampState.STAMPED:
        return translate(
            "History",
            "Two independent authorities signed this snapshot's fingerprint: proof that what "
            "it holds existed by then.",
        )
    if state is StampState.PARTLY:
        return translate(
            "History",
            "One authority of two signed this snapshot's fingerprint so far; the next backup "
            "asks for the other.",
        )
    if state is StampState.QUEUED:
        return translate(
            "History",
            "No time-stamp authority could be reached yet; the next backup asks again.",
        )
    return translate(
        "History",
        "Time stamps were off when it was made, or it did not finish (Settings ▸ Proof of time).",
    )


def snapshot_line(snapshot: Snapshot, unchecked: int = 0, stamped: StampState | None = None) -> str:
    """Two lines: "2 Dec 2026, 08:44 · quick backup (40 pins)", then how the run ended and
    whether it is time-stamped: "complete, 2 boards not checked · time-stamped". Snapshots
    are told apart by their dates."""
    pins = snapshot.stats.get("pins")
    state = outcome_text(snapshot.outcome, unchecked)
    if stamped is not None:
        state = translate("History", "{outcome} · {stamp}").format(
            outcome=state, stamp=stamp_word(stamped)
        )
    when, kind = human_time(snapshot.started_at), snapshot_kind(snapshot)
    if isinstance(pins, int):
        first = translate("History", "{when} · {kind} (%Ln pin(s))", None, pins)
    else:
        first = translate("History", "{when} · {kind}")
    return f"{first.format(when=when, kind=kind)}\n{state}"


def backup_of(snapshot: Snapshot) -> str:
    """ "the backup of 2 Dec 2026, 08:44" """
    return translate("History", "the backup of {when}").format(when=human_time(snapshot.started_at))


def not_checked_details(board: NotChecked) -> str:
    """Beside a board the newer snapshot did not list: since when, and why."""
    since = since_text(board.last_checked, human_time)
    return translate("History", "{since}: {why}").format(
        since=since, why=why_not_checked(board.state, board.detail)
    )


def not_checked_summary(result: DiffResult) -> str:
    """What the summary says of the boards the newer snapshot did not check."""
    if not result.not_checked:
        return ""
    count = len(result.not_checked)
    if count == 1:
        said = translate(
            "History",
            "{boards} in {backup}: it is held as last seen, so a removal there does not show here.",
        )
    else:
        said = translate(
            "History",
            "{boards} in {backup}: they are held as last seen, so a removal there does not show "
            "here.",
        )
    return said.format(boards=boards_not_checked(count), backup=backup_of(result.newer))


def export_alone_mark() -> str:
    return translate("History", "no backup ever saw this pin: the export's word alone")


def export_alone_summary(by_export: list[Item]) -> str:
    """How many of the export's claims no backup can back: pins only an export ever
    showed (a mistaken or forged export could make them up)."""
    alone = sum(1 for item in by_export if item.export_alone)
    if not alone:
        return ""
    if alone < len(by_export):
        return translate(
            "History",
            "No backup ever saw %Ln of these pins: for those, that rests on the export alone.",
            None, alone,
        )  # fmt: skip
    if alone == 1:
        return translate("History", "No backup ever saw this pin: that rests on the export alone.")
    return translate(
        "History", "No backup ever saw any of these pins: that rests on the export alone."
    )


def export_details(item: Item) -> str:
    """Beside a pin the export says is gone: which export, and whether only it knows it."""
    when = translate("History", "export of {when}").format(when=human_time(item.missing_since))
    if item.export_alone:
        return translate("History", "{export}; {mark}").format(
            export=when, mark=export_alone_mark()
        )
    return when


def sentences(*said: str) -> str:
    """Whole sentences one after the other (those not said left out)."""
    return " ".join(s for s in said if s)


def kind_word(kind: str) -> str:
    if kind == "board":
        return translate("History", "Board")
    if kind == "section":
        return translate("History", "Section")
    return translate("History", "Pin")


def item_line(item: Item) -> str:
    """ "Pin: Glaze test 14" (its id, a technical detail, is in the item's tooltip).
    Pinterest text: shown as plain text by the item view (never rich text)."""
    title = one_line(item.title, 200) or translate("History", "(untitled)")
    return translate("History", "{kind}: {title}").format(kind=kind_word(item.kind), title=title)


def gone_boards(result: DiffResult) -> list[GoneBoard]:
    """The pins the comparison found gone, grouped by their board (its name; the board's
    own removal said), in the order of the boards' names; those a restore put back since
    are marked."""
    put_back = result.put_back.get("pin", set())
    removed_boards = {item.id for item in result.removed["board"]}
    by_board: dict[str, list[GoneTile]] = {}
    seen: set[str] = set()
    for item in [*result.removed["pin"], *result.removed_by_export]:
        if item.id in seen:
            continue
        seen.add(item.id)
        by_board.setdefault(item.board_id or "", []).append(
            GoneTile(item.id, item.title, item.id in put_back)
        )
    names = result.board_names
    groups = [
        GoneBoard(one_line(names.get(board_id, "")) or unnamed_board(), tiles,
                  board_id in removed_boards)
        for board_id, tiles in by_board.items()
    ]  # fmt: skip
    return sorted(groups, key=lambda g: g.name.casefold())


class HistoryPage(Page):
    page_id = PageId.HISTORY

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._snapshots: list[Snapshot] = []
        self._unchecked: dict[int, int] = {}  # snapshot id -> boards it did not check
        self._pin_items: dict[str, list[QTreeWidgetItem]] = {}
        self._filling: Iterator[None] | None = None  # the comparison's items still to add
        self._fill_timer = QTimer(self)
        self._fill_timer.setSingleShot(True)
        self._fill_timer.setInterval(0)
        self._fill_timer.timeout.connect(self._fill_more)
        # The snapshot asked for (Overview's "See what's gone"), chosen once it is listed.
        self._wanted: int | None = None
        self._stale = False  # asked to refresh while hidden: refreshed when next shown
        self.pictures = PinPictures(context.services, context.runner, parent=self)
        self.pictures.shown.connect(self._show_picture)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("History")))
        layout.addWidget(plain_label(
            self.tr("Every backup is a snapshot. Choose one to see what changed since the complete "
            "snapshot before it. Stopped (partial) snapshots never count as removals."),
            selectable=False,
        ))  # fmt: skip
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.timeline = QListWidget()
        self.timeline.setAccessibleName(self.tr("Snapshots"))
        self.timeline.currentItemChanged.connect(self._chosen)
        splitter.addWidget(self.timeline)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary: QLabel = plain_label(self.tr("Choose a snapshot."))
        self.summary.setAccessibleName(self.tr("Comparison summary"))
        column.addWidget(self.summary)
        # What is gone, as pictures first: the question a creator opens History with.
        self.compared: tuple[int, int] | None = None  # (older, newer) shown now
        gone_box = QWidget()
        gone_column = QVBoxLayout(gone_box)
        gone_column.setContentsMargins(0, 0, 0, 0)
        self.gone_title: QLabel = plain_label("", selectable=False)
        gone_column.addWidget(self.gone_title)
        self.gone = GoneGrid()
        self.gone.pin_opened.connect(context.events.pin_requested.emit)
        gone_column.addWidget(self.gone, 1)
        actions = QHBoxLayout()
        self.appeal_button = QPushButton(self.tr("Build an &appeal packet of what is gone"))
        self.appeal_button.clicked.connect(self._appeal)
        self.restore_button = QPushButton(self.tr("&Restore what is gone…"))
        self.restore_button.clicked.connect(lambda: context.events.navigate.emit(PageId.RESTORE))
        actions.addWidget(self.appeal_button)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        gone_column.addLayout(actions)
        self.gone_box = gone_box
        gone_box.hide()
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Changes"))
        self.tree.setHeaderLabels([self.tr("What"), self.tr("Details")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        changes = QSplitter(Qt.Orientation.Vertical)
        changes.addWidget(gone_box)
        changes.addWidget(self.tree)
        changes.setStretchFactor(0, 3)
        changes.setStretchFactor(1, 2)
        column.addWidget(changes, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([340, 760])
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        context.events.archive_changed.connect(self.refresh)
        context.events.snapshot_chosen.connect(self.choose_snapshot)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def choose_snapshot(self, snapshot_id: int) -> None:
        """Shows what changed in that snapshot: now if it is listed, else once it is."""
        self._wanted = snapshot_id
        self._select_wanted()

    def _select_wanted(self) -> bool:
        for row in range(self.timeline.count()):
            item = self.timeline.item(row)
            if item is not None and item.data(SNAPSHOT_ROLE) == self._wanted:
                self.timeline.setCurrentRow(row)
                self._wanted = None
                return True
        return False

    def refresh(self) -> None:
        if self.isHidden():
            # Not the page shown: its comparison (at 100,000 pins a diff, then thousands of
            # items added on the UI thread) would only slow the page that is. It is read
            # once the page is shown again (showEvent).
            self._stale = True
            return
        self._stale = False
        record = self.account
        self.timeline.clear()
        self._clear_comparison()
        if record is None:
            self.summary.setText(self.tr("No account connected."))
            return
        app = self.context.services.app

        def read() -> Timeline:
            # Each snapshot's stamps are files beside the database: read here, off the UI
            # thread, with the timeline.
            return app.archives.timeline(record), app.archives.stamp_states(record)

        self.context.runner.submit(read, self._show_snapshots, self._failed)

    def _show_snapshots(self, read: Timeline) -> None:
        timeline, stamps = read
        snapshots = [snapshot for snapshot, _ in timeline]
        self._snapshots = snapshots
        self._unchecked = {snapshot.id: count for snapshot, count in timeline if count}
        self.timeline.clear()
        if not snapshots:
            self.summary.setText(self.tr("No snapshots yet: run a backup first."))
            return
        muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for snapshot in reversed(snapshots):  # newest first
            # Backups are time-stamped; an imported export is Pinterest's own record.
            stamped = None if snapshot.is_export else stamps.get(snapshot.id)
            line = snapshot_line(snapshot, self._unchecked.get(snapshot.id, 0), stamped)
            item = QListWidgetItem(line)
            tip = line.replace("\n", ": ")  # whole, however narrow the list
            if stamped is not None:
                tip = f"{tip}\n{stamp_tip(stamped)}"
            item.setToolTip(tip)
            item.setData(STAMP_ROLE, stamped.value if stamped is not None else "")
            item.setData(SNAPSHOT_ROLE, snapshot.id)
            if not snapshot.complete:
                item.setForeground(muted)
            self.timeline.addItem(item)
        if not self._select_wanted():
            self.timeline.setCurrentRow(0)

    def _older_complete(self, snapshot_id: int) -> int | None:
        # An imported export is not a listing of the account: backups compare to backups.
        earlier = [s.id for s in self._snapshots
                   if s.complete and not s.is_export and s.id < snapshot_id]  # fmt: skip
        return earlier[-1] if earlier else None

    def _appeal(self) -> None:
        if self.compared is not None:
            self.context.events.appeal_requested.emit(*self.compared)

    @property
    def complete(self) -> bool:
        """Whether the comparison shown is all there: none is still being added."""
        return self._filling is None

    def _fill(self, steps: Iterator[None]) -> None:
        """Runs `steps` FILL_STEPS at a time: the first slice now, each next one on a later
        turn of the event loop. A comparison of thousands of pins is painted (and the
        window stays responsive) while the rest of its items are still being added; a
        small one is shown whole at once."""
        self._filling = steps
        self._fill_more()

    def _fill_more(self) -> None:
        steps = self._filling
        if steps is None:
            return
        for _ in range(FILL_STEPS):
            if next(steps, _DONE) is _DONE:
                self._filling = None
                return
        self._fill_timer.start()

    def _clear_comparison(self) -> None:
        self._filling = None  # a comparison still being added stops here
        self._fill_timer.stop()
        # The tree's items go with it: pictures still on their way must not reach them.
        self.tree.clear()
        self._pin_items = {}
        self.pictures.forget()
        self.gone.show_gone([])
        self.gone_box.hide()
        self.compared = None

    def _chosen(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self._clear_comparison()
        record = self.account
        if current is None or record is None:
            return
        newer = int(current.data(SNAPSHOT_ROLE))
        chosen = next(s for s in self._snapshots if s.id == newer)
        if not chosen.complete:
            why = one_line(chosen.note) if chosen.note else outcome_text(chosen.outcome)
            self.summary.setText(self.tr(
                "{backup} stopped before it finished ({why}); it is kept, but never compared, "
                "so nothing is taken as removed from it."
            ).format(backup=backup_of(chosen).capitalize(), why=why))  # fmt: skip
            return
        app = self.context.services.app
        if chosen.is_export:
            self.summary.setText(self.tr("Reading what Pinterest's data export of {when} says…")
                                 .format(when=human_time(chosen.started_at)))  # fmt: skip
            self.context.runner.submit(
                lambda: app.archives.export_loss(record, newer), self._show_diff, self._failed
            )
            return
        older = self._older_complete(newer)
        if older is None:
            self.summary.setText(self.tr(
                "{backup} is the first complete one: there is nothing before it to compare with."
            ).format(backup=backup_of(chosen).capitalize()))  # fmt: skip
            return
        self.summary.setText(self.tr("Comparing it with the complete backup before it…"))
        self.context.runner.submit(
            lambda: app.archives.compare(record, older, newer), self._show_diff, self._failed
        )

    def _show_diff(self, result: DiffResult) -> None:
        current = self.timeline.currentItem()
        if current is None or int(current.data(SNAPSHOT_ROLE)) != result.newer.id:
            return  # the user has chosen another snapshot since
        self._clear_comparison()
        removed = sum(len(v) for v in result.removed.values())
        added = sum(len(v) for v in result.added.values())
        changed = sum(len(v) for v in result.changed.values())
        moved = sum(len(v) for v in result.moved.values())
        by_export = result.removed_by_export
        exported = len(by_export)
        if result.newer.is_export:
            said = self.tr(
                "This is Pinterest's data export of {when}. It is not a backup, so nothing is "
                "compared with it; it marks %Ln pin(s) as no longer alive.",
                None,
                exported,
            ).format(when=human_time(result.newer.started_at))
            self.summary.setText(sentences(said, export_alone_summary(by_export)))  # fmt: skip
        else:
            nothing = ""
            if not result.lost_anything:
                unseen = bool(result.not_checked) or any(result.not_visible.values())
                nothing = (self.tr("Nothing was removed from the boards that were checked.")
                           if unseen else self.tr("Nothing was removed."))  # fmt: skip
            self.compared = (result.older.id, result.newer.id)
            restored = sum(len(v) for v in result.restored.values())
            if restored:
                counts = self.tr(
                    "From {older} to {newer}: {removed} removed, {added} added, "
                    "{restored} restored, {changed} changed, {moved} moved."
                )
            else:
                counts = self.tr(
                    "From {older} to {newer}: {removed} removed, {added} added, "
                    "{changed} changed, {moved} moved."
                )
            counts = counts.format(
                older=backup_of(result.older),
                newer=backup_of(result.newer),
                removed=f"{removed:,}",
                added=f"{added:,}",
                restored=f"{restored:,}",
                changed=f"{changed:,}",
                moved=f"{moved:,}",
            )
            export = ""
            if by_export:
                export = self.tr(
                    "Pinterest's data export marks %Ln pin(s) more as no longer alive.",
                    None,
                    exported,
                )
            self.summary.setText(sentences(
                counts, export, export_alone_summary(by_export) if by_export else "", nothing,
                not_checked_summary(result), result.not_visible_sentence(),
            ))  # fmt: skip
        self._fill(self._comparison(result))

    def _comparison(self, result: DiffResult) -> Iterator[None]:
        """The comparison's tree and its grid of what is gone, an item at each step (see
        _fill)."""
        by_export = result.removed_by_export
        changed = sum(len(v) for v in result.changed.values())
        moved = sum(len(v) for v in result.moved.values())
        # The palette's link colour reads well on the view's background, light or dark.
        highlight = self.palette().brush(QPalette.ColorRole.Link)
        if by_export:
            top = QTreeWidgetItem(self.tree, [
                self.tr("No longer alive, says Pinterest's data export ({count})")
                .format(count=f"{len(by_export):,}"), ""
            ])  # fmt: skip
            top.setExpanded(True)
            for item in by_export:
                child = QTreeWidgetItem(top, [item_line(item), export_details(item)])
                self._track(child, item)
                child.setForeground(0, highlight)
                yield
            if result.newer.is_export:
                self._ask_for_thumbnails(result.newer.id)
                self.tree.resizeColumnToContents(0)
                return
        yield from self._show_gone(result)
        yield from self._group(self.tr("Removed ({count})"), result.removed, highlight, True)
        self._not_checked(result)
        yield from self._group(self.tr("Added ({count})"), result.added, None)
        self._restored(result)
        changes = QTreeWidgetItem(
            self.tree, [self.tr("Changed ({count})").format(count=f"{changed:,}"), ""]
        )
        for kind in KINDS:
            for change in result.changed[kind]:
                QTreeWidgetItem(changes, [item_line(change.item), ", ".join(sorted(change.fields))])
                yield
        moves = QTreeWidgetItem(
            self.tree, [self.tr("Moved ({count})").format(count=f"{moved:,}"), ""]
        )
        for kind in KINDS:
            for move in result.moved[kind]:
                QTreeWidgetItem(moves, [item_line(move.item),
                                        self.tr("board {old} → {new}").format(
                                            old=move.old_board, new=move.new_board)])  # fmt: skip
                yield
        groups = [g for g in result.blast if len(g.pins) > 1]
        if groups:
            blast = QTreeWidgetItem(self.tree, [
                self.tr("One picture, many pins ({count})").format(count=f"{len(groups):,}"), ""
            ])  # fmt: skip
            blast.setExpanded(True)
            for group in groups:
                pins, boards = len(group.pins), len(group.boards)
                row = QTreeWidgetItem(blast, [
                    translate("History", "%Ln pin(s) shared this picture", None, pins),
                    translate("History", "on %Ln board(s)", None, boards),
                ])  # fmt: skip
                # Shown by the picture itself (the first pin's), not by its hash.
                if group.pins and len(self._pin_items) < THUMBNAILS_MAX:
                    self._pin_items.setdefault(group.pins[0], []).append(row)
        self._ask_for_thumbnails(result.newer.id)
        self.tree.resizeColumnToContents(0)
        # A very long title must not push the details out of sight.
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 520))

    def _group(
        self,
        label: str,  # its words, with {count} for how many
        groups: dict[str, list[Item]],
        brush: QBrush | None,
        expand: bool = False,
    ) -> Iterator[None]:
        total = sum(len(v) for v in groups.values())
        top = QTreeWidgetItem(self.tree, [label.format(count=f"{total:,}"), ""])
        top.setExpanded(expand and total > 0)
        times: dict[str | None, str] = {}  # the items of a snapshot share its time: said once
        for kind in KINDS:
            for item in groups[kind]:
                when = item.last_seen if brush is not None else item.first_seen
                if when not in times:
                    times[when] = (
                        self.tr("last seen {when}") if brush is not None
                        else self.tr("first seen {when}")
                    ).format(when=human_time(when))  # fmt: skip
                child = QTreeWidgetItem(top, [item_line(item), times[when]])  # fmt: skip
                self._track(child, item)
                if brush is not None:
                    child.setForeground(0, brush)
                yield

    def _show_gone(self, result: DiffResult) -> Iterator[None]:
        boards = gone_boards(result)
        count = sum(len(board.tiles) for board in boards)
        if not count:
            return
        self.gone_title.setText(translate(
            "History", "What is gone: %Ln pin(s). Click a picture to open its pin.", None, count
        ))  # fmt: skip
        self.appeal_button.setVisible(self.compared is not None)
        self.gone_box.show()
        yield from self.gone.filling(boards)

    def _restored(self, result: DiffResult) -> None:
        """What a restore put back, seen again: each stands for the pin it replaces."""
        total = sum(len(v) for v in result.restored.values())
        if not total:
            return
        top = QTreeWidgetItem(
            self.tree, [self.tr("Restored ({count})").format(count=f"{total:,}"), ""]
        )
        for kind in KINDS:
            for restored in result.restored[kind]:
                child = QTreeWidgetItem(top, [
                    item_line(restored.item), self.tr("put back for the archived one it replaces")
                ])  # fmt: skip
                self._track(child, restored.item)
        top.setExpanded(True)

    def _not_checked(self, result: DiffResult) -> None:
        """The boards the newer snapshot did not list, by name: never shown as unchanged."""
        if not result.not_checked:
            return
        top = QTreeWidgetItem(
            self.tree,
            [
                self.tr("Not checked in this snapshot ({count})").format(
                    count=f"{len(result.not_checked):,}"
                ),
                "",
            ],
        )
        for board in result.not_checked:
            # Pinterest text (the name, its refusal): shown as plain text by the item view.
            name = one_line(board.name) or unnamed_board()
            QTreeWidgetItem(
                top, [self.tr("board: {name}").format(name=name), not_checked_details(board)]
            )
        top.setExpanded(True)

    def _track(self, item: QTreeWidgetItem, diff_item: Item) -> None:
        item.setData(0, ID_ROLE, f"{diff_item.kind}:{diff_item.id}")
        # Technical: the item's kind and its Pinterest id.
        item.setToolTip(
            0,
            translate("History", "{kind} {id}").format(
                kind=kind_word(diff_item.kind), id=diff_item.id
            ),
        )
        if diff_item.kind == "pin" and len(self._pin_items) < THUMBNAILS_MAX:
            item.setData(0, PIN_ROLE, diff_item.id)
            self._pin_items.setdefault(diff_item.id, []).append(item)

    def _ask_for_thumbnails(self, newer: int) -> None:
        record = self.account
        if record is None or not self._pin_items:
            return

        def still_on_screen() -> bool:  # not once another comparison is shown
            current = self.timeline.currentItem()
            return current is not None and int(current.data(SNAPSHOT_ROLE)) == newer

        self.pictures.ask(record, set(self._pin_items), still_on_screen)

    def _show_picture(self, pin_id: str, pixmap: QPixmap) -> None:
        for item in self._pin_items.get(pin_id, []):
            item.setIcon(0, QIcon(pixmap))
        self.gone.set_picture(pin_id, pixmap)

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_sentence(error, self.tr("The archive could not be read.")))
