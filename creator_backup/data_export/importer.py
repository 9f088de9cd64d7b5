"""Writes one data export into an archive: a snapshot of its own kind, dated by the
export, and each pin and board as a version merged with what backups hold, by id.

Everything but the pictures is written in one transaction: a crash or a cancel leaves the
archive as it was. The pins stream from the export's pages into it one at a time (the
export is never held in memory whole), and the snapshot's record keeps a bounded summary:
counts, and the first few names and reasons, each cut. Pictures are then fetched from the CDN by the backup's own downloader
(sha256, size cap, type from the bytes) and recorded one by one; a picture that cannot be
fetched is recorded as failed and never stops the import.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from creator_backup.appinfo import VERSION
from creator_backup.archive.provenance import DATA_EXPORT
from creator_backup.archive.records import JsonDict, normalised_hash, utc_now
from creator_backup.archive.store import Archive
from creator_backup.backup.media_pipeline import DEFAULT_WORKERS, MediaPipeline
from creator_backup.data_export.container import (
    NAME_CHARS,
    NAMES_KEPT,
    ExportFile,
    ExportRejected,
)
from creator_backup.data_export.labels import (
    READ_LABELS,
    LabelTally,
    absent_sentences,
    alive_sentence,
    unknown_labels_sentence,
    unread_files_sentence,
)
from creator_backup.data_export.mapping import (
    CDN_SIZE,
    DEFAULT_CDN,
    board_from_export,
    flag,
    merge,
    pin_from_export,
)
from creator_backup.data_export.parse import (
    RECORD_CHARS,
    ParsedExport,
    PinRecord,
    Skipped,
    read_pins,
)
from creator_backup.errors import Cancelled
from creator_backup.pinterest_limits import ACCOUNT_MAX_PINS
from creator_backup.progress import CancelToken, Progress, ProgressSink, ignore_progress, stage
from creator_backup.words import cut, plural

SOURCE = "Pinterest data export"
MAX_SKIPPED_KEPT = 1_000  # in the snapshot's stats; the count is always exact
PROBE_PICTURES = 8
READ_SHARE = 0.2  # of the import's bar, for reading the export when pictures follow


# Said by the Cancelled an import ends with: its one transaction is rolled back.
IMPORT_CANCELLED = "The import was cancelled; the archive is as it was before."


@dataclass(frozen=True)
class ImportOptions:
    cdn_base: str = DEFAULT_CDN
    media: bool = True
    workers: int = DEFAULT_WORKERS


@dataclass
class ImportResult:
    snapshot_id: int
    exported_at: str
    dated_by: str
    username: str
    pins: int = 0
    boards: int = 0  # boards the pins name; unknown when no pin has a Board Id label
    alive_false: int = 0
    alive_unknown: int = 0  # pins the export does not say are alive or not
    merged: int = 0  # pins a backup had already archived
    skipped: list[Skipped] = field(default_factory=list)  # the first MAX_SKIPPED_KEPT
    skipped_count: int = 0  # all of them
    cut_pins: int = 0  # pins whose text was longer than RECORD_CHARS, cut with a mark
    sections: list[str] = field(default_factory=list)  # titles of sections kept as text
    already_imported: bool = False
    media_downloaded: int = 0
    media_failed: list[dict[str, str]] = field(default_factory=list)
    media_skipped: bool = False
    # Cancelled while the pictures came: the records are in, some pictures are not.
    pictures_cancelled: bool = False
    # Labels the import reads that pins lacked (label -> how many pins), and labels it
    # does not read (kept verbatim): a page partly in another language shows here.
    labels_absent: dict[str, int] = field(default_factory=dict)
    labels_unknown: list[str] = field(default_factory=list)
    files_not_read: list[str] = field(default_factory=list)  # ZIP members, by name
    files_not_read_count: int = 0

    def __post_init__(self) -> None:
        self.skipped_count = max(self.skipped_count, len(self.skipped))

    @property
    def complete(self) -> bool:
        return (
            not self.skipped
            and not self.media_failed
            and not self.labels_absent
            and not self.cut_pins
            and not self.pictures_cancelled
        )

    @property
    def boards_known(self) -> bool:
        return not self.pins or self.labels_absent.get("Board Id", 0) < self.pins

    def notes(self) -> list[str]:
        """What the import could not read, in sentences for people (the CLI and the
        window say them): absent labels, pins whose life is unknown, files not read."""
        out = absent_sentences(self.pins, self.labels_absent)
        if self.labels_absent and self.labels_unknown:
            out.append(unknown_labels_sentence(self.labels_unknown))
        if self.alive_unknown:
            out.append(alive_sentence(self.alive_unknown, self.pins))
        if self.files_not_read_count:
            out.append(unread_files_sentence(self.files_not_read, self.files_not_read_count))
        if self.pictures_cancelled:
            out.append(
                "The pictures' download was cancelled: the export's records are in the "
                "archive; import it again to fetch the rest (nothing is added twice)."
            )
        if self.cut_pins:
            which = plural(self.cut_pins, "pin holds", "pins hold")
            out.append(
                f"{which} more text than a pin can ({RECORD_CHARS:,} characters): the "
                "import kept that much and marked where it was cut."
            )
        return out

    def to_json(self) -> JsonDict:
        return {
            "pins": self.pins,
            "boards": self.boards if self.boards_known else None,
            "alive_false": self.alive_false,
            "alive_unknown": self.alive_unknown,
            "labels_absent": self.labels_absent,
            "labels_unknown": self.labels_unknown,
            "files_not_read": self.files_not_read,
            "files_not_read_count": self.files_not_read_count,
            "skipped": [s.to_json() for s in self.skipped],
            "skipped_count": self.skipped_count,
            "cut_pins": self.cut_pins,
            "snapshot": self.snapshot_id,
            "exported_at": self.exported_at,
            "dated_by": self.dated_by,
            "username": self.username,
            "merged_with_backups": self.merged,
            "sections_kept": self.sections,
            "already_imported": self.already_imported,
            "media": {
                "downloaded": self.media_downloaded,
                "failed": self.media_failed,
                "skipped": self.media_skipped,
                "cancelled": self.pictures_cancelled,
            },
        }


def _absent(recorded: Any) -> dict[str, int]:
    """The absent labels a snapshot's stats hold, in the order the import reads them."""
    if not isinstance(recorded, dict):
        return {}
    return {label: int(recorded[label]) for label in READ_LABELS if recorded.get(label)}


