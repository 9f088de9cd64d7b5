"""One account backed up twice, with three pins and a board removed between the backups,
built once per test module (the sandbox is costly on two shared cores)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.sandbox.text import HOSTILE_TEXTS
from tests.backup.conftest import archive_root, control, do_backup, sandbox_state

__all__ = ["archive_root"]  # the backup tests' fixtures serve here too


@dataclass(frozen=True)
class LostAccount:
    root: Path  # the archive
    removed_pins: set[str]  # in the archive, and gone from Pinterest after the 2nd backup
    removed_board: str
    hostile_pins: dict[str, str]  # pin id -> its hostile title
    hostile_boards: dict[str, str]


def archived_ids(root: Path, kind: str) -> set[str]:
    conn = sqlite3.connect(root / "archive.sqlite")
    try:
        rows = conn.execute("SELECT id FROM objects WHERE kind = ?", (kind,)).fetchall()
    finally:
        conn.close()
    return {str(r[0]) for r in rows}


def build_lost_account(root: Path, pins: int = 90, boards: int = 5) -> LostAccount:
    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=21, boards=boards, pins=pins, section_conflict_rate=0)
    )
    sandbox.start()
    try:
        assert do_backup(sandbox, root).complete
        before = sandbox_state(sandbox)
        archived = archived_ids(root, "pin")
        mine = [p for p in before["pins"] if p["id"] in archived]
        # Removed from boards the backups' bare token is sure to see: its permission for
        # secret boards is not known, so a removal there would not be concluded.
        secret = {b["id"] for b in before["boards"] if b["privacy"] == "SECRET"}
        board = next(
            b["id"]
            for b in before["boards"]
            if b["id"] not in secret and sum(p.get("board_id") == b["id"] for p in mine) >= 2
        )
        others = [p["id"] for p in mine if p.get("board_id") not in {board, *secret}][:3]
        for pin_id in others:
            control(sandbox, f"pins/{pin_id}/remove")
        control(sandbox, f"boards/{board}/remove")
        assert do_backup(sandbox, root).complete
        after = {p["id"] for p in sandbox_state(sandbox)["pins"]}
    finally:
        sandbox.stop()
    hostile = set(HOSTILE_TEXTS)
    return LostAccount(
        root=root,
        removed_pins=archived - after,
        removed_board=board,
        hostile_pins={p["id"]: p["title"] for p in mine if p.get("title") in hostile},
        hostile_boards={b["id"]: b["name"] for b in before["boards"] if b["name"] in hostile},
    )


@pytest.fixture(scope="module")
def lost_account(tmp_path_factory: pytest.TempPathFactory) -> LostAccount:
    return build_lost_account(tmp_path_factory.mktemp("site") / "archive")


@pytest.fixture
def archive(lost_account: LostAccount) -> Iterator[Archive]:
    opened = Archive.open(lost_account.root, write=False)
    try:
        yield opened
    finally:
        opened.close()
