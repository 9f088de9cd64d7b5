"""The main window: an account switcher, a list of pages, menus, and a question before
closing over running work."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.auth.accounts import AccountRecord
from creator_backup.backup.kinds import FULL
from creator_backup.cache_limit import THUMBNAIL_CACHE_LIMIT, prune
from creator_backup.gui.about_dialog import HelpMenu
from creator_backup.gui.alert_banner import AlertBanner
from creator_backup.gui.archive_watch import ArchiveWatch
from creator_backup.gui.case_reminders import DeadlineReminders
from creator_backup.gui.connect import backend
from creator_backup.gui.file_jobs import IMPORT_JOB, SITE_JOB, FileJobs
from creator_backup.gui.icons import tinted_icon
from creator_backup.gui.originals_job import MATCH_JOB, MatchOriginals
from creator_backup.gui.pages.base import AppEvents, Page, PageContext, PageId
from creator_backup.gui.pages.catalogue import PAGES
from creator_backup.gui.scheduler import BackupScheduler
from creator_backup.gui.services import Services
from creator_backup.gui.system_edges import this_app
from creator_backup.gui.translations import install_translations, translate
from creator_backup.gui.tray import Tray
from creator_backup.gui.update_check import UpdateChecks
from creator_backup.gui.welcome import WelcomePage
from creator_backup.gui.widgets import error_sentence, plain_label
from creator_backup.gui.workers import JobRunner
from creator_backup.resources import resource_path

if TYPE_CHECKING:
    from creator_backup.gui.auto_backup_offer import ArchiveFacts, AutoBackupOffer
    from creator_backup.gui.connect.wizard import ConnectWizard
    from creator_backup.gui.pages.cases import CasesPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LongJob:
    """Work that asks before the window closes over it (what is done so far is kept): what
    it is, and its question's two buttons, each naming what it does."""

    question: str  # "A backup is not finished. Stop it and quit? …"
    stop: str  # the button that stops it and quits
    keep: str  # the button that keeps it going


# How long the window waits for its first paint before it reads what it shows anyway.
READ_ANYWAY_MS = 1000

# The jobs that ask before the window closes over them, by job name.
LONG_JOB_NAMES = ("backup", "restore", "appeal", "move", IMPORT_JOB, SITE_JOB, MATCH_JOB)


def long_job(name: str) -> LongJob:
    """The question for a running job, in the language installed when it is asked (each
    job's sentence whole: a translation words each its own way)."""
    if name == "backup":
        return LongJob(
            translate("MainWindow", "A backup is not finished. Stop it and quit? What is done "
                      "so far is kept, and the next run continues from there."),
            translate("MainWindow", "Stop the backup and quit"),
            translate("MainWindow", "Keep backing up"),
        )  # fmt: skip
    if name == "restore":
        return LongJob(
            translate("MainWindow", "A restore is not finished. Stop it and quit? What is done "
                      "so far is kept, and the next run continues from there."),
            translate("MainWindow", "Stop the restore and quit"),
            translate("MainWindow", "Keep restoring"),
        )  # fmt: skip
    if name == "appeal":
        return LongJob(
            translate("MainWindow", "An appeal packet is not finished. Stop it and quit? What "
                      "is done so far is kept, and the next run continues from there."),
            translate("MainWindow", "Stop the packet and quit"),
            translate("MainWindow", "Keep building it"),
        )  # fmt: skip
    if name == "move":
        return LongJob(
            translate("MainWindow", "A move of the archives is not finished. Stop it and quit? "
                      "What is done so far is kept, and the next run continues from there."),
            translate("MainWindow", "Stop the move and quit"),
            translate("MainWindow", "Keep moving them"),
        )  # fmt: skip
    if name == IMPORT_JOB:
        return LongJob(
            translate("MainWindow", "An import is not finished. Stop it and quit? What is done "
                      "so far is kept, and the next run continues from there."),
            translate("MainWindow", "Stop the import and quit"),
            translate("MainWindow", "Keep importing"),
        )  # fmt: skip
    if name == MATCH_JOB:
        return LongJob(
            translate("MainWindow", "Matching your originals is not finished. Stop it and "
                      "quit? The pictures compared so far are kept for next time."),
            translate("MainWindow", "Stop matching and quit"),
            translate("MainWindow", "Keep matching"),
        )  # fmt: skip
    return LongJob(
        translate("MainWindow", "A website is not finished. Stop it and quit? What is done so "
                  "far is kept, and the next run continues from there."),
        translate("MainWindow", "Stop the website and quit"),
        translate("MainWindow", "Keep saving it"),
    )  # fmt: skip


