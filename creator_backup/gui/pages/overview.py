"""Overview: is the account reachable, what is archived, and the one next step that matters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creator_backup.api.errors import AccountUnavailable, AuthenticationFailed
from creator_backup.application.app import Application
from creator_backup.application.archives import ArchiveStatus
from creator_backup.auth.accounts import AccountRecord
from creator_backup.checked_words import outcome_text
from creator_backup.gui.alert_banner import ERROR, WARNING, AlertBanner
from creator_backup.gui.connect import backend
from creator_backup.gui.loss_words import loss_sentence
from creator_backup.gui.pages.base import Page, PageContext, PageId
from creator_backup.gui.scheduler import describe_next
from creator_backup.gui.translations import translate
from creator_backup.gui.widgets import (
    error_sentence,
    format_count,
    heading,
    human_time,
    plain_label,
)
from creator_backup.progress import human_size

if TYPE_CHECKING:
    from creator_backup.api.models import Account


@dataclass(frozen=True)
class NextStep:
    sentence: str
    button: str  # "" when there is nothing to press
    action: str  # "quick", "full", "page:<PageId>", "connect" (the connect assistant)


CONNECT = "connect"


def backup_kind(kind: str) -> str:
    """A backup's kind ("full", "quick": the archive's words) as a person reads it."""
    if kind == "full":
        return translate("Overview", "full")
    if kind == "quick":
        return translate("Overview", "quick")
    return kind


def next_step(
    status: ArchiveStatus,
    reachable: bool | None,
    archive_only: bool = False,
    connected: bool = True,
) -> NextStep:
    """The one thing the user should do now, in order of what matters most. With no
    account shown (`connected` False), that is connecting one: never a backup that
    cannot start."""
    if not connected:
        return NextStep(
            translate(
                "Overview",
                "No Pinterest account is connected yet. Connect yours to back it up; or "
                "import Pinterest's data export from the File menu, no app needed.",
            ),
            translate("Overview", "Connect your Pinterest account"),
            CONNECT,
        )
    if archive_only:
        if status.last_export is not None:
            pins = status.export_pins
            if status.export_not_alive:
                holds = translate(
                    "Overview",
                    "This archive holds Pinterest's data export: %Ln pin(s), {gone} of them no "
                    "longer alive. Build an appeal packet to document them, or connect the "
                    "account in Settings to back it up.",
                    None,
                    pins,
                ).format(gone=f"{status.export_not_alive:,}")
            else:
                holds = translate(
                    "Overview",
                    "This archive holds Pinterest's data export: %Ln pin(s). Build an appeal "
                    "packet to document them, or connect the account in Settings to back it up.",
                    None,
                    pins,
                )
            return NextStep(
                holds,
                translate("Overview", "Build an appeal packet"),
                f"page:{PageId.APPEAL}",
            )
        return NextStep(
            translate(
                "Overview",
                "This archive has no login on this computer. Browse it or build an appeal "
                "packet from it; connect the account to back it up again.",
            ),
            translate("Overview", "Connect your Pinterest account"),
            CONNECT,
        )
    if reachable is False or status.unavailable_since:
        return NextStep(
            translate(
                "Overview",
                "Pinterest says this account is unavailable. Everything archived is kept, "
                "unchanged, as evidence: build an appeal packet to attach to your appeal.",
            ),
            translate("Overview", "Build an appeal packet"),
            f"page:{PageId.APPEAL}",
        )
    if status.loss is not None:
        # Never "up to date" after a backup that found something gone: the alert above
        # says what; the step is documenting it.
        return NextStep(
            translate(
                "Overview",
                "The last backup found content gone from Pinterest. Build an appeal packet "
                "to document it; the archive keeps every copy, to restore once it can be "
                "put back.",
            ),
            translate("Overview", "Build an appeal packet"),
            f"page:{PageId.APPEAL}",
        )
    if not status.exists or status.last_complete is None:
        return NextStep(
            translate(
                "Overview",
                "Nothing is archived yet. Back up now to keep a copy of your boards, sections "
                "and pins on this computer.",
            ),
            translate("Overview", "Back up now"),
            "full",
        )
    if status.last is not None and not status.last.complete and not status.last.is_export:
        return NextStep(
            translate(
                "Overview",
                "The last backup stopped before it finished, so it is not the archive's "
                "latest word. Run it again to complete it; nothing already saved is fetched "
                "twice.",
            ),
            translate("Overview", "Finish the backup"),
            "full",
        )
    if status.unchecked_boards:
        count = status.unchecked_boards
        if status.oldest_check:
            # oldest_check is the least recently listed of them: "the oldest" for several.
            sentence = translate(
                "Overview",
                "%Ln boards were not checked in the last backup (the oldest not checked since "
                "{when}): a removal there would not be seen yet. Back up now to read every "
                "board.",
                None,
                count,
            ).format(when=human_time(status.oldest_check))
        else:
            sentence = translate(
                "Overview",
                "%Ln boards were not checked in the last backup: a removal there would not be "
                "seen yet. Back up now to read every board.",
                None,
                count,
            )
        return NextStep(
            sentence,
            translate("Overview", "Back up now"),
            "full",
        )
    if status.media_pending:
        pending = status.media_pending
        return NextStep(
            translate(
                "Overview",
                "Every board was read, but %Ln file(s) still have to be downloaded. Back up "
                "now to fetch them.",
                None,
                pending,
            ),
            translate("Overview", "Back up now"),
            "full",
        )
    return NextStep(
        translate(
            "Overview",
            "Your archive is up to date as of the last backup. Back up again to catch any change.",
        ),
        translate("Overview", "Back up now"),
        "full",
    )


def unavailable_sentence(status: ArchiveStatus) -> str:
    """The account-unavailable alert: since when (in words), and the backup kept as the
    evidence baseline."""
    if status.unavailable_since:
        said = translate(
            "Overview", "Account unavailable since {when}: Pinterest refuses this account."
        ).format(when=human_time(status.unavailable_since))
    else:
        said = translate("Overview", "Account unavailable: Pinterest refuses this account.")
    if status.baseline is not None:
        said += " " + translate(
            "Overview",
            "Everything archived is kept, unchanged, as evidence; the last complete backup "
            "before that is the one of {when}.",
        ).format(when=human_time(status.baseline.started_at))
    else:
        said += " " + translate("Overview", "Everything archived is kept, unchanged, as evidence.")
    return said


def login_lines(app: Application, record: AccountRecord) -> list[str]:
    """Read on a worker: the login's health (what it cannot see, when it must be renewed)
    and the app's request budget for today, each a sentence when there is one."""
    return [s for s in (backend.health_sentence(app, record), backend.budget_sentence(app, record))
            if s]  # fmt: skip


