"""What was lost: the sandbox's removal controls produce exactly the removed set."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.diff.compare import choose_snapshots, diff
from creator_backup.errors import UsageError
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, do_backup, sandbox_state
from tests.cli.helpers import run_cli

MakeSandbox = Callable[..., Sandbox]


def test_removals_edits_and_moves_are_reported_exactly(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=12, boards=8, pins=200)
    do_backup(sandbox, archive_root)
    state = sandbox_state(sandbox)
    loose = [p for p in state["pins"] if p["board_section_id"] is None]
    removed_pins = {loose[0]["id"], loose[1]["id"]}
    board = next(b for b in state["boards"] if b["id"] not in {p["board_id"] for p in loose[:4]})
    section = next(s for s in state["sections"] if s["board_id"] != board["id"])
    for pin_id in removed_pins:
        control(sandbox, f"pins/{pin_id}/remove")
    control(sandbox, f"boards/{board['id']}/remove")
    control(sandbox, f"boards/{section['board_id']}/sections/{section['id']}/remove")
    edited = loose[2]
    control(sandbox, f"pins/{edited['id']}/edit", {"title": "A new title"})
    moved = loose[3]
    target = next(b for b in state["boards"] if b["id"] not in (moved["board_id"], board["id"]))
    control(sandbox, f"pins/{moved['id']}/edit", {"board_id": target["id"]})
    do_backup(sandbox, archive_root, kind="full")

    after = sandbox_state(sandbox)
    gone = {p["id"] for p in state["pins"]} - {p["id"] for p in after["pins"]}
    with Archive.open(archive_root, write=False) as archive:
        result = diff(archive, *choose_snapshots(archive, None, None))
    body = result.to_json()
    assert set(body["removed"]["pins"]) == gone
    assert removed_pins <= gone
    assert body["removed"]["boards"] == [board["id"]]
    assert body["removed"]["sections"] == sorted(
        s["id"] for s in state["sections"]
        if s["id"] == section["id"] or s["board_id"] == board["id"]
    )  # fmt: skip
    assert body["added"] == {"boards": [], "sections": [], "pins": []}
    # A board whose pins changed is not itself "changed" (its cover follows its pins).
    assert body["changed"]["boards"] == []
    changed = {c.item.id: c.fields for c in result.changed["pin"]}
    assert changed[edited["id"]]["title"] == (edited["title"], "A new title")
    assert [m.item.id for m in result.moved["pin"]] == [moved["id"]]
    assert result.moved["pin"][0].new_board == target["id"]
    first = result.removed["pin"][0]
    assert (
        first.last_seen == result.older.started_at
        and first.missing_since == result.newer.started_at
    )


def test_blast_radius_groups_removed_pins_by_image(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=13, boards=6, pins=150)
    do_backup(sandbox, archive_root)
    state = sandbox_state(sandbox)
    by_image: dict[str, list[dict[str, str]]] = {}
    for pin in state["pins"]:
        by_image.setdefault(pin["media_sha256"], []).append(pin)
    shared = max(by_image.values(), key=len)
    assert len(shared) >= 2, "the sandbox reuses images across pins"
    for pin in shared:
        control(sandbox, f"pins/{pin['id']}/remove")
    do_backup(sandbox, archive_root)
    with Archive.open(archive_root, write=False) as archive:
        result = diff(archive, *choose_snapshots(archive, None, None))
    top = result.blast[0]
    assert sorted(top.pins) == sorted(p["id"] for p in shared)
    assert sorted(top.boards) == sorted({p["board_id"] for p in shared})


def test_partial_snapshots_are_refused_as_evidence(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=14, boards=3, pins=40)
    do_backup(sandbox, archive_root, media=False)
    control(sandbox, "account/suspend")
    partial = do_backup(sandbox, archive_root, media=False)
    assert not partial.complete
    with Archive.open(archive_root, write=False) as archive:
        with pytest.raises(UsageError, match="not two complete"):
            choose_snapshots(archive, None, None)
        with pytest.raises(UsageError, match="partial"):
            choose_snapshots(archive, 1, partial.snapshot.id)


def test_cli_diff_live_probes_removed_pins(
    make_sandbox: MakeSandbox, cli_env: dict[str, str]
) -> None:
    sandbox = make_sandbox(seed=15, boards=4, pins=60)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    first = run_cli(env, "backup", "--workers", "1", "--json")  # one download at a time
    assert first.code == 0, first.err
    assert json.loads(first.out)["media_files"] > 0
    pin = sandbox_state(sandbox)["pins"][0]
    control(sandbox, f"pins/{pin['id']}/remove")
    result = run_cli(env, "diff", "--live", "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["removed"]["pins"] == [pin["id"]]
    assert body["probes"] == {pin["id"]: "gone"}
    offline = run_cli(env, "diff", "--json")  # the same two snapshots, read offline
    assert json.loads(offline.out)["removed"] == body["removed"]


def test_losing_the_secret_scopes_is_not_taken_for_removals(
    make_sandbox: MakeSandbox, archive_root: Path
) -> None:
    import time

    import requests

    from creator_backup.api.factory import make_client
    from creator_backup.auth.oauth import TokenSet
    from creator_backup.auth.secrets import MemoryStore
    from creator_backup.auth.tokens import RefreshingTokens, tokens_key
    from creator_backup.backup.engine import BackupOptions, BackupRun

    sandbox = make_sandbox(seed=18, boards=8, pins=120)

    def backup_with(scopes: list[str]) -> None:
        answer = requests.post(sandbox.origin + "/_sandbox/tokens", json={"scopes": scopes},
                               timeout=30).json()  # fmt: skip
        store = MemoryStore()
        tokens = TokenSet.from_response(answer, time.time())
        store.set(tokens_key("k"), json.dumps(tokens.to_json()))
        provider = RefreshingTokens("k", store, sandbox.api_base, "", "")
        client = make_client(sandbox.api_base, provider)
        with Archive.open(archive_root) as archive:
            run = BackupRun(client, archive, BackupOptions(kind="full", media=False)).run()
        client.close()
        assert run.complete

    every = ["user_accounts:read", "boards:read", "boards:read_secret", "pins:read",
             "pins:read_secret"]  # fmt: skip
    backup_with(every)
    backup_with([s for s in every if not s.endswith("_secret")])
    state = sandbox_state(sandbox)
    secret = {b["id"] for b in state["boards"] if b["privacy"] == "SECRET"}
    assert secret, "the account has secret boards"
    with Archive.open(archive_root, write=False) as archive:
        snapshots = archive.snapshots()
        assert snapshots[0].sees_secret is True and snapshots[1].sees_secret is False
        # The second snapshot could not see them: nothing is marked missing.
        missing = archive.conn.execute(
            "SELECT count(*) FROM objects WHERE missing_since IS NOT NULL"
        ).fetchone()[0]
        assert missing == 0
        with pytest.raises(UsageError, match="different permissions"):
            choose_snapshots(archive, None, None)


def test_cli_diff_counts_in_words_and_says_how_many_it_did_not_list(
    make_sandbox: MakeSandbox, cli_env: dict[str, str]
) -> None:
    from creator_backup.cli.diff_command import SHOWN

    sandbox = make_sandbox(seed=16, boards=3, pins=80, extras=False)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup", "--no-media").code == 0
    pins = sandbox_state(sandbox)["pins"]
    gone = pins[: SHOWN + 3]
    for pin in gone:
        control(sandbox, f"pins/{pin['id']}/remove")
    assert run_cli(env, "backup", "--no-media").code == 0
    result = run_cli(env, "diff")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert f"  Removed: 0 boards, 0 sections, {len(gone)} pins" in lines
    assert sum(line.startswith("    - pin ") for line in lines) == SHOWN
    assert "    … and 3 more pins (--json lists them all)" in lines
    # One of a kind is said in the singular ("1 pin"), never "1 pins".
    assert not any(" 1 pins" in line or " 1 boards" in line for line in lines)
