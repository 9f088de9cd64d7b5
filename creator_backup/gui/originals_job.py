"""File ▸ Match my original files…: the creator's own pictures (a folder of them) compared
with the archive's, in a small dialog with one progress bar and Cancel, then the outcome
in words: how many originals match pins, each match with its pin (picture and title), its
board, how close it is and when the original was made (and how that is known), and the
files that could not be read behind a disclosure. An appeal packet lists the last match.

It is a File action, not an Appeal step: the match belongs to the account's archive, not
to one packet (every packet made afterwards lists it), and it can be run before any loss,
while the originals are at hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QListWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.file_jobs import FileJobDialog
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.local_time import date_time_text
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.words import one_line

if TYPE_CHECKING:
    from creator_backup.originals.matching import FoundMatch, MatchReport

MATCH_JOB = "originals"
SHOWN = 500  # matches listed; the summary counts them all
ICON_SIDE = 48
VERY_CLOSE = 3  # bits of 64: a resized or recompressed copy is within this


def closeness(distance: int) -> str:
    """How close an original and a pin's picture are, in words."""
    if distance == 0:
        return translate("MatchOriginals", "same picture")
    if distance <= VERY_CLOSE:
        return translate("MatchOriginals", "very close")
    return translate("MatchOriginals", "close")


def closeness_tip(distance: int) -> str:
    return translate(
        "MatchOriginals",
        "%Ln of the 64 points of the pictures' fingerprints differ (a resized copy differs in "
        "a few; another picture in about half).",
        None,
        distance,
    )


