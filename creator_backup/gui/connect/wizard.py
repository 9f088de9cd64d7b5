"""The assistant that takes a creator from no Pinterest app to a connected account, a page
per step: a business account, the app made on Pinterest's developer site (every answer of
its form ready to copy), the wait for Pinterest's approval, the app's id and secret, its
redirect URIs, a check of the app, and the login itself.

The step reached is remembered (gui/first_run_state.py): closed while Pinterest reviews the
app, the assistant opens at that step next time. Every call to Pinterest runs on a worker
through the application layer (gui/connect/backend.py).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard

from creator_backup.auth.accounts import AccountRecord
from creator_backup.gui.connect.connect_step import ConnectStep
from creator_backup.gui.connect.steps import (
    ApprovalStep,
    AppStep,
    BusinessStep,
    CheckStep,
    KeysStep,
    RedirectsStep,
    Step,
)
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.workers import Job

# The steps, in order; their names are what the first-run state remembers.
STEPS = ("business", "app", "approval", "keys", "redirects", "check", "connect")
# Where a creator who already has an app (an app id is saved) starts.
HAS_AN_APP = "connect"


class ConnectWizard(QWizard):
    connected = Signal(object)  # the AccountRecord, once a login worked
    import_requested = Signal()  # the creator wants to import the data export meanwhile

    def __init__(
        self,
        context: PageContext,
        parent: QWidget | None = None,
        *,
        ports: tuple[int, ...] | None = None,
        build_app_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.ports = ports  # loopback ports for the browser login (tests use free ones)
        # The id of the Pinterest app this build carries, for a creator with none of their
        # own; a login goes through it only while no app id of their own is given.
        self.build_app_id = build_app_id
        self.job: Job | None = None
        self.record: AccountRecord | None = None
        self._typed_secret = ""  # kept in memory only, until a login saves it
        self._jumping = False
        self.setWindowTitle(self.tr("Connect your Pinterest account"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Close"))
        self.setMinimumSize(780, 600)
        self.business = BusinessStep(self)
        self.create_app = AppStep(self)
        self.approval = ApprovalStep(self)
        self.keys = KeysStep(self)
        self.redirects = RedirectsStep(self)
        self.check = CheckStep(self)
        self.login = ConnectStep(self)
        self.steps: dict[str, Step] = {}
        for number, page in enumerate((self.business, self.create_app, self.approval,
                                       self.keys, self.redirects, self.check, self.login)):  # fmt: skip
            self.setPage(number, page)
            self.steps[page.step] = page
        self.currentIdChanged.connect(self._remember_step)

    # -- where it is -------------------------------------------------------------------------

    @property
    def step(self) -> str:
        page = self.currentPage()
        return page.step if isinstance(page, Step) else ""

    @property
    def jumping(self) -> bool:
        """True while go_to passes the steps before the one asked for: they ask nothing."""
        return self._jumping

    def go_to(self, step: str) -> None:
        """Opens at `step`, with the steps before it in its history (Back reaches them)."""
        target = STEPS.index(step)
        self._jumping = True
        try:
            self.restart()
            while self.currentId() < target:
                self.next()
        finally:
            self._jumping = False
        self._remember_step(self.currentId())

    def _remember_step(self, page_id: int) -> None:
        # -1: the assistant closed (Qt's wizard resets itself then): the step stays.
        if self._jumping or self.record is not None or page_id < 0:
            return
        self.context.services.first_run.update(assistant_step=self.step)

    # -- what the steps share ------------------------------------------------------------------

    @property
    def app_id(self) -> str:
        return self.context.services.settings.load().app_id

    def set_app(self, app_id: str, typed_secret: str) -> None:
        """The app id is kept in the settings; a typed secret stays in memory until a
        login keeps it (in the keyring, or the private file)."""
        if self.context.services.settings.load().app_id != app_id:
            self.context.change_settings(app_id=app_id)
        if typed_secret:
            self._typed_secret = typed_secret

    @property
    def typed_secret(self) -> str:
        return self._typed_secret

    def storage(self) -> str:
        return "file" if self.context.services.settings.load().store_in_file else "keyring"

    def open_url(self, url: str) -> None:
        self.context.services.open_url(url)

    # -- ending ------------------------------------------------------------------------------

    def finished_connecting(self, record: AccountRecord) -> None:
        self.record = record
        # Connected: the next assistant opens for another account, at the login.
        self.context.services.first_run.update(assistant_step="")
        self.context.events.accounts_changed.emit()
        self.connected.emit(record)

    def want_import(self) -> None:
        self.reject()
        self.import_requested.emit()

    def stop_job(self) -> None:
        if self.job is not None and self.job.running:
            self.job.cancel()  # a browser listener stops within a second and frees its port

    def reject(self) -> None:
        self.stop_job()
        super().reject()
