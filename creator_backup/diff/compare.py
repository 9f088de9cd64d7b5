"""Compares two complete snapshots: what was removed, added, changed and moved, with the
dates that matter for an appeal (first seen, last seen, missing since).

Only complete snapshots count: a partial run did not see everything, so an absence in it
proves nothing. Nor does the absence of secret boards and their pins from a snapshot whose
login was not known to see them (Snapshot.sees_secret not True): they are set apart as not
visible to it, never called removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from creator_backup.archive.records import Placement
from creator_backup.archive.restored import restored_ids
from creator_backup.archive.store import Archive, Snapshot
from creator_backup.errors import UsageError
from creator_backup.words import plural

KINDS = ("board", "section", "pin")
# Placement is reported as a move, not a change of fields.
PLACEMENT = {"board_id", "board_section_id"}
# Fields Pinterest recomputes on its own; a change in them is not the creator's content.
VOLATILE = {"pin_count", "follower_count", "collaborator_count", "board_pins_modified_at"}
# A board's `media` is the cover Pinterest picks from its pins: it follows any pin change.
VOLATILE_BY_KIND = {"board": VOLATILE | {"media"}, "section": VOLATILE, "pin": VOLATILE}
JsonDict = dict[str, Any]
Facts = dict[str, tuple[int, int, int | None]]
EXPORT_PROVENANCE = "Pinterest's data export"


class UnusableSnapshot(UsageError):
    """The snapshot asked for cannot serve (partial, or an export where a backup is
    needed): another must be chosen."""


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    title: str
    raw: JsonDict
    board_id: str | None
    section_id: str | None
    first_seen: str | None = None
    last_seen: str | None = None
    missing_since: str | None = None
    version_id: int = 0  # the archived version this item was read from
    # Set when the evidence is not a backup's: Pinterest's data export said so.
    provenance: str | None = None
    evidence_snapshot: int | None = None
    # No backup ever saw this object: the claim rests on Pinterest's data export alone
    # (a forged or mistaken export could make it up).
    export_alone: bool = False

    def to_json(self) -> JsonDict:
        body: JsonDict = {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "board_id": self.board_id,
            "section_id": self.section_id,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "missing_since": self.missing_since,
        }
        if self.provenance is not None:
            body["provenance"] = self.provenance
            body["evidence_snapshot"] = self.evidence_snapshot
            body["export_alone"] = self.export_alone
        return body


@dataclass(frozen=True)
class Restored:
    """An object a restore created that stands for an archived one (`replaces`)."""

    item: Item
    replaces: str


@dataclass(frozen=True)
class Change:
    item: Item
    fields: dict[str, tuple[Any, Any]]  # name -> (old, new)

    def to_json(self) -> JsonDict:
        return {
            **self.item.to_json(),
            "fields": {k: {"old": o, "new": n} for k, (o, n) in self.fields.items()},
        }


@dataclass(frozen=True)
class Move:
    item: Item
    old_board: str | None
    old_section: str | None
    new_board: str | None
    new_section: str | None

    def to_json(self) -> JsonDict:
        return {
            **self.item.to_json(),
            "from": {"board_id": self.old_board, "section_id": self.old_section},
            "to": {"board_id": self.new_board, "section_id": self.new_section},
        }


@dataclass
class BlastGroup:
    """Removed pins that shared one image: one flagged picture can take many pins."""

    sha256: str
    pins: list[str]
    boards: list[str]

    def to_json(self) -> JsonDict:
        return {"sha256": self.sha256, "pins": self.pins, "boards": self.boards}


@dataclass(frozen=True)
class NotChecked:
    """A board the newer snapshot did not list, and when it was last listed."""

    board_id: str
    name: str
    state: str  # carried, refused, not_reached
    detail: str | None
    last_checked: str | None  # the start of the last snapshot that listed it

    def to_json(self) -> JsonDict:
        return {
            "board_id": self.board_id,
            "name": self.name,
            "state": self.state,
            "detail": self.detail,
            "last_checked": self.last_checked,
        }


@dataclass
class DiffResult:
    older: Snapshot
    newer: Snapshot
    removed: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in KINDS})
    added: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in KINDS})
    changed: dict[str, list[Change]] = field(default_factory=lambda: {k: [] for k in KINDS})
    moved: dict[str, list[Move]] = field(default_factory=lambda: {k: [] for k in KINDS})
    blast: list[BlastGroup] = field(default_factory=list)
    # Pins Pinterest's data export marks `Alive: False` that this diff's backups do not
    # show as removed (no backup saw them go, or none ever saw them).
    removed_by_export: list[Item] = field(default_factory=list)
    # Boards present in `newer` that it did not list (a quick run left them out, Pinterest
    # refused them): what the diff says of them and their pins dates from their last
    # listing, so they are named as not checked since then, never as unchanged.
    not_checked: list[NotChecked] = field(default_factory=list)
    # Secret boards of `older`, and their sections and pins, absent from `newer` whose
    # login was not known to see secret content: not called removed, as that absence may
    # be the login's blindness. Whether they are still on Pinterest is not known.
    not_visible: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in KINDS})
    # What a restore put back, seen in `newer`: new objects on Pinterest that replace
    # archived ones (the restore journal says which), told apart from what was added.
    restored: dict[str, list[Restored]] = field(default_factory=lambda: {k: [] for k in KINDS})
    # The archived ids any restore here has put back, whenever it ran (kind -> ids): a pin
    # this diff finds removed may be back on Pinterest as a new pin since.
    put_back: dict[str, set[str]] = field(default_factory=dict)
    # Every board's name in either snapshot, for saying where a pin was.
    board_names: dict[str, str] = field(default_factory=dict)

    def to_json(self, detail: bool = False) -> JsonDict:
        by_export = self.removed_by_export

        def ids(groups: dict[str, list[Item]]) -> JsonDict:
            return {f"{k}s": [i.id for i in v] for k, v in groups.items()}

        body: JsonDict = {
            "from": self.older.id,
            "to": self.newer.id,
            "removed": ids(self.removed),
            "added": ids(self.added),
            "changed": {f"{k}s": [c.item.id for c in v] for k, v in self.changed.items()},
            "moved": {f"{k}s": [m.item.id for m in v] for k, v in self.moved.items()},
            "blast_radius": [g.to_json() for g in self.blast],
            "not_checked": [n.to_json() for n in self.not_checked],
            "not_visible": ids(self.not_visible),
            "restored": {
                f"{k}s": [{"id": r.item.id, "replaces": r.replaces} for r in v]
                for k, v in self.restored.items()
            },
            "removed_by_export": {
                "pins": [i.id for i in self.removed_by_export],
                "provenance": EXPORT_PROVENANCE,
                "exports": [
                    {"snapshot": snapshot, "exported_at": exported_at}
                    for snapshot, exported_at in sorted(
                        {(i.evidence_snapshot or 0, i.missing_since) for i in by_export}
                    )
                ],
            },
        }
        if detail:
            body["details"] = {
                "removed": [i.to_json() for v in self.removed.values() for i in v],
                "removed_by_export": [i.to_json() for i in self.removed_by_export],
                "not_visible": [i.to_json() for v in self.not_visible.values() for i in v],
                "added": [i.to_json() for v in self.added.values() for i in v],
                "changed": [c.to_json() for v in self.changed.values() for c in v],
                "moved": [m.to_json() for v in self.moved.values() for m in v],
            }
        return body

    @property
    def lost_anything(self) -> bool:
        return any(self.removed.values()) or bool(self.removed_by_export)

    def not_visible_sentence(self) -> str:
        """What the comparison left out as secret content the newer snapshot could not be
        known to see, in words for every face; "" when nothing was."""
        counts = {k: len(v) for k, v in self.not_visible.items() if v}
        if not counts:
            return ""
        what = ", ".join(plural(n, k) for k, n in counts.items())
        return (
            f"Secret content of snapshot {self.older.id} is missing from snapshot "
            f"{self.newer.id} ({what}), but that backup's login was not known to be allowed "
            "to see secret boards and their pins, so it is not counted as removed: whether "
            "it is still on Pinterest is not known. A backup with a browser login, which "
            "asks for that permission, shows it."
        )


def title_of(kind: str, raw: JsonDict) -> str:
    key = "title" if kind == "pin" else "name"
    value = raw.get(key)
    return value if isinstance(value, str) else ""


def choose_snapshots(
    archive: Archive, older: int | None, newer: int | None
) -> tuple[Snapshot, Snapshot]:
    """The two snapshots to compare: those given, else the last two complete ones."""
    complete = [s for s in archive.snapshots() if s.complete and not s.is_export]
    if newer is None:
        if not complete or (len(complete) < 2 and older is None):
            raise UsageError(
                "There are not two complete snapshots to compare yet; run another backup."
            )
        chosen_newer = complete[-1]
    else:
        chosen_newer = archive.snapshot(newer)
    if older is None:
        before = [s for s in complete if s.id < chosen_newer.id]
        if not before:
            raise UsageError(f"No complete snapshot comes before snapshot {chosen_newer.id}.")
        chosen_older = before[-1]
    else:
        chosen_older = archive.snapshot(older)
    for snap in (chosen_older, chosen_newer):
        if snap.is_export:
            raise UnusableSnapshot(
                f"Snapshot {snap.id} is an imported data export, not a backup: what it says "
                "was removed shows when two backups are compared."
            )
        if not snap.complete:
            raise UnusableSnapshot(
                f"Snapshot {snap.id} is partial: it did not see everything, so it cannot show "
                "what was removed. Choose complete snapshots."
            )
    seen = (chosen_older.sees_secret, chosen_newer.sees_secret)
    if None not in seen and seen[0] != seen[1]:
        raise UsageError(
            f"Snapshots {chosen_older.id} and {chosen_newer.id} were taken with different "
            "permissions (one could see secret boards, the other not): comparing them would "
            "show secret content as removed. Log in again allowing secret boards and back up."
        )
    if chosen_older.id >= chosen_newer.id:
        raise UsageError("The first snapshot must be older than the second.")
    return chosen_older, chosen_newer


def choose_with_export(
    archive: Archive, older: int | None, newer: int | None
) -> tuple[Snapshot, Snapshot]:
    """As choose_snapshots; but with fewer than two complete backups and a data export
    imported, the export's word alone: (S, S) for the one backup or the latest export."""
    try:
        return choose_snapshots(archive, older, newer)
    except UsageError:
        exports = archive.exports()
        backups = [s for s in archive.snapshots() if s.complete and not s.is_export]
        if older is not None or newer is not None or len(backups) >= 2 or not exports:
            raise
        alone = backups[-1] if backups else exports[-1]
        return alone, alone


