"""A backup holds exactly what the account holds: every board, section, pin and file."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from creator_backup.archive.store import Archive
from creator_backup.archive.verify import verify
from creator_backup.sandbox import Sandbox

from .conftest import db, do_backup, sandbox_state


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from creator_backup.sandbox import SandboxConfig

    sandbox = Sandbox(
        SandboxConfig(hostile=True, seed=5, boards=10, pins=400, section_conflict_rate=0)
    ).start()
    root = tmp_path_factory.mktemp("backed-up") / "archive"
    result = do_backup(sandbox, root)
    state = sandbox_state(sandbox)
    yield sandbox, root, result, state
    sandbox.stop()


def latest(root: Path, kind: str) -> dict[str, Any]:
    with Archive.open(root, write=False) as archive:
        snapshot = archive.snapshots()[-1]
        return {k: v.raw for k, v in archive.objects_in(snapshot.id, kind).items()}


def test_the_snapshot_is_complete(backed_up: Any) -> None:
    _, _, result, state = backed_up
    assert result.complete
    assert result.failed == []
    assert result.pins == len(state["pins"])
    assert result.boards == len(state["boards"])


def test_every_board_including_secret_and_protected(backed_up: Any) -> None:
    _, root, _, state = backed_up
    boards = latest(root, "board")
    assert set(boards) == {b["id"] for b in state["boards"]}
    privacies = {b["privacy"] for b in boards.values()}
    assert {"PUBLIC", "SECRET", "PROTECTED"} <= privacies


def test_every_section_on_its_board(backed_up: Any) -> None:
    _, root, _, state = backed_up
    with db(root) as conn:
        rows = conn.execute("SELECT object_id, board_id FROM versions WHERE kind = 'section'")
        placed = {r["object_id"]: r["board_id"] for r in rows}
    assert placed == {s["id"]: s["board_id"] for s in state["sections"]}
    assert placed  # the account has sections


def test_every_pin_with_its_placement_and_raw_json(backed_up: Any) -> None:
    _, root, _, state = backed_up
    pins = latest(root, "pin")
    expected = {p["id"]: p for p in state["pins"]}
    assert set(pins) == set(expected)
    with db(root) as conn:
        rows = conn.execute("SELECT object_id, board_id, section_id FROM versions WHERE kind='pin'")
        placement = {r["object_id"]: (r["board_id"], r["section_id"]) for r in rows}
    in_sections = 0
    for pin_id, pin in expected.items():
        assert placement[pin_id] == (pin["board_id"], pin["board_section_id"])
        in_sections += pin["board_section_id"] is not None
        # The raw JSON is kept as received: every field the API sent is there.
        for key in ("title", "description", "link", "board_id", "media", "created_at"):
            assert pins[pin_id].get(key) == pin.get(key)
    assert in_sections > 0
    # Saved pins from other users are kept too.
    assert any(p.get("is_owner") is False and p.get("parent_pin_id") for p in pins.values())


def test_media_hashes_match_what_the_account_serves(backed_up: Any) -> None:
    _, root, _, state = backed_up
    with db(root) as conn:
        stored = {
            r["object_id"]: [m for m in json.loads(r["urls"])]
            for r in conn.execute(
                "SELECT v.object_id, json_group_array(mu.sha256) AS urls FROM versions v "
                "JOIN version_media vm ON vm.version_id = v.id "
                "JOIN media_urls mu ON mu.url = vm.url WHERE v.kind = 'pin' "
                "GROUP BY v.id ORDER BY v.object_id"
            )
        }
    kinds = {"carousel": 0, "video": 0}
    for pin in state["pins"]:
        hashes = stored[pin["id"]]
        assert pin["media_sha256"] in hashes
        for item in pin.get("media_items_sha256", []):
            assert item in hashes
            kinds["carousel"] += 1
        if "video_sha256" in pin:
            assert pin["video_sha256"] in hashes
            kinds["video"] += 1
    assert kinds["carousel"] > 0 and kinds["video"] > 0
    for sha in {h for hashes in stored.values() for h in hashes}:
        files = list(root.glob(f"media/{sha[:2]}/{sha[2:4]}/{sha}.*"))
        assert len(files) == 1
        assert hashlib.sha256(files[0].read_bytes()).hexdigest() == sha


def test_hostile_names_kept_verbatim_and_never_paths(backed_up: Any) -> None:
    _, root, _, state = backed_up
    pins = latest(root, "pin")
    boards = latest(root, "board")
    hostile = [b["name"] for b in state["boards"] if re.search(r"[<>/\\]|\.\.", b["name"])]
    hostile += [p["title"] for p in state["pins"] if p["title"] and "<" in p["title"]]
    assert hostile, "the sandbox account has hostile text"
    kept = {b["name"] for b in boards.values()} | {p.get("title") for p in pins.values()}
    for text in hostile:
        assert text in kept
    safe = re.compile(r"^[A-Za-z0-9._-]+$")
    for path in root.rglob("*"):
        assert safe.match(path.name), path


def test_verify_is_clean(backed_up: Any) -> None:
    _, root, _, _ = backed_up
    with Archive.open(root, write=False) as archive:
        report = verify(archive, read_data=True)
    assert report.ok, report.problems
    assert report.media_rehashed == report.media_checked > 0


def test_archive_explains_itself(backed_up: Any) -> None:
    _, root, _, _ = backed_up
    readme = (root / "README.txt").read_text("utf-8")
    for table in ("snapshots", "versions", "sightings", "objects", "media"):
        assert table in readme
