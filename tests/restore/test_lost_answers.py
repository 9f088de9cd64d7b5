"""Writes whose answer never arrives, crashes between intent and answer, and Pinterest's
409s: the journal and the matching keep every object on the account exactly once."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from creator_backup.archive.store import Archive
from creator_backup.restore.journal import RestoreJournal, State
from creator_backup.sandbox import Sandbox

from .conftest import (
    UNPACED,
    JsonDict,
    assert_restored,
    cannot_ids,
    control,
    do_backup,
    fast_client,
    journal_entries,
    lose,
    posts,
    restore,
    sandbox_state,
)


def script(sandbox: Sandbox, *entries: JsonDict) -> None:
    control(sandbox, "faults", {"script": list(entries)})


def with_losses(
    make_sandbox: Callable[..., Sandbox], root: Path, seed: int, **config: Any
) -> tuple[Sandbox, JsonDict, int]:
    """A backed-up account missing one board (with its sections) and a few image pins;
    returns the sandbox, the state as backed up, and how many pins are gone."""
    sandbox = make_sandbox(seed=seed, boards=4, pins=60, **{**UNPACED, **config})
    assert do_backup(sandbox, root).complete
    before = sandbox_state(sandbox)
    board = next(
        b for b in before["boards"] if any(s["board_id"] == b["id"] for s in before["sections"])
    )
    control(sandbox, f"boards/{board['id']}/remove")
    on_board = sum(1 for p in before["pins"] if p["board_id"] == board["id"])
    lost = lose(
        sandbox,
        before,
        lambda p: p["board_id"] != board["id"] and p["is_owner"]
        and p["media"]["media_type"] == "image" and int(p["id"]) % 4 == 1,
    )  # fmt: skip
    assert lost
    return sandbox, before, on_board + len(lost)


def test_a_reset_after_the_server_created_it_makes_no_duplicate(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=41)
    # The server commits, sends half its answer, then resets the connection.
    script(
        sandbox,
        {"kind": "reset", "method": "POST", "path": "^/v5/boards$"},
        {"kind": "reset", "method": "POST", "path": "^/v5/boards/\\d+/sections$"},
        {"kind": "reset", "method": "POST", "path": "^/v5/pins$", "times": 3},
    )
    writes_before = posts(sandbox)
    result = restore(sandbox, archive_root)
    assert result.ok, (result.failed, result.stopped)
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))
    assert sandbox_state(sandbox)["faults_injected"]["reset"] == 5
    sent = {k: v - writes_before.get(k, 0) for k, v in posts(sandbox).items()}
    created = result.created
    # Each object was sent exactly once: the lost answers were settled by listing.
    assert sent.get("POST /v5/boards", 0) == created["boards"] == 1
    assert sent.get("POST /v5/boards/{board_id}/sections", 0) == created["sections"]
    saves = sent.get("POST /v5/pins/{pin_id}/save", 0)
    videos = sent.get("POST /v5/media", 0)
    assert sent.get("POST /v5/pins", 0) + saves == created["pins"]
    assert videos <= created["pins"]
    entries = journal_entries(archive_root)
    assert {e.state for e in entries.values()} == {State.DONE}
    assert sum(1 for e in entries.values() if e.attempts > 1) == 0


def test_a_5xx_that_created_nothing_is_sent_again_once(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=42)
    # A 503 is refused before anything is stored: the outcome looks unknown to the client.
    script(
        sandbox,
        {"kind": "status", "status": 503, "method": "POST", "path": "^/v5/pins$", "times": 2},
    )
    writes_before = posts(sandbox).get("POST /v5/pins", 0)
    result = restore(sandbox, archive_root)
    assert result.ok, result.failed
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))
    sent = posts(sandbox).get("POST /v5/pins", 0) - writes_before
    own = sum(1 for i in result.plan.items if i.kind == "pin" and i.method != "save")
    assert sent == own + 2
    # Both 503s hit the same pin: listed, not found, sent again; done on the third try.
    (retried,) = [e for e in journal_entries(archive_root).values() if e.attempts > 1]
    assert retried.attempts == 3 and retried.state == State.DONE


def test_an_unknown_that_stays_unknown_is_left_for_the_next_run(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=43)
    script(
        sandbox,
        {"kind": "status", "status": 502, "method": "POST", "path": "^/v5/pins$", "times": 3},
    )
    first = restore(sandbox, archive_root, unknown_resends=2)
    assert len(first.failed) == 1 and "next run" in str(first.failed[0]["reason"])
    (doubt,) = [e for e in journal_entries(archive_root).values() if e.state == State.UNKNOWN]
    assert doubt.attempts == 3
    second = restore(sandbox, archive_root)
    assert second.ok and second.created["pins"] == 1
    assert_restored(before, sandbox_state(sandbox), cannot_ids(second))


def _crash_after_sending(sandbox: Sandbox, root: Path, created: bool) -> str:
    """What a run killed between its journal's `sent` and the answer leaves: the intent on
    disk, and the pin on the account (if the request got there). Made with the app's own
    plan and request body, as the killed run would have sent it."""
    from creator_backup.restore.recipes import pin_body

    plan = restore(sandbox, root, dry_run=True).plan
    boards = plan.present["board"]
    item = next(
        i
        for i in plan.items
        if i.kind == "pin" and i.method == "image_base64" and i.board_old in boards
        and i.section_old is None
    )  # fmt: skip
    assert item.recipe is not None and item.board_old is not None
    with RestoreJournal.open(root) as journal:
        journal.sent("pin", item.old_id)
    if created:
        client = fast_client(sandbox)
        try:
            client.create_pin(pin_body(item.recipe, boards[item.board_old], None))
        finally:
            client.close()
    return item.old_id


def test_a_crash_after_the_request_arrived_is_matched_not_resent(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=44)
    old_id = _crash_after_sending(sandbox, archive_root, created=True)
    result = restore(sandbox, archive_root)
    assert result.ok
    assert result.plan.present["pin"][old_id] != old_id
    assert result.created["pins"] == len([i for i in result.plan.items if i.kind == "pin"])
    entry = journal_entries(archive_root)[f"pin:{old_id}"]
    assert entry.state == State.DONE and entry.how == "found" and entry.attempts == 1
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))


def test_a_crash_before_the_request_arrived_sends_it_once(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=45)
    old_id = _crash_after_sending(sandbox, archive_root, created=False)
    result = restore(sandbox, archive_root)
    assert result.ok
    (item,) = [i for i in result.plan.items if i.old_id == old_id]
    assert item.in_doubt
    entry = journal_entries(archive_root)[f"pin:{old_id}"]
    assert entry.state == State.DONE and entry.how == "created" and entry.attempts == 2
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))


def test_section_409s_are_retried_later_without_duplicates(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox, before, _ = with_losses(make_sandbox, archive_root, seed=46, section_conflict_rate=0.0)
    sandbox.config.section_conflict_rate = 0.7  # Pinterest busy with the board, often
    result = restore(sandbox, archive_root, conflict_retries=30)
    assert result.ok, result.failed
    assert result.created["sections"] >= 1
    sent = posts(sandbox).get("POST /v5/boards/{board_id}/sections", 0)
    assert sent > result.created["sections"], "some section writes were refused with 409"
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))


def test_look_alike_pins_are_told_apart_by_their_image(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    """Two pins with the same title, link and description on one board; both lost, and the
    creator already put the second one back by hand. Only the first is created."""
    sandbox = make_sandbox(seed=47, boards=2, pins=20, extras=False, **UNPACED)
    state = sandbox_state(sandbox)
    twins = [p for p in state["pins"] if p["board_id"] == state["boards"][0]["id"]][:2]
    same = {"title": "Twin", "description": "Same words", "link": "https://example.com/t"}
    for pin in twins:
        control(sandbox, f"pins/{pin['id']}/edit", same)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    for pin in twins:
        control(sandbox, f"pins/{pin['id']}/remove")
    # The newer twin: restore meets the older one first, and must not give it this copy.
    second = next(p for p in before["pins"] if p["id"] == twins[0]["id"])
    with Archive.open(archive_root, write=False) as archive:
        (path,) = archive.root.glob(f"media/*/*/{second['media_sha256']}.*")
        data = path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == second["media_sha256"]
    by_hand = requests.post(
        f"{sandbox.api_base}/pins",
        json={
            **same,
            "dominant_color": second["dominant_color"],
            **({"alt_text": second["alt_text"]} if second["alt_text"] else {}),
            "board_id": second["board_id"],
            "media_source": {
                "source_type": "image_base64",
                "content_type": "image/png",
                "data": base64.b64encode(data).decode(),
            },
        },
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    )
    assert by_hand.status_code == 201, by_hand.text

    result = restore(sandbox, archive_root)
    assert result.ok
    assert result.created["pins"] == 1
    assert result.plan.present["pin"][twins[0]["id"]] == by_hand.json()["id"]
    assert_restored(before, sandbox_state(sandbox), set())