def account_label(record: AccountRecord) -> str:
    if record.archive_only:
        return translate("MainWindow", "{name} (archive only)").format(name=record.username)
    return record.username


class MainWindow(QMainWindow):
    def __init__(self, services: Services, runner: JobRunner) -> None:
        # The words first: every widget below takes its text through them (once per
        # application; the entry point has installed them already).
        qt_app = QCoreApplication.instance()
        if qt_app is not None:
            install_translations(qt_app)
        super().__init__()
        self.services = services
        self.runner = runner
        self.events = AppEvents(self)
        self._accounts: list[AccountRecord] = []
        self._closing = False  # closing waits for running work to stop
        self._accounts_known = False  # the first reading of the accounts is still to come
        # The connect assistant, and the automatic-backups offer, while they are open.
        self.assistant: ConnectWizard | None = None
        self.schedule_offer: AutoBackupOffer | None = None
        # The loopback ports of the browser login (None: the usual ones; tests use free ones).
        self.login_ports: tuple[int, ...] | None = None
        # The Pinterest app the build carries, for creators with none (read at start).
        # The id of the Pinterest app this build carries, if any (its secret stays in the
        # application layer, which chooses the app a login goes through).
        self.build_app_id: str | None = None
        # Qt adds the app's display name to a title that does not end with it: the demo's
        # window says only what it is (the sandbox), and the name comes once.
        self.setWindowTitle(services.mode_label or DISPLAY_NAME)
        self.resize(1100, 720)
        context = PageContext(services, runner, self.events, self._notify)
        self.context = context

        # The Welcome page, with nothing on this computer yet; else the pages. Welcome is
        # built the first time it is shown (`welcome`): most starts show the pages.
        self.shell = QStackedWidget(self)
        self._welcome: WelcomePage | None = None
        central = QWidget()
        self.main_view = central
        outer = QVBoxLayout(central)
        top = QHBoxLayout()
        self.account_box = QComboBox()
        self.account_box.setAccessibleName(self.tr("Account"))
        self.account_box.setMinimumContentsLength(24)
        self.account_box.currentIndexChanged.connect(self._account_chosen)
        top.addWidget(plain_label(self.tr("Account:"), selectable=False))
        top.addWidget(self.account_box)
        top.addStretch(1)
        self.mode_banner: QLabel | None = None
        if services.mode_label:
            mode = plain_label(services.mode_label, selectable=False)
            mode.setAccessibleName(self.tr("Mode"))
            # One short line: wrapped, the label takes the narrow width it can fit into.
            mode.setWordWrap(False)
            top.addWidget(mode)
            self.mode_banner = mode
        outer.addLayout(top)

        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Pages"))
        self.nav.setMaximumWidth(180)
        self.stack = QStackedWidget()
        # Each page by its row, once built. A page is built (and its module imported) when
        # first shown, or asked for; until then an empty widget holds its place.
        self._built: dict[int, Page] = {}
        for entry in PAGES:
            icon = tinted_icon(resource_path("icons", f"page-{entry.page_id}.svg"))
            self.nav.addItem(QListWidgetItem(icon, entry.title()))
            self.stack.addWidget(QWidget())
        for row, entry in enumerate(PAGES):
            if entry.eager:
                self._page_at(row)
        self.nav.currentRowChanged.connect(self._show_row)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        outer.addLayout(body, 1)
        self.shell.addWidget(central)
        self.shell.setCurrentWidget(central)
        # Above every page and Welcome: the update check's question, asked once, and its
        # news of a new version.
        framed = QWidget()
        column = QVBoxLayout(framed)
        column.setContentsMargins(0, 0, 0, 0)
        self.update_banner = AlertBanner(framed)
        self.update_banner.setAccessibleName(self.tr("Updates"))
        column.addWidget(self.update_banner)
        column.addWidget(self.shell, 1)
        self.setCentralWidget(framed)

        self.events.navigate.connect(self.show_page)
        self.events.backup_requested.connect(lambda _kind: self.show_page(PageId.BACKUP))
        self.events.accounts_changed.connect(self.reload_accounts)
        self.events.connect_requested.connect(self.open_assistant)
        self.events.assistant_requested.connect(lambda step: self.open_assistant(step))
        self.events.pin_requested.connect(self.open_pin)
        self.events.appeal_requested.connect(self.appeal_for_loss)
        self.events.job_finished.connect(self._job_finished)
        self.scheduler = BackupScheduler(context, lambda: self.account, parent=self)
        self.tray = Tray(self, self.events, self.windowIcon())
        self.events.next_backup_changed.connect(self.tray.set_next)
        self.reminders = DeadlineReminders(self.context, self.tray, parent=self)
        self.updates = UpdateChecks(self.context, self.tray, self.update_banner, parent=self)
        self._quitting = False
        # A backup made outside the window (the schedule's task, the command line) shows too.
        self.archive_watch = ArchiveWatch(context, lambda: self.account, parent=self)
        self.file_jobs = FileJobs(self, context, lambda: self.account, self.show_lost)
        self.originals = MatchOriginals(self, context, lambda: self.account)
        self.events.originals_requested.connect(self.originals.choose_folder)
        self._build_menus()
        self.nav.setCurrentRow(0)
        # What the window reads at start is read once it has painted (_read_at_start):
        # the reads, in workers, and their answers kept the first paint waiting. A window
        # not painted by then (hidden, or on a desktop slow to show it) reads anyway.
        self._read_started = False
        QTimer.singleShot(READ_ANYWAY_MS, self, self._read_at_start)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._read_started:
            QTimer.singleShot(0, self, self._read_at_start)

    def _read_at_start(self) -> None:
        if self._read_started:
            return
        self._read_started = True
        self.tray.show_icon()
        self.reload_accounts()
        self._prune_thumbnails()
        self.reminders.start()  # a week and a day before each case's deadline
        self.updates.start()  # the question once; then weekly, with the creator's yes
        app = self.services.app
        self.runner.submit(
            lambda: backend.build_app_id(app), self._know_build_app, lambda _error: None
        )

    def _know_build_app(self, build_app_id: str | None) -> None:
        self.build_app_id = build_app_id

    def _prune_thumbnails(self) -> None:
        """Keeps the thumbnail cache (rebuilt at will) from growing without end."""
        folder = self.services.paths.cache_dir / "thumbnails"
        self.runner.submit(
            lambda: prune(folder, THUMBNAIL_CACHE_LIMIT),
            lambda pruned: log.info("thumbnail cache: %d files removed", pruned.removed_files),
            lambda error: log.warning("thumbnail cache not pruned: %s", error),
        )

    # -- pages and accounts ------------------------------------------------------------------

    def page(self, page_id: str) -> Page:
        """The page whose PageId this is (never its title: that is in the user's language),
        built now if it was not yet."""
        return self._page_at(self._row_of(page_id))

    @property
    def pages(self) -> list[Page]:
        """Every page, in the navigation's order (those not shown yet are built now)."""
        return [self._page_at(row) for row in range(len(PAGES))]

    def _row_of(self, page_id: str) -> int:
        return next(row for row, entry in enumerate(PAGES) if entry.page_id == page_id)

    def _page_at(self, row: int) -> Page:
        """The page in this row of the navigation, built the first time it is asked for:
        it takes its place in the stack and hears which account is shown."""
        page = self._built.get(row)
        if page is not None:
            return page
        page = PAGES[row].build(self.context)
        self._built[row] = page
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        if self._accounts_known:
            page.set_account(self.account)
        return page

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self._page_at(row)
        self.stack.setCurrentIndex(row)

    @property
    def cases_page(self) -> CasesPage:
        from creator_backup.gui.pages.cases import CasesPage

        page = self.page(PageId.CASES)
        assert isinstance(page, CasesPage)
        return page

    def show_page(self, page_id: str) -> None:
        for row, entry in enumerate(PAGES):
            if entry.page_id == page_id:
                self.shell.setCurrentWidget(self.main_view)
                self.nav.setCurrentRow(row)
                return

    @property
    def welcome(self) -> WelcomePage:
        """The Welcome page, built the first time it is asked for."""
        if self._welcome is None:
            welcome = WelcomePage()
            welcome.connect_clicked.connect(self.open_assistant)
            welcome.demo_clicked.connect(self.start_demo)
            welcome.overview_clicked.connect(lambda: self.show_page(PageId.OVERVIEW))
            welcome.link_clicked.connect(lambda url: self.services.open_url(url))
            welcome.import_clicked.connect(self.file_jobs.choose_export)
            if self._accounts_known:
                welcome.set_has_archives(bool(self._accounts))
            self.shell.addWidget(welcome)
            self._welcome = welcome
        return self._welcome

    @property
    def showing_welcome(self) -> bool:
        return self._welcome is not None and self.shell.currentWidget() is self._welcome

    def show_welcome(self) -> None:
        self.welcome.show_progress(self.services.first_run.load().assistant_step)
        self.welcome.set_has_archives(bool(self._accounts))
        self.shell.setCurrentWidget(self.welcome)

    def reload_accounts(self, choose: AccountRecord | None = None) -> None:
        """Reads the accounts again; `choose` is then shown (else the one shown stays)."""
        app = self.services.app
        # The accounts service is built (and its modules imported) in the worker, on
        # first use: not on the UI thread while the window opens.
        self.runner.submit(
            lambda: app.accounts.shown(),
            lambda accounts: self._show_accounts(accounts, choose),
            self._accounts_failed,
        )

    def show_lost(self, record: AccountRecord) -> None:
        """History of `record` (an import's archive, maybe not the account shown)."""
        index = next((i for i, r in enumerate(self._accounts) if r.key == record.key), -1)
        if index >= 0:
            self.account_box.setCurrentIndex(index)
        else:  # the switcher has not heard of it yet: it shows it once it has
            self.reload_accounts(choose=record)
        self.show_page(PageId.HISTORY)

    def _show_accounts(
        self, accounts: list[AccountRecord], choose: AccountRecord | None = None
    ) -> None:
        # The account being shown stays chosen when another one connects or leaves.
        shown = choose or self.account
        first, had_some = not self._accounts_known, bool(self._accounts)
        self._accounts_known = True
        self._accounts = accounts
        self.account_box.blockSignals(True)
        self.account_box.clear()
        for record in accounts:
            self.account_box.addItem(account_label(record))
        chosen = next((i for i, r in enumerate(accounts) if shown and r.key == shown.key), 0)
        if accounts:
            self.account_box.setCurrentIndex(chosen)
        self.account_box.blockSignals(False)
        if not accounts:
            self.account_box.addItem(self.tr("No account connected"))
            self.account_box.setEnabled(False)
            self._set_account(None)
        else:
            self.account_box.setEnabled(len(accounts) > 1)
            self._set_account(accounts[chosen])
        if self._welcome is not None:
            self._welcome.set_has_archives(bool(accounts))
        if first and not accounts:
            self.show_welcome()  # nothing on this computer yet: the ways to start
        elif accounts and not had_some and self.showing_welcome:
            self.show_page(PageId.OVERVIEW)  # the first account or archive just arrived
        self.scheduler.check()  # a backup missed while the app was closed runs now

    def _accounts_failed(self, error: BaseException) -> None:
        self._notify(error_sentence(error, self.tr("The connected accounts could not be read.")))

    def _account_chosen(self, index: int) -> None:
        if 0 <= index < len(self._accounts):
            self._set_account(self._accounts[index])

    def _set_account(self, record: AccountRecord | None) -> None:
        # The pages not built yet hear of it when they are (_page_at).
        for page in list(self._built.values()):
            page.set_account(record)

    @property
    def account(self) -> AccountRecord | None:
        index = self.account_box.currentIndex()
        return self._accounts[index] if 0 <= index < len(self._accounts) else None

    def _notify(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 15_000)

    # -- menus -----------------------------------------------------------------------------

    def _action(self, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self._action(
            self.tr("&Back up now"), lambda: self.events.backup_requested.emit(FULL), "Ctrl+B"
        ))  # fmt: skip
        file_menu.addAction(self._action(
            self.tr("&Connect your Pinterest account…"), self.open_assistant
        ))  # fmt: skip
        file_menu.addSeparator()
        file_menu.addAction(self._action(
            self.tr("&Import Pinterest's data export…"), self.file_jobs.choose_export, "Ctrl+I"
        ))  # fmt: skip
        file_menu.addAction(self._action(
            self.tr("Import a &notice from Pinterest…"), lambda: self.cases_page.choose_notice()
        ))  # fmt: skip
        file_menu.addAction(self._action(
            self.tr("Save as a &website…"), self.file_jobs.choose_site_folder, "Ctrl+Shift+S"
        ))  # fmt: skip
        file_menu.addAction(self._action(
            self.tr("&Match my original files…"), self.originals.choose_folder
        ))  # fmt: skip
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.quit, "Ctrl+Q"))
        view_menu = bar.addMenu(self.tr("&View"))
        for row, entry in enumerate(PAGES):
            view_menu.addAction(self._action(
                entry.title(), lambda _=False, r=row: self.nav.setCurrentRow(r),
                f"Ctrl+{row + 1}",
            ))  # fmt: skip
        if self.services.demo is not None:
            self._build_demo_menu()
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&Getting started"), self.show_welcome))
        help_menu.addSeparator()
        self.help = HelpMenu(
            self, help_menu, self.services, self.runner, self._notify, self.updates.check_now
        )

    def _build_demo_menu(self) -> None:
        demo = self.services.demo
        assert demo is not None
        menu = self.menuBar().addMenu(self.tr("&Demo"))
        steps = (
            (self.tr("Remove a board and some pins"),
             self.tr("Demo: the removal happened on the sandbox. Back up to see it."),
             lambda: demo.remove_some()),
            (self.tr("Suspend the account"),
             self.tr("Demo: the suspension happened on the sandbox. Back up to see it."),
             demo.suspend),
            (self.tr("Reinstate the account"),
             self.tr("Demo: the reinstatement happened on the sandbox. Back up to see it."),
             demo.reinstate),
        )  # fmt: skip
        for text, said, call in steps:
            menu.addAction(self._action(text, lambda _=False, c=call, s=said: self._demo(c, s)))

    def _demo(self, call: Callable[[], object], said: str) -> None:
        def done(_: object) -> None:
            self._notify(said)
            self.page(PageId.OVERVIEW).refresh()

        failed = self.tr("It failed.")
        self.runner.submit(call, done, lambda e: self._notify(error_sentence(e, failed)))

    # -- from one page to another -----------------------------------------------------------

    def open_pin(self, pin_id: str) -> None:
        """A pin opened from another page (History's pictures of what is gone): Browse
        shows it, removed or not."""
        from creator_backup.gui.pages.browse import BrowsePage

        self.show_page(PageId.BROWSE)
        browse = self.page(PageId.BROWSE)
        assert isinstance(browse, BrowsePage)
        browse.show_pin(pin_id)

    def appeal_for_loss(self, older: int, newer: int) -> None:
        """The appeal packet of what was lost between these two snapshots, chosen."""
        from creator_backup.gui.pages.appeal import AppealPage

        self.show_page(PageId.APPEAL)
        appeal = self.page(PageId.APPEAL)
        assert isinstance(appeal, AppealPage)
        appeal.document_loss(older, newer)

    # -- first steps -------------------------------------------------------------------------

    def open_assistant(self, step: str = "") -> ConnectWizard:
        """The connect assistant: at `step`, else where it stopped last time, else at the
        login for a creator who has an app already, else at its first step."""
        # Imported when first opened: the logins it offers pull in the HTTP client.
        from creator_backup.gui.connect.wizard import HAS_AN_APP, STEPS, ConnectWizard

        current = self.assistant
        if current is not None and shiboken6.isValid(current):
            if current.isVisible() and not step:
                current.raise_()
                current.activateWindow()
                return current
            current.close()
            current.deleteLater()
        if not step:
            saved = self.services.first_run.load().assistant_step
            has_app = bool(self.services.settings.load().app_id)
            # With an app of their own, or the build's, a creator starts at the login.
            has_app = has_app or self.build_app_id is not None
            step = saved if saved in STEPS else HAS_AN_APP if has_app else STEPS[0]
        wizard = ConnectWizard(
            self.context, self, ports=self.login_ports, build_app_id=self.build_app_id
        )
        wizard.connected.connect(self._assistant_connected)
        wizard.import_requested.connect(self.file_jobs.choose_export)
        wizard.rejected.connect(self._assistant_closed)
        self.assistant = wizard
        wizard.go_to(step)
        wizard.show()
        return wizard

    def _assistant_connected(self, record: AccountRecord) -> None:
        self._notify(self.tr("Connected as {name}.").format(name=record.username))
        self.show_page(PageId.OVERVIEW)

    def _assistant_closed(self) -> None:
        if self.showing_welcome:
            self.welcome.show_progress(self.services.first_run.load().assistant_step)

    def start_demo(self) -> None:
        """The demo, in a process of its own: this window stays as it is."""
        program, arguments = this_app("--demo")
        if self.services.launch(program, arguments):
            sentence = self.tr("The demo opens in a window of its own in a moment.")
        else:
            sentence = self.tr("The demo could not be started.")
        self.welcome.say(sentence)
        self._notify(sentence)

    def _job_finished(self, job: str, ok: bool, _sentence: str) -> None:
        """After the first backup that completes, automatic backups are offered, once."""
        record = self.account
        if job != "backup" or not ok or record is None or self.services.demo is not None:
            return
        if self.services.first_run.load().schedule_offered:
            return
        # Imported after a first backup, the only time it is offered.
        from creator_backup.gui.auto_backup_offer import archive_facts

        context = self.context
        self.runner.submit(
            lambda: archive_facts(context, record),
            self._offer_schedule,
            lambda error: log.warning("no automatic-backups offer: %s", type(error).__name__),
        )

    def _offer_schedule(self, facts: ArchiveFacts) -> None:
        if self.services.first_run.load().schedule_offered or self._closing:
            return
        self.services.first_run.update(schedule_offered=True)
        if facts.scheduled:
            return  # on already
        from creator_backup.gui.auto_backup_offer import AutoBackupOffer

        offer = AutoBackupOffer(self.context, facts, self)
        offer.installed.connect(self._notify)
        self.schedule_offer = offer
        offer.open()

    # -- closing ---------------------------------------------------------------------------

    def quit(self) -> None:
        """Closes for real, even when a schedule would keep the app in the tray."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        schedule_on = self.services.settings.load().schedule_hours > 0
        if schedule_on and self.tray.available and not self._quitting and not self._closing:
            # Scheduled backups run while the app runs: closing the window keeps it in
            # the tray, as it says; Quit ends it.
            event.ignore()
            self.hide()
            self.tray.notify(
                "schedule", True, self.tr("Still running in the tray for scheduled backups.")
            )
            return
        jobs = self.runner.running()
        long_jobs = [j for j in jobs if j.name in LONG_JOB_NAMES]
        if long_jobs:
            running = long_job(long_jobs[0].name)
            stop = self.services.dialogs.ask(
                self,
                self.tr("Stop the running work?"),
                running.question,
                yes=running.stop,
                no=running.keep,
            )
            if not stop:
                event.ignore()
                return
        for dialog in (self.assistant, self.schedule_offer, self.updates.dialog):
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.reject()
        self.archive_watch.stop()  # no new reads while the window closes
        self.reminders.stop()
        self.updates.stop()
        self.runner.cancel_all()
        if self.runner.running():
            # Let the jobs stop at their next step, then close for real.
            event.ignore()
            self.setEnabled(False)
            self._notify(self.tr("Stopping the running work…"))
            if not self._closing:
                self._closing = True
                self.runner.jobs_changed.connect(self._close_when_idle)
            return
        event.accept()

    def _close_when_idle(self) -> None:
        if not self.runner.running():
            # Queued: the job's own finishing handlers run before the window goes.
            QTimer.singleShot(0, self.close)
