"""Which listings each snapshot made: the resume points of an interrupted run, and the
ledger of what a run observed. A board of a snapshot was checked only when its listing
row says LISTED; carried and refused boards, and boards a partial run never reached,
were not checked, and everything said about them dates from the last listing that was.

What a listing brings is staged (a temporary table of this connection) and recorded only
when the listing is whole, in the transaction that marks it LISTED: a listing cut short
(cancelled, refused, killed) leaves nothing behind, so a snapshot never holds part of a
board, and a resumed run never keeps what the interrupted part saw of a board it lists
again."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from creator_backup.archive.base import ArchiveConnection
from creator_backup.archive.outcomes import ListingState
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import JsonDict, normalised_hash

OWN_PINS = "own_pins"  # GET /pins: every pin the account owns, on any board
BOARD_PREFIX = "board:"  # the SQL below spells it too


def board_key(board_id: str) -> str:
    return BOARD_PREFIX + board_id


@dataclass(frozen=True)
class Unchecked:
    """A board present in a snapshot that the snapshot did not list."""

    board_id: str
    state: ListingState | None  # None: the run stopped before it got there
    detail: str | None  # Pinterest's words when it refused; why a quick run carried it
    last_listed: int | None  # the last snapshot at or before this one that listed it

    def to_json(self) -> dict[str, object]:
        return {
            "board_id": self.board_id,
            "state": self.state.value if self.state else "not_reached",
            "detail": self.detail,
            "last_listed_snapshot": self.last_listed,
        }


UNCHECKED = """
SELECT s.object_id, l.state, l.detail,
    (SELECT max(k.snapshot) FROM listings k WHERE k.key = 'board:' || s.object_id
     AND k.state = 'listed' AND k.snapshot <= :snap) AS last_listed
FROM sightings s
LEFT JOIN listings l ON l.snapshot = :snap AND l.key = 'board:' || s.object_id
WHERE s.kind = 'board' AND s.first_snapshot <= :snap AND s.last_snapshot >= :snap
    AND (l.state IS NULL OR l.state != 'listed')
