"""`import-export` as the CLI (and later the window) runs it: read the file, find the
account's archive from the export itself (its user may be locked out: no login, no
network), and import.

The archive is the one the account already has (by its connected login, else by the
username an archive records), or a new one named by a hash of the username: Pinterest
text never becomes part of a path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from creator_backup.archive.locate import (
    DB_NAME,
    archive_root,
    recorded_identity,
    username_archive_name,
)
from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.store import Archive
from creator_backup.atomic import fsync_dir
from creator_backup.auth.accounts import AccountRecord
from creator_backup.data_export.container import (
    ExportFile,
    ExportRejected,
    Limits,
    open_export,
)
from creator_backup.data_export.importer import (
    ExportImporter,
    ImportOptions,
    ImportResult,
    export_pins,
)
from creator_backup.data_export.labels import LabelTally, refusal
from creator_backup.data_export.parse import ParsedExport
from creator_backup.errors import UsageError
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.words import one_line


@dataclass(frozen=True)
class Destination:
    root: Path
    how: str  # in plain words: which archive, and why that one
    new: bool


class AccountUnknown(UsageError):
    """The export names no account. The window cannot ask for one; the CLI's --account
    can give it (the command says so)."""

    UNNAMED = "The export does not say which account it belongs to"

    def __init__(self) -> None:
        super().__init__(f"{self.UNNAMED}, so nothing was imported.")


def read_export(path: Path, limits: Limits | None = None) -> tuple[ParsedExport, ExportFile]:
    """What the export holds besides its pins, and how many, read as a stream (its pins
    are read again, as a stream, when they are written); refused, before anything is
    written, when its page cannot be read (another language's, or no pins at all)."""
    export = open_export(path, limits)
    parsed = ParsedExport()
    labels = LabelTally()
    for record in export_pins(export, parsed):
        labels.add(record)
    reason = refusal(parsed, path.name, labels.survey())
    if reason is not None:
        raise ExportRejected(reason)
    return parsed, export


def find_destination(
    archives_dir: Path, api_base: str, username: str, accounts: Iterable[AccountRecord]
) -> Destination:
    base = api_base.rstrip("/")
    for record in accounts:
        if record.api_base == base and record.username.casefold() == username.casefold():
            root = archive_root(archives_dir, record.api_base, record.account_id)
            return Destination(root, f"the archive of the connected account {username}", False)
    if archives_dir.is_dir():
        for root in sorted(p for p in archives_dir.iterdir() if (p / DB_NAME).is_file()):
            name, recorded_base = recorded_identity(root, DB_NAME)
            if (
                name is not None
                and name.casefold() == username.casefold()
                and (recorded_base is None or recorded_base.rstrip("/") == base)
            ):
                return Destination(root, f"the existing archive of {username}", False)
    root = archives_dir / username_archive_name(base, username)
    if (root / DB_NAME).is_file():
        return Destination(root, f"the archive made from {username}'s earlier export", False)
    return Destination(root, f"a new archive for {username}", True)


def adopt_export_archive(archives_dir: Path, api_base: str, account_id: str, username: str) -> None:
    """Before an account's first backup: an archive made from its data export alone (the
    user was locked out, then got back in) becomes the account's archive, so the export's
    evidence and the backups stay in one history. Nothing happens when the account already
    has an archive, or the export's archive is busy or records another user."""
    root = archive_root(archives_dir, api_base, account_id)
    if (root / DB_NAME).exists():
        return
    candidate = archives_dir / username_archive_name(api_base, username)
    name, recorded_base = recorded_identity(candidate, DB_NAME)
    if name is None or name.casefold() != username.casefold():
        return
    if recorded_base is not None and recorded_base.rstrip("/") != api_base.rstrip("/"):
        return
    lock = ArchiveLock(candidate / "lock")
    try:
        lock.acquire()
    except LockHeld:
        return  # an import is writing to it: this backup starts its own archive
    try:
        if root.exists():
            root.rmdir()  # an empty folder left by an earlier attempt; anything else stays
        os.rename(candidate, root)
        fsync_dir(archives_dir)
    except OSError:
        return
    finally:
        lock.release()


def account_of(parsed: ParsedExport, asked: str | None) -> str:
    found = parsed.username()
    if found and asked and found.casefold() != asked.casefold():
        raise UsageError(f"This export belongs to {one_line(found)}, not to {one_line(asked)}.")
    name = found or asked
    if not name:
        raise AccountUnknown()
    return name


class AccountContradicted(ExportRejected):
    """The export states an account id other than the archive's: it is not this account's
    export (a forged one, or another account's with the same username)."""


def check_account_id(parsed: ParsedExport, archived: str | None, username: str) -> None:
    """Refuses an export whose stated account id contradicts the archive's, before it can
    merge a pin or a loss the account never had into the archive's history."""
    stated = sorted(parsed.account_ids)
    if not archived or not stated or stated == [archived]:
        return
    others = ", ".join(i for i in stated if i != archived) or ", ".join(stated)
    raise AccountContradicted(
        f"This export says it belongs to account {one_line(others)}, but the archive of "
        f"{one_line(username)} is account {one_line(archived)}. It was not imported: an "
        "export that names another account cannot change this archive's history."
    )


def import_export(
    path: Path,
    archives_dir: Path,
    api_base: str,
    accounts: Iterable[AccountRecord],
    asked_account: str | None = None,
    options: ImportOptions | None = None,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
    limits: Limits | None = None,
) -> tuple[ImportResult, Destination]:
    parsed, export = read_export(path, limits)
    username = account_of(parsed, asked_account)
    destination = find_destination(archives_dir, api_base, username, accounts)
    identity = {"username": username, "api_base": api_base.rstrip("/")}
    with Archive.open(destination.root, identity=identity if destination.new else None) as archive:
        check_account_id(parsed, archive.meta("account_id"), username)
        importer = ExportImporter(archive, options, progress, cancel)
        result = importer.run(export, parsed, username)
    return result, destination
