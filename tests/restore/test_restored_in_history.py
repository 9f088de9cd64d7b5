"""After a restore and the next backup, what came back is recognised as what it replaces:
the diff calls the new pins restored (with the ids they stand for), never added."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from creator_backup.archive.store import Archive
from creator_backup.diff.compare import choose_snapshots, diff
from creator_backup.sandbox import Sandbox
from tests.restore.conftest import UNPACED, control, do_backup, restore, sandbox_state

MakeSandbox = Callable[..., Sandbox]


def test_pins_put_back_are_restored_not_added(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=31, boards=3, pins=30, extras=False, **UNPACED)
    do_backup(sandbox, archive_root)
    pins = sandbox_state(sandbox)["pins"]
    lost = {pins[0]["id"], pins[1]["id"]}
    for pin_id in lost:
        control(sandbox, f"pins/{pin_id}/remove")
    do_backup(sandbox, archive_root)  # sees them gone
    result = restore(sandbox, archive_root, snapshot_id=1)  # from before the loss
    assert result.ok, result
    do_backup(sandbox, archive_root)  # sees the copies
    with Archive.open(archive_root, write=False) as archive:
        found = diff(archive, *choose_snapshots(archive, None, None))
    assert found.added["pin"] == []
    assert {r.replaces for r in found.restored["pin"]} == lost
    assert len(found.restored["pin"]) == len(lost)
    assert all(r.item.id not in lost for r in found.restored["pin"])
    body = found.to_json()
    assert sorted(r["replaces"] for r in body["restored"]["pins"]) == sorted(lost)
    # Board names come with the diff: a pin's board is said by name.
    assert set(found.board_names) >= {p["board_id"] for p in pins[:2]}