ORDER BY s.object_id
"""


STAGED = """CREATE TEMP TABLE IF NOT EXISTS staged (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    object_id  TEXT NOT NULL,
    raw        TEXT NOT NULL,
    digest     TEXT NOT NULL,
    board_id   TEXT,
    section_id TEXT,
    request_id TEXT,
    media      TEXT NOT NULL
)"""


@dataclass(frozen=True)
class Staged:
    """One object a listing brought, as it will be recorded: its JSON already written out
    once (as the archive keeps it) with the hash of its normalised form, so recording it
    costs no second encoding."""

    kind: str
    object_id: str
    text: str  # the JSON exactly as received, as stored in versions.raw
    digest: str  # normalised_hash of it
    board_id: str | None
    section_id: str | None
    request_id: str | None
    media_urls: list[str]

    @classmethod
    def of(
        cls,
        kind: str,
        object_id: str,
        raw: JsonDict,
        board_id: str | None,
        section_id: str | None = None,
        request_id: str | None = None,
        media_urls: list[str] | None = None,
    ) -> Staged:
        text = json.dumps(raw, ensure_ascii=False)
        return cls(kind, object_id, text, normalised_hash(raw), board_id, section_id,
                   request_id, media_urls or [])  # fmt: skip

    @property
    def raw(self) -> JsonDict:
        value: JsonDict = json.loads(self.text)
        return value


class ListingRecords(ArchiveConnection):
    def drop_staged(self) -> None:
        """Forgets what a listing brought before it was whole."""
        self.conn.execute(STAGED)
        self.conn.execute("DELETE FROM staged")

    def stage(self, items: Iterable[Staged]) -> None:
        """Keeps what a page of a listing brought until the listing is whole: one small
        transaction on this connection's temporary table (the archive is not locked)."""
        rows = [
            (
                item.kind,
                item.object_id,
                item.text,
                item.digest,
                item.board_id,
                item.section_id,
                item.request_id,
                json.dumps(item.media_urls),
            )
            for item in items
        ]
        self.conn.execute(STAGED)
        self.conn.execute("BEGIN")
        try:
            self.conn.executemany(
                "INSERT INTO staged (kind, object_id, raw, digest, board_id, section_id,"
                " request_id, media) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def staged_pin_naming(self, url: str) -> str | None:
        """The raw JSON (as text) of the latest staged pin that lists `url` as a file: what
        the listing under way says of it, before it is recorded."""
        self.conn.execute(STAGED)
        row = self.conn.execute(
            "SELECT s.raw FROM staged s, json_each(s.media) j WHERE s.kind = 'pin' "
            "AND j.value = ? ORDER BY s.seq DESC LIMIT 1",
            (url,),
        ).fetchone()
        return None if row is None else str(row[0])

    def staged(self, tx: sqlite3.Connection) -> Iterator[Staged]:
        """What the listing brought, in the order it came, a slice at a time."""
        tx.execute(STAGED)
        after = 0
        while True:
            rows = tx.execute(
                "SELECT seq, kind, object_id, raw, digest, board_id, section_id, request_id, "
                "media FROM staged WHERE seq > ? ORDER BY seq LIMIT 500",
                (after,),
            ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Staged(
                    str(row[1]),
                    str(row[2]),
                    str(row[3]),
                    str(row[4]),
                    row[5],
                    row[6],
                    row[7],
                    [str(u) for u in json.loads(row[8])],
                )
            after = int(rows[-1][0])

    @staticmethod
    def listing_done(
        tx: sqlite3.Connection,
        snapshot_id: int,
        key: str,
        items: int,
        calls: int,
        state: ListingState = ListingState.LISTED,
        detail: str | None = None,
    ) -> None:
        tx.execute(
            "INSERT OR REPLACE INTO listings (snapshot, key, items, calls, state, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (snapshot_id, key, items, calls, state.value, detail),
        )

    def done_listings(self, snapshot_id: int) -> dict[str, int]:
        """The listings this snapshot finished (observed): a resumed run skips them."""
        rows = self.conn.execute(
            "SELECT key, items FROM listings WHERE snapshot = ? AND state = 'listed'",
            (snapshot_id,),
        )
        return {str(r[0]): int(r[1]) for r in rows}

    def listing_state(self, snapshot_id: int, key: str) -> ListingState | None:
        row = self.conn.execute(
            "SELECT state FROM listings WHERE snapshot = ? AND key = ?", (snapshot_id, key)
        ).fetchone()
        return None if row is None else ListingState(row[0])

    def unchecked_boards(self, snapshot_id: int) -> list[Unchecked]:
        """Boards in the snapshot that it did not list: not checked since `last_listed`.
        A data export lists nothing, so it is not asked."""
        if self.conn.execute(
            "SELECT 1 FROM snapshots WHERE id = ? AND kind = ?", (snapshot_id, DATA_EXPORT)
        ).fetchone():
            return []
        rows = self.conn.execute(UNCHECKED, {"snap": snapshot_id}).fetchall()
        return [
            Unchecked(
                str(r[0]),
                ListingState(r[1]) if r[1] else None,
                None if r[2] is None else str(r[2]),
                None if r[3] is None else int(r[3]),
            )
            for r in rows
        ]

    def own_pins_checked(self, snapshot_id: int) -> bool:
        return self.listing_state(snapshot_id, OWN_PINS) == ListingState.LISTED

    def last_listed(self, key: str, at_or_before: int) -> int | None:
        row = self.conn.execute(
            "SELECT max(snapshot) FROM listings WHERE key = ? AND state = 'listed' "
            "AND snapshot <= ?",
            (key, at_or_before),
        ).fetchone()
        return None if row is None or row[0] is None else int(row[0])
