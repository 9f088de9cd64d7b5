"""What imports of Pinterest's data export left in the archive: for each data_export
snapshot, the objects it named (with the Alive flag of each pin), where each field of an
imported version came from, and the export's other sections as text.

An export is not a listing of the account, so it has no sightings: API snapshots alone
decide what was present when. Objects only an export knows are never counted missing by a
later backup (the API may simply not show them); their loss is the export's own word.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from creator_backup.archive.base import ArchiveConnection
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import JsonDict, ObjectVersion, Snapshot, snapshot_from_row

# Objects whose last sighting is a backup's: every other one only an export knows.
SEEN_BY_A_BACKUP = (
    "SELECT id FROM objects WHERE kind = ? AND last_seen IN "
    "(SELECT id FROM snapshots WHERE kind != ?)"
)


@dataclass(frozen=True)
class ExportRemoval:
    """A pin a data export says is no longer alive."""

    object_id: str
    version_id: int
    snapshot: Snapshot  # the export that said so


class ExportRecords(ArchiveConnection):
    def is_export(self, snapshot_id: int) -> bool:
        row = self.conn.execute(
            "SELECT kind FROM snapshots WHERE id = ?", (snapshot_id,)
        ).fetchone()
        return row is not None and row[0] == DATA_EXPORT

    def seen_by_a_backup(self, kind: str) -> set[str]:
        """Ids of the objects of `kind` some backup saw. A backup's sighting always holds
        an object's last_seen once it has one (the importer never moves it off one), so
        every other object is known from Pinterest's data export alone."""
        rows = self.conn.execute(SEEN_BY_A_BACKUP, (kind, DATA_EXPORT))
        return {str(r[0]) for r in rows}

    def exports(self) -> list[Snapshot]:
        """The complete data_export snapshots, oldest export first."""
        rows = self.conn.execute(
            "SELECT * FROM snapshots WHERE kind = ? AND status = 'complete' "
            "ORDER BY started_at, id",
            (DATA_EXPORT,),
        )
        return [snapshot_from_row(r) for r in rows]

    def export_from_source(self, source_sha256: str) -> Snapshot | None:
        """The import of this very export file, if it was imported before."""
        row = self.conn.execute(
            "SELECT * FROM snapshots WHERE kind = ? AND status = 'complete' AND "
            "json_extract(stats, '$.source_sha256') = ? ORDER BY id LIMIT 1",
            (DATA_EXPORT, source_sha256),
        ).fetchone()
        return None if row is None else snapshot_from_row(row)

    def export_objects(self, snapshot_id: int, kind: str) -> dict[str, ObjectVersion]:
        rows = self.conn.execute(
            "SELECT e.object_id, v.id, v.raw, v.board_id, v.section_id FROM export_entries e "
            "JOIN versions v ON v.id = e.version_id WHERE e.snapshot = ? AND e.kind = ?",
            (snapshot_id, kind),
        )
        return {
            str(r[0]): ObjectVersion(kind, str(r[0]), int(r[1]), json.loads(r[2]), r[3], r[4])
            for r in rows
        }

    def export_placements(
        self, snapshot_id: int, kind: str
    ) -> dict[str, tuple[int, str | None, str | None]]:
        rows = self.conn.execute(
            "SELECT e.object_id, v.id, v.board_id, v.section_id FROM export_entries e "
            "JOIN versions v ON v.id = e.version_id WHERE e.snapshot = ? AND e.kind = ?",
            (snapshot_id, kind),
        )
        return {str(r[0]): (int(r[1]), r[2], r[3]) for r in rows}

    def count_export(self, snapshot_id: int, kind: str) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM export_entries WHERE snapshot = ? AND kind = ?",
            (snapshot_id, kind),
        ).fetchone()
        return int(row[0])

    def export_removals(self) -> list[ExportRemoval]:
        """Pins whose most recent export (by its date) says `Alive: False`."""
        rows = self.conn.execute(
            "SELECT e.object_id, e.version_id, e.alive, s.* FROM export_entries e "
            "JOIN snapshots s ON s.id = e.snapshot WHERE e.kind = 'pin' "
            "AND s.status = 'complete' ORDER BY s.started_at, s.id"
        ).fetchall()
        latest: dict[str, tuple[int | None, int, sqlite3.Row]] = {}
        for row in rows:
            latest[str(row[0])] = (row[2], int(row[1]), row)
        return [
            ExportRemoval(object_id, version_id, snapshot_from_row(row))
            for object_id, (alive, version_id, row) in sorted(latest.items())
            if alive == 0
        ]

    def field_sources(self, version_id: int) -> dict[str, tuple[str, int]]:
        """Where each field of an imported version came from: (api or data_export, the
        snapshot). Empty for a version a backup wrote: all of it came from the API."""
        rows = self.conn.execute(
            "SELECT field, source, snapshot FROM field_sources WHERE version_id = ? ORDER BY field",
            (version_id,),
        )
        return {str(r[0]): (str(r[1]), int(r[2])) for r in rows}

    def latest_api_version(
        self, tx: sqlite3.Connection, kind: str, object_id: str
    ) -> tuple[int, int, JsonDict] | None:
        """(version id, snapshot, JSON) of the newest version of an object that a backup
        (not an import) wrote."""
        row = tx.execute(
            "SELECT v.id, v.captured, v.raw FROM versions v JOIN snapshots s ON s.id = v.captured "
            "WHERE v.kind = ? AND v.object_id = ? AND s.kind != ? "
            "ORDER BY v.id DESC LIMIT 1",
            (kind, object_id, DATA_EXPORT),
        ).fetchone()
        return None if row is None else (int(row[0]), int(row[1]), json.loads(row[2]))

    def export_sections(self, snapshot_id: int) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            "SELECT title, body FROM export_sections WHERE snapshot = ? ORDER BY position",
            (snapshot_id,),
        )
        return [(str(r[0]), str(r[1])) for r in rows]