def _when(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None


def made_words(taken_at: str | None, taken_from: str) -> str:
    from creator_backup.originals.taken import MODIFIED  # see MatchDialog.__init__

    """When the original was made, and always how that is known: the camera's date in the
    file and the file's own time prove different things. A camera's date has no time zone
    and is shown as the camera's clock said it."""
    when = _when(taken_at) if taken_at else None
    if when is None:
        return translate("MatchOriginals", "no date in the file")
    said = date_time_text(when)
    if taken_from == MODIFIED:
        return translate(
            "MatchOriginals", "{when} (the file's own date: it holds no camera date)"
        ).format(when=said)
    if taken_from == "DateTimeOriginal":
        return translate("MatchOriginals", "taken {when} (the camera's date in the file)").format(
            when=said
        )
    return translate(
        "MatchOriginals", "{when} (the date the camera or an editor wrote in the file)"
    ).format(when=said)


def summary(report: MatchReport) -> str:
    """ "12 of 40 originals match pins in your archive.", and what else there is to say."""
    originals, matched, pins = report.originals, report.matched_originals, len(report.matches)
    skipped, unmatched = len(report.skipped), len(report.unmatched)
    said: list[str] = []
    if originals == 0:
        said.append(translate("MatchOriginals", "No pictures in that folder could be compared."))
    else:
        said.append(translate(
            "MatchOriginals", "{matched} of %Ln originals match pins in your archive.",
            None, originals,
        ).format(matched=f"{matched:,}"))  # fmt: skip
    if pins > matched:
        said.append(translate("MatchOriginals", "Together they match %Ln pin(s).", None, pins))
    if unmatched and originals:
        said.append(translate(
            "MatchOriginals", "%Ln original(s) match no pin.", None, unmatched
        ))  # fmt: skip
    if skipped:
        said.append(translate(
            "MatchOriginals", "%Ln file(s) could not be read.", None, skipped
        ))  # fmt: skip
    if pins:
        said.append(translate(
            "MatchOriginals", "Every appeal packet you make from now on lists these matches."
        ))  # fmt: skip
    return " ".join(said)


def match_row(found: FoundMatch) -> list[str]:
    """A match's columns: the original's name, the pin's title, its board, how close, made.
    Pinterest text and file names are shown as plain text by the item view."""
    pin, match = found.pin, found.match
    title = one_line(pin.title, 120) or translate("MatchOriginals", "(untitled)")
    if pin.gone:
        title = translate("MatchOriginals", "{title} (gone from Pinterest)").format(title=title)
    board = one_line(pin.board, 80) or translate("MatchOriginals", "(no board)")
    return [one_line(match.original_name, 120), title, board, closeness(match.distance),
            made_words(match.taken_at, match.taken_from)]  # fmt: skip


class MatchDialog(FileJobDialog):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, translate("MatchDialog", "Match my original files"), parent)
        self.setMinimumWidth(760)
        self.outcome: MatchReport | None = None
        self.record: AccountRecord | None = None
        self._rows: dict[str, list[QTreeWidgetItem]] = {}  # pin id -> its rows
        # Imported when the dialog opens, not with the window (issue 22: the window opens
        # at once): the pictures' loader and the files' dates are needed here alone.
        from creator_backup.gui.pin_pictures import PinPictures

        self.pictures = PinPictures(context.services, context.runner, parent=self)
        self.pictures.shown.connect(self._show_picture)
        self.finished.connect(lambda _result: self.pictures.shutdown())
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        at = layout.indexOf(self.buttons)
        self.matches = QTreeWidget()
        self.matches.setAccessibleName(translate("MatchDialog", "Matches"))
        self.matches.setHeaderLabels([
            translate("MatchDialog", "Your file"), translate("MatchDialog", "Pin"),
            translate("MatchDialog", "Board"), translate("MatchDialog", "How close"),
            translate("MatchDialog", "Made"),
        ])  # fmt: skip
        self.matches.setRootIsDecorated(False)
        self.matches.setIconSize(QSize(ICON_SIDE, ICON_SIDE))
        self.matches.hide()
        layout.insertWidget(at, self.matches, 1)
        self.skipped_toggle = QToolButton()
        self.skipped_toggle.setCheckable(True)
        self.skipped_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.skipped_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.skipped_toggle.setText(translate("MatchDialog", "Which files, and why"))
        self.skipped_toggle.toggled.connect(self._show_skipped)
        self.skipped_toggle.hide()
        layout.insertWidget(at + 1, self.skipped_toggle)
        self.skipped = QListWidget()
        self.skipped.setAccessibleName(translate("MatchDialog", "Files that could not be read"))
        self.skipped.setMaximumHeight(140)
        self.skipped.hide()
        layout.insertWidget(at + 2, self.skipped)

    def start(self, record: AccountRecord, folder: Path) -> None:
        app = self.context.services.app
        self.record = record

        def work(progress: ProgressSink, cancel: CancelToken) -> MatchReport:
            # Decoding pictures is Qt's (QtGui): the core is handed the hasher.
            from creator_backup.render.phash import picture_hash

            return app.originals.match(record, folder, picture_hash, progress, cancel)

        self.status.setText(
            translate("MatchDialog", "Comparing the pictures in {folder} with your archive…")
            .format(folder=folder.name or str(folder))
        )  # fmt: skip
        self.bar.begin()
        self.job = self.context.runner.start(MATCH_JOB, work, self._done, self._failed,
                                             self._progress)  # fmt: skip

    def _done(self, report: MatchReport) -> None:
        from creator_backup.gui.pin_models import tooltip  # see __init__

        self.outcome = report
        self._finish(summary(report), done=True)
        self._rows = {}
        for found in report.matches[:SHOWN]:
            row = QTreeWidgetItem(self.matches, match_row(found))
            row.setToolTip(3, closeness_tip(found.match.distance))
            for column in (0, 1, 2, 4):  # whole, however narrow the column: as plain text
                row.setToolTip(column, tooltip(row.text(column)))
            self._rows.setdefault(found.pin.pin_id, []).append(row)
        more = len(report.matches) - SHOWN
        if more > 0:
            QTreeWidgetItem(self.matches, [translate("MatchDialog", "… and %Ln more", None, more)])
        if report.matches:
            self.matches.show()
            for column in range(4):
                self.matches.resizeColumnToContents(column)
            self._ask_for_pictures()
        for skipped in report.skipped:
            self.skipped.addItem(translate("MatchDialog", "{name}: {why}").format(
                name=one_line(skipped.name, 120), why=skipped.reason
            ))  # fmt: skip
        self.skipped_toggle.setVisible(bool(report.skipped))
        self.resize(max(self.width(), 900), max(self.height(), 520 if report.matches else 0))

    def _show_skipped(self, shown: bool) -> None:
        self.skipped.setVisible(shown)
        self.skipped_toggle.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )

    def _ask_for_pictures(self) -> None:
        record = self.record
        if record is None or not self._rows:
            return
        self.pictures.ask(record, set(self._rows))

    def _show_picture(self, pin_id: str, pixmap: QPixmap) -> None:
        for row in self._rows.get(pin_id, []):
            row.setIcon(1, QIcon(pixmap))


class MatchOriginals:
    """What File ▸ Match my original files… opens."""

    def __init__(
        self, parent: QWidget, context: PageContext, account: Callable[[], AccountRecord | None]
    ) -> None:
        self.parent = parent
        self.context = context
        self.account = account
        self.dialog: MatchDialog | None = None

    def choose_folder(self) -> MatchDialog | None:
        record = self.account()
        if record is None:
            self.context.notify(translate(
                "MatchOriginals", "Connect an account or import a data export first."
            ))  # fmt: skip
            return None
        chosen = self.context.services.dialogs.choose_folder(
            self.parent,
            translate("MatchOriginals", "Choose the folder with your original pictures"),
            Path.home(),
        )
        return self.match(record, chosen) if chosen is not None else None

    def match(self, record: AccountRecord, folder: Path) -> MatchDialog:
        dialog = MatchDialog(self.context, self.parent)
        self.dialog = dialog
        dialog.open()
        dialog.start(record, folder)
        return dialog
