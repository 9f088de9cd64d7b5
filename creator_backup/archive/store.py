"""One account's archive: opening it safely, snapshots, and the history of every object.

Writes happen on one thread (the backup's), in short transactions; SQLite runs in WAL mode
with synchronous=NORMAL, which survives any application crash and, after a power cut, at
worst loses the last commits: they are redone by the next run, which is idempotent.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from creator_backup.appinfo import VERSION
from creator_backup.archive.evidence import EvidenceRecords
from creator_backup.archive.export_records import ExportRecords
from creator_backup.archive.listings import OWN_PINS, ListingRecords, Staged, board_key
from creator_backup.archive.locate import DB_NAME
from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.media_records import MediaRecords
from creator_backup.archive.moved import moved_to
from creator_backup.archive.outcomes import RunOutcome, status_of
from creator_backup.archive.picture_records import PictureRecords
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.readme import README
from creator_backup.archive.records import (
    Capture,
    JsonDict,
    ObjectVersion,
    Placement,
    Snapshot,
    normalised_hash,
    snapshot_from_row,
    utc_now,
)
from creator_backup.archive.schema import SCHEMA_VERSION, ArchiveTooNew, migrate, user_version
from creator_backup.atomic import write_text_durably
from creator_backup.errors import AppError, ExitCode

MIGRATION_WAIT_S = 30.0  # how long a reader waits for a writer to migrate an old archive
__all__ = ["Archive", "ArchiveBusy", "ArchiveDamaged", "Capture", "ObjectVersion", "Snapshot"]


# What a complete run neither listed nor carried (a board it did not re-list, or one
# Pinterest refused: not checked) has gone missing as of that run. Objects only a data
# export has named (last seen by the export) are left alone: the API may not show them at
# all, and their loss is the export's own word.
MARK_MISSING = (
    "UPDATE objects SET missing_since = ? WHERE missing_since IS NULL"
    " AND (SELECT last_snapshot FROM sightings WHERE id = objects.current_sighting) < ?"
    " AND (SELECT kind FROM snapshots WHERE id = objects.last_seen) != ?"
)
# The same, leaving alone secret boards and what is on them (by their current version):
# for a run whose login was not known to see them.
MARK_MISSING_BUT_PRIVATE = (
    "UPDATE objects SET missing_since = ? WHERE missing_since IS NULL"
    " AND (SELECT last_snapshot FROM sightings WHERE id = objects.current_sighting) < ?"
    " AND (SELECT kind FROM snapshots WHERE id = objects.last_seen) != ?"
    " AND NOT EXISTS (SELECT 1 FROM sightings s JOIN versions v ON v.id = s.version_id "
    "WHERE s.id = objects.current_sighting AND (json_extract(v.raw, '$.privacy') = 'SECRET' "
    "OR v.board_id IN (SELECT b.object_id FROM versions b WHERE b.kind = 'board' "
    "AND json_extract(b.raw, '$.privacy') = 'SECRET')))"
)

# Secret boards the archive holds as present that a snapshot did not list: with a login not
# known to see secret content, not concluded removed (see MARK_MISSING_BUT_PRIVATE).
UNSEEN_PRIVATE_BOARDS = (
    "SELECT o.id FROM objects o JOIN sightings s ON s.id = o.current_sighting "
    "JOIN versions v ON v.id = s.version_id WHERE o.kind = 'board' "
    "AND o.missing_since IS NULL AND s.last_snapshot < ? "
    "AND (CASE WHEN json_valid(v.raw) THEN json_extract(v.raw, '$.privacy') END) = 'SECRET' "
    "AND (SELECT kind FROM snapshots WHERE id = o.last_seen) != ? ORDER BY o.id"
)


class ArchiveBusy(AppError):
    exit_code = ExitCode.USAGE


class ArchiveDamaged(AppError):
    exit_code = ExitCode.INTEGRITY


class ArchiveReadOnly(AppError):
    def __init__(self, root: Path) -> None:
        super().__init__(
            f"The archive folder {root} cannot be written to (the disk is read-only or the "
            "folder is not yours); nothing was changed."
        )


class ArchiveMoved(AppError):
    def __init__(self, root: Path, destination: Path) -> None:
        super().__init__(
            f"The archive {root.name} is no longer in {root.parent}: it was moved to "
            f"{destination}. Close this window (or command) and start the app again to use "
            "the new folder; nothing was written."
        )


class ArchiveNeedsUpgrade(AppError):
    def __init__(self, root: Path) -> None:
        super().__init__(
            f"The archive in {root} was made by an earlier version of the app and must be "
            "brought up to date once, which needs to write in its folder; the disk is "
            "read-only or the folder is not yours. Open it once where it can be written."
        )


def _on_read_only_disk(root: Path) -> bool:
    try:
        return bool(os.statvfs(root).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def _text_or_none(path: Path) -> str | None:
    try:
        return path.read_text("utf-8")
    except (OSError, ValueError):
        return None


def _close_refused(conn: sqlite3.Connection | None, lock: ArchiveLock | None) -> None:
    """An archive refused while opening (too new, damaged) keeps no file open: its
    database may be moved or replaced next, on Windows too."""
    if conn is not None:
        conn.close()
    if lock is not None:
        lock.release()


def _migrate_for_reading(root: Path, conn: sqlite3.Connection, frozen: bool) -> None:
    """An archive an older version wrote, opened to be read (the window, `diff`): brought
    to this version's schema first, under the writers' lock, because its readers expect
    the newer tables. A writer holding the lock has migrated it already, or is about to
    (it migrates as soon as it holds the lock)."""
    if frozen:
        raise ArchiveNeedsUpgrade(root)
    lock = ArchiveLock(root / "lock")
    deadline = time.monotonic() + MIGRATION_WAIT_S
    while True:
        try:
            lock.acquire()
            break
        except LockHeld:
            if user_version(conn) >= SCHEMA_VERSION or time.monotonic() > deadline:
                return
            time.sleep(0.1)
        except OSError as exc:
            raise ArchiveNeedsUpgrade(root) from exc
    try:
        migrate(conn)
    finally:
        lock.release()


class Archive(EvidenceRecords, MediaRecords, ExportRecords, ListingRecords, PictureRecords):
    """Open with `Archive.open(root, ...)`; close with `close()` or a `with` block."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, root: Path, *, write: bool = True, identity: JsonDict | None = None) -> Archive:
        """Opens (creating if `write`) the archive at `root`. A writer takes the lock: a
        second writer is refused with a sentence naming who holds it. An archive moved
        away is refused with a sentence naming where it is now: a process that read the
        settings before the move must neither write into the old copy nor start a fresh
        archive in its place (a folder that never held an archive is still created)."""
        moved = moved_to(root)
        if moved is not None:
            raise ArchiveMoved(root, moved)
        if not write and not (root / DB_NAME).exists():
            raise AppError(f"There is no archive at {root} yet; run a backup first.")
        lock = None
        try:
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            if write:
                lock = ArchiveLock(root / "lock")
                lock.acquire()
                # Once more under the lock: a move on one disk notes the move, then
                # renames the folder away; a writer that looked just before the note
                # may have made an empty folder in its place since.
                moved = moved_to(root)
                if moved is not None:
                    lock.release()
                    raise ArchiveMoved(root, moved)
        except LockHeld as held:
            raise ArchiveBusy(
                f"Another backup is already writing to this archive ({held.holder}); "
                "wait for it to finish."
            ) from None
        except PermissionError as exc:
            raise ArchiveReadOnly(root) from exc
        except OSError as exc:
            if exc.errno != errno.EROFS:
                raise
            raise ArchiveReadOnly(root) from exc
        # On a read-only disk SQLite cannot make the WAL's shared-memory file; nobody can
        # write there either, so the database is opened as immutable.
        frozen = not write and _on_read_only_disk(root)
        conn: sqlite3.Connection | None = None
        try:
            if frozen:
                conn = sqlite3.connect(
                    f"{(root / DB_NAME).as_uri()}?immutable=1",
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                )
            else:
                conn = sqlite3.connect(
                    root / DB_NAME, isolation_level=None, check_same_thread=False, timeout=30
                )
            conn.row_factory = sqlite3.Row
            if not frozen:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            version = user_version(conn)
            if version > SCHEMA_VERSION:
                # Read or written, a newer schema's tables may mean what this version
                # cannot know: refused with the one sentence that says what to do.
                raise ArchiveTooNew(version, root)
            if write:
                migrate(conn)
            elif version < SCHEMA_VERSION:
                _migrate_for_reading(root, conn, frozen)
            archive = cls(root, conn, lock)
            if write:
                if _text_or_none(root / "README.txt") != README:
                    write_text_durably(root / "README.txt", README)  # this version's account
                for key, value in (identity or {}).items():
                    archive.set_meta(key, str(value))
        except sqlite3.DatabaseError as exc:
            _close_refused(conn, lock)
            raise ArchiveDamaged(f"The archive database at {root} cannot be read ({exc}).") from exc
        except BaseException:
            _close_refused(conn, lock)
            raise
        return archive

    def close(self) -> None:
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- snapshots -------------------------------------------------------------------------

    def begin_snapshot(self, kind: str, api_base: str, scopes: Iterable[str] = ()) -> Snapshot:
        with self.transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO snapshots (kind, status, started_at, app_version, api_base, scopes)"
                " VALUES (?, 'running', ?, ?, ?, ?)",
                (kind, utc_now(), VERSION, api_base, ",".join(scopes)),
            )
            snapshot_id = int(cursor.lastrowid or 0)
        return self.snapshot(snapshot_id)

    def unfinished_snapshot(self) -> Snapshot | None:
        """The run a crash or a cancel left behind, which the next run finishes."""
        row = self.conn.execute(
            "SELECT * FROM snapshots WHERE status IN ('running', 'partial') AND kind != ? "
            "ORDER BY id DESC LIMIT 1",
            (DATA_EXPORT,),
        ).fetchone()
        if row is None:
            return None
        later_complete = self.conn.execute(
            "SELECT 1 FROM snapshots WHERE id > ? AND status = 'complete'", (row["id"],)
        ).fetchone()
        return None if later_complete else snapshot_from_row(row)

    def reopen_snapshot(self, snapshot_id: int) -> Snapshot:
        with self.transaction() as tx:
            tx.execute(
                "UPDATE snapshots SET status = 'running', outcome = 'running', "
                "finished_at = NULL WHERE id = ?",
                (snapshot_id,),
            )
        return self.snapshot(snapshot_id)

    def finish_snapshot(
        self, snapshot_id: int, outcome: RunOutcome, stats: JsonDict, note: str = ""
    ) -> Snapshot:
        with self.transaction() as tx:
            if outcome.complete:
                # Whatever this complete run neither listed nor carried has gone missing as
                # of now; but only a login known to see secret boards and their pins (both
                # secret read scopes, in Pinterest's word or seen working) can tell a
                # secret board's absence from its own blindness. Not knowing (a token from
                # the environment, a pasted one whose probe could not tell) is no evidence.
                sees = self.snapshot(snapshot_id).sees_secret is True
                statement = MARK_MISSING if sees else MARK_MISSING_BUT_PRIVATE
                tx.execute(statement, (snapshot_id, snapshot_id, DATA_EXPORT))
            tx.execute(
                "UPDATE snapshots SET status = ?, outcome = ?, finished_at = ?, stats = ?, "
                "note = ? WHERE id = ?",
                (
                    status_of(outcome),
                    outcome.value,
                    utc_now(),
                    json.dumps(stats, sort_keys=True),
                    note,
                    snapshot_id,
                ),
            )
        return self.snapshot(snapshot_id)

    def secret_boards_unseen(self, snapshot_id: int) -> list[str]:
        """Secret boards, last seen present, that this snapshot does not hold: after a
        complete run whose login was not known to see them, what it could not tell."""
        rows = self.conn.execute(UNSEEN_PRIVATE_BOARDS, (snapshot_id, DATA_EXPORT))
        return [str(r[0]) for r in rows]

    def snapshots(self) -> list[Snapshot]:
        return [
            snapshot_from_row(r) for r in self.conn.execute("SELECT * FROM snapshots ORDER BY id")
        ]

    def latest_snapshot(self) -> Snapshot | None:
        """The newest snapshot of any kind and state (a run still going included)."""
        row = self.conn.execute("SELECT * FROM snapshots ORDER BY id DESC LIMIT 1").fetchone()
        return None if row is None else snapshot_from_row(row)

    def last_complete(self, before: int | None = None) -> Snapshot | None:
        row = self.conn.execute(
            "SELECT * FROM snapshots WHERE status = 'complete' AND kind != ? "
            "AND id < ? ORDER BY id DESC LIMIT 1",
            (DATA_EXPORT, before if before is not None else 1 << 62),
        ).fetchone()
        return None if row is None else snapshot_from_row(row)

    # -- objects ---------------------------------------------------------------------------

    def record(
        self,
        tx: sqlite3.Connection,
        snapshot_id: int,
        kind: str,
        object_id: str,
        raw: JsonDict | None,
        *,
        board_id: str | None = None,
        section_id: str | None = None,
        request_id: str | None = None,
        media_urls: Iterable[str] = (),
        encoded: tuple[str, str] | None = None,
    ) -> bool:
        """Records that `snapshot_id` saw this object as `raw` (or as `encoded`: its JSON
        text and normalised hash, already made). Idempotent: seeing it again in the same
        snapshot changes nothing. True when this is a new version."""
        if encoded is None:
            if raw is None:
                raise ValueError("an object is recorded from its JSON or its encoding")
            encoded = (json.dumps(raw, ensure_ascii=False), normalised_hash(raw))
        text, digest = encoded
        row = tx.execute(
            "SELECT id FROM versions WHERE kind = ? AND object_id = ? AND hash = ?",
            (kind, object_id, digest),
        ).fetchone()
        new_version = row is None
        if new_version:
            cursor = tx.execute(
                "INSERT INTO versions (kind, object_id, hash, raw, board_id, section_id, "
                "captured, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    object_id,
                    digest,
                    text,
                    board_id,
                    section_id,
                    snapshot_id,
                    request_id,
                ),
            )
            version_id = int(cursor.lastrowid or 0)
            tx.executemany(
                "INSERT INTO version_media (version_id, position, url) VALUES (?, ?, ?)",
                [(version_id, i, url) for i, url in enumerate(media_urls)],
            )
        else:
            version_id = int(row[0])
        current = tx.execute(
            "SELECT o.missing_since, s.id, s.version_id, s.first_snapshot, s.last_snapshot "
            "FROM objects o JOIN sightings s ON s.id = o.current_sighting "
            "WHERE o.kind = ? AND o.id = ?",
            (kind, object_id),
        ).fetchone()
        if current is None:
            sighting = self._new_sighting(tx, kind, object_id, version_id, snapshot_id)
            tx.execute(
                "INSERT INTO objects (kind, id, first_seen, last_seen, current_sighting) "
                "VALUES (?, ?, ?, ?, ?)",
                (kind, object_id, snapshot_id, snapshot_id, sighting),
            )
            return new_version
        missing, sighting, seen_version, first, last = current
        if seen_version == version_id and missing is None:
            # Seen again: the interval reaches this snapshot, which observed it.
            tx.execute(
                "UPDATE sightings SET last_snapshot = ?, last_observed = ? WHERE id = ?",
                (snapshot_id, snapshot_id, sighting),
            )
        elif first == snapshot_id:
            # Seen twice within this snapshot, differently: the later view stands.
            tx.execute("UPDATE sightings SET version_id = ? WHERE id = ?", (version_id, sighting))
        else:
            if last == snapshot_id:
                # This snapshot had extended the old interval (seen, or carried); it ends
                # before it now, and so does what it observed.
                tx.execute(
                    "UPDATE sightings SET last_snapshot = ?, "
                    "last_observed = min(coalesce(last_observed, first_snapshot), ?) "
                    "WHERE id = ?",
                    (snapshot_id - 1, snapshot_id - 1, sighting),
                )
            sighting = self._new_sighting(tx, kind, object_id, version_id, snapshot_id)
        tx.execute(
            "UPDATE objects SET last_seen = ?, missing_since = NULL, current_sighting = ? "
            "WHERE kind = ? AND id = ?",
            (snapshot_id, sighting, kind, object_id),
        )
        return new_version

    def commit_listing(
        self,
        snapshot_id: int,
        key: str,
        items: int,
        calls: int,
        on_new: Callable[[Staged], None] | None = None,
    ) -> None:
        """Records what a whole listing brought (staged) and marks it LISTED, in one
        transaction; `on_new` hears of each object that is a new version."""
        with self.transaction() as tx:
            for item in self.staged(tx):
                if (
                    self.record(
                        tx,
                        snapshot_id,
                        item.kind,
                        item.object_id,
                        None,
                        board_id=item.board_id,
                        section_id=item.section_id,
                        request_id=item.request_id,
                        media_urls=item.media_urls,
                        encoded=(item.text, item.digest),
                    )
                    and on_new is not None
                ):
                    on_new(item)
            self.listing_done(tx, snapshot_id, key, items, calls)
            tx.execute("DELETE FROM staged")

    @staticmethod
    def _new_sighting(
        tx: sqlite3.Connection, kind: str, object_id: str, version_id: int, snapshot_id: int
    ) -> int:
        cursor = tx.execute(
            "INSERT INTO sightings (kind, object_id, version_id, first_snapshot, last_snapshot,"
            " last_observed) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, object_id, version_id, snapshot_id, snapshot_id, snapshot_id),
        )
        return int(cursor.lastrowid or 0)

    def carry_forward(
        self, tx: sqlite3.Connection, snapshot_id: int, kinds: tuple[str, ...], board_ids: set[str]
    ) -> int:
        """Objects on boards this run did not list (a quick run left them out, or Pinterest
        refused their listing) stay in the snapshot as last listed: the interval reaches
        this snapshot, so nothing is concluded removed, but `last_observed` and the
        object's last_seen do not move: nothing was seen. Returns how many."""
        if not board_ids:
            return 0
        # "As last listed": only what the board's last listing (or carry) held. Something
        # that listing found gone but did not mark missing (a secret board's pin, for a
        # login not known to see secret boards) must not come back, nor be stretched over
        # the snapshot that saw it absent.
        tx.execute(
            "CREATE TEMP TABLE IF NOT EXISTS carry_boards_since "
            "(id TEXT PRIMARY KEY, since INTEGER NOT NULL)"
        )
        tx.execute("DELETE FROM carry_boards_since")
        tx.executemany(
            "INSERT INTO carry_boards_since (id, since) VALUES (?, ?)",
            [(b, self._last_listed(tx, board_key(b), snapshot_id)) for b in board_ids],
        )
        chosen = (
            "SELECT o.current_sighting FROM objects o JOIN sightings s "
            "ON s.id = o.current_sighting JOIN versions v ON v.id = s.version_id "
            "JOIN carry_boards_since c ON c.id = v.board_id "
            "WHERE o.kind = ? AND o.missing_since IS NULL AND s.last_snapshot < ? "
            "AND s.last_snapshot >= c.since"
            " AND (SELECT kind FROM snapshots WHERE id = o.last_seen) != ?"
        )
        rows = [
            int(r[0])
            for kind in kinds
            for r in tx.execute(chosen, (kind, snapshot_id, DATA_EXPORT))
        ]
        tx.executemany(
            "UPDATE sightings SET last_snapshot = ? WHERE id = ?",
            [(snapshot_id, sighting) for sighting in rows],
        )
        return len(rows)

    @staticmethod
    def _last_listed(tx: sqlite3.Connection, key: str, snapshot_id: int) -> int:
        """The last snapshot before `snapshot_id` that listed or carried `key`; 0 if none."""
        row = tx.execute(
            "SELECT MAX(snapshot) FROM listings WHERE key = ? AND snapshot < ?",
            (key, snapshot_id),
        ).fetchone()
        return int(row[0]) if row is not None and row[0] is not None else 0

    def carry_forward_boardless(self, tx: sqlite3.Connection, snapshot_id: int) -> int:
        """For a quick run that skips GET /pins: present pins on no board the archive has
        ever known (a board the token cannot list) stay in the snapshot, not observed.
        Pins of a known board that this run did not see are not carried: their board was
        re-listed or removed."""
        rows = tx.execute(
            "SELECT o.current_sighting FROM objects o JOIN sightings s "
            "ON s.id = o.current_sighting JOIN versions v ON v.id = s.version_id "
            "WHERE o.kind = 'pin' AND o.missing_since IS NULL AND s.last_snapshot < ? AND "
            "(v.board_id IS NULL OR v.board_id NOT IN "
            # A board only a data export named is not one this account can list.
            "(SELECT b.id FROM objects b WHERE b.kind = 'board' AND "
            "(SELECT kind FROM snapshots WHERE id = b.last_seen) != ?)) "
            "AND (SELECT kind FROM snapshots WHERE id = o.last_seen) != ? "
            # As carry_forward: only what the last listing of the account's pins held.
            "AND s.last_snapshot >= ?",
            (snapshot_id, DATA_EXPORT, DATA_EXPORT, self._last_listed(tx, OWN_PINS, snapshot_id)),
        ).fetchall()
        tx.executemany(
            "UPDATE sightings SET last_snapshot = ? WHERE id = ?",
            [(snapshot_id, int(r[0])) for r in rows],
        )
        return len(rows)

    def objects_in(self, snapshot_id: int, kind: str) -> dict[str, ObjectVersion]:
        if self.is_export(snapshot_id):
            return self.export_objects(snapshot_id, kind)
        rows = self.conn.execute(
            "SELECT s.object_id, v.id, v.raw, v.board_id, v.section_id FROM sightings s "
            "JOIN versions v ON v.id = s.version_id WHERE s.kind = ? "
            "AND s.first_snapshot <= ? AND s.last_snapshot >= ?",
            (kind, snapshot_id, snapshot_id),
        )
        return {
            str(r[0]): ObjectVersion(kind, str(r[0]), int(r[1]), json.loads(r[2]), r[3], r[4])
            for r in rows
        }

    def placements_in(self, snapshot_id: int, kind: str) -> dict[str, Placement]:
        """(version id, board id, section id) of each object in a snapshot, without its
        JSON: enough to tell what changed, cheaply, at 100,000 pins."""
        if self.is_export(snapshot_id):
            return self.export_placements(snapshot_id, kind)
        rows = self.conn.execute(
            "SELECT s.object_id, v.id, v.board_id, v.section_id FROM sightings s "
            "JOIN versions v ON v.id = s.version_id WHERE s.kind = ? "
            "AND s.first_snapshot <= ? AND s.last_snapshot >= ?",
            (kind, snapshot_id, snapshot_id),
        )
        return {str(r[0]): (int(r[1]), r[2], r[3]) for r in rows}

    def placements_apart(
        self, older: int, newer: int, kind: str
    ) -> tuple[dict[str, Placement], dict[str, Placement]]:
        """The placements (as placements_in) of the objects of `kind` in backup snapshot
        `older` whose sighting there ends before `newer`, and of those in `newer` whose
        sighting there starts after `older`. An object seen in both under one sighting is
        the same version in the same place in both, so it is in neither: at 100,000 pins
        only what changed is read, not the two whole snapshots. Objects in both under two
        sightings are in both dicts, as they would be in both placements_in."""
        ended = self.conn.execute(
            "SELECT s.object_id, v.id, v.board_id, v.section_id FROM sightings s "
            "JOIN versions v ON v.id = s.version_id WHERE s.kind = ? "
            "AND s.first_snapshot <= ? AND s.last_snapshot >= ? AND s.last_snapshot < ?",
            (kind, older, older, newer),
        )
        started = self.conn.execute(
            "SELECT s.object_id, v.id, v.board_id, v.section_id FROM sightings s "
            "JOIN versions v ON v.id = s.version_id WHERE s.kind = ? "
            "AND s.first_snapshot <= ? AND s.last_snapshot >= ? AND s.first_snapshot > ?",
            (kind, newer, newer, older),
        )
        return (
            {str(r[0]): (int(r[1]), r[2], r[3]) for r in ended},
            {str(r[0]): (int(r[1]), r[2], r[3]) for r in started},
        )

    def raw_versions(self, version_ids: Iterable[int]) -> dict[int, JsonDict]:
        """The raw JSON of these versions."""
        rows = self.rows_in(
            "SELECT id, raw FROM versions WHERE id IN ({marks})", sorted(set(version_ids))
        )
        return {int(r[0]): json.loads(r[1]) for r in rows}

    def object_facts(self, kind: str) -> dict[str, tuple[int, int, int | None]]:
        """(first_seen, last_seen, missing_since) snapshot ids of every object of a kind."""
        rows = self.conn.execute(
            "SELECT id, first_seen, last_seen, missing_since FROM objects WHERE kind = ?",
            (kind,),
        )
        return {str(r[0]): (int(r[1]), int(r[2]), r[3]) for r in rows}

    def facts_of(
        self, kind: str, object_ids: Iterable[str]
    ) -> dict[str, tuple[int, int, int | None]]:
        """As object_facts, for these objects only: a comparison needs those of what
        changed, not of every pin."""
        rows = self.rows_in(
            "SELECT id, first_seen, last_seen, missing_since FROM objects WHERE kind = ? "
            "AND id IN ({marks})",
            sorted(set(object_ids)),
            (kind,),
        )
        return {str(r[0]): (int(r[1]), int(r[2]), r[3]) for r in rows}

    def gone_as_of(self, snapshot_id: int) -> dict[str, int]:
        """How many objects of each kind this complete snapshot was the first to find
        missing (their missing_since), still missing now: what that run saw go."""
        rows = self.conn.execute(
            "SELECT kind, count(*) FROM objects WHERE missing_since = ? GROUP BY kind",
            (snapshot_id,),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def count_objects(self, snapshot_id: int, kind: str) -> int:
        if self.is_export(snapshot_id):
            return self.count_export(snapshot_id, kind)
        row = self.conn.execute(
            "SELECT count(*) FROM sightings WHERE kind = ? AND first_snapshot <= ? "
            "AND last_snapshot >= ?",
            (kind, snapshot_id, snapshot_id),
        ).fetchone()
        return int(row[0])
