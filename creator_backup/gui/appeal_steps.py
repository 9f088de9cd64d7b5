"""The Appeal page's steps, one widget each: choose what the packet documents, see what goes
in, watch it being made, and find it when it is done. (Step 3, the statement and details, is
in appeal_details.)

Each step builds its own controls, every one with a name for screen readers and, for the
fields, a label with a mnemonic, and keeps what is its own (the snapshots the user picked).
The page moves between the steps and connects their buttons to what they do. Pinterest text
is shown only as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appeal.service import PacketSources
from creator_backup.archive.records import Snapshot
from creator_backup.gui.appeal_words import snapshot_choice
from creator_backup.gui.job_progress import job_progress_bar
from creator_backup.gui.widgets import plain_label
from creator_backup.words import one_line

PICTURE_SIDE = 96  # the preview's pictures, at most this many pixels on a side
PREVIEW_PICTURES = 12  # pictures of the first items the preview shows


@dataclass(frozen=True)
class Choice:
    """What the first step chose: "lost" between two snapshots, or "all" as in one."""

    mode: str
    from_snapshot: int | None
    to_snapshot: int | None


def snapshot_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(40)
    return box


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)  # the app's own words, with a mnemonic for the keyboard
    label.setBuddy(widget)
    return label


class ChooseStep(QWidget):
    """Step 1: what was lost between two snapshots, or everything in the account as backed
    up in one. The snapshots the user picks are kept over the defaults while they are there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picked: dict[QComboBox, object] = {}  # snapshots the user chose: refreshes keep them
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.lost_radio = QRadioButton(self.tr("What was &lost between two snapshots"))
        self.all_radio = QRadioButton(self.tr("&Everything in the account"))
        self.lost_radio.setToolTip(self.tr("Only what one backup had and a later one did not"))
        self.all_radio.setToolTip(self.tr("For an account that is suspended or deactivated"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.lost_radio)
        self.mode_group.addButton(self.all_radio)
        self.lost_radio.setChecked(True)
        self.from_box = snapshot_box(self.tr("Last good snapshot (from)"))
        self.to_box = snapshot_box(self.tr("Snapshot that shows the loss (to)"))
        self.whole_box = snapshot_box(self.tr("Snapshot to document"))
        lost_form = QFormLayout()
        lost_form.setContentsMargins(24, 0, 0, 0)
        lost_form.addRow(buddy(self.tr("Fr&om:"), self.from_box), self.from_box)
        lost_form.addRow(buddy(self.tr("&To:"), self.to_box), self.to_box)
        all_form = QFormLayout()
        all_form.setContentsMargins(24, 0, 0, 0)
        all_form.addRow(buddy(self.tr("&As backed up in:"), self.whole_box), self.whole_box)
        column.addWidget(self.lost_radio)
        column.addLayout(lost_form)
        column.addWidget(self.all_radio)
        column.addLayout(all_form)
        self.choose_note: QLabel = plain_label("")
        self.choose_note.setAccessibleName(self.tr("About this choice"))
        self.choose_note.setFrameShape(QFrame.Shape.StyledPanel)
        self.choose_note.hide()
        column.addWidget(self.choose_note)
        column.addStretch(1)
        for box in self.boxes:
            # Only the user's own picks (activated) are kept over the defaults.
            box.activated.connect(lambda _i, b=box: self.picked.__setitem__(b, b.currentData()))

    @property
    def boxes(self) -> tuple[QComboBox, QComboBox, QComboBox]:
        return self.from_box, self.to_box, self.whole_box

    @property
    def mode(self) -> str:
        return "all" if self.all_radio.isChecked() else "lost"

    def choice(self) -> Choice | None:
        if self.mode == "all":
            snapshot = self.whole_box.currentData()
            return Choice("all", None, snapshot) if isinstance(snapshot, int) else None
        older, newer = self.from_box.currentData(), self.to_box.currentData()
        if isinstance(older, int) and isinstance(newer, int):
            return Choice("lost", older, newer)
        return None

    def fill(self, sources: PacketSources) -> None:
        """The snapshots to choose from, for each box (the mode is the page's to set)."""
        self._fill(self.from_box, sources.snapshots[:-1], sources.lost_from, sources)
        self._fill(self.to_box, sources.snapshots[1:], sources.lost_to, sources)
        self._fill(self.whole_box, sources.snapshots, sources.whole, sources)

    def _fill(
        self,
        box: QComboBox,
        snapshots: list[Snapshot],
        default: Snapshot | None,
        sources: PacketSources,
    ) -> None:
        """The snapshots, newest first: the one the user chose while it is there, else the
        default (which moves on as backups are made)."""
        box.blockSignals(True)
        box.clear()
        for snapshot in reversed(snapshots):
            box.addItem(snapshot_choice(snapshot, sources), snapshot.id)
        index = box.findData(self.picked.get(box))
        if index < 0 and default is not None:
            index = box.findData(default.id)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def show_notes(self, notes: list[str]) -> None:
        self.choose_note.setText("\n\n".join(notes))
        self.choose_note.setVisible(bool(notes))

    def enable(self, lost_ok: bool) -> None:
        """What was lost needs two snapshots; each box only with its own mode."""
        self.lost_radio.setEnabled(lost_ok)
        self.from_box.setEnabled(lost_ok and self.lost_radio.isChecked())
        self.to_box.setEnabled(lost_ok and self.lost_radio.isChecked())
        self.whole_box.setEnabled(self.all_radio.isChecked())

    def clear(self) -> None:
        """No snapshots and no picks, for another account."""
        self.picked.clear()
        for box in self.boxes:
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)


