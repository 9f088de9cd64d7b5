"""Schema 5 on an archive an older version wrote: what quick runs only carried stops
counting as seen, so "last seen" is the last listing again; run states become data."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from creator_backup.archive.outcomes import ListingState, RunOutcome
from creator_backup.archive.schema import SCHEMA_VERSION, user_version
from creator_backup.archive.store import Archive

DATA = Path(__file__).parent / "data"
REMOVED = "1100000410000000023"
RELISTED_BOARD = "549759900002"
CARRIED_BOARDS = {"549759900000", "549759900001"}


def old_archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    root.mkdir()
    shutil.copy(DATA / "v4_quick_runs.sqlite", root / "archive.sqlite")
    return root


def pins_by_board(root: Path) -> dict[str, dict[str, tuple[int, int | None]]]:
    """board id -> pin id -> (last_seen, missing_since), read with plain SQL."""
    found: dict[str, dict[str, tuple[int, int | None]]] = {}
    with closing(sqlite3.connect(root / "archive.sqlite")) as conn:
        rows = conn.execute(
            "SELECT o.id, o.last_seen, o.missing_since, v.board_id FROM objects o "
            "JOIN sightings s ON s.id = o.current_sighting JOIN versions v ON v.id = s.version_id "
            "WHERE o.kind = 'pin'"
        )
        for pin, last, missing, board in rows:
            found.setdefault(board, {})[pin] = (last, missing)
    return found


def test_the_fixture_is_what_version_four_wrote(tmp_path: Path) -> None:
    root = old_archive(tmp_path)
    with closing(sqlite3.connect(root / "archive.sqlite")) as conn:
        assert user_version(conn) == 4
    before = pins_by_board(root)
    # Version 4's false statement: a pin only carried by quick snapshot 2 "last seen" there.
    assert before[RELISTED_BOARD][REMOVED] == (2, 3)
    assert {last for b in CARRIED_BOARDS for last, _ in before[b].values()} == {3}


def test_last_seen_goes_back_to_the_last_listing(tmp_path: Path) -> None:
    root = old_archive(tmp_path)
    with Archive.open(root) as archive:
        assert user_version(archive.conn) == SCHEMA_VERSION
    after = pins_by_board(root)
    assert after[RELISTED_BOARD][REMOVED] == (1, 3)  # listed in 1, found gone in 3
    relisted = {pin: v for pin, v in after[RELISTED_BOARD].items() if pin != REMOVED}
    assert relisted and set(relisted.values()) == {(3, None)}
    # The carried boards' pins were listed in snapshot 1 only (GET /pins in 3 may have
    # returned them, but which it returned was not recorded: the certain time stays).
    for board in CARRIED_BOARDS:
        assert after[board] and set(after[board].values()) == {(1, None)}


def test_runs_and_boards_have_their_states(tmp_path: Path) -> None:
    root = old_archive(tmp_path)
    with Archive.open(root) as archive:
        assert [s.outcome for s in archive.snapshots()] == [RunOutcome.COMPLETE] * 3
        assert archive.unchecked_boards(1) == []
        second = archive.unchecked_boards(2)
        assert {b.board_id for b in second} == CARRIED_BOARDS | {RELISTED_BOARD}
        assert {b.state for b in second} == {ListingState.CARRIED}
        third = archive.unchecked_boards(3)
        assert {(b.board_id, b.last_listed) for b in third} == {(b, 1) for b in CARRIED_BOARDS}
        assert not archive.own_pins_checked(2) and archive.own_pins_checked(3)
        # What a snapshot holds is unchanged by the migration: carried pins are still in it.
        assert archive.count_objects(2, "pin") == 24
        assert archive.count_objects(3, "pin") == 23


def test_a_reader_migrates_too(tmp_path: Path) -> None:
    """The window opens archives read-only: it brings an old one up to date first."""
    root = old_archive(tmp_path)
    with Archive.open(root, write=False) as archive:
        assert user_version(archive.conn) == SCHEMA_VERSION
        assert archive.snapshots()[-1].outcome == RunOutcome.COMPLETE
