"""The first thing a creator sees when nothing is on this computer yet: three ways forward,
one click each. Connect the Pinterest account (the assistant), import Pinterest's own data
export (no developer account needed), or try the demo in a window of its own.

Once an account or an archive exists the window opens on Overview instead; this page
stays reachable from Help ▸ Getting started.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.gui.widgets import heading, plain_label

# Pinterest's Settings ▸ Privacy and data, where "Request your data" is.
PRIVACY_SETTINGS_URL = "https://www.pinterest.com/settings/privacy"
# Steps of the connect assistant at which the creator waits on Pinterest or was midway.
MIDWAY_WAITING = "approval"


class WelcomePage(QWidget):
    connect_clicked = Signal()
    import_clicked = Signal()
    demo_clicked = Signal()
    overview_clicked = Signal()
    link_clicked = Signal(str)  # a web page to open in the browser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addWidget(heading(self.tr("Welcome to {name}").format(name=DISPLAY_NAME), scale=1.6))
        intro = plain_label(self.tr(
            "Keep your own Pinterest boards and pins on this computer: see what disappears, "
            "document it for an appeal, and put it back. Choose how to start; you can do the "
            "others later."
        ), selectable=False)  # fmt: skip
        outer.addWidget(intro)
        outer.addSpacing(12)

        cards = QHBoxLayout()
        cards.setSpacing(16)
        self.connect_text = plain_label("", selectable=False)
        self.connect_button = QPushButton(self.tr("&Connect your Pinterest account"))
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.connect_clicked.emit)
        cards.addWidget(self._card(
            self.tr("Connect your Pinterest account"), self.connect_text, self.connect_button
        ))  # fmt: skip

        import_text = plain_label(self.tr(
            "No developer account needed. On Pinterest, open Settings ▸ Privacy and data ▸ "
            "Request your data; Pinterest e-mails you a download link within a few days.\n\n"
            "The export holds your pins and boards, with their pictures in lower "
            "resolution. It has no board sections, no details of secret boards unless "
            "Pinterest includes them, and no history of earlier changes. Connect your "
            "account later to back up the rest."
        ), selectable=False)  # fmt: skip
        self.request_button = QPushButton(self.tr("Open Pinterest's privacy settings"))
        self.request_button.clicked.connect(lambda: self.link_clicked.emit(PRIVACY_SETTINGS_URL))
        self.import_button = QPushButton(self.tr("&Import your Pinterest data export…"))
        self.import_button.clicked.connect(self.import_clicked.emit)
        cards.addWidget(self._card(
            self.tr("Import your Pinterest data export"), import_text, self.import_button,
            self.request_button,
        ))  # fmt: skip

        demo_text = plain_label(self.tr(
            "See every page at work on a made-up account, served by a stand-in for Pinterest "
            "on this computer. It opens in a window of its own; nothing you do there touches "
            "a real account."
        ), selectable=False)  # fmt: skip
        self.demo_button = QPushButton(self.tr("&Try the demo"))
        self.demo_button.clicked.connect(self.demo_clicked.emit)
        cards.addWidget(self._card(self.tr("Try the demo"), demo_text, self.demo_button))
        outer.addLayout(cards)
        outer.addSpacing(12)

        self.status = plain_label("")
        self.status.setAccessibleName(self.tr("Welcome status"))
        self.status.hide()
        outer.addWidget(self.status)
        back = QHBoxLayout()
        back.addStretch(1)
        self.overview_button = QPushButton(self.tr("Go to &Overview"))
        self.overview_button.clicked.connect(self.overview_clicked.emit)
        self.overview_button.hide()
        back.addWidget(self.overview_button)
        outer.addLayout(back)
        outer.addStretch(1)
        self.show_progress("")

    def _card(self, title: str, text: QLabel, *buttons: QPushButton) -> QFrame:
        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        # Three columns of one width, whatever each one says.
        card.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        card.setMinimumWidth(220)
        card.setAccessibleName(title)
        column = QVBoxLayout(card)
        column.addWidget(heading(title, scale=1.15))
        column.addWidget(text)
        column.addStretch(1)
        for button in reversed(buttons):
            column.addWidget(button)
        return card

    def show_progress(self, assistant_step: str) -> None:
        """The connect card, as far as the assistant got: a creator waiting on Pinterest
        continues where they stopped."""
        if assistant_step == MIDWAY_WAITING:
            self.connect_text.setText(self.tr(
                "You are waiting for Pinterest to approve your app (about a business day). "
                "Once it has, continue where you stopped: the App id and secret are next.\n\n"
                "Meanwhile, importing your data export gives you a first copy today."
            ))  # fmt: skip
            self.connect_button.setText(self.tr("&Continue connecting"))
        elif assistant_step:
            self.connect_text.setText(self.tr(
                "You started connecting your account. Continue where you stopped."
            ))  # fmt: skip
            self.connect_button.setText(self.tr("&Continue connecting"))
        else:
            self.connect_text.setText(self.tr(
                "Back up everything, secret boards included, and keep it up to date.\n\n"
                "Pinterest lets you in through a free app of your own. The assistant shows "
                "each step, with every answer Pinterest's form asks for; Pinterest then takes "
                "about a business day to approve the app."
            ))  # fmt: skip
            self.connect_button.setText(self.tr("&Connect your Pinterest account"))
        self.connect_button.setAccessibleName(self.connect_button.text().replace("&", ""))

    def set_has_archives(self, has: bool) -> None:
        """With an account or an archive, the way back to Overview shows."""
        self.overview_button.setVisible(has)

    def say(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.status.setVisible(bool(sentence))
