"""The restore journal: every write is recorded before it is sent, so no crash, timeout or
lost answer can make a re-run create something twice.

Where: `restore-journal.sqlite` beside archive.sqlite, in the archive's folder, not a table
in archive.sqlite. The archive is evidence (appeal packets cite it) and runs with
synchronous=NORMAL, which may lose its last commits on a power cut; that is fine for a
backup (the next run redoes them) but not for an intent to write to Pinterest, which must
be on disk before the request leaves. A separate file gets synchronous=FULL on every
commit, keeps restore state out of the evidence, needs no schema migration of the archive,
and can be deleted on its own (a re-run then still matches what it finds by fingerprint).
The archive's lock, held for the whole restore, covers this file too.

States of one planned write (key = kind:original id):

    planned -> sent      committed (fsynced) BEFORE the request is sent
    sent    -> done      new id in `new_id`; `how` says created, or found (already there)
    sent    -> failed    a definitive refusal (validation, permission); `reason` says why
    sent    -> unknown   the connection broke, a timeout, a 5xx, or a crash before the answer
    sent    -> planned   refused before anything was created (409, 429, Trial): send later
    unknown -> done | planned   after listing the destination and matching by fingerprint

Done rows are the old-to-new id map. A `sent` row found at start means the last run died
between commit and answer: it is treated exactly like `unknown`.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from creator_backup.archive.restored import JOURNAL_NAME

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    key         TEXT PRIMARY KEY,      -- kind:original id, e.g. pin:1100000000000000007
    kind        TEXT NOT NULL,         -- board, section, pin
    old_id      TEXT NOT NULL,         -- the id in the snapshot
    state       TEXT NOT NULL,         -- planned, sent, done, failed, unknown
    new_id      TEXT,                  -- the id on Pinterest now, once done
    how         TEXT,                  -- created, found
    attempts    INTEGER NOT NULL DEFAULT 0,
    reason      TEXT,
    media_id    TEXT,                  -- a video's registered upload, once processed
    sent_at     REAL,                  -- seconds since the epoch of the last send
    updated_at  REAL NOT NULL
);
"""


class State(StrEnum):
    PLANNED = "planned"
    SENT = "sent"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    old_id: str
    state: State
    new_id: str | None
    how: str | None
    attempts: int
    reason: str | None
    media_id: str | None
    sent_at: float | None

    @property
    def in_doubt(self) -> bool:
        """Sent, and nobody knows whether it arrived."""
        return self.state in (State.SENT, State.UNKNOWN)


def item_key(kind: str, old_id: str) -> str:
    return f"{kind}:{old_id}"


class RestoreJournal:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, folder: Path) -> RestoreJournal:
        conn = sqlite3.connect(folder / JOURNAL_NAME, isolation_level=None, timeout=30)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        # FULL: each commit is fsynced before it returns, so an intent recorded before a
        # request is on disk when the request leaves, whatever happens next.
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(SCHEMA)
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> RestoreJournal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def entries(self) -> dict[str, Entry]:
        rows = self.conn.execute("SELECT * FROM items")
        return {str(r["key"]): _entry(r) for r in rows}

    def get(self, key: str) -> Entry | None:
        row = self.conn.execute("SELECT * FROM items WHERE key = ?", (key,)).fetchone()
        return None if row is None else _entry(row)

    def id_map(self, kind: str) -> dict[str, str]:
        rows = self.conn.execute(
            "SELECT old_id, new_id FROM items WHERE kind = ? AND state = 'done' "
            "AND new_id IS NOT NULL",
            (kind,),
        )
        return {str(r[0]): str(r[1]) for r in rows}

    # -- transitions (each one short transaction, fsynced) -----------------------------------

    def _set(self, key: str, kind: str, old_id: str, sql: str, args: tuple[object, ...]) -> None:
        now = time.time()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.execute(
                "INSERT OR IGNORE INTO items (key, kind, old_id, state, updated_at) "
                "VALUES (?, ?, ?, 'planned', ?)",
                (key, kind, old_id, now),
            )
            self.conn.execute(
                f"UPDATE items SET {sql}, updated_at = ? WHERE key = ?",  # noqa: S608
                (*args, now, key),
            )
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def sent(self, kind: str, old_id: str) -> None:
        """The intent, on disk before the request goes out."""
        self._set(
            item_key(kind, old_id),
            kind,
            old_id,
            "state = 'sent', attempts = attempts + 1, sent_at = ?, reason = NULL",
            (time.time(),),
        )

    def done(self, kind: str, old_id: str, new_id: str, how: str) -> None:
        self._set(
            item_key(kind, old_id),
            kind,
            old_id,
            "state = 'done', new_id = ?, how = ?, reason = NULL",
            (new_id, how),
        )

    def failed(self, kind: str, old_id: str, reason: str) -> None:
        self._set(item_key(kind, old_id), kind, old_id, "state = 'failed', reason = ?", (reason,))

    def unknown(self, kind: str, old_id: str, reason: str) -> None:
        self._set(item_key(kind, old_id), kind, old_id, "state = 'unknown', reason = ?", (reason,))

    def replan(self, kind: str, old_id: str, reason: str) -> None:
        """Nothing was created (refused, or confirmed absent): it may be sent again."""
        self._set(item_key(kind, old_id), kind, old_id, "state = 'planned', reason = ?", (reason,))

    def set_media(self, kind: str, old_id: str, media_id: str | None) -> None:
        self._set(item_key(kind, old_id), kind, old_id, "media_id = ?", (media_id,))


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        key=str(row["key"]),
        kind=str(row["kind"]),
        old_id=str(row["old_id"]),
        state=State(str(row["state"])),
        new_id=row["new_id"],
        how=row["how"],
        attempts=int(row["attempts"]),
        reason=row["reason"],
        media_id=row["media_id"],
        sent_at=row["sent_at"],
    )
