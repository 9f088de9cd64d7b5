"""The assistant's steps before the login: a business account, the app made on Pinterest,
the wait for approval, the app's id and secret, its redirect URIs, and a check of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from creator_backup.application.connect import AppCheck
from creator_backup.auth.oauth import redirect_uris
from creator_backup.errors import AppError
from creator_backup.gui.connect import backend
from creator_backup.gui.connect.words import (
    BUSINESS_CONVERT_URL,
    BUSINESS_CREATE_URL,
    DEVELOPER_APPS_URL,
    clean_name,
    form_answers,
)
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.pinterest_limits import TRIAL_DAILY_REQUESTS
from creator_backup.words import one_line

if TYPE_CHECKING:
    from creator_backup.gui.connect.wizard import ConnectWizard

SECRET_SCOPES = ("boards:read_secret", "pins:read_secret")
COPIED_FOR_MS = 1500


class Step(QWizardPage):
    step = ""

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__()
        self.assistant = assistant
        self.column = QVBoxLayout(self)

    def say(self, text: str) -> QLabel:
        label = plain_label(text, selectable=False)
        self.column.addWidget(label)
        return label

    def link(self, text: str, url: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(url)
        button.clicked.connect(lambda: self.assistant.open_url(url))
        return button

    def buttons(self, *buttons: QPushButton) -> None:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        self.column.addLayout(row)

    def copy_button(self, what: str, value: Callable[[], str]) -> QPushButton:
        """A Copy button that puts `value()` in the clipboard and says so for a moment."""
        # Every step inherits this: the context is named (gui/translations.py).
        button = QPushButton(translate("Step", "Copy"))
        button.setAccessibleName(translate("Step", "Copy the {what}").format(what=what))

        def copy() -> None:
            QGuiApplication.clipboard().setText(value())
            button.setText(translate("Step", "Copied"))
            QTimer.singleShot(
                COPIED_FOR_MS, button, lambda: button.setText(translate("Step", "Copy"))
            )

        button.clicked.connect(copy)
        return button

    def validatePage(self) -> bool:
        return True


class BusinessStep(Step):
    step = "business"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 1 of 7: a business account"))
        self.say(self.tr(
            "Pinterest lets only business accounts make the small app you need to back up "
            "your account. A business account is free, and you keep your pins, boards and "
            "followers."
        ))  # fmt: skip
        self.say(self.tr(
            "If yours is a personal account, convert it: it takes a minute, and you can "
            "switch back. Or make a new business account. Either way, confirm your e-mail "
            "address when Pinterest asks: the next step needs it."
        ))  # fmt: skip
        self.convert_button = self.link(self.tr("Convert my account"), BUSINESS_CONVERT_URL)
        self.create_button = self.link(self.tr("Make a business account"), BUSINESS_CREATE_URL)
        self.buttons(self.convert_button, self.create_button)
        self.say(self.tr("Already a business account? Press Next."))
        self.column.addStretch(1)


class AppStep(Step):
    step = "app"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 2 of 7: make your app on Pinterest"))
        self.say(self.tr(
            "Open My apps on Pinterest's developer site, accept the Developer Terms, and "
            "press Connect app. Fill in the form with the answers below (Copy puts one in "
            "the clipboard; change any you like), then send it."
        ))  # fmt: skip
        self.open_button = self.link(self.tr("Open My apps"), DEVELOPER_APPS_URL)
        self.buttons(self.open_button)
        names = QFormLayout()
        state = assistant.context.services.first_run.load()
        self.your_name = QLineEdit(state.your_name)
        self.your_name.setAccessibleName(self.tr("Your name"))
        self.your_name.setPlaceholderText(self.tr("your name, or your shop's"))
        self.profile_name = QLineEdit(state.profile_name)
        self.profile_name.setAccessibleName(self.tr("Your Pinterest profile name"))
        self.profile_name.setPlaceholderText(self.tr("as in pinterest.com/yourname (optional)"))
        names.addRow(self.tr("Your name:"), self.your_name)
        names.addRow(self.tr("Your profile name:"), self.profile_name)
        self.column.addLayout(names)
        self.name_note = plain_label("", selectable=False)
        self.name_note.hide()
        self.column.addWidget(self.name_note)
        self.column.addSpacing(8)
        self.say(self.tr("Pinterest's form asks for these:"))
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.answer_labels: dict[str, QLabel] = {}
        self.copy_buttons: dict[str, QPushButton] = {}
        for row, answer in enumerate(form_answers("", "")):
            value = plain_label("")
            value.setAccessibleName(answer.field)
            self.answer_labels[answer.field] = value
            copy = self.copy_button(answer.field, value.text)
            self.copy_buttons[answer.field] = copy
            grid.addWidget(plain_label(answer.field + ":", selectable=False), row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(copy, row, 2)
        self.column.addLayout(grid)
        self.column.addStretch(1)
        self.your_name.textChanged.connect(self._show_answers)
        self.profile_name.textChanged.connect(self._show_answers)
        self._show_answers()

    def answers(self) -> dict[str, str]:
        return {a.field: a.value for a in form_answers(self.your_name.text(),
                                                       self.profile_name.text())}  # fmt: skip

    def _show_answers(self) -> None:
        for field, value in self.answers().items():
            self.answer_labels[field].setText(value)
        typed = " ".join(self.your_name.text().split())
        dropped = typed != clean_name(typed) and "pinterest" in typed.lower()
        self.name_note.setText(self.tr(
            "Pinterest refuses an app name with the word Pinterest in it, so it is left out."
        ))  # fmt: skip
        self.name_note.setVisible(dropped)

    def validatePage(self) -> bool:
        self.assistant.context.services.first_run.update(
            your_name=self.your_name.text().strip(), profile_name=self.profile_name.text().strip()
        )
        return True


class ApprovalStep(Step):
    step = "approval"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 3 of 7: wait for Pinterest's approval"))
        self.say(self.tr(
            "Pinterest reviews new apps each business day, so approval takes about a day, "
            "sometimes two. Pinterest tells you by e-mail, and the app then shows on My apps."
        ))  # fmt: skip
        self.say(self.tr(
            "You can close this assistant, and the app, now: the assistant opens at this "
            "step next time."
        ))  # fmt: skip
        self.say(self.tr(
            "Meanwhile, import your Pinterest data export: it gives you a first copy today, "
            "with no app needed."
        ))  # fmt: skip
        self.import_button = QPushButton(self.tr("&Import my data export…"))
        self.import_button.clicked.connect(assistant.want_import)
        self.apps_button = self.link(self.tr("Open My apps"), DEVELOPER_APPS_URL)
        self.buttons(self.import_button, self.apps_button)
        self.say(self.tr("Approved? Press Next."))
        self.column.addStretch(1)


class KeysStep(Step):
    step = "keys"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 4 of 7: your app's id and secret"))
        self.say(self.tr(
            "On My apps, open your app and choose Manage. Copy its App id, and its App "
            "secret (press Show key first), into these fields. The secret is kept in the "
            "system keyring, or in the private file if you chose one; never in the settings."
        ))  # fmt: skip
        self.buttons(self.link(self.tr("Open My apps"), DEVELOPER_APPS_URL))
        form = QFormLayout()
        self.app_id = QLineEdit()
        self.app_id.setAccessibleName(self.tr("App id"))
        self.app_id.setPlaceholderText(self.tr("a number, such as 1504321"))
        self.app_id.textChanged.connect(lambda _text: self.completeChanged.emit())
        self.app_secret = QLineEdit()
        self.app_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.app_secret.setAccessibleName(self.tr("App secret"))
        form.addRow(self.tr("App id:"), self.app_id)
        form.addRow(self.tr("App secret:"), self.app_secret)
        self.column.addLayout(form)
        self.status = plain_label("", selectable=False)
        self.status.setAccessibleName(self.tr("App id and secret status"))
        self.column.addWidget(self.status)
        self.column.addStretch(1)
        self.secret_saved = False

    def initializePage(self) -> None:
        self.app_id.setText(self.assistant.app_id)
        self.status.setText("")
        self._look_for_secret()

    def _look_for_secret(self) -> None:
        """Whether a secret of this app is kept already: then the field may stay empty."""
        self.secret_saved = bool(self.assistant.typed_secret)
        self._show_secret_hint()
        app_id, storage = self.app_id.text().strip(), self.assistant.storage()
        if not app_id or self.assistant.typed_secret:
            return
        app = self.assistant.context.services.app

        def look() -> bool:
            return backend.secret_kept(app, app_id, storage)

        self.assistant.context.runner.submit(look, self._secret_known, lambda _e: None)

    def _secret_known(self, saved: bool) -> None:
        self.secret_saved = saved or bool(self.assistant.typed_secret)
        self._show_secret_hint()

    def _show_secret_hint(self) -> None:
        self.app_secret.setPlaceholderText(
            self.tr("kept already: leave empty to use it, or type a new one")
            if self.secret_saved
            else self.tr("from your app's page, after Show key")
        )

    def isComplete(self) -> bool:
        return bool(self.app_id.text().strip())

    def validatePage(self) -> bool:
        if self.assistant.jumping:
            return True
        app_id = self.app_id.text().strip()
        secret = self.app_secret.text().strip()
        if not app_id.isdigit():
            self.status.setText(self.tr(
                "The App id is a number, such as 1504321: copy it from your app's page."
            ))  # fmt: skip
            return False
        if app_id != self.assistant.app_id and not secret:
            self.secret_saved = False  # another app: its own secret
        if not secret and not self.secret_saved:
            self.status.setText(self.tr(
                "Type the App secret too: on your app's page, press Show key and copy it."
            ))  # fmt: skip
            return False
        self.app_secret.clear()  # the secret does not linger in the widget
        self.assistant.set_app(app_id, secret)
        self.secret_saved = True
        self._show_secret_hint()
        return True


class RedirectsStep(Step):
    step = "redirects"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 5 of 7: register the redirect URIs"))
        self.say(self.tr(
            "On the same Manage page, add each of these addresses under Redirect URIs, "
            "exactly as written (Pinterest matches them letter for letter), and save. They "
            "bring you back here after you approve your app in the browser."
        ))  # fmt: skip
        self.uris = redirect_uris()
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        for row, uri in enumerate(self.uris):
            label = plain_label(uri)
            label.setAccessibleName(self.tr("Redirect URI"))
            grid.addWidget(label, row, 0)
            grid.addWidget(self.copy_button(uri, label.text), row, 1)
        self.column.addLayout(grid)
        self.copy_all = self.copy_button(self.tr("redirect URIs"), lambda: "\n".join(self.uris))
        self.copy_all.setText(self.tr("Copy them all"))
        self.buttons(self.copy_all)
        self.column.addStretch(1)


class CheckStep(Step):
    step = "check"

    def __init__(self, assistant: ConnectWizard) -> None:
        super().__init__(assistant)
        self.setTitle(self.tr("Step 6 of 7: check your app"))
        self.say(self.tr(
            "Ask Pinterest whether your app is ready: its secret, what it may read, and its "
            "redirect URIs. Nothing is changed."
        ))  # fmt: skip
        self.check_button = QPushButton(self.tr("&Check my app"))
        self.check_button.clicked.connect(self.run_check)
        self.buttons(self.check_button)
        self.sentence = plain_label("")
        self.sentence.setAccessibleName(self.tr("What the check found"))
        self.column.addWidget(self.sentence)
        self.findings = plain_label("")
        self.findings.setAccessibleName(self.tr("What works and what is missing"))
        self.column.addWidget(self.findings)
        self.fix_keys = QPushButton(self.tr("Change the App id or secret"))
        self.fix_keys.clicked.connect(lambda: assistant.go_to("keys"))
        self.fix_redirects = QPushButton(self.tr("Show the redirect URIs"))
        self.fix_redirects.clicked.connect(lambda: assistant.go_to("redirects"))
        self.buttons(self.fix_keys, self.fix_redirects)
        self.fix_keys.hide()
        self.fix_redirects.hide()
        self.column.addStretch(1)
        self.result: AppCheck | None = None

    def initializePage(self) -> None:
        self.sentence.setText("")
        self.findings.setText("")
        self.fix_keys.hide()
        self.fix_redirects.hide()

    def run_check(self) -> None:
        assistant = self.assistant
        app = assistant.context.services.app
        app_id, typed, storage = assistant.app_id, assistant.typed_secret, assistant.storage()
        missing = self.tr("Type your app's secret first (step 4).")

        def check() -> AppCheck:
            # The app and its secret chosen as a login's are (Connect.login_app).
            # "Check my app" is of the creator's own app, never the one the build carries.
            chosen = backend.login_app(app, app_id, typed, storage) if app_id else None
            if chosen is None or not chosen.app_secret:
                raise AppError(missing)
            return backend.check_app(app, chosen.app_id, chosen.app_secret)

        self.check_button.setEnabled(False)
        self.sentence.setText(self.tr("Asking Pinterest…"))
        self.findings.setText("")
        assistant.context.runner.submit(check, self._checked, self._failed)

    def _checked(self, result: AppCheck) -> None:
        self.result = result
        self.check_button.setEnabled(True)
        self.sentence.setText(result.sentence)
        lines = check_lines(self, result)
        self.findings.setText("\n".join(lines))
        self.fix_keys.setVisible(result.secret_ok is False)
        self.fix_redirects.setVisible(any(v is False for v in result.redirects.values()))

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.sentence.setText(error_sentence(error, self.tr("The app could not be checked.")))
        self.fix_keys.show()


def check_lines(widget: QWidget, result: AppCheck) -> list[str]:
    """What works (✓), what is missing (✗) and what is unknown (?), a line each."""
    tr = widget.tr
    lines: list[str] = []
    if result.secret_ok is True:
        lines.append("✓ " + tr("The App id and secret belong together."))
    elif result.secret_ok is False:
        lines.append("✗ " + tr(
            "Pinterest refuses this App secret: copy it again from your app's page "
            "(Show key)."
        ))  # fmt: skip
    else:
        lines.append("? " + tr("The App secret could not be checked."))
    if result.owner:
        lines.append(
            "✓ " + tr("The app belongs to {owner}.").format(owner=one_line(result.owner, 80))
        )
    if result.access == "trial":
        lines.append("✓ " + tr(
            "Trial access: Pinterest allows the app {limit:,} requests a day; a backup of a "
            "large account may take a few days."
        ).format(limit=TRIAL_DAILY_REQUESTS))  # fmt: skip
    elif result.access == "standard":
        lines.append("✓ " + tr("Standard access."))
    missing = list(result.missing_scopes)
    if any(scope in missing for scope in SECRET_SCOPES):
        lines.append("✗ " + tr(
            "It cannot see secret boards and pins: they would not be backed up."
        ))  # fmt: skip
    elif missing:
        lines.append("✗ " + tr("It lacks these permissions: {scopes}.").format(
            scopes=", ".join(missing)))  # fmt: skip
    elif result.scopes:
        lines.append("✓ " + tr("It may read everything a backup needs, secret boards included."))
    for uri, registered in result.redirects.items():
        if registered is True:
            lines.append("✓ " + tr("{uri} is registered.").format(uri=uri))
        elif registered is False:
            lines.append("✗ " + tr(
                "{uri} is not registered: add it on your app's page (step 5)."
            ).format(uri=uri))  # fmt: skip
        else:
            lines.append("? " + tr("{uri} could not be checked.").format(uri=uri))
    return lines
