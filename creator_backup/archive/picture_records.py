"""The archive's records for proof of authorship: each stored picture's perceptual hash
(or why it has none), which pins show which picture, and the creator's originals the last
match found (schema version 6)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from creator_backup.archive.base import ArchiveConnection
from creator_backup.archive.records import utc_now

# Each pin by its newest version (a pin only a data export named has no sighting), with
# its main picture's stored file, its title and its board's newest name. Pinterest text is
# read through json_valid, as the browse indexes do: a version SQLite cannot parse shows
# no title rather than stopping the read.
PICTURED_PINS = """
SELECT v.object_id AS pin_id, mu.sha256 AS sha256, o.missing_since AS missing_since,
    CASE WHEN json_valid(v.raw) THEN json_extract(v.raw, '$.title') END AS title,
    (SELECT CASE WHEN json_valid(b.raw) THEN json_extract(b.raw, '$.name') END
        FROM versions b WHERE b.kind = 'board' AND b.object_id = v.board_id
        ORDER BY b.id DESC LIMIT 1) AS board
FROM objects o
JOIN versions v ON v.id = (SELECT max(id) FROM versions WHERE kind = 'pin' AND object_id = o.id)
JOIN version_media vm ON vm.version_id = v.id AND vm.position = 0
JOIN media_urls mu ON mu.url = vm.url AND mu.status = 'ok'
JOIN media m ON m.sha256 = mu.sha256 AND m.content_type LIKE 'image/%'
WHERE o.kind = 'pin'
ORDER BY v.object_id
"""


@dataclass(frozen=True)
class PicturedPin:
    pin_id: str
    sha256: str  # its main picture's stored file
    title: str  # Pinterest text: plain text only, wherever shown
    board: str  # Pinterest text too
    gone: bool  # the archive holds it as removed from Pinterest


@dataclass(frozen=True)
class OriginalMatch:
    """One of the creator's files that an archived pin shows."""

    pin_id: str
    original_name: str  # the file's name only, never its folder
    original_hash: str
    distance: int
    taken_at: str | None  # ISO 8601: naive for an EXIF date (the camera's clock)
    taken_from: str  # DateTimeOriginal, DateTime (EXIF), or modified (the file's time)
    matched_at: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "pin_id": self.pin_id,
            "original": self.original_name,
            "original_dhash": self.original_hash,
            "distance": self.distance,
            "taken_at": self.taken_at,
            "taken_from": self.taken_from,
            "matched_at": self.matched_at,
        }


class PictureRecords(ArchiveConnection):
    def unhashed_pictures(self) -> list[tuple[str, str]]:
        """(sha256, path relative to the archive) of each stored picture with no hash row."""
        rows = self.conn.execute(
            "SELECT m.sha256, m.path FROM media m WHERE m.content_type LIKE 'image/%' "
            "AND NOT EXISTS (SELECT 1 FROM picture_hashes h WHERE h.sha256 = m.sha256) "
            "ORDER BY m.sha256"
        )
        return [(str(r[0]), str(r[1])) for r in rows]

    def store_picture_hashes(self, hashes: Iterable[tuple[str, str | None, str]]) -> None:
        """(sha256, dHash as text or None, why none) rows, in one short transaction."""
        now = utc_now()
        with self.transaction() as tx:
            tx.executemany(
                "INSERT OR REPLACE INTO picture_hashes (sha256, dhash, reason, hashed_at) "
                "VALUES (?, ?, ?, ?)",
                [(sha, value, reason, now) for sha, value, reason in hashes],
            )

    def picture_hashes(self) -> dict[str, str]:
        """Each hashed picture's dHash (as text), by sha256."""
        rows = self.conn.execute("SELECT sha256, dhash FROM picture_hashes WHERE dhash IS NOT NULL")
        return {str(r[0]): str(r[1]) for r in rows}

    def unhashable_pictures(self) -> dict[str, str]:
        """Each stored picture that has no hash, with why."""
        rows = self.conn.execute("SELECT sha256, reason FROM picture_hashes WHERE dhash IS NULL")
        return {str(r[0]): str(r[1]) for r in rows}

    def pictured_pins(self) -> list[PicturedPin]:
        return [
            PicturedPin(
                str(r["pin_id"]),
                str(r["sha256"]),
                str(r["title"] or ""),
                str(r["board"] or ""),
                r["missing_since"] is not None,
            )
            for r in self.conn.execute(PICTURED_PINS)
        ]

    def replace_original_matches(self, matches: Iterable[OriginalMatch]) -> None:
        """The last match's findings take the place of the one before: a file the creator
        has since moved away or renamed is no longer claimed."""
        now = utc_now()
        with self.transaction() as tx:
            tx.execute("DELETE FROM original_matches")
            tx.executemany(
                "INSERT OR REPLACE INTO original_matches (pin_id, original_name, "
                "original_hash, distance, taken_at, taken_from, matched_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        m.pin_id,
                        m.original_name,
                        m.original_hash,
                        m.distance,
                        m.taken_at,
                        m.taken_from,
                        now,
                    )
                    for m in matches
                ],
            )

    def original_matches(self, pin_ids: Iterable[str] | None = None) -> list[OriginalMatch]:
        """The last match's findings (for these pins), closest first for each pin."""
        sql = "SELECT * FROM original_matches"
        rows = (
            self.conn.execute(sql)
            if pin_ids is None
            else self.rows_in(sql + " WHERE pin_id IN ({marks})", sorted(set(pin_ids)))
        )
        found = [
            OriginalMatch(
                str(r["pin_id"]),
                str(r["original_name"]),
                str(r["original_hash"]),
                int(r["distance"]),
                r["taken_at"],
                str(r["taken_from"]),
                str(r["matched_at"]),
            )
            for r in rows
        ]
        return sorted(found, key=lambda m: (m.pin_id, m.distance, m.original_name))