def baseline_or_given(
    archive: Archive, snapshot_id: int | None, purpose: str, exports: bool = False
) -> Snapshot:
    """The snapshot asked for, else the evidence baseline (the last complete snapshot
    before the account became unavailable), else the last complete one. `purpose` ends
    the sentence a user sees when there is none: "to document", "to restore from"."""
    if snapshot_id is not None:
        chosen = archive.snapshot(snapshot_id)
    else:
        found = archive.evidence_baseline() or archive.last_complete()
        if found is None:
            raise UsageError(f"There is no complete snapshot {purpose} yet; run a backup first.")
        chosen = found
    if not chosen.complete:
        raise UnusableSnapshot(f"Snapshot {chosen.id} is {chosen.status}; choose a complete one.")
    if chosen.is_export and not exports:
        raise UnusableSnapshot(
            f"Snapshot {chosen.id} is an imported data export, not a backup; choose a backup."
        )
    return chosen


def diff(archive: Archive, older: Snapshot, newer: Snapshot) -> DiffResult:
    result = DiffResult(older, newer)
    times = {s.id: s.started_at for s in archive.snapshots()}
    for kind in KINDS:
        # Versions are compared by id first; only what differs has its JSON read.
        before, after = placements(archive, older, newer, kind)
        removed = sorted(set(before) - set(after))
        added = sorted(set(after) - set(before))
        differing = sorted(o for o in set(before) & set(after) if before[o][0] != after[o][0])
        raws = archive.raw_versions(
            [before[o][0] for o in removed + differing] + [after[o][0] for o in added + differing]
        )
        facts = archive.facts_of(kind, removed + added + differing)

        def item(
            object_id: str,
            placement: tuple[int, str | None, str | None],
            kind: str = kind,
            facts: Facts = facts,
            raws: dict[int, JsonDict] = raws,
        ) -> Item:
            version_id, board_id, section_id = placement
            raw = raws[version_id]
            first, last, missing = facts.get(object_id, (0, 0, None))
            return Item(
                kind,
                object_id,
                title_of(kind, raw),
                raw,
                board_id,
                section_id,
                times.get(first),
                times.get(last),
                times.get(missing) if missing else None,
                version_id,
            )

        result.removed[kind] = [item(o, before[o]) for o in removed]
        result.added[kind] = [item(o, after[o]) for o in added]
        for object_id in differing:
            old, new = item(object_id, before[object_id]), item(object_id, after[object_id])
            if (old.board_id, old.section_id) != (new.board_id, new.section_id):
                result.moved[kind].append(
                    Move(new, old.board_id, old.section_id, new.board_id, new.section_id)
                )
            fields = {
                key: (old.raw.get(key), new.raw.get(key))
                for key in sorted(set(old.raw) | set(new.raw))
                if key not in PLACEMENT | VOLATILE_BY_KIND[kind]
                and old.raw.get(key) != new.raw.get(key)
            }
            if fields:
                result.changed[kind].append(Change(new, fields))
    _set_apart_restored(archive, result)
    result.board_names = board_names(archive, older, newer)
    if newer.sees_secret is not True:
        _set_apart_secret(archive, result)
    result.not_checked = not_checked(archive, newer, times)
    result.blast = blast_radius(archive, result.removed["pin"])
    result.removed_by_export = removed_by_export(
        archive, newer, {i.id for i in result.removed["pin"]}, times
    )
    return result


