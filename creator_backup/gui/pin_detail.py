"""The Browse page's pin detail pane: one pin's metadata, its files with a larger preview,
every version it had across snapshots, its probes, and all its fields as archived.

Pinterest text is shown as plain text only: labels in PlainText, items as DisplayRole.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creator_backup.archive.browse import BoardCheck, MediaFile, PinDetail, PinRow, VersionSpan
from creator_backup.checked_words import why_not_checked
from creator_backup.gui.browse_reads import PinDetailRead
from creator_backup.gui.pin_models import pin_title, removed_text
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import heading, human_time, plain_label
from creator_backup.progress import human_size

BoardChecks = Callable[[str | None], BoardCheck | None]
PICTURE_SHARE = 0.65  # of the visible height, at most, for the pin's picture


def pin_time(stamp: str | None) -> str:
    """Pinterest's own time stamp (its created_at: ISO 8601, with or without a zone or
    fractions; a zoneless one is UTC) in words, in the user's time zone, as human_time
    says a snapshot's; text that is not a time is shown as it is (plain text)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return human_time(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))


def snapshots_text(first: int, last: int) -> str:
    return f"#{first}" if first == last else f"#{first}–#{last}"


def board_fallback(board_id: str | None) -> str:
    """For a board that is not among the archived ones (another account's, or secret)."""
    if board_id:
        return translate("PinDetailPane", "board {id} (not archived)").format(id=board_id)
    return translate("PinDetailPane", "no board")


def status_text(row: PinRow) -> str:
    if row.missing_since is None:
        return translate("PinDetailPane", "In the archive's latest view of the account")
    return removed_text(row.missing_since)


def seen_text(stamp: str, snapshot: int) -> str:
    """ "02 Dec 2026, 08:44 (snapshot 3)": when a listing saw the pin."""
    if stamp:
        return translate("PinDetailPane", "{when} (snapshot {number})").format(
            when=human_time(stamp), number=snapshot
        )
    return translate("PinDetailPane", "snapshot {number}").format(number=snapshot)


def board_check_text(check: BoardCheck | None) -> str:
    """What the pane says when the latest backup did not list the pin's board."""
    if check is None:
        return ""
    why = why_not_checked(check.state, check.detail)
    if check.last_checked is None:
        return translate("PinDetailPane", "Its board has never been checked: {why}.").format(
            why=why
        )
    return translate("PinDetailPane", "Its board has not been checked since {when}: {why}.").format(
        when=human_time(check.last_checked), why=why
    )


def kept_text(span: VersionSpan) -> str:
    """After a span's last sighting: snapshots that did not list its board kept it."""
    if not span.kept_unchecked:
        return ""
    return translate(
        "PinDetailPane", "kept as last seen, not checked, until {when} (#{number})"
    ).format(when=human_time(span.last_kept_at), number=span.last_snapshot)


def no_checks(_board_id: str | None) -> BoardCheck | None:
    return None


# -- the pane ------------------------------------------------------------------------------