class PreviewStep(QWidget):
    """Step 2: what goes in the packet, in sentences, and the list of its items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary: QLabel = plain_label("")
        self.summary.setAccessibleName(self.tr("What goes in the packet"))
        column.addWidget(self.summary)
        # The pictures of the first items, as the report shows them; filled in as they are
        # decoded off the UI thread. The titles are in the list below.
        self.pictures = QListWidget()
        self.pictures.setAccessibleName(self.tr("Pictures in the packet"))
        self.pictures.setViewMode(QListView.ViewMode.IconMode)
        self.pictures.setFlow(QListView.Flow.LeftToRight)
        self.pictures.setWrapping(False)
        self.pictures.setIconSize(QSize(PICTURE_SIDE, PICTURE_SIDE))
        self.pictures.setFixedHeight(PICTURE_SIDE + 24)
        self.pictures.setMovement(QListView.Movement.Static)
        self.pictures.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.pictures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.pictures.hide()
        column.addWidget(self.pictures)
        self.items_view = QPlainTextEdit()
        self.items_view.setReadOnly(True)
        self.items_view.setAccessibleName(self.tr("Items in the packet"))
        self.items_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.items_view.setTabChangesFocus(True)
        column.addWidget(self.items_view, 1)

    def clear_pictures(self) -> None:
        self.pictures.clear()
        self.pictures.hide()

    def show_pictures(self, pictures: list[tuple[str, QImage]]) -> None:
        """The pictures decoded for the preview, each with its item's title (plain text)."""
        self.pictures.clear()
        for title, image in pictures:
            entry = QListWidgetItem(QIcon(QPixmap.fromImage(image)), "")
            # No tooltip: Qt would read a title that looks like markup as rich text.
            entry.setData(
                Qt.ItemDataRole.AccessibleTextRole, one_line(title) or self.tr("Untitled")
            )
            self.pictures.addItem(entry)
        self.pictures.setVisible(bool(pictures))


class BuildStep(QWidget):
    """Step 4: the packet being made, with progress and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.bar = job_progress_bar(self.tr("Packet progress"))
        self.phase: QLabel = plain_label("", selectable=False)
        self.phase.setAccessibleName(self.tr("Packet phase"))
        self.cancel_button = QPushButton(self.tr("&Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; no packet is written"))
        row = QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        column.addWidget(self.bar)
        column.addWidget(self.phase)
        column.addLayout(row)
        column.addStretch(1)


class DoneStep(QWidget):
    """Step 5: where the packet is and what it holds; show it in its folder, or build another."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.done_label: QLabel = plain_label("")
        self.done_label.setAccessibleName(self.tr("The packet"))
        self.open_button = QPushButton(self.tr("&Open the report"))
        self.open_button.setToolTip(self.tr("Read the packet's report (report.pdf)"))
        self.show_button = QPushButton(self.tr("&Show in folder"))
        self.show_button.setToolTip(self.tr("Open the folder that holds the packet"))
        self.again_button = QPushButton(self.tr("Build &another"))
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addWidget(self.show_button)
        row.addWidget(self.again_button)
        row.addStretch(1)
        column.addWidget(self.done_label)
        column.addLayout(row)
        column.addStretch(1)