def placements(
    archive: Archive, older: Snapshot, newer: Snapshot, kind: str
) -> tuple[dict[str, Placement], dict[str, Placement]]:
    """The placements to compare: of two backups, only those of objects whose sighting
    does not span both (what spans both is unchanged, and at 100,000 pins reading it all
    took most of the comparison's time); an export's (its entries are not sightings), or
    a snapshot with itself, whole."""
    if older.is_export or newer.is_export or older.id >= newer.id:
        return archive.placements_in(older.id, kind), archive.placements_in(newer.id, kind)
    return archive.placements_apart(older.id, newer.id, kind)


def board_names(archive: Archive, *snapshots: Snapshot) -> dict[str, str]:
    names: dict[str, str] = {}
    for snapshot in snapshots:
        for board_id, version in archive.objects_in(snapshot.id, "board").items():
            names.setdefault(board_id, title_of("board", version.raw))
    return names


def _set_apart_restored(archive: Archive, result: DiffResult) -> None:
    """Moves what `result` calls added that a restore created to `restored`: a pin put
    back is the pin it replaces, not a new one."""
    replaced = restored_ids(archive.root)
    if not replaced:
        return
    result.put_back = {kind: set(by_new.values()) for kind, by_new in replaced.items()}
    for kind in KINDS:
        by_new = replaced.get(kind, {})
        kept: list[Item] = []
        for item in result.added[kind]:
            if item.id in by_new:
                result.restored[kind].append(Restored(item, by_new[item.id]))
            else:
                kept.append(item)
        result.added[kind] = kept


