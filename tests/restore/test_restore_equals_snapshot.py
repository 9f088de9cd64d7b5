"""Content taken away, then restored: the account equals the snapshot again (placement,
text within the API's limits, media sha256), with no pin twice, in the original order, and
a second run creates nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from creator_backup.archive.store import Archive
from creator_backup.restore.journal import State
from creator_backup.sandbox import Sandbox

from .conftest import (
    UNPACED,
    JsonDict,
    assert_restored,
    cannot_ids,
    control,
    do_backup,
    journal_entries,
    lose,
    posts,
    restore,
    sandbox_state,
)


def first(state: JsonDict, pick: Callable[[JsonDict], bool], n: int = 1) -> list[JsonDict]:
    return [p for p in state["pins"] if pick(p)][:n]


def source_exists(sandbox: Sandbox, pin_id: str) -> bool:
    response = requests.get(
        f"{sandbox.api_base}/pins/{pin_id}",
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    )
    return response.status_code == 200


def take_away_a_bit_of_everything(sandbox: Sandbox, state: JsonDict) -> tuple[set[str], int]:
    """A whole board with sections, one section elsewhere, and two pins of every kind;
    returns the ids of every pin lost, and how many sections went."""
    boards = {b["id"]: b for b in state["boards"]}
    board_with_sections = {s["board_id"] for s in state["sections"]}
    whole = next(b for b in state["boards"][::-1] if b["id"] in board_with_sections)
    control(sandbox, f"boards/{whole['id']}/remove")
    section = next(s for s in state["sections"] if s["board_id"] != whole["id"])
    control(sandbox, f"boards/{section['board_id']}/sections/{section['id']}/remove")
    lost = {
        p["id"]
        for p in state["pins"]
        if p["board_id"] == whole["id"] or p["board_section_id"] == section["id"]
    }
    elsewhere = {whole["id"], section["board_id"]}

    def free(p: JsonDict) -> bool:
        return p["board_id"] in boards and p["board_id"] not in elsewhere and p["id"] not in lost

    kinds: list[Callable[[JsonDict], bool]] = [
        lambda p: p["media"]["media_type"] == "multiple_images",
        lambda p: p["media"]["media_type"] == "video" and bool(p["media"]["video_url"]),
        lambda p: p["media"]["media_type"] == "video" and not p["media"]["video_url"],
        lambda p: not p["is_owner"] and source_exists(sandbox, p["parent_pin_id"]),
        lambda p: not p["is_owner"] and not source_exists(sandbox, p["parent_pin_id"]),
        lambda p: p["media"]["media_type"] == "image" and p["is_owner"],
    ]
    chosen = [
        pin["id"]
        for pick in kinds
        for pin in first(state, lambda p, pick=pick: free(p) and pick(p), 2)  # type: ignore[misc]
    ]
    assert len(chosen) == 12, "the sandbox account has every kind of pin"
    lose(sandbox, state, lambda p: p["id"] in chosen)
    sections = 1 + sum(1 for s in state["sections"] if s["board_id"] == whole["id"])
    return lost | set(chosen), sections


def test_remove_then_restore_equals_the_snapshot(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=31, boards=7, pins=180, **UNPACED)
    assert do_backup(sandbox, archive_root).complete
    before = sandbox_state(sandbox)
    lost, sections = take_away_a_bit_of_everything(sandbox, before)
    writes_before = posts(sandbox)

    plan = restore(sandbox, archive_root, dry_run=True)
    assert posts(sandbox) == writes_before, "a dry run sends nothing"
    cannot = cannot_ids(plan)
    reasons = {u.id: u.reason for u in plan.plan.cannot}
    videos_without_file = {
        p["id"] for p in before["pins"] if p["media"]["media_type"] == "video"
        and not p["media"]["video_url"]
    }  # fmt: skip
    dead_sources = {
        p["id"] for p in before["pins"]
        if not p["is_owner"] and p["id"] in lost and not source_exists(sandbox, p["parent_pin_id"])
    }  # fmt: skip
    assert cannot == (lost & videos_without_file) | dead_sources
    assert all("video file" in reasons[i] for i in lost & videos_without_file)
    assert all("no longer exists" in reasons[i] for i in dead_sources)
    body = plan.to_json()
    assert body["dry_run"] is True
    assert body["plan"] == {"boards": 1, "sections": sections, "pins": len(lost - cannot)}
    assert body["created"] == {"boards": 0, "sections": 0, "pins": 0}
    methods: dict[str, int] = body["methods"]  # type: ignore[assignment]
    assert set(methods) == {"image_base64", "multiple_image_base64", "video_upload", "save"}
    assert body["upload_bytes"] > 0  # type: ignore[operator]
    # One write per object, and one more per video (POST /media).
    assert body["writes"] == 1 + sections + len(lost - cannot) + methods["video_upload"]

    result = restore(sandbox, archive_root)
    assert result.ok, (result.failed, result.stopped, result.duplicates)
    assert result.created == body["plan"]
    after = sandbox_state(sandbox)
    assert_restored(before, after, cannot)
    states = {e.state for e in journal_entries(archive_root).values()}
    assert states == {State.DONE}

    # Again: everything is there, nothing is created, nothing is even sent.
    writes = posts(sandbox)
    again = restore(sandbox, archive_root)
    assert again.ok
    assert again.created == {"boards": 0, "sections": 0, "pins": 0}
    assert again.plan.counts() == {"boards": 0, "sections": 0, "pins": 0}
    assert posts(sandbox) == writes
    assert cannot_ids(again) == cannot
    assert_restored(before, sandbox_state(sandbox), cannot)


def test_suspended_and_reinstated_without_content_restores_from_the_baseline(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=32, boards=4, pins=60, **UNPACED)
    assert do_backup(sandbox, archive_root).complete
    before = sandbox_state(sandbox)
    victims = before["boards"][:3]  # public, secret and protected (ad-only) boards
    assert [b["privacy"] for b in victims] == ["PUBLIC", "SECRET", "PROTECTED"]
    for board in victims:
        control(sandbox, f"boards/{board['id']}/remove")
    gone = {b["id"] for b in victims}
    lost = lose(sandbox, before, lambda p: p["board_id"] not in gone and p["is_owner"]
                and p["media"]["media_type"] == "image" and int(p["id"]) % 3 == 0)  # fmt: skip
    assert lost
    control(sandbox, "account/suspend")
    assert not do_backup(sandbox, archive_root).complete  # the watchdog marks the baseline
    control(sandbox, "account/reinstate", {"restore_content": False})
    after_reinstatement = do_backup(sandbox, archive_root)  # sees the account as it came back
    assert after_reinstatement.complete
    with Archive.open(archive_root, write=False) as archive:
        baseline = archive.evidence_baseline()
        assert baseline is not None and baseline.id == 1

    result = restore(sandbox, archive_root)
    assert result.plan.snapshot.id == 1, "the evidence baseline, not the later snapshot"
    assert result.ok, (result.failed, result.stopped)
    assert result.created["boards"] == 3
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))


def test_a_restored_board_lists_its_pins_in_the_original_order(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=33, boards=3, pins=60, extras=False, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    board = before["boards"][1]
    original = [p["title"] for p in before["pins"] if p["board_id"] == board["id"]]
    assert len(original) > 10
    control(sandbox, f"boards/{board['id']}/remove")

    result = restore(sandbox, archive_root)
    assert result.ok and result.created["pins"] == len(original)
    after = sandbox_state(sandbox)
    (new_board,) = [b for b in after["boards"] if b["name"] == board["name"]]
    assert new_board["id"] != board["id"]
    # The sandbox lists newest first, as Pinterest does: same order as before the loss.
    assert [p["title"] for p in after["pins"] if p["board_id"] == new_board["id"]] == original


def test_fields_over_the_limits_are_cut_in_the_plan_and_on_the_account(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=34, boards=2, pins=20, extras=False, **UNPACED)
    state = sandbox_state(sandbox)
    pin = state["pins"][3]
    long_title = "T" * 99 + "\u00e9" * 51  # 150 characters
    long_description = "D" * 900
    control(
        sandbox,
        f"pins/{pin['id']}/edit",
        {"title": long_title, "description": long_description},
    )
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    control(sandbox, f"pins/{pin['id']}/remove")

    plan = restore(sandbox, archive_root, dry_run=True).to_json()
    cuts: list[dict[str, Any]] = plan["truncated"]  # type: ignore[assignment]
    assert {(c["id"], c["field"], c["length"], c["limit"]) for c in cuts} == {
        (pin["id"], "title", 150, 100),
        (pin["id"], "description", 900, 800),
    }
    assert restore(sandbox, archive_root).ok
    after = sandbox_state(sandbox)
    (back,) = [p for p in after["pins"] if p["title"] == long_title[:100]]
    assert back["description"] == long_description[:800]
    assert_restored(before, after, set())


def test_a_board_name_already_taken_is_used_not_duplicated(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=35, boards=3, pins=30, extras=False, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    board = before["boards"][0]
    control(sandbox, f"boards/{board['id']}/remove")
    # The creator already made a board of that name again (in other letter case).
    response = requests.post(
        f"{sandbox.api_base}/boards",
        json={"name": board["name"].upper(), "privacy": board["privacy"]},
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    )
    assert response.status_code == 201
    remade = response.json()["id"]

    result = restore(sandbox, archive_root)
    assert result.ok
    assert result.created["boards"] == 0
    assert result.plan.present["board"][board["id"]] == remade
    after = sandbox_state(sandbox)
    assert len(after["boards"]) == len(before["boards"])
    lost = [p for p in before["pins"] if p["board_id"] == board["id"]]
    assert sum(1 for p in after["pins"] if p["board_id"] == remade) == len(lost)
