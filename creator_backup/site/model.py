"""What the site shows, read from the archive through the Browse queries and turned into
plain values for the templates. Every raw JSON object reaches a page only through
`redact_personal`, and every file name through `names`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from creator_backup.archive.browse import (
    BoardCheck,
    BoardRow,
    MediaFile,
    PinDetail,
    PinRow,
    SectionRow,
)
from creator_backup.archive.personal_data import redact_personal
from creator_backup.archive.records import JsonDict, Snapshot
from creator_backup.archive.store import Archive
from creator_backup.checked_words import (
    capitalised,
    not_checked_sentence,
    outcome_text,
    since_text,
    utc_text,
    why_not_checked,
)
from creator_backup.progress import human_size
from creator_backup.site import names

NO_TITLE = "(no title)"
NO_NAME = "(no name)"


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    block: bool  # a nested value, shown as indented JSON


@dataclass
class Redacted:
    """Personal fields replaced on the pages, each path with how many objects had it."""

    paths: dict[str, int] = field(default_factory=dict)

    def add(self, found: list[str]) -> None:
        for path in found:
            # "items[3].ip" and "items[4].ip" are one field to the reader.
            key = _without_indexes(path)
            self.paths[key] = self.paths.get(key, 0) + 1


def _without_indexes(path: str) -> str:
    out, depth = [], 0
    for char in path:
        if char == "[":
            depth += 1
            out.append("[]")
        elif char == "]":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)


def fields_of(raw: JsonDict, redacted: Redacted) -> tuple[list[Field], str, list[str]]:
    """Every top-level field of `raw` as text, the whole object as indented JSON, and the
    paths of the personal fields replaced in both (also counted in `redacted`)."""
    clean, found = redact_personal(raw)
    redacted.add(found)
    rows = []
    for key in sorted(clean, key=str):
        value = clean[key]
        if isinstance(value, str):
            rows.append(Field(str(key), value, False))
        elif value is None:
            rows.append(Field(str(key), "(empty)", False))
        elif isinstance(value, bool | int | float):
            rows.append(Field(str(key), json.dumps(value), False))
        else:
            rows.append(Field(str(key), _json_text(value), True))
    return rows, _json_text(clean), found


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)


class Times:
    """When each snapshot was taken, to say when something was last seen or went missing."""

    def __init__(self, snapshots: list[Snapshot]) -> None:
        self._at = {s.id: s.started_at for s in snapshots}

    def at(self, snapshot_id: int | None) -> str:
        """When the snapshot was taken, in words (UTC); "" for none."""
        if snapshot_id is None:
            return ""
        stamp = self._at.get(snapshot_id)
        return utc_text(stamp) if stamp else f"snapshot {snapshot_id}"


@dataclass(frozen=True)
class Tile:
    """One pin (or a board, by its cover) in a grid."""

    href: str
    title: str
    thumb: str | None  # site path of its picture
    video: bool
    missing: str  # when it went missing, or ""
    caption: str = ""  # under the title: a board's "12 pins, 2 sections"


@dataclass(frozen=True)
class MediaView:
    kind: str  # image, video, file, absent
    src: str | None
    content_type: str
    size: str
    status: str
    url: str


@dataclass(frozen=True)
class HistoryRow:
    first: str
    last: str  # the last snapshot whose listing saw it
    snapshots: str  # the snapshots that saw it, first to last
    board: str
    changed: str
    kept: str  # "kept as last seen, not checked, until ..." or ""


def title_of(row: PinRow) -> str:
    return row.title or NO_TITLE


def board_name(board: BoardRow | None) -> str:
    return (board.name or NO_NAME) if board is not None else ""


def is_video(content_type: str | None) -> bool:
    return bool(content_type and content_type.startswith("video/"))


def is_image(content_type: str | None) -> bool:
    return bool(content_type and content_type.startswith("image/"))


def media_view(file: MediaFile, placed: str | None) -> MediaView:
    if placed is None:
        kind = "absent"
    elif is_video(file.content_type):
        kind = "video"
    elif is_image(file.content_type):
        kind = "image"
    else:
        kind = "file"
    return MediaView(
        kind=kind,
        src=placed,
        content_type=file.content_type or "",
        size=human_size(file.size) if file.size is not None else "",
        status=file.status,
        url=file.url,
    )


def history_rows(detail: PinDetail, boards: dict[str, BoardRow]) -> list[HistoryRow]:
    """Each version's span as seen by listings; snapshots that only kept it (its board not
    listed) are said as such, never as having seen it."""
    rows = []
    for span in detail.history:
        board = boards.get(span.board_id or "")
        kept = ""
        if span.kept_unchecked:
            kept = (
                f"kept as last seen, not checked, until {utc_text(span.last_kept_at)} "
                f"(snapshot {span.last_snapshot})"
            )
        rows.append(
            HistoryRow(
                first=utc_text(span.first_seen_at),
                last=utc_text(span.last_seen_at),
                snapshots=(
                    str(span.first_snapshot)
                    if span.first_snapshot == span.last_observed
                    else f"{span.first_snapshot} to {span.last_observed}"
                ),
                board=board_name(board) if board else (span.board_id or ""),
                changed=", ".join(span.changed),
                kept=kept,
            )
        )
    return rows


@dataclass(frozen=True)
class UncheckedView:
    """A board the site's snapshot (the newest complete backup) did not list."""

    name: str
    href: str
    since: str  # "not checked since 02 Dec 2026, 08:44 UTC", or "never checked"
    last_checked: str  # "02 Dec 2026, 08:44 UTC", or "never"
    why: str  # "Pinterest refused to list it: “...” (HTTP 403)"
    reason: str  # the same, capitalised, for a table cell
    sentence: str  # both, as one sentence