def _set_apart_secret(archive: Archive, result: DiffResult) -> None:
    """Moves what `result` calls removed that was secret in the older snapshot (a secret
    board, a section or pin on one) to `not_visible`: the newer snapshot's login was not
    known to see secret content, so its absence there proves nothing."""
    secret = {
        board_id
        for board_id, version in archive.objects_in(result.older.id, "board").items()
        if version.raw.get("privacy") == "SECRET"
    }
    secret |= {i.id for i in result.removed["board"] if i.raw.get("privacy") == "SECRET"}
    if not secret:
        return
    for kind in KINDS:
        hidden = [
            i
            for i in result.removed[kind]
            if (i.id in secret if kind == "board" else i.board_id in secret)
        ]
        if hidden:
            result.not_visible[kind] = hidden
            ids = {i.id for i in hidden}
            result.removed[kind] = [i for i in result.removed[kind] if i.id not in ids]


def not_checked(archive: Archive, snapshot: Snapshot, times: dict[int, str]) -> list[NotChecked]:
    """The boards of `snapshot` it did not list, by name, with when each was last listed."""
    if snapshot.is_export:
        return []
    boards = archive.objects_in(snapshot.id, "board")
    found = []
    for board in archive.unchecked_boards(snapshot.id):
        version = boards.get(board.board_id)
        name = title_of("board", version.raw) if version else ""
        state = board.state.value if board.state else "not_reached"
        last = times.get(board.last_listed) if board.last_listed else None
        found.append(NotChecked(board.board_id, name, state, board.detail, last))
    return found


