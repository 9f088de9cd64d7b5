"""Malformed API JSON: objects with no id, wrong types, nulls, huge strings, or no object
at all, in the middle of real listings. Each is a recorded skip or stored verbatim; the
backup completes with everything else; later commands read the archive without a crash;
nothing is written outside the archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox
from creator_backup.sandbox.malformed import HUGE
from tests.backup.conftest import sandbox_state

from .figures import record
from .helpers import assert_no_duplicates, only_archive, run_cli, sandbox_env

SKIPPED = ("no_id", "null_id", "empty_id", "path_id", "not_an_object")
KEPT = ("numeric_id", "wrong_types", "nulls", "huge_strings", "broken_media")


def malform(sandbox: Sandbox, rules: list[dict[str, Any]]) -> None:
    answer = requests.post(
        sandbox.origin + "/_sandbox/malformed", json={"rules": rules}, timeout=30
    )
    assert answer.status_code == 200, answer.text


def files_outside(top: Path, inside: Path) -> set[Path]:
    return {p for p in top.rglob("*") if p.is_file() and inside not in p.parents}


def test_malformed_objects_are_skipped_or_kept_verbatim_and_the_backup_completes(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=51, boards=4, pins=60)
    state = sandbox_state(sandbox)
    pins = [p["id"] for p in state["pins"]]
    broken = dict(zip(SKIPPED + KEPT, pins[3:], strict=False))
    boards = [b["id"] for b in state["boards"]]
    section = state["sections"][0]["id"]
    malform(
        sandbox,
        [{"ids": [broken[m]], "mangle": m} for m in broken]
        + [{"ids": [boards[1]], "mangle": "wrong_types"},
           {"ids": [boards[2]], "mangle": "huge_strings"},
           {"ids": [section], "mangle": "null_id"}],
    )  # fmt: skip
    env = sandbox_env(sandbox, cli_env)
    home = Path(env["CREATOR_BACKUP_HOME"])
    before = files_outside(tmp_path, home)

    result = run_cli(env, "backup", "--json", timeout=180)
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["complete"] is True and body["failed"] == []
    skipped = body["skipped"]
    # Each unreadable pin is met twice (its board's listing, and the user's own pins).
    assert {s["kind"] for s in skipped} == {"pin", "section"}
    assert len([s for s in skipped if s["kind"] == "pin"]) == 2 * len(SKIPPED)
    assert all(s["reason"] and "Traceback" not in s["reason"] for s in skipped)

    root = only_archive(env)
    with Archive.open(root, write=False) as archive:
        last = archive.snapshots()[-1]
        assert last.complete
        archived = archive.objects_in(last.id, "pin")
        stored_boards = archive.objects_in(last.id, "board")
    skipped_ids = {broken[m] for m in SKIPPED}
    # Everything else is there: the rest of the backup completed.
    assert set(archived) == set(pins) - skipped_ids
    assert "../../../etc/passwd" not in archived
    # Kept verbatim: what Pinterest sent, exactly, wrong types and all.
    assert archived[broken["numeric_id"]].raw["id"] == int(broken["numeric_id"])
    assert archived[broken["wrong_types"]].raw["title"] == 12345
    assert archived[broken["wrong_types"]].raw["media"] == "not an object"
    assert archived[broken["nulls"]].raw["title"] is None
    assert len(archived[broken["huge_strings"]].raw["description"]) == HUGE
    assert archived[broken["broken_media"]].raw["media"]["items"] == [
        1,
        None,
        {"images": "nothing"},
    ]
    assert stored_boards[boards[1]].raw["name"] == ["not", "text"]
    assert len(stored_boards[boards[2]].raw["name"]) == HUGE
    assert_no_duplicates(root)

    # Every later command reads the archive that holds them, without a crash.
    for args in (
        ("verify", "--read-data"),
        ("snapshots",),
        ("backup", "--full", "--json"),
        ("diff",),
        ("appeal", "--all", "--out", str(tmp_path / "packet.zip")),
        ("restore", "--dry-run"),
    ):
        ran = run_cli(env, *args, timeout=180)
        assert ran.code == 0, (args, ran.err)
        assert "Traceback" not in ran.err and "unexpected" not in ran.err, (args, ran.err)
    # Nothing outside the app's own folder and the packet asked for.
    written = files_outside(tmp_path, home) - before
    assert {p.name for p in written} <= {"packet.zip"}
    assert not list(tmp_path.rglob("passwd"))
    record(hostile_inputs=len(broken) + 3, items_lost=0)
