"""The archive's plain records: snapshots, object versions and captures, and the two
helpers every part shares (UTC time stamps, the hash of normalised JSON)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.provenance import DATA_EXPORT

JsonDict = dict[str, Any]
# An object's place in a snapshot: (version id, board id, section id).
Placement = tuple[int, str | None, str | None]


def utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def normalised_hash(raw: JsonDict) -> str:
    text = json.dumps(raw, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    id: int
    kind: str
    status: str
    started_at: str
    finished_at: str | None
    api_base: str
    stats: JsonDict
    note: str
    scopes: tuple[str, ...] = ()  # the token's scopes when known; () when not
    outcome: RunOutcome = RunOutcome.RUNNING

    @property
    def sees_secret(self) -> bool | None:
        """Whether this snapshot could see secret boards and pins (None: not known)."""
        if not self.scopes:
            return None
        return {"boards:read_secret", "pins:read_secret"} <= set(self.scopes)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def is_export(self) -> bool:
        """An import of Pinterest's data export, not a backup: it listed nothing."""
        return self.kind == DATA_EXPORT

    def to_json(self) -> JsonDict:
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "outcome": self.outcome.value,
            "complete": self.complete,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "api_base": self.api_base,
            "stats": self.stats,
        }


@dataclass(frozen=True)
class Capture:
    """One API response a snapshot was built from: the chain of custody."""

    at: str
    method: str
    endpoint: str
    status: int
    request_id: str | None


@dataclass(frozen=True)
class ObjectVersion:
    kind: str
    object_id: str
    version_id: int
    raw: JsonDict
    board_id: str | None
    section_id: str | None


def snapshot_from_row(row: sqlite3.Row) -> Snapshot:
    return Snapshot(
        id=int(row["id"]),
        kind=str(row["kind"]),
        status=str(row["status"]),
        started_at=str(row["started_at"]),
        finished_at=row["finished_at"],
        api_base=str(row["api_base"]),
        stats=json.loads(row["stats"] or "{}"),
        note=str(row["note"] or ""),
        scopes=tuple(s for s in str(row["scopes"] or "").split(",") if s),
        outcome=_outcome(row),
    )


def _outcome(row: sqlite3.Row) -> RunOutcome:
    if row["kind"] == DATA_EXPORT:
        return RunOutcome.IMPORTED
    try:
        return RunOutcome(row["outcome"])
    except ValueError:  # a state a newer version wrote: not complete, as far as we know
        return RunOutcome.COMPLETE if row["status"] == "complete" else RunOutcome.FAILED
