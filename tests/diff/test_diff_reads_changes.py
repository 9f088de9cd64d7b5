"""The comparison of two backups reads only the sightings that do not span both; what it
finds is what comparing every placement of the two snapshots finds, across several runs:
removals, edits, moves, a pin edited and edited back (the same version in two sightings),
a board removed, one Pinterest refused (not checked) and a quick run that carried boards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from creator_backup.archive.store import Archive, Snapshot
from creator_backup.diff.compare import KINDS, DiffResult, Item, diff
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, do_backup, sandbox_state

MakeSandbox = Callable[..., Sandbox]


def whole_comparison(
    archive: Archive, older: Snapshot, newer: Snapshot, kind: str
) -> tuple[dict[str, tuple[int, str | None, str | None]], ...]:
    """(removed, added, differing) as every placement of both snapshots says: the
    placements of removed and differing objects as in `older`, of added ones in `newer`."""
    before = archive.placements_in(older.id, kind)
    after = archive.placements_in(newer.id, kind)
    both = set(before) & set(after)
    return (
        {o: before[o] for o in set(before) - set(after)},
        {o: after[o] for o in set(after) - set(before)},
        {o: before[o] for o in both if before[o][0] != after[o][0]},
    )


def placed(items: list[Item]) -> dict[str, tuple[int, str | None, str | None]]:
    return {i.id: (i.version_id, i.board_id, i.section_id) for i in items}


def check_against_whole(archive: Archive, result: DiffResult) -> None:
    times = {s.id: s.started_at for s in archive.snapshots()}
    for kind in KINDS:
        removed, added, differing = whole_comparison(archive, result.older, result.newer, kind)
        assert placed(result.removed[kind] + result.not_visible[kind]) == removed, kind
        assert placed(result.added[kind] + [r.item for r in result.restored[kind]]) == added
        moved = {m.item.id for m in result.moved[kind]}
        changed = {c.item.id for c in result.changed[kind]}
        assert moved | changed <= set(differing), kind
        after = archive.placements_in(result.newer.id, kind)
        assert moved == {o for o, p in differing.items() if p[1:] != after[o][1:]}, kind
        facts = archive.object_facts(kind)
        for item in result.removed[kind] + result.added[kind]:
            first, last, missing = facts[item.id]
            assert (item.first_seen, item.last_seen) == (times[first], times[last])
            assert item.missing_since == (times[missing] if missing else None)


def test_what_the_comparison_reads_finds_what_every_placement_says(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=31, boards=6, pins=90)
    do_backup(sandbox, archive_root, media=False)
    state = sandbox_state(sandbox)
    loose = [p for p in state["pins"] if p["board_section_id"] is None]
    removed, edited, moved = loose[0], loose[1], loose[2]
    target = next(b for b in state["boards"] if b["id"] != moved["board_id"])
    control(sandbox, f"pins/{removed['id']}/remove")
    control(sandbox, f"pins/{edited['id']}/edit", {"title": "For one run only"})
    control(sandbox, f"pins/{moved['id']}/edit", {"board_id": target["id"]})
    do_backup(sandbox, archive_root, media=False, kind="full")
    spared = {p["board_id"] for p in loose[:3]} | {target["id"]}
    gone_board, refused = [b for b in state["boards"] if b["id"] not in spared][:2]
    control(sandbox, f"pins/{edited['id']}/edit", {"title": edited["title"]})
    control(sandbox, f"boards/{gone_board['id']}/remove")
    control(sandbox, f"boards/{refused['id']}/forbid")
    do_backup(sandbox, archive_root, media=False, kind="full")
    do_backup(sandbox, archive_root, media=False, kind="quick")

    with Archive.open(archive_root, write=False) as archive:
        backups = [s for s in archive.snapshots() if s.complete and not s.is_export]
        assert len(backups) == 4
        first, second, third, _ = backups
        # Edited back: the version of the first run again, under a sighting of its own.
        sightings = archive.conn.execute(
            "SELECT version_id FROM sightings WHERE kind = 'pin' AND object_id = ?",
            (edited["id"],),
        ).fetchall()
        assert len(sightings) == 3 and sightings[0][0] == sightings[2][0]
        for index, older in enumerate(backups):
            for newer in backups[index + 1 :]:
                check_against_whole(archive, diff(archive, older, newer))
        across = diff(archive, first, third)
        assert edited["id"] not in {c.item.id for c in across.changed["pin"]}
        assert removed["id"] in {i.id for i in across.removed["pin"] + across.not_visible["pin"]}
        assert [m.item.id for m in across.moved["pin"]] == [moved["id"]]
        gone = across.removed["board"] + across.not_visible["board"]  # a secret one may be
        assert gone_board["id"] in {i.id for i in gone}
        assert refused["id"] in {n.board_id for n in across.not_checked}
        assert edited["id"] in {c.item.id for c in diff(archive, first, second).changed["pin"]}
