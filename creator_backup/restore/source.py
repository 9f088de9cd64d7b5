"""What a restore starts from: one complete snapshot's boards, sections and pins, with the
archived media files of each pin, in the order they were first made.

Order: Pinterest lists a board's pins newest first and the API cannot set a pin's date or
position, so the only way to rebuild a board's order is to create its pins oldest first.
`created_at` (ascending) is that order; the pin id breaks ties (ids grow with time), and a
pin without a readable date goes last. Boards go by `created_at` too, sections by id
(their only trace of age: the API gives sections no date).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from creator_backup.api.models import Pin
from creator_backup.archive.media_store import MEDIA_DIR
from creator_backup.archive.store import Archive, ObjectVersion, Snapshot
from creator_backup.diff.compare import baseline_or_given
from creator_backup.errors import UsageError

JsonDict = dict[str, object]
FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


@dataclass(frozen=True)
class MediaFile:
    sha256: str
    path: Path  # inside the archive's media folder
    content_type: str
    size: int

    def read_verified(self) -> bytes | None:
        """The file's bytes, or None if it is gone or no longer matches its hash."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == self.sha256 else None


@dataclass(frozen=True)
class SourceBoard:
    id: str
    name: str
    description: str | None
    privacy: str
    is_ads_only: bool


@dataclass(frozen=True)
class SourceSection:
    id: str
    board_id: str
    name: str


@dataclass(frozen=True)
class SourcePin:
    id: str
    board_id: str | None
    section_id: str | None
    pin: Pin
    files: dict[str, MediaFile]  # media URL as archived -> stored file

    def file_for(self, url: str | None) -> MediaFile | None:
        return self.files.get(url) if url else None


@dataclass
class SnapshotContent:
    snapshot: Snapshot
    boards: list[SourceBoard]
    sections: list[SourceSection]
    pins: list[SourcePin]


def choose_snapshot(archive: Archive, snapshot_id: int | None) -> Snapshot:
    return baseline_or_given(archive, snapshot_id, "to restore from")


def parse_time(value: object) -> datetime:
    """Pinterest's date-times, read leniently: no offset means UTC; unreadable sorts last."""
    if not isinstance(value, str) or not value:
        return FAR_FUTURE
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return FAR_FUTURE
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _id_number(value: str) -> int:
    return int(value) if value.isdigit() else 1 << 128


def _text(raw: dict[str, object], key: str) -> str | None:
    value = raw.get(key)
    return value if isinstance(value, str) else None


def _media_files(archive: Archive, version_ids: list[int]) -> dict[int, dict[str, MediaFile]]:
    found: dict[int, dict[str, MediaFile]] = {}
    media_root = (archive.root / MEDIA_DIR).resolve()
    rows = archive.rows_in(
        "SELECT vm.version_id, vm.url, m.sha256, m.path, m.content_type, m.size "
        "FROM version_media vm JOIN media_urls mu ON mu.url = vm.url AND mu.status = 'ok' "
        "JOIN media m ON m.sha256 = mu.sha256 WHERE vm.version_id IN ({marks})",
        version_ids,
    )
    for version_id, url, sha, relative, content_type, size in rows:
        path = (archive.root / str(relative)).resolve()
        if not path.is_relative_to(media_root):
            continue  # not a file of the media store: never read it
        found.setdefault(int(version_id), {})[str(url)] = MediaFile(
            str(sha), path, str(content_type), int(size)
        )
    return found


def _board(version: ObjectVersion) -> SourceBoard:
    raw = version.raw
    return SourceBoard(
        id=version.object_id,
        name=_text(raw, "name") or "",
        description=_text(raw, "description"),
        privacy=_text(raw, "privacy") or "PUBLIC",
        is_ads_only=raw.get("is_ads_only") is True,
    )


def load_snapshot(
    archive: Archive, snapshot: Snapshot, board_ids: set[str] | None = None
) -> SnapshotContent:
    """Everything in `snapshot`, or only what is on `board_ids` (original ids)."""
    board_versions = archive.objects_in(snapshot.id, "board")
    if board_ids is not None:
        unknown = sorted(board_ids - set(board_versions))
        if unknown:
            raise UsageError(f"Snapshot {snapshot.id} has no board {unknown[0]}.")
        board_versions = {k: v for k, v in board_versions.items() if k in board_ids}
    ordered = sorted(
        board_versions.values(),
        key=lambda v: (parse_time(v.raw.get("created_at")), _id_number(v.object_id)),
    )
    boards = [_board(v) for v in ordered]
    sections = [
        SourceSection(v.object_id, v.board_id, _text(v.raw, "name") or "")
        for v in sorted(
            archive.objects_in(snapshot.id, "section").values(),
            key=lambda v: _id_number(v.object_id),
        )
        if v.board_id is not None and (board_ids is None or v.board_id in board_ids)
    ]
    pin_versions = [
        v
        for v in archive.objects_in(snapshot.id, "pin").values()
        if board_ids is None or v.board_id in board_ids
    ]
    files = _media_files(archive, [v.version_id for v in pin_versions])
    pins = [
        SourcePin(
            id=v.object_id,
            board_id=v.board_id,
            section_id=v.section_id,
            pin=Pin.from_api(v.raw),
            files=files.get(v.version_id, {}),
        )
        for v in pin_versions
    ]
    pins.sort(key=lambda p: (parse_time(p.pin.created_at), _id_number(p.id)))
    return SnapshotContent(snapshot, boards, sections, pins)