def source_sha256(export: ExportFile) -> str:
    """The export's fingerprint, made as its file was checked (container._fingerprint)."""
    return export.digest


def export_pins(export: ExportFile, into: ParsedExport | None = None) -> Iterator[PinRecord]:
    """The export's pins, one at a time, read from its pages as streams; refused past the
    number of pins a Pinterest account can hold (Limits.max_pins)."""
    into = ParsedExport() if into is None else into
    seen: set[int] = set()
    for document in export.documents:
        for record in read_pins(document.chunks(), document.name, into, seen):
            if into.pin_count > export.limits.max_pins:
                raise ExportRejected(
                    f"The export lists more than {export.limits.max_pins:,} pins, more than a "
                    f"Pinterest account can hold ({ACCOUNT_MAX_PINS:,}), so it is not a real "
                    "export; nothing was imported."
                )
            yield record


def _names(names: list[str]) -> list[str]:
    """The first few names of a list, each cut, for a snapshot's record."""
    return [cut(name, NAME_CHARS) for name in names[:NAMES_KEPT]]


def _check(cancel: CancelToken) -> None:
    if cancel.is_set():
        raise Cancelled(IMPORT_CANCELLED)


class ExportImporter:
    def __init__(
        self,
        archive: Archive,
        options: ImportOptions | None = None,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> None:
        self.archive = archive
        self.options = options or ImportOptions()
        # One bar for the whole import: reading the export, then its pictures (the longer
        # part, when they are downloaded).
        self._read_share = READ_SHARE if self.options.media else 1.0
        self._sink = progress
        self.progress = stage(progress, 0.0, self._read_share)
        self.cancel = cancel or CancelToken()

    def run(self, export: ExportFile, parsed: ParsedExport, username: str) -> ImportResult:
        digest = source_sha256(export)
        earlier = self.archive.export_from_source(digest)
        if earlier is not None:
            result = self._earlier(earlier.id, export, username)
        else:
            result = self._write(export, parsed, username, digest)
        self._fetch_pictures(result)
        return result

    # -- the records ---------------------------------------------------------------------

    def _earlier(self, snapshot_id: int, export: ExportFile, username: str) -> ImportResult:
        """The same export again: nothing is written twice; its pictures are retried."""
        snap = self.archive.snapshot(snapshot_id)
        stats = snap.stats
        return ImportResult(
            snapshot_id,
            snap.started_at,
            str(stats.get("dated_by") or export.dated_by),
            username,
            pins=int(stats.get("pins") or 0),
            boards=int(stats.get("boards") or 0),
            alive_false=int(stats.get("alive_false") or 0),
            alive_unknown=int(stats.get("alive_unknown") or 0),
            merged=int(stats.get("merged_with_backups") or 0),
            skipped=[Skipped(**s) for s in stats.get("skipped") or []],
            skipped_count=int(stats.get("skipped_count") or len(stats.get("skipped") or [])),
            cut_pins=int(stats.get("cut_pins") or 0),
            sections=[str(t) for t in stats.get("sections_kept") or []],
            already_imported=True,
            labels_absent=_absent(stats.get("labels_absent")),
            labels_unknown=[str(label) for label in stats.get("labels_unknown") or []],
            files_not_read=[str(name) for name in stats.get("ignored_files") or []],
            files_not_read_count=int(
                stats.get("ignored_files_count") or len(stats.get("ignored_files") or [])
            ),
        )

    def _write(
        self, export: ExportFile, parsed: ParsedExport, username: str, digest: str
    ) -> ImportResult:
        total = parsed.pin_count
        self.progress(Progress("Reading the export", 0, total))
        with self.archive.transaction() as tx:
            cursor = tx.execute(
                "INSERT INTO snapshots (kind, status, outcome, started_at, app_version, "
                "api_base) VALUES (?, 'running', 'running', ?, ?, ?)",
                (DATA_EXPORT, export.exported_at, VERSION, SOURCE),
            )
            snapshot_id = int(cursor.lastrowid or 0)
            result = ImportResult(snapshot_id, export.exported_at, export.dated_by, username)
            result.skipped = parsed.skipped[:MAX_SKIPPED_KEPT]
            result.skipped_count = parsed.skipped_count
            result.files_not_read = _names(export.ignored)
            result.files_not_read_count = export.ignored_count
            self._account(tx, snapshot_id, username)
            labels = LabelTally()
            boards: dict[str, str | None] = {}  # a name None: the pin had no Board Name label
            for index, record in enumerate(export_pins(export)):
                if index % 500 == 0:
                    _check(self.cancel)
                    self.progress(Progress("Reading the export", index, total))
                labels.add(record)
                _board_of(record, boards)
                merged = self._pin(tx, snapshot_id, record)
                result.pins += 1
                result.merged += int(merged)
                result.cut_pins += int(record.cut)
                alive = flag(record.get("Alive"))
                result.alive_false += int(alive is False)
                result.alive_unknown += int(alive is None)
            for board_id, name in sorted(boards.items()):
                self._object(tx, snapshot_id, "board", board_id, board_from_export(board_id, name))
            result.boards = len(boards)
            found = labels.survey()
            result.labels_absent = found.absent
            result.labels_unknown = found.unknown
            for position, section in enumerate(parsed.sections):
                tx.execute(
                    "INSERT INTO export_sections (snapshot, position, title, body) "
                    "VALUES (?, ?, ?, ?)",
                    (snapshot_id, position, section.title, section.text),
                )
            result.sections = [s.title for s in parsed.sections]
            _check(self.cancel)
            tx.execute(
                "UPDATE snapshots SET status = 'complete', outcome = 'imported', finished_at = ?, "
                "stats = ?, note = ? WHERE id = ?",
                (
                    utc_now(),
                    json.dumps(_stats(result, export, digest), sort_keys=True, ensure_ascii=False),
                    f"{SOURCE}, dated by {export.dated_by}",
                    snapshot_id,
                ),
            )
        self.progress(Progress("Reading the export", total, total))
        return result

    def _account(self, tx: sqlite3.Connection, snapshot_id: int, username: str) -> None:
        account_id = self.archive.meta("account_id") or f"export:{username}"
        raw = {"id": account_id, "username": username, "data_export": {"Username": username}}
        version_id = self._version(tx, snapshot_id, "account", account_id, raw, None, [])
        self._entry(tx, snapshot_id, "account", account_id, version_id, None)

    def _pin(self, tx: sqlite3.Connection, snapshot_id: int, record: PinRecord) -> bool:
        mapped = pin_from_export(record, self.options.cdn_base)
        api = self.archive.latest_api_version(tx, "pin", record.pin_id)
        media_urls = list(mapped.media_urls)
        if api is not None:
            api_urls = [
                str(r[0])
                for r in tx.execute(
                    "SELECT url FROM version_media WHERE version_id = ? ORDER BY position",
                    (api[0],),
                )
            ]
            media_urls = api_urls + [u for u in media_urls if u not in api_urls]
        alive = flag(record.get("Alive"))
        self._object(
            tx, snapshot_id, "pin", record.pin_id, mapped.raw, media_urls, api,
            None if alive is None else int(alive),
        )  # fmt: skip
        return api is not None

    def _object(
        self,
        tx: sqlite3.Connection,
        snapshot_id: int,
        kind: str,
        object_id: str,
        exported: JsonDict,
        media_urls: list[str] | None = None,
        api: tuple[int, int, JsonDict] | None = None,
        alive: int | None = None,
    ) -> None:
        if api is None and kind != "pin":
            api = self.archive.latest_api_version(tx, kind, object_id)
        raw, sources = merge(exported, api[2] if api else None)
        board_id = raw.get("board_id") if kind == "pin" else None
        board_id = board_id if isinstance(board_id, str) else None
        section = raw.get("board_section_id") if kind == "pin" else None
        version_id = self._version(
            tx, snapshot_id, kind, object_id, raw, board_id, media_urls or [],
            section if isinstance(section, str) else None,
        )  # fmt: skip
        tx.executemany(
            "INSERT OR IGNORE INTO field_sources (version_id, field, source, snapshot) "
            "VALUES (?, ?, ?, ?)",
            [
                (version_id, name, source, api[1] if api and source == "api" else snapshot_id)
                for name, source in sorted(sources.items())
            ],
        )
        self._entry(tx, snapshot_id, kind, object_id, version_id, alive)
        if api is None:
            self._sighting(tx, snapshot_id, kind, object_id, version_id)

    @staticmethod
    def _version(
        tx: sqlite3.Connection,
        snapshot_id: int,
        kind: str,
        object_id: str,
        raw: JsonDict,
        board_id: str | None,
        media_urls: list[str],
        section_id: str | None = None,
    ) -> int:
        digest = normalised_hash(raw)
        row = tx.execute(
            "SELECT id FROM versions WHERE kind = ? AND object_id = ? AND hash = ?",
            (kind, object_id, digest),
        ).fetchone()
        if row is not None:
            return int(row[0])
        cursor = tx.execute(
            "INSERT INTO versions (kind, object_id, hash, raw, board_id, section_id, captured) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, object_id, digest, json.dumps(raw, ensure_ascii=False), board_id,
             section_id, snapshot_id),
        )  # fmt: skip
        version_id = int(cursor.lastrowid or 0)
        tx.executemany(
            "INSERT INTO version_media (version_id, position, url) VALUES (?, ?, ?)",
            [(version_id, i, url) for i, url in enumerate(media_urls)],
        )
        return version_id

    @staticmethod
    def _entry(
        tx: sqlite3.Connection,
        snapshot_id: int,
        kind: str,
        object_id: str,
        version_id: int,
        alive: int | None,
    ) -> None:
        tx.execute(
            "INSERT OR REPLACE INTO export_entries (snapshot, kind, object_id, version_id, "
            "alive) VALUES (?, ?, ?, ?, ?)",
            (snapshot_id, kind, object_id, version_id, alive),
        )

    @staticmethod
    def _sighting(
        tx: sqlite3.Connection, snapshot_id: int, kind: str, object_id: str, version_id: int
    ) -> None:
        """An object no backup has seen becomes browsable through a sighting of its own
        in this snapshot alone (no backup's interval can run through it)."""
        known = tx.execute(
            "SELECT (SELECT kind FROM snapshots WHERE id = o.last_seen) FROM objects o "
            "WHERE o.kind = ? AND o.id = ?",
            (kind, object_id),
        ).fetchone()
        if known is not None and known[0] != DATA_EXPORT:
            return  # a backup has it (its versions came before any import)
        cursor = tx.execute(
            "INSERT INTO sightings (kind, object_id, version_id, first_snapshot, last_snapshot,"
            " last_observed) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, object_id, version_id, snapshot_id, snapshot_id, snapshot_id),
        )
        sighting = int(cursor.lastrowid or 0)
        if known is None:
            tx.execute(
                "INSERT INTO objects (kind, id, first_seen, last_seen, current_sighting) "
                "VALUES (?, ?, ?, ?, ?)",
                (kind, object_id, snapshot_id, snapshot_id, sighting),
            )
        else:
            tx.execute(
                "UPDATE objects SET last_seen = ?, current_sighting = ? WHERE kind = ? AND id = ?",
                (snapshot_id, sighting, kind, object_id),
            )

    # -- pictures ------------------------------------------------------------------------

    def _wanted_pictures(self, snapshot_id: int) -> list[str]:
        """CDN addresses of the pins whose picture the archive does not hold yet."""
        rows = self.archive.conn.execute(
            "SELECT vm.url FROM export_entries e JOIN version_media vm ON "
            "vm.version_id = e.version_id LEFT JOIN media_urls mu ON mu.url = vm.url "
            "WHERE e.snapshot = ? AND e.kind = 'pin' AND (mu.status IS NULL OR "
            "mu.status != 'ok') ORDER BY e.object_id, vm.position",
            (snapshot_id,),
        )
        stored = self.archive.primary_media(
            {str(r[0]) for r in self.archive.conn.execute(
                "SELECT object_id FROM export_entries WHERE snapshot = ? AND kind = 'pin'",
                (snapshot_id,),
            )}
        )  # fmt: skip
        wanted = []
        owners = self.archive.conn.execute(
            "SELECT vm.url, e.object_id FROM export_entries e JOIN version_media vm ON "
            "vm.version_id = e.version_id WHERE e.snapshot = ? AND e.kind = 'pin'",
            (snapshot_id,),
        )
        owner = {str(r[0]): str(r[1]) for r in owners}
        for (url,) in rows:
            # A pin whose picture a backup already stored needs no second copy.
            if owner.get(str(url)) not in stored and f"/{CDN_SIZE}/" in str(url):
                wanted.append(str(url))
        return list(dict.fromkeys(wanted))

    def _fetch_pictures(self, result: ImportResult) -> None:
        if not self.options.media:
            result.media_skipped = True
            return
        urls = self._wanted_pictures(result.snapshot_id)
        if not urls:
            return
        downloads = stage(self._sink, self._read_share, 1.0, len(urls))
        downloads(Progress("Downloading pictures", 0, len(urls)))
        pipeline = MediaPipeline(
            self.archive, result.snapshot_id, self.options.workers, downloads,
            self.cancel.is_set, self.options.cdn_base,
        )  # fmt: skip
        try:
            # A first few show whether the CDN answers at all: with no network, thousands
            # of pictures each retried would hold the import for hours.
            pipeline.enqueue(urls[:PROBE_PICTURES])
            pipeline.drain(until_empty=True)
            rest = urls[PROBE_PICTURES:]
            if rest and pipeline.tally.files == 0 and _unreachable(pipeline.tally.failed):
                self._give_up(result.snapshot_id, rest, pipeline)
            elif rest:
                pipeline.enqueue(rest)
                pipeline.drain(until_empty=True)
        finally:
            pipeline.close()
        result.media_downloaded = pipeline.tally.files
        result.media_failed = pipeline.tally.failed
        # The records are committed by now: a cancel here leaves a true, partial import
        # (said so), not "the archive is as it was before".
        result.pictures_cancelled = self.cancel.is_set()

    def _give_up(self, snapshot_id: int, urls: list[str], pipeline: MediaPipeline) -> None:
        reason = "not tried: the picture server could not be reached"
        with self.archive.transaction() as tx:
            for url in urls:
                self.archive.record_media_failure(tx, snapshot_id, url, reason)
                pipeline.tally.failed.append({"kind": "media", "url": url, "reason": reason})


