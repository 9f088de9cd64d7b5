"""What goes into a packet: the content lost between two snapshots, or everything in the
evidence baseline when the whole account is gone; and the boards the snapshot it rests on
did not check, so that nothing in it is presented as looked at when it was not."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creator_backup.archive.listings import board_key
from creator_backup.archive.outcomes import ListingState
from creator_backup.archive.personal_data import redact_personal
from creator_backup.archive.store import Archive, ObjectVersion, Snapshot
from creator_backup.diff.compare import (
    KINDS,
    Item,
    NotChecked,
    baseline_or_given,
    board_names,
    choose_with_export,
    diff,
    not_checked,
    title_of,
)
from creator_backup.errors import UsageError

JsonDict = dict[str, Any]


class NothingLost(UsageError):
    """A packet of what was lost, asked for when nothing was."""


@dataclass(frozen=True)
class MediaFile:
    sha256: str
    path: Path  # inside the archive
    content_type: str
    size: int


@dataclass(frozen=True)
class PacketItem:
    kind: str  # board, section, pin
    id: str
    title: str
    description: str
    link: str
    created_at: str
    board_id: str | None
    board_name: str
    section_id: str | None
    first_seen: str | None
    last_seen: str | None
    missing_since: str | None
    raw: JsonDict
    media: tuple[MediaFile, ...] = ()
    probe: str | None = None
    evidence: str = ""  # when not a backup's: "Pinterest's data export, dated ..., says ..."
    # Whether the snapshot the packet rests on (Selection.newer) listed the item's board:
    # "yes", "no" (carried or refused: see Selection.not_checked), or "" when that board
    # is not in it (removed, never archived) or the snapshot is a data export.
    board_checked: str = ""
    board_last_checked: str | None = None  # when its board was last listed, at or before
    # No backup ever saw it: what the packet says of it rests on a data export alone.
    export_alone: bool = False


@dataclass
class Selection:
    mode: str  # "lost" or "all"
    older: Snapshot | None  # the last good capture
    newer: Snapshot  # the capture that shows the loss, or the baseline itself
    account: JsonDict
    items: list[PacketItem] = field(default_factory=list)
    unavailable_since: str | None = None
    exports: list[Snapshot] = field(default_factory=list)  # data exports the items rest on
    # Boards `newer` holds without having listed them: what the packet shows of them dates
    # from their last listing, and a removal there since is not in it.
    not_checked: list[NotChecked] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for i in self.items if i.kind == kind)

    @property
    def snapshot_ids(self) -> list[int]:
        return sorted({s.id for s in (self.older, self.newer) if s is not None})


def _text(raw: JsonDict, key: str) -> str:
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def _media_of(archive: Archive, version_ids: list[int]) -> dict[int, tuple[MediaFile, ...]]:
    found: dict[int, list[MediaFile]] = {}
    rows = archive.rows_in(
        "SELECT vm.version_id, m.sha256, m.path, m.content_type, m.size "
        "FROM version_media vm JOIN media_urls mu ON mu.url = vm.url AND mu.status = 'ok' "
        "JOIN media m ON m.sha256 = mu.sha256 WHERE vm.version_id IN ({marks}) "
        "ORDER BY vm.version_id, vm.position",
        version_ids,
    )
    for vid, sha, path, ctype, size in rows:
        files = found.setdefault(int(vid), [])
        if all(f.sha256 != sha for f in files):
            files.append(MediaFile(str(sha), archive.root / str(path), str(ctype), int(size)))
    return {vid: tuple(files) for vid, files in found.items()}


BoardCheck = Callable[[str], tuple[str, str | None]]  # board id -> (checked, last listed)


def _items(
    archive: Archive,
    versions: list[ObjectVersion],
    board_names: dict[str, str],
    times: dict[str, tuple[str | None, str | None, str | None]],
    board_check: BoardCheck | None = None,
) -> list[PacketItem]:
    media = _media_of(archive, [v.version_id for v in versions if v.kind == "pin"])
    verdicts = archive.latest_verdicts("pin", (v.object_id for v in versions if v.kind == "pin"))
    items = []
    for v in versions:
        first, last, missing = times.get(f"{v.kind}:{v.object_id}", (None, None, None))
        board_id = v.board_id if v.kind != "board" else v.object_id
        checked, last_checked = board_check(board_id) if board_check and board_id else ("", None)
        items.append(
            PacketItem(
                kind=v.kind,
                id=v.object_id,
                title=title_of(v.kind, v.raw),
                description=_text(v.raw, "description"),
                link=_text(v.raw, "link"),
                created_at=_text(v.raw, "created_at"),
                board_id=board_id,
                board_name=board_names.get(v.board_id or v.object_id, ""),
                section_id=v.section_id,
                first_seen=first,
                last_seen=last,
                missing_since=missing,
                raw=v.raw,
                media=media.get(v.version_id, ()),
                probe=verdicts.get(v.object_id) if v.kind == "pin" else None,
                board_checked=checked,
                board_last_checked=last_checked,
            )
        )
    return items


def _account(archive: Archive, snapshot: Snapshot) -> JsonDict:
    accounts = archive.objects_in(snapshot.id, "account")
    return next(iter(accounts.values())).raw if accounts else {}


def _times(
    archive: Archive, versions: list[ObjectVersion] | None = None
) -> dict[str, tuple[str | None, str | None, str | None]]:
    """(first seen, last seen, missing since) of each object ("kind:id"): of `versions`'
    objects when given (a packet of what was lost needs those of its 10,000 pins, not of
    the 100,000 archived), else of every object."""
    stamp = {s.id: s.started_at for s in archive.snapshots()}
    found: dict[str, tuple[str | None, str | None, str | None]] = {}
    for kind in KINDS:
        if versions is None:
            facts = archive.object_facts(kind)
        else:
            facts = archive.facts_of(kind, (v.object_id for v in versions if v.kind == kind))
        for object_id, (first, last, missing) in facts.items():
            found[f"{kind}:{object_id}"] = (
                stamp.get(first),
                stamp.get(last),
                stamp.get(missing) if missing else None,
            )
    return found


def _board_check(archive: Archive, snapshot: Snapshot, unchecked: list[NotChecked]) -> BoardCheck:
    """Whether `snapshot` listed a board, and when that board was last listed (each
    board asked once): a reviewer can tell an observed absence or presence from a carried
    one. For an item, by its board: "yes", "no" (carried or refused), or "" when the board
    is not in `snapshot`."""
    stamp = {s.id: s.started_at for s in archive.snapshots()}
    skipped = {n.board_id: n for n in unchecked}
    present = set(archive.placements_in(snapshot.id, "board"))
    known: dict[str, tuple[str, str | None]] = {}

    def check(board_id: str) -> tuple[str, str | None]:
        if board_id in skipped:
            return "no", skipped[board_id].last_checked
        last = archive.last_listed(board_key(board_id), snapshot.id)
        when = stamp.get(last) if last is not None else None
        if board_id not in present:
            return "", when
        listed = archive.listing_state(snapshot.id, board_key(board_id)) == ListingState.LISTED
        return ("yes" if listed else "no"), when

    def cached(board_id: str) -> tuple[str, str | None]:
        if board_id not in known:
            known[board_id] = check(board_id)
        return known[board_id]

    return cached


EXPORT_ALONE = "No backup ever saw this pin: this rests on Pinterest's data export alone."


def _export_evidence(item: Item) -> str:
    said = (
        f"Pinterest's data export dated {item.missing_since} (snapshot "
        f"{item.evidence_snapshot}) marks this pin Alive: False."
    )
    return f"{said} {EXPORT_ALONE}" if item.export_alone else said


def select_lost(archive: Archive, older: int | None, newer: int | None) -> Selection:
    before, after = choose_with_export(archive, older, newer)
    result = diff(archive, before, after)
    if not result.lost_anything:
        if before.id == after.id:
            raise NothingLost(
                "There are not two complete snapshots to compare yet, and no data export says "
                "anything was removed; a packet of the whole account can document it instead."
            )
        checked = " from the boards that were checked" if result.not_checked else ""
        raise NothingLost(
            f"Nothing was lost between snapshots {before.id} and {after.id}{checked}; a "
            "packet of the whole account can document it instead."
        )
    by_export = result.removed_by_export
    versions = [
        ObjectVersion(k, i.id, i.version_id, i.raw, i.board_id, i.section_id)
        for k in KINDS
        for i in result.removed[k]
    ] + [ObjectVersion("pin", i.id, i.version_id, i.raw, i.board_id, None) for i in by_export]
    alone = before.id == after.id  # fewer than two backups: the export's word alone
    selection = Selection("lost", None if alone else before, after, _account(archive, before))
    names = board_names(archive, before, *archive.exports())
    checks = None if after.is_export else _board_check(archive, after, result.not_checked)
    selection.items = _items(archive, versions, names, _times(archive, versions), checks)
    evidence = {i.id: i for i in by_export}
    for index, packet_item in enumerate(selection.items):
        found = evidence.get(packet_item.id) if packet_item.kind == "pin" else None
        if found is not None:
            selection.items[index] = dataclasses.replace(
                packet_item,
                missing_since=found.missing_since,
                evidence=_export_evidence(found),
                export_alone=found.export_alone,
            )
    ids = {i.evidence_snapshot for i in by_export}
    selection.exports = [s for s in archive.exports() if s.id in ids]
    selection.unavailable_since = archive.meta("account_unavailable_since")
    selection.not_checked = result.not_checked
    return selection


def select_all(archive: Archive, snapshot: int | None) -> Selection:
    """Everything in a snapshot: the evidence baseline by default, else the last complete."""
    exports = archive.exports()
    no_backup = archive.evidence_baseline() is None and archive.last_complete() is None
    if snapshot is None and exports and no_backup:
        chosen = exports[-1]  # no backup at all: the data export documents the account
    else:
        chosen = baseline_or_given(archive, snapshot, "to document", exports=True)
    versions = [v for k in KINDS for v in archive.objects_in(chosen.id, k).values()]
    versions.sort(key=lambda v: (KINDS.index(v.kind), v.object_id))
    selection = Selection("all", None, chosen, _account(archive, chosen))
    checks = None
    if not chosen.is_export:
        stamp = {s.id: s.started_at for s in archive.snapshots()}
        selection.not_checked = not_checked(archive, chosen, stamp)
        checks = _board_check(archive, chosen, selection.not_checked)
    names = board_names(archive, chosen)
    selection.items = _items(archive, versions, names, _times(archive), checks)
    selection.unavailable_since = archive.meta("account_unavailable_since")
    if chosen.is_export:
        selection.exports = [chosen]
        selection.items = _with_export_alone(archive, selection.items)
    return selection


def _with_export_alone(archive: Archive, items: list[PacketItem]) -> list[PacketItem]:
    """Items documented from a data export, each marked when no backup ever saw it."""
    seen = {kind: archive.seen_by_a_backup(kind) for kind in KINDS}
    return [
        item if item.id in seen[item.kind] else dataclasses.replace(item, export_alone=True)
        for item in items
    ]


def shared_raw(item: PacketItem) -> tuple[JsonDict, list[str]]:
    """The item's JSON as a packet shows it: personal fields (the export's IP address)
    replaced, and the paths of those replaced."""
    copy, redacted = redact_personal(item.raw)
    return (copy if isinstance(copy, dict) else {}), redacted


def raw_json(item: PacketItem) -> str:
    copy, _ = shared_raw(item)
    return json.dumps(copy, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
