"""The main window. At this stage it shows the connected account; pages arrive later."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.models import Account
from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.gui.services import Services
from creator_backup.gui.workers import JobRunner


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets Pinterest text as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def format_count(value: int | None) -> str:
    return "unknown" if value is None else f"{value:,}"


class AccountCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status = plain_label("Connecting…")
        self.username = plain_label()
        self.boards = plain_label()
        self.pins = plain_label()
        self.followers = plain_label()
        form = QFormLayout(self)
        form.addRow(self.status)
        form.addRow("Account:", self.username)
        form.addRow("Boards:", self.boards)
        form.addRow("Pins:", self.pins)
        form.addRow("Followers:", self.followers)
        self.username.setAccessibleName("Account name")

    def show_account(self, account: Account) -> None:
        self.status.setText("Connected")
        self.username.setText(f"{account.username} ({account.account_type or 'account'})")
        self.boards.setText(format_count(account.board_count))
        self.pins.setText(format_count(account.pin_count))
        self.followers.setText(format_count(account.follower_count))

    def show_problem(self, sentence: str) -> None:
        self.status.setText(sentence)


class MainWindow(QMainWindow):
    def __init__(self, services: Services, runner: JobRunner) -> None:
        super().__init__()
        self.services = services
        self.runner = runner
        self.setWindowTitle(f"{DISPLAY_NAME} — {services.mode_label}")
        self.resize(720, 480)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        title = plain_label(DISPLAY_NAME)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.mode = plain_label(services.mode_label)
        self.card = AccountCard(central)
        layout.addWidget(title)
        layout.addWidget(self.mode)
        layout.addWidget(self.card)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.refresh_account()

    def refresh_account(self) -> None:
        fetch = self.services.fetch_account
        if fetch is None:
            self.card.show_problem("No Pinterest account is connected yet.")
            return
        self.card.show_problem("Connecting…")
        self.runner.submit(fetch, self.card.show_account, self._account_failed)

    def _account_failed(self, error: BaseException) -> None:
        message = getattr(error, "message", None) or "The account could not be loaded."
        self.card.show_problem(f"Could not load the account: {message}")