def _board_of(record: PinRecord, boards: dict[str, str | None]) -> None:
    """Notes the board a pin names (its name cut: the pin's record keeps it whole)."""
    board_id = (record.get("Board Id") or "").strip()
    if board_id.isdigit() and board_id.isascii() and len(board_id) <= 30:
        said = record.get("Board Name")
        name = None if said is None else cut(said.strip(), NAME_CHARS)
        if board_id not in boards or (name and not boards[board_id]):
            boards[board_id] = name


def _stats(result: ImportResult, export: ExportFile, digest: str) -> dict[str, Any]:
    """The snapshot's record of the import: counts, and the first few names, each cut
    (every later listing of snapshots reads it)."""
    return {
        "pins": result.pins,
        "boards": result.boards,
        "alive_false": result.alive_false,
        "alive_unknown": result.alive_unknown,
        "labels_absent": result.labels_absent,
        "labels_unknown": result.labels_unknown,
        "merged_with_backups": result.merged,
        "skipped": [s.to_json() for s in result.skipped[:MAX_SKIPPED_KEPT]],
        "skipped_count": result.skipped_count,
        "cut_pins": result.cut_pins,
        "sections_kept": _names(result.sections),
        "sections_kept_count": len(result.sections),
        "source_sha256": digest,
        "source_files": _names([d.name for d in export.documents]),
        "source_files_count": len(export.documents),
        "ignored_files": result.files_not_read,
        "ignored_files_count": result.files_not_read_count,
        "dated_by": export.dated_by,
        "imported_at": utc_now(),
        "username": result.username,
    }


def _unreachable(failed: list[dict[str, str]]) -> bool:
    """Whether every failure so far was the network's (no answer), not a missing file."""
    return bool(failed) and all(f["reason"].startswith("gave up") for f in failed)
