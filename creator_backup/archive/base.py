"""What every part of the archive stands on: its folder, its database connection, short
write transactions, the meta table, and finding a snapshot."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from creator_backup.archive.lock import ArchiveLock
from creator_backup.archive.media_store import MediaStore
from creator_backup.archive.records import Snapshot, snapshot_from_row
from creator_backup.errors import AppError

# Values bound per IN (...) list: well under SQLite's limit on parameters of a statement.
IN_BATCH = 500


class ArchiveConnection:
    def __init__(self, root: Path, conn: sqlite3.Connection, lock: ArchiveLock | None) -> None:
        self.root = root
        self.conn = conn
        self._lock = lock
        self.media = MediaStore(root)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def rows_in(
        self, sql: str, values: Iterable[object], before: Sequence[object] = ()
    ) -> Iterator[sqlite3.Row]:
        """The rows of `sql` for every one of `values`, a batch at a time: `sql` holds
        `{marks}` where the IN list goes (its other parameters, `before`, come first).
        `sql` is the caller's own text, never data: only the question marks are made."""
        batch = list(values)
        for start in range(0, len(batch), IN_BATCH):
            part = batch[start : start + IN_BATCH]
            marks = ",".join("?" for _ in part)
            yield from self.conn.execute(sql.format(marks=marks), (*before, *part))

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def snapshot(self, snapshot_id: int) -> Snapshot:
        row = self.conn.execute("SELECT * FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        if row is None:
            raise AppError(f"There is no snapshot {snapshot_id} in this archive.")
        return snapshot_from_row(row)