class PinDetailPane(QWidget):
    """One pin, as a large view: its picture first, then its title, description, link,
    board, dates and files, and its history; the technical fields (the pin's id, the
    probes, every field as archived) behind a Details disclosure, closed until opened."""

    media_chosen = Signal(int)  # a position in the pin's media list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pin: PinRow | None = None
        self.files: list[Path | None] = []
        self.media: list[MediaFile] = []
        self._picture: QPixmap | None = None  # the preview at its own size
        column = QVBoxLayout(self)
        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Picture of the pin"))
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(120)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        column.addWidget(self.preview)
        self.title_label = heading("", scale=1.4)
        self.title_label.setAccessibleName(self.tr("Pin title"))
        column.addWidget(self.title_label)
        self.status_label = plain_label("")
        self.status_label.setAccessibleName(self.tr("Pin status"))
        column.addWidget(self.status_label)
        self.check_label = plain_label("")
        self.check_label.setAccessibleName(self.tr("When the pin's board was last checked"))
        self.check_label.setVisible(False)
        column.addWidget(self.check_label)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        names = {"Description": self.tr("Description"), "Link": self.tr("Link"),
                 "Board": self.tr("Board"), "Section": self.tr("Section"),
                 "Created": self.tr("Created"), "First seen": self.tr("First seen"),
                 "Last seen": self.tr("Last seen")}  # fmt: skip
        for name, shown in names.items():
            label = plain_label("")
            label.setAccessibleName(shown)
            self.fields[name] = label
            form.addRow(plain_label(shown + ":", selectable=False), label)
        column.addLayout(form)

        column.addWidget(heading(self.tr("Files"), scale=1.1))
        self.media_list = QListWidget()
        self.media_list.setAccessibleName(self.tr("Files of the pin"))
        self.media_list.setMaximumHeight(110)
        self.media_list.currentRowChanged.connect(self._media_row)
        column.addWidget(self.media_list)
        self.open_button = QPushButton(self.tr("&Open file"))
        self.open_button.setAccessibleName(self.tr("Open the chosen file"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open_file)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        column.addLayout(row)

        column.addWidget(heading(self.tr("History"), scale=1.1))
        self.history = QTableWidget(0, 6)
        self.history.setAccessibleName(self.tr("Versions of the pin across snapshots"))
        self.history.setHorizontalHeaderLabels(
            [self.tr("Seen in"), self.tr("What changed"), self.tr("Board and section"),
             self.tr("First seen"), self.tr("Last seen"), self.tr("Then")]
        )  # fmt: skip
        self._table(self.history)
        column.addWidget(self.history)

        # The technical fields: closed until the person opens them.
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details"))
        self.details_button.setAccessibleName(self.tr("Details"))
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setCheckable(True)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.toggled.connect(self._show_details)
        column.addWidget(self.details_button)
        self.details = QWidget()
        inner = QVBoxLayout(self.details)
        inner.setContentsMargins(0, 0, 0, 0)
        ids = QFormLayout()
        pin_id = plain_label("")
        pin_id.setAccessibleName(self.tr("Pin id"))
        self.fields["Pin id"] = pin_id
        ids.addRow(plain_label(self.tr("Pin id") + ":", selectable=False), pin_id)
        inner.addLayout(ids)
        inner.addWidget(heading(self.tr("Probes"), scale=1.1))
        self.probes = QTableWidget(0, 3)
        self.probes.setAccessibleName(self.tr("Probes of the pin"))
        self.probes.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Verdict"), self.tr("HTTP status")]
        )
        self._table(self.probes)
        self.probes.setMaximumHeight(120)
        inner.addWidget(self.probes)
        inner.addWidget(heading(self.tr("All fields"), scale=1.1))
        self.raw = QTreeWidget()
        self.raw.setAccessibleName(self.tr("All fields of the pin as archived"))
        self.raw.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        self.raw.setMinimumHeight(200)
        inner.addWidget(self.raw)
        self.details.setVisible(False)
        column.addWidget(self.details)
        column.addStretch(1)
        self.clear(self.tr("Choose a pin to see its details."))

    def _show_details(self, shown: bool) -> None:
        self.details_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.details.setVisible(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_picture()

    def _fit_picture(self) -> None:
        """The picture as large as the pane allows, never larger than it is, and low
        enough for the title to show under it on the first screen."""
        picture = self._picture
        if picture is None:
            return
        ratio = self.devicePixelRatioF()
        holder = self.parentWidget()  # the scroll area's viewport: what is on screen
        screen = holder.height() if holder is not None else self.height()
        width = max(1, self.width() - 24)
        height = max(200, round(screen * PICTURE_SHARE))
        scale = picture.devicePixelRatio()
        if picture.width() / scale > width or picture.height() / scale > height:
            shown = picture.scaled(round(width * ratio), round(height * ratio),
                                   Qt.AspectRatioMode.KeepAspectRatio,
                                   Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            shown.setDevicePixelRatio(ratio)
        else:
            shown = picture
        self.preview.setPixmap(shown)

    @staticmethod
    def _table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.setMaximumHeight(200)

    def clear(self, message: str) -> None:
        self.pin = None
        self.files, self.media = [], []
        self.title_label.setText(message)
        self.title_label.setAccessibleName(self.tr("Pin title"))
        self.status_label.setText("")
        self.check_label.setText("")
        self.check_label.setVisible(False)
        for label in self.fields.values():
            label.setText("")
        self._picture = None
        self.preview.clear()
        self.media_list.clear()
        self.open_button.setEnabled(False)
        self.history.setRowCount(0)
        self.probes.setRowCount(0)
        self.raw.clear()

    def show_row(self, row: PinRow, board: str | None) -> None:
        """What the grid already knows, at once; the rest follows from `show_detail`."""
        self.clear("")
        self.pin = row
        self.title_label.setText(pin_title(row))
        self.status_label.setText(status_text(row))
        self.fields["Description"].setText(row.description or "")
        self.fields["Board"].setText(board or row.board_id or "")
        self.fields["Created"].setText(pin_time(row.created_at))
        self.fields["Pin id"].setText(row.id)
        self.preview.setText(self.tr("Loading…"))

    def show_detail(
        self,
        result: PinDetailRead,
        boards: Callable[[str | None], str | None],
        checks: BoardChecks = no_checks,
    ) -> None:
        """`boards` names a board; `checks` says when the latest backup did not list it."""
        detail = result.detail
        if detail is None:
            self.clear(self.tr("This pin is no longer in the archive."))
            return
        row = detail.row
        self.show_row(row, boards(row.board_id) or board_fallback(row.board_id))
        checked = board_check_text(checks(row.board_id))
        self.check_label.setText(checked)
        self.check_label.setVisible(bool(checked))
        self.files, self.media = result.files, detail.media
        link = detail.raw.get("link")
        self.fields["Link"].setText(link if isinstance(link, str) else "")
        section = result.sections.get(row.section_id or "", row.section_id or "")
        self.fields["Section"].setText(section or self.tr("No section"))
        # Only a listing counts as seeing it: "Last seen" is the last snapshot that did.
        self.fields["First seen"].setText(seen_text(detail.first_seen_at, detail.first_seen))
        self.fields["Last seen"].setText(seen_text(detail.last_seen_at, detail.last_seen))
        for item, file in zip(detail.media, result.files, strict=True):
            size = human_size(item.size) if item.size is not None else self.tr("size unknown")
            kind = item.content_type or self.tr("unknown type")
            state = (
                self.tr("saved")
                if file is not None
                else self.tr("not saved ({status})").format(status=item.status)
            )
            entry = QListWidgetItem(
                self.tr("{kind}, {size}, {state}").format(kind=kind, size=size, state=state)
            )
            entry.setToolTip("")  # the URL is Pinterest's text: not a tooltip
            self.media_list.addItem(entry)
        self.media_list.blockSignals(True)
        self.media_list.setCurrentRow(result.preview_of)
        self.media_list.blockSignals(False)
        self.open_button.setEnabled(result.preview_of >= 0)
        self.set_preview(result.preview, result.preview_of)
        self._fill_history(detail, boards, result.sections)
        self.probes.setRowCount(len(detail.probes))
        for number, probe in enumerate(detail.probes):
            self._cell(self.probes, number, 0, human_time(probe.probed_at))
            self._cell(self.probes, number, 1, probe.verdict)
            self._cell(self.probes, number, 2, str(probe.http_status))
        if not detail.probes:
            self.probes.setRowCount(1)
            self._cell(self.probes, 0, 0, self.tr("Never probed"))
        self._fill_raw(detail.raw)

    def set_preview(self, image: QImage | None, position: int) -> None:
        if image is not None and not image.isNull():
            self._picture = QPixmap.fromImage(image)
            self._fit_picture()
            self.preview.setAccessibleDescription(self.tr("The pin's picture"))
            return
        self._picture = None
        self.preview.clear()
        if position < 0 and not self.media:
            self.preview.setText(self.tr("No files archived for this pin."))
        elif 0 <= position < len(self.media):
            kind = self.media[position].content_type or ""
            self.preview.setText(
                self.tr("A video: open the file to play it.") if kind.startswith("video/")
                else self.tr("No preview for this file.")
            )  # fmt: skip
        else:
            self.preview.setText(self.tr("No preview for this pin."))

    def _fill_history(
        self,
        detail: PinDetail,
        boards: Callable[[str | None], str | None],
        sections: dict[str, str],
    ) -> None:
        self.history.setRowCount(len(detail.history))
        for number, span in enumerate(detail.history):
            place = boards(span.board_id) or board_fallback(span.board_id)
            if span.section_id:
                place = self.tr("{board} / {section}").format(
                    board=place, section=sections.get(span.section_id, span.section_id)
                )
            if number == 0:
                changed = self.tr("first archived")
            else:
                # The changed fields' own names (Pinterest's keys), as archived.
                changed = ", ".join(span.changed) if span.changed else self.tr("seen again")
            values = (snapshots_text(span.first_snapshot, span.last_observed), changed, place,
                      human_time(span.first_seen_at), human_time(span.last_seen_at),
                      kept_text(span))  # fmt: skip
            for col, value in enumerate(values):
                self._cell(self.history, number, col, value)

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int, text: str) -> None:
        item = QTableWidgetItem(text)  # DisplayRole: plain text
        table.setItem(row, column, item)

    def _fill_raw(self, raw: dict[str, Any]) -> None:
        def add(parent: QTreeWidget | QTreeWidgetItem, key: str, value: Any, depth: int) -> None:
            if isinstance(value, dict | list) and value and depth < 6:
                item = QTreeWidgetItem(parent, [key, ""])
                pairs = value.items() if isinstance(value, dict) else enumerate(value)
                for child_key, child in pairs:
                    add(item, str(child_key), child, depth + 1)
                return
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            QTreeWidgetItem(parent, [key, text])

        self.raw.clear()
        for key in sorted(raw):
            add(self.raw, key, raw[key], 0)
        self.raw.resizeColumnToContents(0)

    def _media_row(self, position: int) -> None:
        self.open_button.setEnabled(0 <= position < len(self.files)
                                    and self.files[position] is not None)  # fmt: skip
        if position >= 0:
            self.media_chosen.emit(position)

    def _open_file(self) -> None:
        position = self.media_list.currentRow()
        if 0 <= position < len(self.files):
            file = self.files[position]
            if file is not None:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(file)))
