"""Cases of one account: a decision notice read into a case, the cases listed with their
next deadline, each route's letter, a calendar of the deadlines, and the custody log that
records each of these. No request to Pinterest: everything is read from the notice file
and the archive."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from creator_backup.application.archives import Archives
from creator_backup.atomic import write_bytes_durably
from creator_backup.auth.accounts import AccountRecord
from creator_backup.cases.custody import file_sha256
from creator_backup.cases.deadlines import Deadline, appeal_due, case_deadlines, next_deadline
from creator_backup.cases.matching import MatchedPin, match_pins
from creator_backup.cases.notice import Notice, read_notice
from creator_backup.cases.notice_text import read_bounded, text_of
from creator_backup.cases.routes import GDPR, ROUTES, Letter, Sender, letter_for
from creator_backup.cases.store import OPEN, STATUSES, Case, CaseStore
from creator_backup.errors import UsageError

# Lays out a letter's HTML as a PDF (render/pdf_report.render_pdf: html, images, title).
PdfRenderer = Callable[[str, dict[str, bytes], str], bytes]
LETTER_FORMATS = (".txt", ".html", ".pdf")


@dataclass(frozen=True)
class CaseView:
    """A case as the faces show it: its facts, its deadlines and its pins in the archive."""

    case: Case
    deadlines: list[Deadline]
    next: Deadline | None
    matched: list[MatchedPin]

    @property
    def appeal_due(self) -> date | None:
        return appeal_due(self.case.decided(), self.case.sent())

    def to_json(self, with_pins: bool = True) -> dict[str, Any]:
        """The case as `--json` prints it; `matched_pins` only where they were matched."""
        case = self.case
        body = {
            "case": case.id,
            "status": case.status,
            "enforcement_id": case.enforcement_id,
            "pin_ids": list(case.pin_ids),
            "board": case.board,
            "decision": case.decision,
            "policy": case.policy,
            "automated": case.automated,
            "method": case.method,
            "decided_at": case.decided_at,
            "appeal_due": self.appeal_due.isoformat() if self.appeal_due else None,
            "next_deadline": (
                {"what": self.next.what, "due": self.next.due.isoformat()} if self.next else None
            ),
            "unknown": list(case.unknown),
        }
        if with_pins:
            body["matched_pins"] = [pin.to_json() for pin in self.matched]
        return body


@dataclass(frozen=True)
class WrittenFile:
    """A letter or a calendar written for a case, as its custody log records it."""

    case: int
    path: Path
    sha256: str
    letter: Letter | None = None
    deadlines: list[Deadline] | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"case": self.case, "path": str(self.path), "sha256": self.sha256}
        if self.letter is not None:
            body.update(
                route=self.letter.route,
                # The sender's to send by, or (GDPR) Pinterest's to answer by: due_words.
                send_by=self.letter.send_by.isoformat() if self.letter.send_by else None,
                due_words=self.letter.due_words,
                missing_statement_elements=list(self.letter.missing),
            )
        if self.deadlines is not None:
            body["deadlines"] = [{"what": d.what, "due": d.due.isoformat()} for d in self.deadlines]
        return body


@dataclass(frozen=True)
class Imported:
    view: CaseView
    opened: bool  # a new case; False: the notice updated (or repeated) an existing one
    added: list[str]  # the facts the notice added to the case

    def to_json(self) -> dict[str, Any]:
        return {**self.view.to_json(), "opened": self.opened, "added": self.added}


class Cases:
    def __init__(self, archives: Archives, clock: Callable[[], float] = time.time) -> None:
        self.archives = archives
        self.clock = clock

    def store(self, record: AccountRecord) -> CaseStore:
        return CaseStore(self.archives.root(record))

    def now(self) -> str:
        return datetime.fromtimestamp(self.clock(), UTC).isoformat(timespec="seconds")

    def today(self) -> date:
        return datetime.fromtimestamp(self.clock()).astimezone().date()

    # -- reading -------------------------------------------------------------------------

    def matched(self, record: AccountRecord, case: Case) -> list[MatchedPin]:
        """The case's pins as the archive holds them; not in it, when there is none."""
        if not case.pin_ids:
            return []
        if not self.archives.exists(record):
            return [MatchedPin(pin, in_archive=False) for pin in case.pin_ids]
        with self.archives.browsing(record) as browser:
            return match_pins(browser, case.pin_ids)

    def view(self, record: AccountRecord, case: Case, with_pins: bool = True) -> CaseView:
        deadlines = case_deadlines(
            case.status == OPEN,
            case.decided(),
            case.sent(),
            date.fromisoformat(case.gdpr_sent_on) if case.gdpr_sent_on else None,
        )
        return CaseView(
            case,
            deadlines,
            next_deadline(deadlines, self.today()),
            self.matched(record, case) if with_pins else [],
        )

    def get(self, record: AccountRecord, case_id: int) -> CaseView:
        return self.view(record, self.store(record).get(case_id))

    def all(self, record: AccountRecord) -> list[CaseView]:
        """Every case, in the order they were opened (no pins matched: a list is quick)."""
        return [self.view(record, case, with_pins=False) for case in self.store(record).all()]

    def history(self, record: AccountRecord, case_id: int) -> list[dict[str, Any]]:
        """The case's custody log, oldest entry first (read only: the window shows it)."""
        store = self.store(record)
        store.get(case_id)  # CaseNotFound for a case that is not there
        return store.history(case_id)

    # -- changing ------------------------------------------------------------------------

    def import_notice(self, record: AccountRecord, path: Path) -> Imported:
        """Reads the notice at `path` into the case of its decision (by its Enforcement
        ID), opening one when there is none; the notice is kept in the case and the
        custody log records it by its hash."""
        data = read_bounded(path)
        notice = read_notice(text_of(data, path.suffix))
        if notice.enforcement_id is None and not notice.pin_ids and notice.decision is None:
            raise UsageError(
                f"{path.name} does not look like a decision notice from Pinterest: it names "
                "no Enforcement ID, no Pin ID and no decision."
            )
        sha = hashlib.sha256(data).hexdigest()
        store = self.store(record)
        with store.changing():
            case, opened, added = self._take_notice(store, notice, sha, path, data)
        return Imported(self.view(record, case), opened, added)

    def _take_notice(
        self, store: CaseStore, notice: Notice, sha: str, path: Path, data: bytes
    ) -> tuple[Case, bool, list[str]]:
        """The notice into its case, under the cases' lock: the case, whether it is new,
        and the facts the notice added."""
        case = store.find_notice(sha) or (
            store.find(notice.enforcement_id) if notice.enforcement_id else None
        )
        now = self.now()
        opened = case is None
        if case is None:
            case = store.claim(now)
        already = any(n.get("sha256") == sha for n in case.notices)
        added = case.take(notice)
        if not already:
            case.notices.append({"sha256": sha, "name": path.name[:200], "kind": notice.kind,
                                 "imported_at": now, "subject": notice.subject})  # fmt: skip
            store.keep_notice(case.id, sha, path.suffix, data)
        case.updated_at = now
        store.save(case)
        if opened:
            store.record(case.id, now, "opened", notice_sha256=sha, unknown=case.unknown)
        elif not already:
            store.record(case.id, now, "notice", notice_sha256=sha, added=added)
        return case, opened, added

    def set_status(
        self, record: AccountRecord, case_id: int, status: str, packet: Path | None = None
    ) -> CaseView:
        """A new status, and the packet sent with it, in the custody log by its hash."""
        if status not in STATUSES:
            raise UsageError(f"A case's status is one of: {', '.join(STATUSES)}.")
        store = self.store(record)
        with store.changing():
            case = store.get(case_id)
            detail: dict[str, Any] = {"from": case.status, "to": status}
            if packet is not None:
                try:
                    detail.update(packet=str(packet), packet_sha256=file_sha256(packet))
                except OSError as exc:
                    raise UsageError(
                        f"The packet {packet} cannot be read ({exc.strerror})."
                    ) from exc
            now = self.now()
            case.status, case.updated_at = status, now
            store.save(case)
            store.record(case.id, now, "packet sent" if packet else "status", **detail)
        return self.view(record, case)

    # -- letters and the calendar ----------------------------------------------------------

    def letter(
        self,
        record: AccountRecord,
        case_id: int,
        route: str,
        out: Path,
        sender: Sender,
        pdf_renderer: PdfRenderer | None = None,
        statement: str = "",
    ) -> WrittenFile:
        """Writes `route`'s letter for the case to `out` (.txt, .html or .pdf) and logs it
        with its hash. A GDPR letter starts the one month Pinterest has to answer."""
        suffix = out.suffix.lower()
        if suffix not in LETTER_FORMATS:
            raise UsageError(
                "A letter is written as a .txt, .html or .pdf file: give its name one of these endings."
            )
        if route not in ROUTES:
            raise UsageError(f"A route is one of: {', '.join(ROUTES)}.")
        if suffix == ".pdf" and pdf_renderer is None:
            raise UsageError("PDF letters cannot be made here: write .txt or .html instead.")
        store = self.store(record)
        case = store.get(case_id)
        sender = Sender(sender.name, sender.email, sender.username or record.username)
        # Imported here: its templates are slow to load, and reading cases (the window's
        # reminders, the Appeals page) needs none of them.
        from creator_backup.cases.letters import letter_html, letter_text

        pins = self.matched(record, case)
        letter = letter_for(route, case, pins, sender, self.today(), statement)
        if suffix == ".txt":
            data = letter_text(letter).encode("utf-8")
        elif suffix == ".html":
            data = letter_html(letter).encode("utf-8")
        else:
            assert pdf_renderer is not None
            data = pdf_renderer(letter_html(letter), {}, letter.title)
        written = self._write(out, data)
        with store.changing():
            now = self.now()
            case = store.get(case_id)  # as it is now, another run may have changed it
            if route == GDPR and case.gdpr_sent_on is None:
                case.gdpr_sent_on, case.updated_at = self.today().isoformat(), now
                store.save(case)
            store.record(case.id, now, "letter", route=route, file=str(written),
                         sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
        return WrittenFile(case.id, written, hashlib.sha256(data).hexdigest(), letter=letter)

    def calendar(self, record: AccountRecord, case_id: int, out: Path) -> WrittenFile:
        """The case's deadlines as an .ics file, with reminders, logged with its hash."""
        if out.suffix.lower() != ".ics":
            raise UsageError("The calendar is an iCalendar file: give its name the ending .ics.")
        view = self.get(record, case_id)
        if not view.deadlines:
            raise UsageError(
                f"Case {case_id} has no deadline known: its notice gives no date and no "
                "GDPR request was written for it."
            )
        case = view.case
        reference = f"Enforcement ID {case.enforcement_id}" if case.enforcement_id else (
            "no Enforcement ID")  # fmt: skip
        from creator_backup.cases.ics import deadlines_calendar  # slow to import: see letter()

        now = datetime.fromtimestamp(self.clock(), UTC)
        data = deadlines_calendar(case.id, reference, view.deadlines, now)
        written = self._write(out, data)
        sha = hashlib.sha256(data).hexdigest()
        store = self.store(record)
        with store.changing():
            store.record(case.id, self.now(), "calendar", file=str(written), sha256=sha)
        return WrittenFile(case.id, written, sha, deadlines=view.deadlines)

    def _write(self, out: Path, data: bytes) -> Path:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_durably(out, data)
        except OSError as exc:
            raise UsageError(f"{out} cannot be written ({exc.strerror}).") from exc
        return out.resolve()
