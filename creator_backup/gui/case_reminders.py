"""The tray's reminders of the cases' deadlines: a week before each one and a day before,
each said once (what was said is kept in the first-run state, so a restart does not say
it again). Checked when the window starts, every hour while it runs, and whenever a case
changes; the clock is the reminders' own, so a test can set the day."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from creator_backup.auth.accounts import AccountRecord
from creator_backup.errors import AppError
from creator_backup.gui.pages.base import PageContext
from creator_backup.gui.translations import translate
from creator_backup.gui.tray import Tray

if TYPE_CHECKING:
    from creator_backup.application.cases import CaseView
    from creator_backup.cases.deadlines import Deadline

log = logging.getLogger(__name__)

REMIND_DAYS = (1, 7)  # the days before a deadline a reminder is given, tightest first
CHECK_EVERY_MS = 60 * 60 * 1000
KEPT = 500  # reminders remembered at most (the oldest forgotten first)


@dataclass(frozen=True)
class Due:
    """A reminder to give: whose case, which deadline, and its key once given."""

    account: AccountRecord
    view: CaseView
    deadline: Deadline
    key: str


def threshold(due: date, today: date) -> int | None:
    """The reminder a deadline is at: 1 (a day or less before), 7 (a week or less), else None."""
    days = (due - today).days
    if days < 0:
        return None
    return next((limit for limit in REMIND_DAYS if days <= limit), None)


def reminder_key(account: AccountRecord, view: CaseView, deadline: Deadline, limit: int) -> str:
    return f"{account.key}|{view.case.id}|{deadline.key}|{deadline.due.isoformat()}|{limit}"


def reminders_due(
    found: list[tuple[AccountRecord, list[CaseView]]], today: date, said: set[str]
) -> list[Due]:
    """Each deadline at a reminder not given yet (only its tightest one: a day before,
    the week's reminder missed while the app was closed is not given as well)."""
    due: list[Due] = []
    for account, views in found:
        for view in views:
            for deadline in view.deadlines:
                limit = threshold(deadline.due, today)
                if limit is None:
                    continue
                key = reminder_key(account, view, deadline, limit)
                if key not in said:
                    due.append(Due(account, view, deadline, key))
    return due


def reminder_sentence(due: Due, today: date, several_accounts: bool) -> str:
    # Imported when a reminder is due: the words of cases read notices' formats, which
    # the window's first paint need not wait for (issue 22).
    from creator_backup.gui.case_words import case_title, deadline_line

    said = translate("CaseReminders", "Case {number} ({title}): {deadline}.").format(
        number=due.view.case.id,
        title=case_title(due.view.case),
        deadline=deadline_line(due.deadline, today),
    )
    if several_accounts:
        return translate("CaseReminders", "{account}: {reminder}").format(
            account=due.account.username, reminder=said
        )
    return said


class DeadlineReminders(QObject):
    reminded = Signal(str)  # the sentence a reminder said

    def __init__(self, context: PageContext, tray: Tray, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.tray = tray
        self.clock: Callable[[], float] = time.time
        self._checking = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        context.events.cases_changed.connect(self.check)
        context.events.accounts_changed.connect(self.check)

    def start(self) -> None:
        self.timer.start()
        self.check()

    def stop(self) -> None:
        self.timer.stop()

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock()).astimezone().date()

    def check(self) -> None:
        """Reads every account's cases in the background and gives the reminders due."""
        if self._checking:
            self._again = True
            return
        self._checking = True
        today = self.today()
        app = self.context.services.app
        first_run = self.context.services.first_run

        def read() -> tuple[list[Due], bool]:
            found: list[tuple[AccountRecord, list[CaseView]]] = []
            accounts = app.accounts.shown()
            for account in accounts:
                try:
                    found.append((account, app.cases.all(account)))
                except AppError as exc:  # a damaged case: the others still remind
                    log.warning("cases of an account not read: %s", type(exc).__name__)
            said = set(first_run.load().deadline_reminders)
            due = reminders_due(found, today, said)
            if due:
                kept = [*first_run.load().deadline_reminders, *(d.key for d in due)]
                first_run.update(deadline_reminders=kept[-KEPT:])
            return due, len(accounts) > 1

        self.context.runner.submit(read, lambda found: self._remind(today, *found), self._failed)

    def _remind(self, today: date, due: list[Due], several: bool) -> None:
        for reminder in due:
            sentence = reminder_sentence(reminder, today, several)
            self.tray.remind(translate("CaseReminders", "A deadline is near"), sentence)
            self.reminded.emit(sentence)
        self._checked()

    def _failed(self, error: BaseException) -> None:
        log.warning("deadline reminders not checked: %s", type(error).__name__)
        self._checked()

    def _checked(self) -> None:
        self._checking = False
        if self._again:
            self._again = False
            self.check()