def removed_by_export(
    archive: Archive, newer: Snapshot, already: set[str], times: dict[int, str]
) -> list[Item]:
    """Pins a data export marks `Alive: False`, unless a backup still shows them (in
    `newer`, or in the last backup when `newer` is an export) or already lists them."""
    removals = archive.export_removals()
    if not removals:
        return []
    shown = newer if not newer.is_export else archive.last_complete()
    present = set(archive.placements_in(shown.id, "pin")) if shown else set()
    chosen = [r for r in removals if r.object_id not in present and r.object_id not in already]
    raws = archive.raw_versions([r.version_id for r in chosen])
    facts = archive.object_facts("pin")
    seen = archive.seen_by_a_backup("pin")
    items = []
    for r in chosen:
        raw = raws.get(r.version_id, {})
        first, last, _ = facts.get(r.object_id, (0, 0, None))
        board = raw.get("board_id")
        section = raw.get("board_section_id")
        items.append(
            Item(
                "pin",
                r.object_id,
                title_of("pin", raw),
                raw,
                board if isinstance(board, str) else None,
                section if isinstance(section, str) else None,
                times.get(first),
                times.get(last),
                r.snapshot.started_at,  # the export's date: when it said the pin was gone
                r.version_id,
                EXPORT_PROVENANCE,
                r.snapshot.id,
                export_alone=r.object_id not in seen,
            )
        )
    return items


def blast_radius(archive: Archive, removed: list[Item]) -> list[BlastGroup]:
    """Removed pins grouped by the sha256 of their image; groups of two or more first."""
    by_hash: dict[str, BlastGroup] = {}
    media = archive.primary_media({i.id for i in removed})
    for pin in removed:
        sha = media.get(pin.id)
        if sha is None:
            continue
        group = by_hash.setdefault(sha, BlastGroup(sha, [], []))
        group.pins.append(pin.id)
        if pin.board_id and pin.board_id not in group.boards:
            group.boards.append(pin.board_id)
    return sorted(by_hash.values(), key=lambda g: (-len(g.pins), g.sha256))
