"""Settings: connected accounts, the Pinterest app (set up in the connect assistant), where
logins and archives are kept, the backup schedule, the switch that allows restore,
proof of time (trusted time stamps, and the creator's own authorities), and the weekly
update check."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.budget import AUTO, STANDARD, TRIAL
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.secrets import NO_KEYRING_HELP, keyring_status
from creator_backup.gui.connect import backend
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.proof_of_time_box import ProofOfTimeBox
from creator_backup.gui.storage_box import StorageBox
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import error_sentence, heading, plain_label
from creator_backup.pinterest_limits import TRIAL_DAILY_REQUESTS
from creator_backup.settings import SCHEDULE_CHOICES


def schedule_name(hours: int) -> str:
    """A choice of SCHEDULE_CHOICES, in words."""
    if hours == 0:
        return translate("SettingsPage", "Off")
    if hours == 24:
        return translate("SettingsPage", "Every day")
    if hours == 24 * 7:
        return translate("SettingsPage", "Every week")
    return translate("SettingsPage", "Every %n hour(s)", None, hours)


def window_no_keyring() -> str:
    return translate(
        "SettingsPage",
        "No secure password store is available to keep your Pinterest login. Unlock or "
        "install one (GNOME Keyring or KWallet), or tick the box below to keep logins in a "
        "file only your user can read.",
    )


class SettingsPage(Page):
    page_id = PageId.SETTINGS

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._accounts: list[AccountRecord] = []
        self.app_id = ""  # the creator's own Pinterest app, as the settings keep it
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("Settings")))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        accounts = QGroupBox(self.tr("Accounts"))
        column = QVBoxLayout(accounts)
        self.account_list = QListWidget()
        self.account_list.setAccessibleName(self.tr("Connected accounts"))
        self.account_list.setMaximumHeight(110)
        column.addWidget(self.account_list)
        row = QHBoxLayout()
        self.connect_button = QPushButton(self.tr("&Connect your Pinterest account…"))
        self.connect_button.clicked.connect(context.events.connect_requested.emit)
        self.disconnect_button = QPushButton(self.tr("&Disconnect"))
        self.disconnect_button.clicked.connect(self.disconnect_chosen)
        row.addWidget(self.connect_button)
        row.addWidget(self.disconnect_button)
        row.addStretch(1)
        column.addLayout(row)
        layout.addWidget(accounts)

        # The app's id and secret are given, and checked, in the connect assistant (one
        # way to set the app up); here they are only shown, and the secret can be forgotten.
        app = QGroupBox(self.tr("Your Pinterest app"))
        form = QFormLayout(app)
        self.app_state: QLabel = plain_label("", selectable=False)
        self.app_state.setAccessibleName(self.tr("Your Pinterest app"))
        form.addRow(self.app_state)
        self.setup_app_button = QPushButton()
        self.setup_app_button.clicked.connect(self.set_up_app)
        self.forget_secret_button = QPushButton(self.tr("&Forget its secret"))
        self.forget_secret_button.setEnabled(False)
        self.forget_secret_button.clicked.connect(self.forget_app_secret)
        app_row = QHBoxLayout()
        app_row.addWidget(self.setup_app_button)
        app_row.addWidget(self.forget_secret_button)
        app_row.addStretch(1)
        form.addRow(app_row)
        # Pinterest's headers tell Trial from Standard where it sends them; a creator who
        # knows (the app's page says) can say so, and the day's count then applies.
        self.access = QComboBox()
        self.access.setAccessibleName(self.tr("Your app's access"))
        for value, name in (
            (AUTO, self.tr("Find out from Pinterest's answers")),
            (TRIAL, self.tr("Trial ({limit:,} requests a day)").format(limit=TRIAL_DAILY_REQUESTS)),
            (STANDARD, self.tr("Standard")),
        ):
            self.access.addItem(name, value)
        self.access.currentIndexChanged.connect(self._save)
        form.addRow(self.tr("Access:"), self.access)
        self.allow_restore = QCheckBox(
            self.tr("Allow restore: ask Pinterest for permission to create boards and pins")
        )
        self.allow_restore.toggled.connect(self._save)
        form.addRow(self.allow_restore)
        form.addRow(plain_label(
            self.tr("Takes effect the next time you connect the account. Backups only ever read."),
            selectable=False,
        ))  # fmt: skip
        layout.addWidget(app)

        self.storage = StorageBox(context)
        self.storage.store_in_file.toggled.connect(self._save)
        self.storage.store_in_file.toggled.connect(self._show_app_state)
        self.storage.moved.connect(context.events.archive_changed.emit)
        self.keyring = self.storage.keyring
        self.store_in_file = self.storage.store_in_file
        layout.addWidget(self.storage)

        schedule = QGroupBox(self.tr("Backups on a schedule"))
        form = QFormLayout(schedule)
        self.schedule = QComboBox()
        self.schedule.setAccessibleName(self.tr("Backup schedule"))
        for hours in SCHEDULE_CHOICES:
            self.schedule.addItem(schedule_name(hours), hours)
        self.schedule.currentIndexChanged.connect(self._save)
        form.addRow(self.tr("Back up:"), self.schedule)
        form.addRow(plain_label(
            self.tr("While the app runs (it can stay in the system tray). A backup missed while "
            "it was closed runs when it starts."), selectable=False,
        ))  # fmt: skip
        # Backups while the app is closed are offered after the first backup; here they
        # can be turned off again.
        form.addRow(plain_label(self.tr(
            "Automatic backups while the app is closed, if you turned them on after your "
            "first backup, run through your system's own scheduler."
        ), selectable=False))  # fmt: skip
        self.remove_closed_schedule = QPushButton(self.tr("Turn &off backups while closed"))
        self.remove_closed_schedule.clicked.connect(self.turn_off_closed_backups)
        form.addRow(self.remove_closed_schedule)
        self.closed_schedule_status = plain_label("")
        self.closed_schedule_status.setAccessibleName(self.tr("Backups while closed"))
        self.closed_schedule_status.hide()
        form.addRow(self.closed_schedule_status)
        layout.addWidget(schedule)
        self.proof_of_time = ProofOfTimeBox()
        self.proof_of_time.changed.connect(self._save_proof_of_time)
        layout.addWidget(self.proof_of_time)
        updates = QGroupBox(self.tr("Updates"))
        column = QVBoxLayout(updates)
        self.update_check = QCheckBox(self.tr("Check once a week whether a new version is out"))
        self.update_check.toggled.connect(self._save_update_check)
        column.addWidget(self.update_check)
        column.addWidget(plain_label(self.tr(
            "Only the latest version number is read from the project's releases; nothing "
            "about you is sent, and nothing is installed. Help ▸ Check for updates… checks "
            "now, whatever this says."
        ), selectable=False))  # fmt: skip
        layout.addWidget(updates)
        layout.addStretch(1)
        self._loading = False
        self._load_settings()
        context.events.accounts_changed.connect(self.refresh)
        # The connect assistant keeps the app id, and the private file when asked to.
        context.events.settings_changed.connect(self._load_settings)

    # -- settings ----------------------------------------------------------------------------

    def _load_settings(self) -> None:
        self._loading = True
        settings = self.context.services.settings.load()
        self.app_id = settings.app_id
        self.allow_restore.setChecked(settings.allow_restore)
        self.access.setCurrentIndex(max(0, self.access.findData(settings.access)))
        self.store_in_file.setChecked(settings.store_in_file)
        self.schedule.setCurrentIndex(max(0, SCHEDULE_CHOICES.index(settings.schedule_hours)))
        self.proof_of_time.show_settings(settings.timestamps, settings.tsa_urls)
        self.update_check.setChecked(settings.update_check)
        self._loading = False
        self._show_app_state()

    def _save(self) -> None:
        if self._loading:
            return
        # What this page does not show (the archives' folder) is kept.
        self.context.change_settings(
            schedule_hours=int(self.schedule.currentData()),
            allow_restore=self.allow_restore.isChecked(),
            access=str(self.access.currentData()),
            store_in_file=self.store_in_file.isChecked(),
        )

    def _save_proof_of_time(self, timestamps: bool, urls: list[str]) -> None:
        if not self._loading:
            self.context.change_settings(timestamps=timestamps, tsa_urls=urls)

    def _save_update_check(self, on: bool) -> None:
        # An answer given here is the creator's answer: the first start's question is
        # not asked after it.
        if not self._loading:
            self.context.change_settings(update_check=on, update_check_asked=True)

    # -- the app ----------------------------------------------------------------------------

    def _secret_storage(self) -> str:
        return "file" if self.store_in_file.isChecked() else "keyring"

    def set_up_app(self) -> None:
        """The assistant: at the app's id and secret when there is an app, else where a
        creator with no app starts (or stopped last time)."""
        self.context.events.assistant_requested.emit("keys" if self.app_id else "")

    def forget_app_secret(self) -> None:
        app, app_id, storage = self.context.services.app, self.app_id, self._secret_storage()
        self.context.runner.submit(
            lambda: backend.forget_secret(app, app_id, storage),
            lambda _: self._show_app_state(),
            self._secret_failed,
        )

    def _show_app_state(self) -> None:
        if not self.app_id:
            self.setup_app_button.setText(self.tr("&Set up your Pinterest app…"))
            self.app_state.setText(self.tr(
                "No app of your own yet. The assistant helps you make one on Pinterest's "
                "developer site, or log in without one."
            ))  # fmt: skip
            self.forget_secret_button.setEnabled(False)
            return
        self.setup_app_button.setText(self.tr("&Change or check your app…"))
        app, app_id, storage = self.context.services.app, self.app_id, self._secret_storage()
        self.context.runner.submit(
            lambda: backend.secret_kept(app, app_id, storage), self._secret_known,
            self._secret_failed,
        )  # fmt: skip

    def _secret_known(self, saved: bool) -> None:
        if not self.app_id:
            return  # the app was forgotten meanwhile; its state is shown already
        if not saved:
            sentence = self.tr("Your app: {app_id}. Its secret is not kept on this computer.")
        elif self._secret_storage() == "file":
            sentence = self.tr(
                "Your app: {app_id}. Its secret is kept in a file readable only by you."
            )
        else:
            sentence = self.tr("Your app: {app_id}. Its secret is kept in the keyring.")
        self.app_state.setText(sentence.format(app_id=self.app_id))
        self.forget_secret_button.setEnabled(saved)

    def _secret_failed(self, error: BaseException) -> None:
        # A keyring's refusal says what to do instead (the file below, for one).
        sentence = error_sentence(error, self.tr("The secret could not be read."))
        self.app_state.setText(
            self.tr("Your app: {app_id}. {problem}").format(app_id=self.app_id, problem=sentence)
        )

    # -- backups while the app is closed ------------------------------------------------------

    def turn_off_closed_backups(self) -> None:
        app = self.context.services.app
        self.remove_closed_schedule.setEnabled(False)
        self.context.runner.submit(
            lambda: backend.remove_schedule(app), self._closed_schedule_said,
            self._closed_schedule_failed,
        )  # fmt: skip

    def _closed_schedule_said(self, sentence: str) -> None:
        self.remove_closed_schedule.setEnabled(True)
        self.closed_schedule_status.setText(sentence)
        self.closed_schedule_status.show()

    def _closed_schedule_failed(self, error: BaseException) -> None:
        self._closed_schedule_said(
            error_sentence(error, self.tr("Automatic backups could not be turned off."))
        )

    # -- accounts ----------------------------------------------------------------------------

    def refresh(self) -> None:
        app = self.context.services.app
        self.context.runner.submit(app.accounts.connected, self._show_accounts, self._failed)
        self.context.runner.submit(keyring_status, self._show_keyring, self._failed)
        self.storage.show_folder()
        self._show_app_state()  # a login keeps the app's secret

    def _show_accounts(self, accounts: list[AccountRecord]) -> None:
        self._accounts = accounts
        self.account_list.clear()
        for record in accounts:
            if record.storage == "file":
                said = self.tr("{account} (login kept in a file)")
            else:
                said = self.tr("{account} (login kept in the keyring)")
            self.account_list.addItem(said.format(account=record.username))
        if not accounts:
            self.account_list.addItem(self.tr("No account connected yet."))
        self.disconnect_button.setEnabled(bool(accounts))

    def _show_keyring(self, status: tuple[bool, str]) -> None:
        usable, sentence = status
        if sentence == NO_KEYRING_HELP:
            # The command line's ways out name its flags; the window has a checkbox.
            sentence = window_no_keyring()
        self.keyring.setText(
            sentence if usable else self.tr("Warning: {sentence}").format(sentence=sentence)
        )

    def _failed(self, error: BaseException) -> None:
        self.context.notify(error_sentence(error, self.tr("The settings could not be read.")))

    def disconnect_chosen(self) -> None:
        row = self.account_list.currentRow()
        if not 0 <= row < len(self._accounts):
            self.context.notify(self.tr("Choose the account to disconnect first."))
            return
        record = self._accounts[row]
        forget = self.context.services.dialogs.ask(
            self,
            self.tr("Disconnect the account?"),
            self.tr(
                "Forget the login of {account}? Its archive stays on this computer, and you can "
                "connect again at any time."
            ).format(account=record.username),
        )
        if not forget:
            return
        accounts = self.context.services.app.account_service
        self.context.runner.submit(
            lambda: accounts.logout(record),
            lambda _: self.context.events.accounts_changed.emit(),
            self._failed,
        )
