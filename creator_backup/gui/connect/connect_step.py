"""The assistant's last step: the login, three ways from the simplest (the app's own
login, no browser; then the browser; a pasted token as the last resort). A failure says
its cause and offers the fix right there: the secret typed again, the login kept in a
private file when there is no keyring, the redirect URIs shown again. After a login, what
it may see: when secret boards and pins are out of its reach, it says so plainly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout

from creator_backup.api.errors import AuthenticationFailed, ConnectionFailed, ServerError
from creator_backup.application.connect import (
    AppLoginUnavailable,
    AppRefused,
    LoginApp,
    LoginFailed,
    LoginHealth,
    NoKeyring,
    RedirectsNotRegistered,
    SecretStoreError,
)
from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import AppError
from creator_backup.gui.connect import backend
from creator_backup.gui.connect.steps import SECRET_SCOPES, Step
from creator_backup.gui.connect.words import scope_words
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.progress import CancelToken, ProgressSink
from creator_backup.words import one_line

if TYPE_CHECKING:
    from creator_backup.gui.connect.wizard import ConnectWizard

LOGIN_TIMEOUT_S = 300.0
# A login: given where to keep it ("keyring" or "file") and the job's cancel token.
Attempt = Callable[[str, CancelToken], AccountRecord]


class ConnectStep(Step):
    step = "connect"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 7 of 7: connect"))
        self.setFinalPage(True)
        self.app_line = plain_label("", selectable=False)
        self.app_line.setAccessibleName(self.tr("Your app"))
        self.column.addWidget(self.app_line)

        self.quick_button = QPushButton(self.tr("&Connect"))
        self.quick_button.setDefault(True)
        self.quick_button.clicked.connect(self.connect_app_owner)
        self._add_way(self.tr(
            "The simplest: no browser needed. It connects the account that made the app."
        ), self.quick_button)  # fmt: skip
        self.browser_button = QPushButton(self.tr("Log in with the &browser"))
        self.browser_button.clicked.connect(self.connect_in_browser)
        self.stop_button = QPushButton(self.tr("&Stop waiting"))
        self.stop_button.clicked.connect(assistant.stop_job)
        self.stop_button.hide()
        self._add_way(self.tr(
            "For another account, or when Connect does not work: Pinterest asks you to "
            "approve your app in your browser, then sends you back here."
        ), self.browser_button, self.stop_button)  # fmt: skip
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName(self.tr("Access token"))
        self.token.setPlaceholderText(self.tr("paste the token here"))
        self.token_button = QPushButton(self.tr("Connect with this &token"))
        self.token_button.clicked.connect(self.connect_with_token)
        self._add_way(self.tr(
            "The last resort: on your app's page, generate a token and paste it here. It "
            "works for 30 days, cannot be renewed, and cannot see secret boards or pins."
        ), self.token, self.token_button)  # fmt: skip

        self.status = plain_label("")
        self.status.setAccessibleName(self.tr("Connection status"))
        self.column.addWidget(self.status)
        self._build_fixes()
        self.result = plain_label("")
        self.result.setAccessibleName(self.tr("What the login may see"))
        self.result.hide()
        self.column.addWidget(self.result)
        self.column.addStretch(1)
        # The last login tried (its way: "app", "browser" or "token"), to retry it.
        self._last: tuple[str, Attempt, str] | None = None
        self.health: LoginHealth | None = None

    def _add_way(self, text: str, *widgets: QLineEdit | QPushButton) -> None:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(frame)
        column.addWidget(plain_label(text, selectable=False))
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget, 1 if isinstance(widget, QLineEdit) else 0)
        if not any(isinstance(w, QLineEdit) for w in widgets):
            row.addStretch(1)
        column.addLayout(row)
        self.column.addWidget(frame)

    def _build_fixes(self) -> None:
        # The app secret, typed again, when Pinterest refused it.
        self.secret_fix = QFrame(self)
        row = QHBoxLayout(self.secret_fix)
        row.setContentsMargins(0, 0, 0, 0)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("App secret"))
        self.secret.setPlaceholderText(self.tr("the App secret, from your app's page (Show key)"))
        self.secret_retry = QPushButton(self.tr("Try &again"))
        self.secret_retry.clicked.connect(self.retry_with_new_secret)
        row.addWidget(self.secret, 1)
        row.addWidget(self.secret_retry)
        self.column.addWidget(self.secret_fix)
        # The login in a private file, when there is no keyring to keep it.
        self.file_fix = QFrame(self)
        column = QVBoxLayout(self.file_fix)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(plain_label(self.tr(
            "You can keep the login in a private file instead, readable only by your user "
            "on this computer. Unlike the keyring, anyone who can read your files can then "
            "use the login."
        ), selectable=False))  # fmt: skip
        self.file_button = QPushButton(self.tr("Keep the login in a private &file and try again"))
        self.file_button.clicked.connect(self.retry_in_file)
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.column.addWidget(self.file_fix)
        # Other fixes: the redirect URIs shown again, a plain retry, the browser instead.
        self.redirects_button = QPushButton(self.tr("Show the redirect URIs"))
        self.redirects_button.clicked.connect(lambda: self.assistant.go_to("redirects"))
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.clicked.connect(self.retry)
        self.browser_instead = QPushButton(self.tr("Log in with the browser instead"))
        self.browser_instead.clicked.connect(self.connect_in_browser)
        self.buttons(self.redirects_button, self.retry_button, self.browser_instead)
        self._hide_fixes()

    def _hide_fixes(self) -> None:
        for widget in (self.secret_fix, self.file_fix, self.redirects_button,
                       self.retry_button, self.browser_instead):  # fmt: skip
            widget.hide()

    # -- the page ----------------------------------------------------------------------------

    def initializePage(self) -> None:
        own, build = self.assistant.app_id, self.assistant.build_app_id
        if own:
            self.app_line.setText(self.tr("Your app: {app_id}.").format(app_id=own))
        elif build is not None:
            self.app_line.setText(self.tr(
                "No app of your own is needed: log in with the browser through the app that "
                "comes with Creator Backup. (For an app of your own, go Back.)"
            ))  # fmt: skip
        else:
            self.app_line.setText(self.tr("No app yet: the token below works without one."))
        self._set_busy(self.busy)

    def _has_login_app(self) -> bool:
        """Whether a browser login has an app to go through: the creator's own, or the one
        the build carries. Which one, and its secret, the application layer chooses."""
        return bool(self.assistant.app_id) or self.assistant.build_app_id is not None

    def isComplete(self) -> bool:
        return self.assistant.record is not None

    def validatePage(self) -> bool:
        return self.assistant.record is not None

    @property
    def busy(self) -> bool:
        job = self.assistant.job
        return job is not None and job.running

    def _set_busy(self, busy: bool, sentence: str = "") -> None:
        # The app owner's login only with an app of the creator's own: the build's app
        # would log its maker in.
        self.quick_button.setEnabled(not busy and bool(self.assistant.app_id))
        self.browser_button.setEnabled(not busy and self._has_login_app())
        for widget in (self.token_button, self.secret_retry, self.file_button,
                       self.retry_button, self.browser_instead):  # fmt: skip
            widget.setEnabled(not busy)
        if sentence:
            self.status.setText(sentence)

    # -- the three ways ----------------------------------------------------------------------

    def _chosen_app(self) -> Callable[[str], LoginApp]:
        """The app a login goes through and its secret, chosen on the worker by the
        application layer as the CLI's are (Connect.login_app): the creator's own app with
        the secret typed in this assistant, else the one kept for it; with no app of their
        own, the one the build carries."""
        app = self.assistant.context.services.app
        app_id, typed = self.assistant.app_id, self.assistant.typed_secret
        no_app = self.tr("Give your app's id first (Back leads to it).")
        missing = self.tr(
            "Type your app's secret: on your app's page, press Show key and copy it here."
        )

        def chosen(storage: str) -> LoginApp:
            found = backend.login_app(app, app_id, typed, storage)
            if found is None:
                raise MissingSecret(no_app)
            if not found.app_secret:
                raise MissingSecret(missing)
            return found

        return chosen

    def connect_app_owner(self) -> None:
        app = self.assistant.context.services.app
        chosen = self._chosen_app()
        write = self.assistant.context.services.settings.load().allow_restore

        def attempt(storage: str, _cancel: CancelToken) -> AccountRecord:
            login_app = chosen(storage)
            return backend.login_with_client_credentials(
                app, login_app.app_id, login_app.app_secret, storage, write=write
            )

        self._start("app", attempt, self.tr("Connecting…"))

    def connect_in_browser(self) -> None:
        assistant = self.assistant
        app = assistant.context.services.app
        chosen = self._chosen_app()
        write = assistant.context.services.settings.load().allow_restore
        open_url, ports = assistant.context.services.open_url, assistant.ports

        def attempt(storage: str, cancel: CancelToken) -> AccountRecord:
            login_app = chosen(storage)
            return backend.login_with_browser(
                app, login_app.app_id, login_app.app_secret, open_url, write=write, storage=storage,
                timeout_s=LOGIN_TIMEOUT_S, cancelled=cancel.is_set, ports=ports,
            )  # fmt: skip

        self._start("browser", attempt, self.tr(
            "Waiting for you to approve your app in the browser… (Stop waiting ends it)"
        ))  # fmt: skip

    def connect_with_token(self) -> None:
        token = self.token.text().strip()
        self.token.clear()  # the token does not linger in the widget
        if not token:
            self.status.setText(self.tr("Paste the access token first."))
            return
        app = self.assistant.context.services.app

        def attempt(storage: str, _cancel: CancelToken) -> AccountRecord:
            return backend.login_with_token(app, token, storage)

        self._start("token", attempt, self.tr("Checking the token with Pinterest…"))

    def _start(self, way: str, attempt: Attempt, sentence: str) -> None:
        if self.busy:
            return
        storage = self.assistant.storage()
        self._last = (way, attempt, sentence)
        self._hide_fixes()
        self.result.hide()
        self._set_busy(True, sentence)
        self.stop_button.setVisible(way == "browser")

        def work(_progress: ProgressSink, cancel: CancelToken) -> AccountRecord:
            return attempt(storage, cancel)

        runner = self.assistant.context.runner
        self.assistant.job = runner.start("connect", work, self._connected, self._failed)

    # -- retries -----------------------------------------------------------------------------

    def retry(self) -> None:
        if self._last is not None:
            self._start(*self._last)

    def retry_with_new_secret(self) -> None:
        secret = self.secret.text().strip()
        self.secret.clear()
        if not secret:
            self.status.setText(self.tr("Type the App secret first."))
            return
        self.assistant.set_app(self.assistant.app_id, secret)
        # The same way again, now with this secret (a login reads it when it starts).
        if self._way() == "browser":
            self.connect_in_browser()
        else:
            self.connect_app_owner()

    def retry_in_file(self) -> None:
        if self.assistant.context.change_settings(store_in_file=True):
            self.retry()

    # -- outcomes ----------------------------------------------------------------------------

    def _connected(self, record: AccountRecord) -> None:
        self._set_busy(False)
        self.stop_button.hide()
        self.status.setText(
            self.tr("Connected as {name}.").format(name=one_line(record.username, 80))
        )
        self.assistant.finished_connecting(record)
        self.completeChanged.emit()
        app = self.assistant.context.services.app
        self.assistant.context.runner.submit(
            lambda: backend.login_health(app, record), self._show_health, lambda _e: None
        )

    def _show_health(self, health: LoginHealth) -> None:
        """What the login may see, and, when secret boards and pins are out of its
        reach, that they will not be backed up and what to do about it."""
        self.health = health
        lines = []
        if health.scopes:
            lines.append(self.tr("Pinterest lets Creator Backup {permissions}.").format(
                permissions=scope_words(health.scopes)))  # fmt: skip
        secret_missing = health.secret_content_backed_up is False or any(
            scope in health.missing_scopes for scope in SECRET_SCOPES
        )
        if secret_missing:
            lines.append(self.tr(
                "Secret boards and pins will not be backed up: this login cannot see them."
            ))  # fmt: skip
        if health.sentence:
            lines.append(health.sentence)  # what is missing, how to fix it, until when
        elif secret_missing:
            lines.append(self.tr(
                "To back them up too, connect again with Connect or with the browser: they "
                "ask Pinterest for secret boards and pins, which a generated token never has."
            ))  # fmt: skip
        self.result.setText("\n".join(lines))
        self.result.setVisible(bool(lines))
        self.browser_instead.setVisible(secret_missing and self._has_login_app())

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.stop_button.hide()
        job = self.assistant.job
        if job is not None and job.token.is_set():
            self.status.setText(self.tr("Stopped waiting for the browser."))
            return
        if isinstance(error, NoKeyring):
            sentence = self.tr(
                "There is no secure password store (keyring) on this computer to keep your "
                "Pinterest login."
            )
        else:
            sentence = error_sentence(error, self.tr("The login did not work."))
        self.status.setText(sentence)
        # The fix, in place: each cause has its own.
        if isinstance(error, SecretStoreError):
            self.file_fix.show()  # no keyring, or a locked one: the private file
        elif isinstance(error, MissingSecret | AppRefused):
            self.secret_fix.show()  # the secret typed (again)
        elif isinstance(error, AppLoginUnavailable):
            self.browser_instead.show()  # Pinterest gives this app no login of its own
        elif (
            isinstance(error, AuthenticationFailed)
            and self._way() == "browser"
            and (
                self.assistant.app_id  # the creator's own app: its secret is theirs to fix
            )
        ):
            self.secret_fix.show()  # the code was refused at the exchange: the secret
        elif isinstance(error, RedirectsNotRegistered):
            self.redirects_button.show()
        elif isinstance(error, LoginFailed):
            # The browser never came back, or Pinterest refused: the addresses, or again.
            self.redirects_button.show()
            self.retry_button.show()
        elif isinstance(error, ConnectionFailed | ServerError):
            self.retry_button.show()

    def _way(self) -> str:
        return self._last[0] if self._last is not None else ""


class MissingSecret(AppError):
    """No secret typed and none kept for the app: the page asks for it in place."""
