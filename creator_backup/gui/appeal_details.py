"""Step 3 of the Appeal page: the statement and contact details, a size limit, and where the
packet is saved (a dated name in Documents by default; the save dialog, or a path typed in,
which is checked before anything is written and never replaces a file without asking).

The step reads its fields into the core's PacketDetails and says, in one sentence, what is
wrong with them; the page shows that sentence and builds the packet.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.service import (
    MAX_STATEMENT_BYTES,
    PacketPreview,
    default_packet_name,
    statement_fits,
)
from creator_backup.gui.appeal_steps import buddy
from creator_backup.gui.appeal_words import limit_words, single_line
from creator_backup.gui.dialogs import Dialogs
from creator_backup.gui.widgets import plain_label

DEFAULT_LIMIT_MB = 25.0


def default_path() -> Path:
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


class DetailsStep(QWidget):
    """Step 3: the statement, contact details, a size limit, and where to save the packet."""

    # File ▸ Match my original files…, offered where authorship is argued: the packet
    # lists the last match.
    originals_requested = Signal()

    def __init__(self, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.path_confirmed: Path | None = None  # chosen in the save dialog (it asks to replace)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName(self.tr("Statement"))
        self.statement.setPlaceholderText(
            self.tr(
                "In your own words: who you are, what was removed, and why it does not break "
                "Pinterest's rules (for example: these are my own designs, made in 2019)."
            )
        )
        self.statement.setTabChangesFocus(True)  # Tab moves on; the statement is plain text
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Your name"))
        self.email_edit = QLineEdit()
        self.email_edit.setAccessibleName(self.tr("Your email address"))
        self.case_edit = QLineEdit()
        self.case_edit.setAccessibleName(self.tr("Case reference"))
        self.case_edit.setPlaceholderText(self.tr("If Pinterest gave you one"))
        self.limit_check = QCheckBox(self.tr("Keep it under a size &limit"))
        self.limit_check.setToolTip(
            self.tr("Appeal forms and email limit how big an attachment can be")
        )
        self.limit_box = QDoubleSpinBox()
        self.limit_box.setAccessibleName(self.tr("Size limit in megabytes"))
        self.limit_box.setRange(0.1, 100_000)
        self.limit_box.setDecimals(1)
        self.limit_box.setSuffix(self.tr(" MB"))
        self.limit_box.setValue(DEFAULT_LIMIT_MB)
        self.limit_box.setEnabled(False)
        limit_row = QHBoxLayout()
        limit_row.addWidget(self.limit_check)
        limit_row.addWidget(self.limit_box)
        limit_row.addStretch(1)
        self.limit_note: QLabel = plain_label("", selectable=False)
        self.limit_note.setAccessibleName(self.tr("About the size limit"))
        # The packet holds the whole account: only the user may open it unless they say.
        self.shared_check = QCheckBox(
            self.tr("Let other &people who use this computer open the packet")
        )
        self.shared_check.setToolTip(
            self.tr("Left unticked, only you can open the packet, as with your archive")
        )
        # Proof of when and by whom: trusted time stamps (on unless Settings turned them
        # off) and, when the creator chooses, a signature with a key of their own.
        self.stamp_check = QCheckBox(self.tr("T&ime-stamp the packet"))
        self.stamp_check.setChecked(True)
        self._stamp_tip = self.tr(
            "Two independent time-stamp authorities confirm when the packet was made; "
            "only its fingerprint is sent"
        )
        self.stamp_check.setToolTip(self._stamp_tip)
        self.sign_check = QCheckBox(self.tr("Si&gn it with my own key"))
        self.sign_check.setToolTip(self.tr(
            "A key of your own, made the first time and kept with your logins, signs the "
            "packet; the report shows the key's fingerprint so anyone can check it"
        ))  # fmt: skip
        self.out_edit = QLineEdit()
        self.out_edit.setAccessibleName(self.tr("Save the packet as"))
        self.browse_button = QPushButton(self.tr("Choos&e…"))
        self.browse_button.setAccessibleName(self.tr("Choose where to save the packet"))
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(self.browse_button)
        form.addRow(buddy(self.tr("&Statement:"), self.statement), self.statement)
        form.addRow(buddy(self.tr("Your n&ame:"), self.name_edit), self.name_edit)
        form.addRow(buddy(self.tr("E&mail:"), self.email_edit), self.email_edit)
        form.addRow(buddy(self.tr("Case &reference:"), self.case_edit), self.case_edit)
        self.originals_button = QPushButton(self.tr("Match my &original files…"))
        self.originals_button.setToolTip(self.tr(
            "Your own picture files, matched to your pins, are listed in the packet as proof "
            "that the pictures are yours"
        ))  # fmt: skip
        self.originals_button.clicked.connect(self.originals_requested.emit)
        originals_row = QHBoxLayout()
        originals_row.addWidget(self.originals_button)
        originals_row.addStretch(1)
        form.addRow("", originals_row)
        form.addRow("", limit_row)
        form.addRow("", self.limit_note)
        form.addRow(buddy(self.tr("Save &to:"), self.out_edit), out_row)
        form.addRow("", self.shared_check)
        form.addRow("", self.stamp_check)
        form.addRow("", self.sign_check)
        self.limit_check.toggled.connect(self.limit_box.setEnabled)
        self.browse_button.clicked.connect(self.choose_file)
        self.out_edit.textEdited.connect(lambda _t: setattr(self, "path_confirmed", None))

    # -- the details ---------------------------------------------------------------------------

    def problem(self) -> str | None:
        """What is wrong with the statement or the email address, with the field focused;
        None: nothing."""
        if not statement_fits(self.statement.toPlainText()):
            self.statement.setFocus()
            return self.tr("The statement is longer than {size} KB; shorten it.").format(
                size=MAX_STATEMENT_BYTES // 1000
            )
        email = single_line(self.email_edit.text())
        if email and "@" not in email:
            self.email_edit.setFocus()
            return self.tr("The email address needs an @, like ann@example.com.")
        return None

    def details(self) -> PacketDetails:
        """The statement as written; each contact field on one line."""
        return PacketDetails(
            contact_name=single_line(self.name_edit.text()),
            contact_email=single_line(self.email_edit.text()),
            case_ref=single_line(self.case_edit.text()),
            statement=self.statement.toPlainText(),
        )

    def private(self) -> bool:
        """Whether only the user may open the packet (the default)."""
        return not self.shared_check.isChecked()

    def allow_stamps(self, allowed: bool) -> None:
        """Settings' switch for time stamps: off there, none is asked for here either."""
        self.stamp_check.setEnabled(allowed)
        self.stamp_check.setChecked(allowed)
        self.stamp_check.setToolTip(
            self._stamp_tip if allowed else self.tr("Time stamps are turned off in Settings")
        )

    def timestamp(self) -> bool:
        return self.stamp_check.isEnabled() and self.stamp_check.isChecked()

    def sign(self) -> bool:
        return self.sign_check.isChecked()

    def limit(self) -> float | None:
        """The size limit in MB, or None for no limit."""
        return self.limit_box.value() if self.limit_check.isChecked() else None

    def show_limit_note(self, found: PacketPreview | None) -> None:
        self.limit_note.setText(limit_words(self.limit(), found))

    # -- where the packet is saved -------------------------------------------------------------

    def suggest_path(self) -> None:
        """The default place, unless one is already given."""
        if not self.out_edit.text().strip():
            self.out_edit.setText(str(default_path()))

    def forget_path(self) -> None:
        self.path_confirmed = None
        self.out_edit.clear()

    def choose_file(self) -> None:
        current = self.out_edit.text().strip() or str(default_path())
        path = self.dialogs.choose_save_file(
            self, self.tr("Save the appeal packet"), Path(current), self.tr("ZIP files (*.zip)")
        )
        if path is None:
            return
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
            self.path_confirmed = None  # a different file than the dialog asked about
        else:
            self.path_confirmed = path
        self.out_edit.setText(str(path))

    def out_path(self) -> Path | str:
        """Where to save the packet (.zip added to the name if it was left out), or the
        sentence saying why it cannot be saved there."""
        text = self.out_edit.text().strip()
        if not text:
            return self.tr("Choose where to save the packet.")
        path = Path(text).expanduser()
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
            self.out_edit.setText(str(path))
        if not path.is_absolute():
            return self.tr("Give the full place to save the packet, or use Choose.")
        if path.is_dir():
            return self.tr("That is a folder: give the packet a file name ending in .zip.")
        if path.exists() and path != self.path_confirmed and not self.confirm_replace(path):
            return self.tr("Not replaced: choose another name for the packet.")
        return path

    def confirm_replace(self, path: Path) -> bool:
        return self.dialogs.ask(
            self,
            self.tr("Replace the file?"),
            self.tr("{name} already exists in {folder}. Replace it with the new packet?").format(
                name=path.name, folder=path.parent
            ),
        )
