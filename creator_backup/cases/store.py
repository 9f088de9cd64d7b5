"""Where cases live: in the account's archive folder, `cases/<number>/`, so they move,
are copied and are backed up with the archive whose pins they are about.

Each case is a folder holding `case.json` (the facts, replaced whole through atomic.py),
`custody.jsonl` (its append-only log, custody.py) and `notices/` (each notice file read
for it, kept as received and named by its sha256). JSON rather than SQLite: a case is a
few kilobytes read and written whole, and a person (or their lawyer) can read it with
any text editor. A case is numbered in the order it was opened: "case 3" is what a
person types; claiming a number is making its folder, which only one run can do.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.atomic import write_bytes_durably, write_text_durably
from creator_backup.cases import custody
from creator_backup.cases.notice import Notice
from creator_backup.errors import AppError, ExitCode, UsageError

CASES_DIR = "cases"
CASE_FILE = "case.json"
NOTICES_DIR = "notices"
FORMAT = 1
MAX_CASE_BYTES = 2_000_000
MAX_CASES = 10_000  # numbers tried when opening a case
LOCK_NAME = ".lock"
# How long a change waits for another run's (an import, a letter: well under a second).
LOCK_WAIT_S = 15.0

OPEN = "open"
STATUSES = (OPEN, "appealed", "escalated", "reinstated", "upheld", "closed")
CLOSED_STATUSES = ("reinstated", "upheld", "closed")


class CaseNotFound(UsageError):
    pass


class CaseDamaged(AppError):
    pass


class CasesBusy(AppError):
    exit_code = ExitCode.USAGE


@dataclass
class Case:
    """One decision of Pinterest's and what the creator did about it. The notice's facts
    are None where no notice read for it stated them."""

    id: int
    opened_at: str  # UTC, ISO 8601
    updated_at: str
    status: str = OPEN
    enforcement_id: str | None = None
    pin_ids: list[str] = field(default_factory=list)
    board: str | None = None
    decision: str | None = None
    policy: str | None = None
    generic_policy: bool = False
    automated: bool | None = None
    method: str | None = None
    identified_by: str | None = None
    decided_at: str | None = None  # ISO date
    sent_at: str | None = None  # ISO date the notice was sent
    redress_stated: bool = False
    unknown: list[str] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    gdpr_sent_on: str | None = None  # ISO date a GDPR request was written (and sent)
    format: int = FORMAT

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def decided(self) -> date | None:
        return date.fromisoformat(self.decided_at) if self.decided_at else None

    def sent(self) -> date | None:
        return date.fromisoformat(self.sent_at) if self.sent_at else None

    def take(self, notice: Notice) -> list[str]:
        """Adds what `notice` states and the case did not know yet; never overwrites a
        known fact (a later notice about the same decision repeats it, and a notice that
        contradicts the first is kept as a file to be read by a person). The names of
        the facts it added."""
        added: list[str] = []
        for name in ("enforcement_id", "board", "decision", "policy", "automated", "method",
                     "identified_by", "decided_at", "sent_at"):  # fmt: skip
            value = getattr(notice, name)
            if value is not None and getattr(self, name) is None:
                setattr(self, name, value)
                added.append(name)
        new_pins = [pin for pin in notice.pin_ids if pin not in self.pin_ids]
        if new_pins:
            self.pin_ids.extend(new_pins)
            added.append("pin_ids")
        self.generic_policy = self.generic_policy or notice.generic_policy
        self.redress_stated = self.redress_stated or notice.redress_stated
        self.unknown = [name for name in notice.unknown if getattr(self, name) in (None, [])]
        return added

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Case:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class CaseStore:
    """The cases of one account, under its archive folder."""

    def __init__(self, archive_root: Path) -> None:
        self.root = archive_root / CASES_DIR

    @contextmanager
    def changing(self) -> Iterator[None]:
        """Held around every change of the account's cases (an OS lock, released even if
        the run dies): two runs reading the same decision's notices at once make one
        case, and two letters at once cannot fork a custody log's chain."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = ArchiveLock(self.root / LOCK_NAME)
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                lock.acquire()
                break
            except LockHeld as held:
                if time.monotonic() >= deadline:
                    raise CasesBusy(
                        f"The cases are being changed by {held.holder}; try again when it is done."
                    ) from None
                time.sleep(0.1)
        try:
            yield
        finally:
            lock.release()

    def folder(self, case_id: int) -> Path:
        return self.root / str(case_id)

    def log(self, case_id: int) -> Path:
        return self.folder(case_id) / custody.LOG_NAME

    def ids(self) -> list[int]:
        if not self.root.is_dir():
            return []
        return sorted(int(p.name) for p in self.root.iterdir()
                      if p.is_dir() and p.name.isdigit() and (p / CASE_FILE).exists())  # fmt: skip

    def all(self) -> list[Case]:
        return [self.get(case_id) for case_id in self.ids()]

    def get(self, case_id: int) -> Case:
        path = self.folder(case_id) / CASE_FILE
        if not path.exists():
            raise CaseNotFound(f"There is no case {case_id}.")
        try:
            with path.open("rb") as handle:
                data = json.loads(handle.read(MAX_CASE_BYTES))
            return Case.from_json(data)
        except (OSError, ValueError, TypeError) as exc:
            raise CaseDamaged(f"Case {case_id}'s file {path} cannot be read.") from exc

    def find(self, enforcement_id: str) -> Case | None:
        return next((c for c in self.all() if c.enforcement_id == enforcement_id), None)

    def find_notice(self, sha256: str) -> Case | None:
        return next((c for c in self.all()
                     if any(n.get("sha256") == sha256 for n in c.notices)), None)  # fmt: skip

    def claim(self, now: str) -> Case:
        """A new, empty case under the next free number."""
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        start = max(self.ids(), default=0) + 1
        for number in range(start, start + MAX_CASES):
            try:
                self.folder(number).mkdir(mode=0o700)
            except FileExistsError:
                continue  # another run took it
            return Case(id=number, opened_at=now, updated_at=now)
        raise AppError("No new case can be opened: too many case folders.")

    def save(self, case: Case) -> None:
        text = json.dumps(case.to_json(), ensure_ascii=False, indent=2, sort_keys=True)
        write_text_durably(self.folder(case.id) / CASE_FILE, text + "\n")

    def keep_notice(self, case_id: int, sha256: str, suffix: str, data: bytes) -> Path:
        """The notice as received, named by its hash (so the custody log's hash names it)."""
        folder = self.folder(case_id) / NOTICES_DIR
        folder.mkdir(exist_ok=True, mode=0o700)
        safe = suffix.lower() if suffix.lower() in (".eml", ".html", ".htm", ".txt", ".pdf") else ""
        path = folder / f"{sha256}{safe}"
        if not path.exists():
            write_bytes_durably(path, data)
        return path

    def record(self, case_id: int, at: str, event: str, **detail: Any) -> dict[str, Any]:
        return custody.append(self.log(case_id), at, event, **detail)

    def history(self, case_id: int) -> list[dict[str, Any]]:
        return custody.entries(self.log(case_id))
