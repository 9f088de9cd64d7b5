"""The evidence an appeal rests on: the API responses behind each snapshot (captures),
Pinterest's answers about vanished pins (probes), and the account watchdog's marks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from creator_backup.archive.base import ArchiveConnection
from creator_backup.archive.records import Capture, JsonDict, Snapshot, utc_now


class EvidenceRecords(ArchiveConnection):
    @staticmethod
    def record_captures(
        tx: sqlite3.Connection, snapshot_id: int, captures: Iterable[Capture]
    ) -> None:
        tx.executemany(
            "INSERT INTO captures (snapshot, at, method, endpoint, status, request_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(snapshot_id, c.at, c.method, c.endpoint, c.status, c.request_id) for c in captures],
        )

    def reading_span(self, snapshot_id: int) -> tuple[str | None, str | None, list[str]]:
        """When a snapshot's answers came, from its captures: the first and the last (UTC
        stamps), and each UTC day on which some came. A snapshot a paused run continued on
        later days was read over all of them, each board on the day it was listed."""
        first, last = self.conn.execute(
            "SELECT min(at), max(at) FROM captures WHERE snapshot = ?", (snapshot_id,)
        ).fetchone()
        days = [
            str(r[0])
            for r in self.conn.execute(
                "SELECT DISTINCT substr(at, 1, 10) FROM captures WHERE snapshot = ? ORDER BY 1",
                (snapshot_id,),
            )
        ]
        return first, last, days

    def captures(self, snapshot_ids: Iterable[int]) -> list[JsonDict]:
        wanted = sorted(set(snapshot_ids))
        rows: list[JsonDict] = []
        for snapshot_id in wanted:
            rows.extend(
                {
                    "snapshot": snapshot_id,
                    "at": r["at"],
                    "method": r["method"],
                    "endpoint": r["endpoint"],
                    "status": r["status"],
                    "request_id": r["request_id"],
                }
                for r in self.conn.execute(
                    "SELECT * FROM captures WHERE snapshot = ? ORDER BY id", (snapshot_id,)
                )
            )
        return rows

    def mark_account_unavailable(
        self, baseline: int | None, message: str, request_id: str | None
    ) -> None:
        """Records the first time the account was found unavailable, and the baseline.
        Later sightings keep the first date: that is when the loss began."""
        if self.meta("account_unavailable_since") is None:
            self.set_meta("account_unavailable_since", utc_now())
            self.set_meta("account_unavailable_message", message)
            self.set_meta("account_unavailable_request_id", request_id or "")
            if baseline is not None:
                self.set_meta("evidence_baseline", str(baseline))

    def clear_account_unavailable(self) -> None:
        """The account answers again (reinstated); the baseline stays for restore."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM meta WHERE key LIKE 'account_unavailable%'")

    def evidence_baseline(self) -> Snapshot | None:
        value = self.meta("evidence_baseline")
        return self.snapshot(int(value)) if value and value.isdigit() else None

    def record_probe(
        self,
        kind: str,
        object_id: str,
        snapshot_id: int,
        verdict: str,
        status: int,
        request_id: str | None,
    ) -> None:
        with self.transaction() as tx:
            tx.execute(
                "INSERT INTO probes (kind, object_id, snapshot, probed_at, verdict, "
                "http_status, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, object_id, snapshot_id, utc_now(), verdict, status, request_id),
            )

    def probes(self, kind: str, object_id: str) -> list[JsonDict]:
        return [
            dict(r)
            for r in self.conn.execute(
                "SELECT probed_at, verdict, http_status, request_id, snapshot FROM probes "
                "WHERE kind = ? AND object_id = ? ORDER BY id",
                (kind, object_id),
            )
        ]

    def latest_verdicts(self, kind: str, object_ids: Iterable[str]) -> dict[str, str]:
        """The verdict of the last probe of each of these objects that was probed: read at
        once for the 10,000 pins of a packet, not a query each."""
        rows = self.rows_in(
            "SELECT object_id, verdict FROM probes WHERE kind = ? AND object_id IN ({marks}) "
            "ORDER BY id",
            sorted(set(object_ids)),
            (kind,),
        )
        return {str(r[0]): str(r[1]) for r in rows}  # in probe order: the last one stays

    def manifest_rows(
        self, snapshot: Snapshot
    ) -> list[tuple[str, str, str, int | None, str | None]]:
        """What a snapshot held, for its stamped manifest: (kind, object id, sha256 of the
        version's normalised JSON, media position, sha256 of the media bytes kept for it
        or None), one row per media item (one with position None for an item without
        any). An imported export lists what it named; a backup, what it saw."""
        held = (
            "SELECT e.kind, e.object_id, e.version_id FROM export_entries e WHERE e.snapshot = ?"
            if snapshot.is_export
            else "SELECT s.kind, s.object_id, s.version_id FROM sightings s "
            "WHERE s.first_snapshot <= ?1 AND s.last_snapshot >= ?1"
        )
        rows = self.conn.execute(
            f"SELECT h.kind, h.object_id, v.hash, vm.position, "  # noqa: S608 - fixed text
            "CASE WHEN mu.status = 'ok' THEN mu.sha256 END "
            f"FROM ({held}) h JOIN versions v ON v.id = h.version_id "
            "LEFT JOIN version_media vm ON vm.version_id = v.id "
            "LEFT JOIN media_urls mu ON mu.url = vm.url",
            (snapshot.id,),
        )
        return [(str(r[0]), str(r[1]), str(r[2]), r[3], r[4]) for r in rows]