class OverviewPage(Page):
    page_id = PageId.OVERVIEW

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._status = ArchiveStatus(exists=False)
        self._reachable: bool | None = None
        self._login_for = ""  # the account whose login lines are being read
        # Reads of the archive's status run on a pool and may finish out of order: only the
        # latest asked is shown, never an older one read before the archive last changed.
        self._status_asked = 0
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Overview")))
        # Content gone, or the account unavailable: what must not be missed, first.
        self.alert = AlertBanner(self)
        self.alert.setObjectName("alert")
        self.alert.setAccessibleName(self.tr("Account alert"))
        self.see_gone_button = self.alert.add_button(self.tr("See what's gone"))
        self.see_gone_button.clicked.connect(self._see_gone)
        self.appeal_button = self.alert.add_button(self.tr("Build an appeal packet"))
        self.appeal_button.clicked.connect(lambda: context.events.navigate.emit(PageId.APPEAL))
        self.restore_button = self.alert.add_button(self.tr("Restore"))
        self.restore_button.clicked.connect(lambda: context.events.navigate.emit(PageId.RESTORE))
        self._alert_said = ("", "")  # the (kind, sentence) last told to the tray
        layout.addWidget(self.alert)
        # The login's health and the app's request budget for today, when there is a word.
        self.login_line = plain_label("")
        self.login_line.setAccessibleName(self.tr("Login and requests"))
        self.login_line.setFrameShape(QFrame.Shape.StyledPanel)
        self.login_line.hide()
        layout.addWidget(self.login_line)

        card = QFrame(self)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        form = QFormLayout(card)
        self.connection = plain_label(self.tr("Checking…"))
        self.account_name = plain_label("")
        self.last_backup = plain_label("")
        self.next_backup = plain_label(describe_next(None))
        self.counts = plain_label("")
        self.disk = plain_label("")
        for label, widget, name in (
            (self.tr("Pinterest:"), self.connection, self.tr("Connection")),
            (self.tr("Account:"), self.account_name, self.tr("Account")),
            (self.tr("Last backup:"), self.last_backup, self.tr("Last backup")),
            (self.tr("Schedule:"), self.next_backup, self.tr("Next backup")),
            (self.tr("Archived:"), self.counts, self.tr("Archived content")),
            (self.tr("On disk:"), self.disk, self.tr("Archive size")),
        ):
            widget.setAccessibleName(name)
            form.addRow(label, widget)
        layout.addWidget(card)

        step = QFrame(self)
        step.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(step)
        self.step_text = plain_label("")
        self.step_text.setAccessibleName(self.tr("Next step"))
        self.step_button = QPushButton("")
        self.step_button.clicked.connect(self._do_step)
        row.addWidget(self.step_text, 1)
        row.addWidget(self.step_button)
        layout.addWidget(step)
        layout.addStretch(1)
        self._step = NextStep("", "", "")
        context.events.archive_changed.connect(self.refresh)
        context.events.next_backup_changed.connect(
            lambda when: self.next_backup.setText(describe_next(when))
        )

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        record = self.account
        self.login_line.hide()
        if record is None:
            self.connection.setText(self.tr("No account connected."))
            self.account_name.setText("")
            self._show_status(ArchiveStatus(exists=False))
            return
        self.account_name.setText(record.username)
        app = self.context.services.app
        if not record.archive_only:
            self._login_for = record.key
            self.context.runner.submit(
                lambda: login_lines(app, record), self._show_login_lines, lambda _e: None
            )
        self._read_status(record)
        if record.archive_only:
            self._reachable = None
            self.connection.setText(
                self.tr(
                    "Not connected: an archive on this computer, with no login (from Pinterest's "
                    "data export, or an account since disconnected)."
                )
            )
            return
        self.connection.setText(self.tr("Checking…"))
        self.context.runner.submit(
            lambda: app.accounts.fetch_account(record), self._show_account, self._account_failed
        )

    def _show_status(self, status: ArchiveStatus) -> None:
        self._status = status
        if status.last is None:
            self.last_backup.setText(self.tr("Never"))
        elif status.last.is_export:
            # An import is not a backup: say which backup there was, and the import.
            exported = human_time(status.last.started_at)
            backup = status.last_complete
            if backup is not None:
                self.last_backup.setText(
                    self.tr("{when} ({kind}); since then, Pinterest's data export of {exported} "
                            "imported").format(when=human_time(backup.started_at),
                                               kind=backup_kind(backup.kind), exported=exported)
                )  # fmt: skip
            else:
                self.last_backup.setText(
                    self.tr("Never; Pinterest's data export of {exported} imported").format(
                        exported=exported
                    )
                )
        else:
            # How the last run ended; the boards it left unchecked are known when it is
            # the last complete one (never "every board read" when some were not).
            last, complete = status.last, status.last_complete
            unchecked = status.unchecked_boards if complete and complete.id == last.id else 0
            state = outcome_text(last.outcome, unchecked)
            when = human_time(status.last.started_at)
            self.last_backup.setText(
                self.tr("{when} ({kind}, {state})").format(
                    when=when, kind=backup_kind(status.last.kind), state=state
                )
            )
        # Counts as plain names: lupdate reads a call whose count is an attribute wrongly.
        # What the archive holds, gone content included: the figures Browse shows.
        boards, sections, pins = status.held_boards, status.held_sections, status.held_pins
        export_pins, files = status.export_pins, status.media_files
        if status.exists and status.last_complete is None and status.last_export is not None:
            self.counts.setText(self.tr(", ").join([
                self.tr("%Ln pin(s) from Pinterest's data export", None, export_pins),
                self.tr("%Ln media file(s)", None, files),
            ]))  # fmt: skip
        else:
            self.counts.setText(
                self.tr(", ").join([
                    self.tr("%Ln board(s)", None, boards),
                    self.tr("%Ln section(s)", None, sections),
                    self.tr("%Ln pin(s)", None, pins),
                    self.tr("%Ln media file(s)", None, files),
                ])
                if status.exists
                else self.tr("Nothing yet")
            )  # fmt: skip
        self.disk.setText(human_size(status.media_bytes + status.database_bytes))
        self._update_alert()
        self._update_step()

    def _read_status(self, record: AccountRecord) -> None:
        self._status_asked += 1
        asked = self._status_asked
        app = self.context.services.app

        def latest(show: Callable[[Any], None]) -> Callable[[Any], None]:
            return lambda answer: show(answer) if asked == self._status_asked else None

        self.context.runner.submit(lambda: app.archives.status(record),
                                   latest(self._show_status), latest(self._status_failed))  # fmt: skip

    def _status_failed(self, error: BaseException) -> None:
        self.counts.setText(error_sentence(error, self.tr("The archive could not be read.")))

    def _show_account(self, account: Account) -> None:
        self._reachable = True
        self.connection.setText(
            self.tr("Connected: {boards} boards, {pins} pins on Pinterest").format(
                boards=format_count(account.board_count), pins=format_count(account.pin_count)
            )
        )
        self._update_alert()
        self._update_step()

    def _account_failed(self, error: BaseException) -> None:
        if isinstance(error, AccountUnavailable):
            self._reachable = False
            self.connection.setText(self.tr("Unavailable: Pinterest refuses this account."))
            # The watchdog has just marked the archive; read the marks again.
            record = self.account
            if record is not None:
                self._read_status(record)
        elif isinstance(error, AuthenticationFailed):
            self._reachable = None
            self.connection.setText(self.tr("The login has expired: connect the account again."))
        else:
            self._reachable = None
            self.connection.setText(
                self.tr("Offline: {why}").format(
                    why=error_sentence(error, self.tr("Pinterest could not be reached."))
                )
            )
        self._update_alert()
        self._update_step()

    def _show_login_lines(self, lines: list[str]) -> None:
        if self.account is None or self.account.key != self._login_for:
            return  # another account is shown now
        self.login_line.setText("\n".join(lines))
        self.login_line.setVisible(bool(lines))

    # -- what it shows -----------------------------------------------------------------------

    def _update_alert(self) -> None:
        status = self._status
        loss = status.loss
        if self._reachable is False or status.unavailable_since:
            self.alert.show_alert(ERROR, unavailable_sentence(status))
            self.see_gone_button.setVisible(loss is not None)
            self.appeal_button.show()
            self.restore_button.hide()  # nothing can be put back while Pinterest refuses it
        elif loss is not None:
            self.alert.show_alert(WARNING, loss_sentence(loss))
            self.see_gone_button.show()
            self.appeal_button.show()
            # Restore only once the account is known to answer: putting pins back needs it.
            self.restore_button.setVisible(self._reachable is True)
        else:
            self.alert.clear()
        said = (self.alert.kind, self.alert.text())
        if said != self._alert_said:
            self._alert_said = said
            self.context.events.alert_changed.emit(*said)

    def _see_gone(self) -> None:
        loss = self._status.loss
        self.context.events.navigate.emit(PageId.HISTORY)
        if loss is not None:
            self.context.events.snapshot_chosen.emit(loss.found_by.id)

    def _update_step(self) -> None:
        record = self.account
        archive_only = record is not None and record.archive_only
        self._step = next_step(self._status, self._reachable, archive_only, record is not None)
        self.step_text.setText(self._step.sentence)
        self.step_button.setText(self._step.button)
        self.step_button.setAccessibleName(self._step.button)
        self.step_button.setVisible(bool(self._step.button))

    def _do_step(self) -> None:
        action = self._step.action
        if action == CONNECT:
            self.context.events.connect_requested.emit()
        elif action.startswith("page:"):
            self.context.events.navigate.emit(action.removeprefix("page:"))
        elif action:
            self.context.events.backup_requested.emit(action)
