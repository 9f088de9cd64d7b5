"""History: the snapshots on a timeline, and what changed between two of them: removed,
added, changed and moved items, and the groups of pins one image took down."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QBrush, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creator_backup.archive.export_records import DATA_EXPORT
from creator_backup.archive.records import Snapshot
from creator_backup.diff.compare import KINDS, DiffResult, Item
from creator_backup.gui.pages.base import Page, PageContext
from creator_backup.gui.pin_models import count_text
from creator_backup.gui.thumbnail_loader import ThumbnailCache
from creator_backup.gui.widgets import error_sentence, heading, human_time, plain_label

SNAPSHOT_ROLE = Qt.ItemDataRole.UserRole + 1
PIN_ROLE = Qt.ItemDataRole.UserRole + 2
# Thumbnails are shown for the first so many pins of a comparison; the rest keep text.
THUMBNAILS_MAX = 2000
ICON_SIDE = 48


def is_export(snapshot: Snapshot) -> bool:
    return snapshot.kind == DATA_EXPORT


def snapshot_line(snapshot: Snapshot) -> str:
    state = "complete" if snapshot.complete else snapshot.status
    pins = snapshot.stats.get("pins")
    count = f", {pins:,} pins" if isinstance(pins, int) else ""
    kind = "Pinterest's data export" if is_export(snapshot) else f"{snapshot.kind} backup"
    return f"#{snapshot.id}  {human_time(snapshot.started_at)}  {kind}, {state}{count}"


def item_line(item: Item) -> str:
    # Pinterest text: shown as plain text by the item view (never rich text).
    title = item.title or f"Untitled {item.kind}"
    return f"{item.kind} {item.id}: {title}"


class HistoryPage(Page):
    title = "History"

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._snapshots: list[Snapshot] = []
        self._pin_items: dict[str, list[QTreeWidgetItem]] = {}
        self._picture_of: dict[str, str] = {}  # pin id -> sha256 of its main picture
        self.thumbnails = ThumbnailCache(
            context.services.paths.cache_dir / "thumbnails", parent=self
        )
        self.thumbnails.ready.connect(self._thumbnail_ready)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(lambda: self.thumbnails.shutdown())
        layout = QVBoxLayout(self)
        layout.addWidget(heading("History"))
        layout.addWidget(plain_label(
            "Every backup is a snapshot. Choose one to see what changed since the complete "
            "snapshot before it. Stopped (partial) snapshots never count as removals.",
            selectable=False,
        ))  # fmt: skip
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.timeline = QListWidget()
        self.timeline.setAccessibleName("Snapshots")
        self.timeline.currentItemChanged.connect(self._chosen)
        splitter.addWidget(self.timeline)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary: QLabel = plain_label("Choose a snapshot.")
        self.summary.setAccessibleName("Comparison summary")
        column.addWidget(self.summary)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Changes")
        self.tree.setHeaderLabels(["What", "Details"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        column.addWidget(self.tree, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([340, 760])
        row = QHBoxLayout()
        row.addWidget(splitter)
        layout.addLayout(row, 1)
        context.events.archive_changed.connect(self.refresh)

    def refresh(self) -> None:
        record = self.account
        self.timeline.clear()
        self.tree.clear()
        if record is None:
            self.summary.setText("No account connected.")
            return
        workspace = self.context.services.workspace
        self.context.runner.submit(
            lambda: workspace.snapshots(record), self._show_snapshots, self._failed
        )

    def _show_snapshots(self, snapshots: list[Snapshot]) -> None:
        self._snapshots = snapshots
        self.timeline.clear()
        if not snapshots:
            self.summary.setText("No snapshots yet: run a backup first.")
            return
        muted = self.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        for snapshot in reversed(snapshots):  # newest first
            item = QListWidgetItem(snapshot_line(snapshot))
            item.setData(SNAPSHOT_ROLE, snapshot.id)
            if not snapshot.complete:
                item.setForeground(muted)
            self.timeline.addItem(item)
        self.timeline.setCurrentRow(0)

    def _older_complete(self, snapshot_id: int) -> int | None:
        # An imported export is not a listing of the account: backups compare to backups.
        earlier = [s.id for s in self._snapshots
                   if s.complete and not is_export(s) and s.id < snapshot_id]  # fmt: skip
        return earlier[-1] if earlier else None

    def _chosen(self, current: QListWidgetItem | None, _previous: object = None) -> None:
        self.tree.clear()
        record = self.account
        if current is None or record is None:
            return
        newer = int(current.data(SNAPSHOT_ROLE))
        chosen = next(s for s in self._snapshots if s.id == newer)
        if not chosen.complete:
            self.summary.setText(
                f"Snapshot {newer} stopped before it finished ({chosen.note or chosen.status}); "
                "it is kept, but never compared, so nothing is taken as removed from it."
            )
            return
        workspace = self.context.services.workspace
        if is_export(chosen):
            self.summary.setText(f"Reading what Pinterest's data export of "
                                 f"{human_time(chosen.started_at)} says…")  # fmt: skip
            self.context.runner.submit(
                lambda: workspace.export_loss(record, newer), self._show_diff, self._failed
            )
            return
        older = self._older_complete(newer)
        if older is None:
            self.summary.setText(f"Snapshot {newer} is the first complete one: nothing before it.")
            return
        self.summary.setText(f"Comparing snapshot {older} with {newer}…")
        self.context.runner.submit(
            lambda: workspace.compare(record, older, newer), self._show_diff, self._failed
        )

    def _show_diff(self, result: DiffResult) -> None:
        current = self.timeline.currentItem()
        if current is None or int(current.data(SNAPSHOT_ROLE)) != result.newer.id:
            return  # the user has chosen another snapshot since
        self.tree.clear()
        self._pin_items = {}
        self._picture_of = {}
        self.thumbnails.cancel_pending()
        removed = sum(len(v) for v in result.removed.values())
        added = sum(len(v) for v in result.added.values())
        changed = sum(len(v) for v in result.changed.values())
        moved = sum(len(v) for v in result.moved.values())
        by_export = result.removed_by_export
        if is_export(result.newer):
            self.summary.setText(
                f"Snapshot {result.newer.id} is Pinterest's data export of "
                f"{human_time(result.newer.started_at)}. It is not a backup, so nothing is "
                f"compared with it; it marks {count_text(len(by_export))} as no longer alive."
            )
        else:
            self.summary.setText(
                f"From snapshot {result.older.id} to {result.newer.id}: {removed:,} removed, "
                f"{added:,} added, {changed:,} changed, {moved:,} moved."
                + (f" Pinterest's data export marks {count_text(len(by_export))} more as no "
                   "longer alive." if by_export else "")
            )  # fmt: skip
        # The palette's link colour reads well on the view's background, light or dark.
        highlight = self.palette().brush(QPalette.ColorRole.Link)
        if by_export:
            top = QTreeWidgetItem(self.tree, [
                f"No longer alive, says Pinterest's data export ({len(by_export):,})", ""
            ])  # fmt: skip
            for item in by_export:
                child = QTreeWidgetItem(top, [item_line(item),
                                              f"export of {human_time(item.missing_since)}"])  # fmt: skip
                self._track(child, item)
                child.setForeground(0, highlight)
            top.setExpanded(True)
            if is_export(result.newer):
                self._ask_for_thumbnails(result.newer.id)
                self.tree.resizeColumnToContents(0)
                return
        self._group("Removed", result.removed, highlight, expand=True)
        self._group("Added", result.added, None)
        changes = QTreeWidgetItem(self.tree, [f"Changed ({changed:,})", ""])
        for kind in KINDS:
            for change in result.changed[kind]:
                QTreeWidgetItem(changes, [item_line(change.item), ", ".join(sorted(change.fields))])
        moves = QTreeWidgetItem(self.tree, [f"Moved ({moved:,})", ""])
        for kind in KINDS:
            for move in result.moved[kind]:
                QTreeWidgetItem(moves, [item_line(move.item),
                                        f"board {move.old_board} → {move.new_board}"])  # fmt: skip
        groups = [g for g in result.blast if len(g.pins) > 1]
        if groups:
            blast = QTreeWidgetItem(self.tree, [f"One image, many pins ({len(groups)})", ""])
            blast.setExpanded(True)
            for group in groups:
                QTreeWidgetItem(blast, [
                    f"{len(group.pins)} pins shared image {group.sha256[:12]}…",
                    f"on {len(group.boards)} boards",
                ])  # fmt: skip
        self._ask_for_thumbnails(result.newer.id)
        self.tree.resizeColumnToContents(0)
        # A very long title must not push the details out of sight.
        self.tree.setColumnWidth(0, min(self.tree.columnWidth(0), 520))

    def _group(
        self,
        label: str,
        groups: dict[str, list[Item]],
        brush: QBrush | None,
        expand: bool = False,
    ) -> None:
        total = sum(len(v) for v in groups.values())
        top = QTreeWidgetItem(self.tree, [f"{label} ({total:,})", ""])
        for kind in KINDS:
            for item in groups[kind]:
                child = QTreeWidgetItem(top, [item_line(item), f"last seen {human_time(item.last_seen)}"
                                              if label == "Removed" else
                                              f"first seen {human_time(item.first_seen)}"])  # fmt: skip
                self._track(child, item)
                if brush is not None:
                    child.setForeground(0, brush)
        top.setExpanded(expand and total > 0)

    def _track(self, item: QTreeWidgetItem, diff_item: Item) -> None:
        if diff_item.kind == "pin" and len(self._pin_items) < THUMBNAILS_MAX:
            item.setData(0, PIN_ROLE, diff_item.id)
            self._pin_items.setdefault(diff_item.id, []).append(item)

    def _ask_for_thumbnails(self, newer: int) -> None:
        record = self.account
        if record is None or not self._pin_items:
            return
        workspace = self.context.services.workspace
        pin_ids = set(self._pin_items)

        def arrived(pictures: dict[str, tuple[str, Path, str]]) -> None:
            current = self.timeline.currentItem()
            if current is None or int(current.data(SNAPSHOT_ROLE)) != newer:
                return  # another comparison is on screen now
            for pin_id, (sha, path, content_type) in pictures.items():
                self._picture_of[pin_id] = sha
                self.thumbnails.request(pin_id, sha, path, content_type)
                self._thumbnail_ready(pin_id)  # already decoded earlier: shown at once

        self.context.runner.submit(
            lambda: workspace.pin_pictures(record, pin_ids), arrived, lambda _e: None
        )

    def _thumbnail_ready(self, pin_id: str) -> None:
        sha = self._picture_of.get(pin_id)
        pixmap = self.thumbnails.pixmap(sha) if sha else None
        if pixmap is not None:
            for item in self._pin_items.get(pin_id, []):
                item.setIcon(0, QIcon(pixmap))

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(error_sentence(error, "The archive could not be read."))
