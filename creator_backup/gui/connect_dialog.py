"""Connect a Pinterest account: log in through the system browser (with a waiting state and
Cancel), or paste an access token from Pinterest's developer site."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import READ_SCOPES, WRITE_SCOPES, redirect_uris
from creator_backup.auth.tokens import app_secret_key
from creator_backup.errors import AppError
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.gui.workers import Job
from creator_backup.progress import CancelToken, ProgressSink

LOGIN_TIMEOUT_S = 300.0
FIRST_TIME_HELP = (
    "Enter your app's secret once (from Pinterest's developer site); it is then kept in "
    "the keyring and not asked again."
)


class ConnectDialog(QDialog):
    connected = Signal(object)  # the AccountRecord

    def __init__(
        self,
        context: PageContext,
        parent: QWidget | None = None,
        open_browser: Callable[[str], object] = webbrowser.open,
        ports: tuple[int, ...] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.open_browser = open_browser
        self.ports = ports
        self.job: Job | None = None
        self.setWindowTitle("Connect a Pinterest account")
        settings = context.services.settings.load()
        self.storage = "file" if settings.store_in_file else "keyring"
        self.scopes = READ_SCOPES + (WRITE_SCOPES if settings.allow_restore else ())

        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)

        browser = QWidget()
        form = QFormLayout(browser)
        form.addRow(plain_label(
            "Pinterest asks you to approve this app in your browser. You need your own "
            "Pinterest app (free, on developers.pinterest.com) with these exact redirect "
            "URIs registered:", selectable=False,
        ))  # fmt: skip
        uris = QPlainTextEdit("\n".join(redirect_uris()))
        uris.setReadOnly(True)
        uris.setMaximumHeight(96)
        uris.setAccessibleName("Redirect URIs to register")
        form.addRow(uris)
        self.app_id = QLineEdit(settings.app_id)
        self.app_id.setAccessibleName("App id")
        self.app_secret = QLineEdit()
        self.app_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.app_secret.setPlaceholderText("kept in the keyring after the first time")
        self.app_secret.setAccessibleName("App secret")
        form.addRow("App id:", self.app_id)
        form.addRow("App secret:", self.app_secret)
        self.login_button = QPushButton("&Open Pinterest in my browser")
        self.login_button.clicked.connect(self.start_browser_login)
        form.addRow(self.login_button)
        self.tabs.addTab(browser, "Log in with Pinterest")

        paste = QWidget()
        paste_form = QFormLayout(paste)
        paste_form.addRow(plain_label(
            "Or paste an access token generated on Pinterest's developer site. It works "
            "for 30 days and cannot be renewed automatically.", selectable=False,
        ))  # fmt: skip
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("Access token")
        paste_form.addRow("Access token:", self.token)
        self.token_button = QPushButton("&Connect with this token")
        self.token_button.clicked.connect(self.start_token_login)
        paste_form.addRow(self.token_button)
        self.tabs.addTab(paste, "Paste a token")

        self.status: QLabel = plain_label("")
        self.status.setAccessibleName("Connection status")
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # -- logging in --------------------------------------------------------------------------

    def _busy(self, sentence: str) -> None:
        self.status.setText(sentence)
        self.login_button.setEnabled(False)
        self.token_button.setEnabled(False)

    def _idle(self) -> None:
        self.login_button.setEnabled(True)
        self.token_button.setEnabled(True)

    def start_browser_login(self) -> None:
        app_id = self.app_id.text().strip()
        if not app_id.isdigit():
            self.status.setText("Enter your Pinterest app's id: the number on its page.")
            return
        typed_secret = self.app_secret.text().strip()
        self.app_secret.clear()
        accounts = self.context.services.app.account_service
        storage, scopes, ports, open_browser = (
            self.storage,
            self.scopes,
            self.ports,
            self.open_browser,
        )

        def work(_progress: ProgressSink, cancel: CancelToken) -> AccountRecord:
            secret = typed_secret or accounts.store(storage).get(app_secret_key(app_id))
            if not secret:
                raise AppError(FIRST_TIME_HELP)
            return accounts.login_with_browser(
                app_id,
                secret,
                open_browser,
                scopes=scopes,
                storage=storage,
                timeout_s=LOGIN_TIMEOUT_S,
                cancelled=cancel.is_set,
                ports=ports,
            )

        self._remember_app_id(app_id)
        self._busy("Waiting for you to approve the app in your browser… (Cancel stops waiting)")
        self.job = self.context.runner.start("connect", work, self._connected, self._failed)

    def start_token_login(self) -> None:
        token = self.token.text().strip()
        self.token.clear()
        if not token:
            self.status.setText("Paste the access token first.")
            return
        accounts = self.context.services.app.account_service
        storage = self.storage

        def work(_progress: ProgressSink, _cancel: CancelToken) -> AccountRecord:
            return accounts.login_with_token(token, storage)

        self._busy("Checking the token with Pinterest…")
        self.job = self.context.runner.start("connect", work, self._connected, self._failed)

    def _remember_app_id(self, app_id: str) -> None:
        store = self.context.services.settings
        settings = store.load()
        if settings.app_id != app_id:
            settings.app_id = app_id
            store.save(settings)

    def _connected(self, record: AccountRecord) -> None:
        self.status.setText(f"Connected as {record.username}.")
        self.connected.emit(record)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._idle()
        if self.job is not None and self.job.token.is_set():
            self.status.setText("Stopped waiting for the browser.")
            return
        self.status.setText(error_sentence(error, "The login did not work."))

    def reject(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # the listener stops within a second and frees its port
        super().reject()
