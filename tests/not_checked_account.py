"""An account backed up three times, where the later snapshots leave boards unchecked:
shared by the archive, site and appeal tests of "not checked since".

1. a full backup: every board listed;
2. a full backup after Pinterest starts refusing one board's pins (403 "Not authorized
   to access the board.") and one pin on another board is removed: the refused board is
   not checked, the removal is seen;
3. a quick backup: the refused board is tried again (refused again), every other board is
   carried (its counters did not move), and the account's own pins are not listed either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.backup.conftest import control, do_backup, sandbox_state

REFUSAL = "Not authorized to access the board."
HOSTILE_BOARD = "</table><h1>FAKE</h1>"  # the sandbox names one board so, with seed 3


@dataclass(frozen=True)
class NotCheckedAccount:
    root: Path
    refused: dict[str, Any]  # the board Pinterest refuses from the second backup on
    carried: list[dict[str, Any]]  # the boards the quick third backup left out
    removed_pin: dict[str, Any]  # removed before the second backup, from a carried board
    kept_pin: dict[str, Any]  # a pin of a carried board, still on Pinterest
    refused_pin: dict[str, Any]  # a pin of the refused board
    snapshots: list[Snapshot]  # 1, 2, 3

    def board(self, board_id: str) -> dict[str, Any]:
        return next(b for b in [self.refused, *self.carried] if b["id"] == board_id)

    @property
    def boards(self) -> set[str]:
        """The ids of the account's own boards (a pin may be on someone else's)."""
        return {b["id"] for b in [self.refused, *self.carried]}


def build_not_checked_account(root: Path) -> NotCheckedAccount:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=3, boards=4, pins=40, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        first = do_backup(sandbox, root)
        assert first.complete and not first.unchecked
        state = sandbox_state(sandbox)
        boards = state["boards"]
        assert HOSTILE_BOARD in {b["name"] for b in boards}
        refused = boards[0]
        carried = boards[1:]
        on = {b["id"]: [p for p in state["pins"] if p.get("board_id") == b["id"]] for b in boards}
        # Not a secret board: the backups' bare token is not known to see secret content,
        # so a removal there would not be concluded (its absence proves nothing).
        loser = next(b for b in carried if len(on[b["id"]]) >= 2 and b.get("privacy") != "SECRET")
        removed_pin, kept_pin = on[loser["id"]][:2]
        control(sandbox, f"boards/{refused['id']}/forbid", {"pins": True})
        control(sandbox, f"pins/{removed_pin['id']}/remove")
        second = do_backup(sandbox, root)
        assert second.complete
        assert [u["board_id"] for u in second.unchecked] == [refused["id"]]
        third = do_backup(sandbox, root, kind="quick")
        assert third.complete
        assert {u["board_id"] for u in third.unchecked} == {b["id"] for b in boards}
    finally:
        sandbox.stop()
    with Archive.open(root, write=False) as archive:
        snapshots = archive.snapshots()
    assert [s.id for s in snapshots] == [1, 2, 3]
    return NotCheckedAccount(
        root=root,
        refused=refused,
        carried=carried,
        removed_pin=removed_pin,
        kept_pin=kept_pin,
        refused_pin=on[refused["id"]][0],
        snapshots=snapshots,
    )