def unchecked_view(board: BoardRow | None) -> UncheckedView | None:
    check: BoardCheck | None = board.unchecked if board is not None else None
    if board is None or check is None:
        return None
    return UncheckedView(
        name=board_name(board),
        href=names.board_page(board.id),
        since=since_text(check.last_checked, utc_text),
        last_checked=utc_text(check.last_checked) if check.last_checked else "never",
        why=why_not_checked(check.state, check.detail),
        reason=capitalised(why_not_checked(check.state, check.detail)),
        sentence=not_checked_sentence(check.state, check.detail, check.last_checked, utc_text),
    )


@dataclass(frozen=True)
class AccountView:
    username: str
    id: str
    fields: list[Field]


def account_view(archive: Archive, snapshots: list[Snapshot], redacted: Redacted) -> AccountView:
    """The account as the newest snapshot that saw it recorded it."""
    raw: JsonDict = {}
    for snapshot in reversed(snapshots):
        found = archive.objects_in(snapshot.id, "account")
        if found:
            raw = next(iter(found.values())).raw
            break
    fields, _, _ = fields_of(raw, redacted)
    username = raw.get("username")
    return AccountView(
        username=username if isinstance(username, str) and username else "your account",
        id=str(raw.get("id") or archive.meta("account_id") or ""),
        fields=fields,
    )


@dataclass(frozen=True)
class SnapshotView:
    id: int
    kind: str
    status: str  # the coarse status: complete, partial, running
    state: str  # how the run ended, in words, with the boards it did not check
    started_at: str
    finished_at: str
    pins: str
    boards: str
    note: str
    baseline: bool


def snapshot_views(
    snapshots: list[Snapshot], baseline: Snapshot | None, unchecked: dict[int, int] | None = None
) -> list[SnapshotView]:
    """Newest first; `unchecked`: how many boards each snapshot did not check."""
    unchecked = unchecked or {}

    def count(snapshot: Snapshot, key: str) -> str:
        value = snapshot.stats.get(key)
        return f"{value:,}" if isinstance(value, int) else ""

    return [
        SnapshotView(
            id=s.id,
            kind=s.kind.replace("_", " "),
            status=s.status,
            state=outcome_text(s.outcome, unchecked.get(s.id, 0)),
            started_at=utc_text(s.started_at),
            finished_at=utc_text(s.finished_at) if s.finished_at else "",
            pins=count(s, "pins"),
            boards=count(s, "boards"),
            note=s.note,
            baseline=baseline is not None and baseline.id == s.id,
        )
        for s in reversed(snapshots)
    ]


@dataclass(frozen=True)
class LostItem:
    kind: str
    title: str
    href: str
    thumb: str | None
    where: str  # the board it was on
    last_seen: str
    missing_since: str


@dataclass
class Lost:
    """What the archive holds that the newest complete snapshot no longer saw."""

    boards: list[LostItem] = field(default_factory=list)
    sections: list[LostItem] = field(default_factory=list)
    pins: list[LostItem] = field(default_factory=list)
    # Boards that backup did not list: a removal there is not seen, so not listed above.
    unchecked: list[UncheckedView] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.boards) + len(self.sections) + len(self.pins)


def lost_board(board: BoardRow, times: Times, last_seen: str) -> LostItem:
    return LostItem(
        "board",
        board_name(board),
        names.board_page(board.id),
        None,
        "",
        last_seen,
        times.at(board.missing_since),
    )


def lost_section(section: SectionRow, board: BoardRow, times: Times, last_seen: str) -> LostItem:
    return LostItem(
        "section",
        section.name or NO_NAME,
        names.section_page(section.id),
        None,
        board_name(board),
        last_seen,
        times.at(section.missing_since),
    )


def lost_pin(row: PinRow, thumb: str | None, board: str, last_seen: str, times: Times) -> LostItem:
    return LostItem(
        "pin",
        title_of(row),
        names.pin_page(row.id),
        thumb,
        board,
        last_seen,
        times.at(row.missing_since),
    )
