"""Secret boards are taken for removed only by a backup whose login is known to see them
(Pinterest's list of its scopes, or both secret read scopes seen working). A login whose
permission is not known (a token from the environment, a pasted one whose probe could not
tell) proves nothing by their absence: nothing is marked missing, a comparison sets them
apart as not visible to it instead of removed, and its summary says so."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.api.factory import make_client
from creator_backup.archive.listings import board_key
from creator_backup.archive.outcomes import ListingState
from creator_backup.archive.store import Archive
from creator_backup.auth.oauth import READ_SCOPES
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupRun
from creator_backup.backup.summary import summary_lines
from creator_backup.diff.compare import choose_snapshots, diff
from creator_backup.sandbox import Sandbox

from .conftest import control, sandbox_state
from .test_secret_scopes_summary import backup, login_with

MakeSandbox = Callable[..., Sandbox]


@pytest.fixture
def sandbox(make_sandbox: MakeSandbox) -> Sandbox:
    return make_sandbox(seed=31, boards=6, pins=60)  # extras: secret boards with pins


def secret_boards(sandbox: Sandbox) -> dict[str, list[str]]:
    """Each secret board of the account and its pins."""
    state = sandbox_state(sandbox)
    boards: dict[str, list[str]] = {
        b["id"]: [] for b in state["boards"] if b["privacy"] == "SECRET"
    }
    for pin in state["pins"]:
        if pin["board_id"] in boards:
            boards[pin["board_id"]].append(pin["id"])
    assert boards and any(boards.values()), "the account has secret boards with pins"
    return boards


def missing_since(root: Path, kind: str, object_id: str) -> int | None:
    with Archive.open(root, write=False) as archive:
        row = archive.conn.execute(
            "SELECT missing_since FROM objects WHERE kind = ? AND id = ?", (kind, object_id)
        ).fetchone()
    assert row is not None
    return None if row[0] is None else int(row[0])


def test_a_login_known_to_see_secret_boards_finds_one_removed(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The normal case: a browser login, granted every read scope by Pinterest."""
    root = tmp_path / "archive"
    first = backup(sandbox, root, login_with(sandbox, list(READ_SCOPES)))
    assert first.complete and first.snapshot.sees_secret is True
    boards = secret_boards(sandbox)
    gone = next(b for b, pins in boards.items() if pins)
    control(sandbox, f"boards/{gone}/remove")

    second = backup(sandbox, root, login_with(sandbox, list(READ_SCOPES)))
    assert second.complete and second.secret_unseen == 0
    assert missing_since(root, "board", gone) == second.snapshot.id
    assert missing_since(root, "pin", boards[gone][0]) == second.snapshot.id
    with Archive.open(root, write=False) as archive:
        result = diff(archive, *choose_snapshots(archive, None, None))
    assert gone in {i.id for i in result.removed["board"]}
    assert set(boards[gone]) <= {i.id for i in result.removed["pin"]}
    assert not any(result.not_visible.values()) and result.not_visible_sentence() == ""
    assert not any(line.startswith("Secret boards were not checked") for line in
                   summary_lines(second))  # fmt: skip


def test_a_login_not_known_to_see_secret_boards_calls_none_removed(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    root = tmp_path / "archive"
    first = backup(sandbox, root, login_with(sandbox, list(READ_SCOPES)))
    assert first.complete
    boards = secret_boards(sandbox)
    # One of them really is removed: this login cannot be known to have seen that either.
    gone = next(b for b, pins in boards.items() if pins)
    control(sandbox, f"boards/{gone}/remove")

    # A token given bare, as from the environment: what it may see is not known (this one
    # happens to see secret boards, so it lists those still there).
    second = backup(sandbox, root, StaticToken(sandbox.access_token))
    assert second.complete and second.snapshot.sees_secret is None
    for board_id, pins in boards.items():
        if board_id == gone:
            continue
        assert missing_since(root, "board", board_id) is None
        for pin in pins:
            assert missing_since(root, "pin", pin) is None
    # This login saw the secret boards still there: absent now is only the removed one.
    assert second.secret_unseen == 1
    assert missing_since(root, "board", gone) is None, "its absence proved nothing"
    lines = summary_lines(second)
    said = [line for line in lines if line.startswith("Secret boards were not checked: ")]
    assert said and "1 secret board backed up before was not seen" in said[0]
    assert "not counted as removed" in said[0]

    with Archive.open(root, write=False) as archive:
        result = diff(archive, *choose_snapshots(archive, None, None))
    assert gone not in {i.id for i in result.removed["board"]}
    assert not set(boards[gone]) & {i.id for i in result.removed["pin"]}
    assert not result.lost_anything
    assert {i.id for i in result.not_visible["board"]} == {gone}
    assert set(boards[gone]) <= {i.id for i in result.not_visible["pin"]}
    sentence = result.not_visible_sentence()
    assert sentence.startswith(f"Secret content of snapshot {first.snapshot.id} is missing")
    assert "not counted as removed" in sentence and "1 board" in sentence
    body = result.to_json()
    assert body["not_visible"]["boards"] == [gone] and body["removed"]["boards"] == []


def test_a_quick_run_keeps_a_pin_its_boards_last_listing_found_gone_out(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """A login not known to see secret boards marks nothing on them missing, even a pin
    its own listing of the board found gone. A quick run that then carries that board
    keeps what its last listing held: the pin does not come back, and the snapshot that
    saw it absent is not rewritten to hold it (found by the state machine at length)."""
    root = tmp_path / "archive"
    token = StaticToken(sandbox.access_token)
    assert backup(sandbox, root, token).complete
    board, pins = next((b, p) for b, p in secret_boards(sandbox).items() if len(p) > 1)
    gone = pins[0]
    control(sandbox, f"pins/{gone}/remove")
    sandbox.clock.advance(1.5)  # a quick run trusts modification times in whole seconds

    second = backup(sandbox, root, token)
    assert second.complete and second.snapshot.sees_secret is None
    client = make_client(sandbox.api_base, token)
    try:
        with Archive.open(root) as archive:
            options = BackupOptions(kind="quick", media=False)
            third = BackupRun(client, archive, options).run()
    finally:
        client.close()
    assert third.complete and third.snapshot.kind == "quick"
    with Archive.open(root, write=False) as archive:
        assert archive.listing_state(third.snapshot.id, board_key(board)) == ListingState.CARRIED
        for snapshot in (second.snapshot.id, third.snapshot.id):
            held = archive.objects_in(snapshot, "pin")
            assert gone not in held, f"snapshot {snapshot} holds a pin its listing found gone"
            assert set(pins[1:]) <= set(held)
