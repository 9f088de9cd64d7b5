"""Malformed API JSON: objects with no id, wrong types, nulls, huge strings, or no object
at all, in the middle of real listings. Each is a recorded skip or stored verbatim; the
backup completes with everything else; later commands read the archive without a crash;
nothing is written outside the archive."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.archive.store import Archive
from creator_backup.sandbox import Sandbox
from creator_backup.sandbox.malformed import HUGE
from tests.backup.conftest import sandbox_state

from .figures import record
from .helpers import assert_no_duplicates, one_sentence, only_archive, run_cli, sandbox_env

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


UNREADABLE_PARTS = ("items_number", "items_true", "huge_duration")


def test_media_and_counts_no_model_can_read_are_kept_and_every_run_completes(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str], tmp_path: Path
) -> None:
    """media.items of 5 or true, a duration of 1e400, an account's and a board's counts of
    1e400: each object is kept as sent and the backup completes, run after run."""
    sandbox = make_sandbox(seed=52, boards=3, pins=30)
    state = sandbox_state(sandbox)
    pins = [p["id"] for p in state["pins"]]
    broken = dict(zip(UNREADABLE_PARTS, pins[2:], strict=False))
    board = state["boards"][0]["id"]
    account = state["account"]["id"]
    malform(
        sandbox,
        [{"ids": [broken[m]], "mangle": m} for m in broken]
        + [{"ids": [account, board], "mangle": "huge_counts"}],
    )
    env = sandbox_env(sandbox, cli_env)
    for run in ("backup", "backup --full"):
        result = run_cli(env, *run.split(), "--json", timeout=180)
        assert result.code == 0, result.err
        assert "unexpected" not in result.err, result.err
        assert json.loads(result.out)["complete"] is True
    with Archive.open(only_archive(env), write=False) as archive:
        last = archive.snapshots()[-1]
        assert last.complete and all(s.status != "running" for s in archive.snapshots())
        archived = archive.objects_in(last.id, "pin")
        accounts = archive.objects_in(last.id, "account")
    assert set(archived) == set(pins)
    assert archived[broken["items_number"]].raw["media"]["items"] == 5
    assert archived[broken["items_true"]].raw["media"]["items"] is True
    assert archived[broken["huge_duration"]].raw["media"]["duration"] == float("inf")
    assert next(iter(accounts.values())).raw["pin_count"] == float("inf")
    # The commands that read the archive read these objects too, without a crash.
    for args in (
        ("verify",),
        ("snapshots",),
        ("diff",),
        ("appeal", "--all", "--out", str(tmp_path / "packet.zip")),
        ("export-html", "--out", str(tmp_path / "site")),
    ):
        ran = run_cli(env, *args, timeout=180)
        assert ran.code == 0, (args, ran.err)
        assert "Traceback" not in ran.err and "unexpected" not in ran.err, (args, ran.err)
    record(hostile_inputs=len(broken) + 2, items_lost=0)


def answers(sandbox: Sandbox, path: str, shape: str, times: int) -> None:
    body = {"answers": [{"path": path, "shape": shape, "times": times}]}
    answer = requests.post(sandbox.origin + "/_sandbox/malformed", json=body, timeout=30)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize(
    ("shape", "path", "reason"),
    [
        ("deep_json", "^/v5/user_account$", "nested too deeply"),
        ("redirect_no_body", "^/v5/user_account$", "redirect"),
        ("deep_json", r"^/v5/boards/\d+/pins$", "nested too deeply"),
    ],
)
def test_an_answer_that_cannot_be_parsed_ends_the_run_honestly_with_its_reason(
    make_sandbox: Callable[..., Sandbox],
    cli_env: dict[str, str],
    shape: str,
    path: str,
    reason: str,
) -> None:
    """JSON nested 100,000 deep, a redirect with no body: an API
    error naming why, the snapshot closed as failed (never left running), and the next run,
    once Pinterest answers properly again, completes."""
    sandbox = make_sandbox(seed=53, boards=2, pins=12)
    env = sandbox_env(sandbox, cli_env)
    first = run_cli(env, "backup", "--json", timeout=180)
    assert first.code == 0, first.err
    answers(sandbox, path, shape, times=100)
    result = run_cli(env, "backup", "--json", timeout=180)
    assert "unexpected" not in result.err and "Traceback" not in result.err, result.err
    if path.endswith("user_account$"):
        # Read before any snapshot opens: the command ends with the reason, nothing opened.
        assert result.code == 1 and reason in one_sentence(result), result.err
    else:
        assert result.code == 5, (result.code, result.err)
        body = json.loads(result.out)
        assert body["outcome"] == "failed" and reason in body["stopped"], body["stopped"]
    with Archive.open(only_archive(env), write=False) as archive:
        assert "running" not in [s.status for s in archive.snapshots()]
    requests.post(sandbox.origin + "/_sandbox/malformed", json={"clear": True}, timeout=30)
    again = run_cli(env, "backup", "--json", timeout=180)
    assert again.code == 0, again.err
    assert json.loads(again.out)["complete"] is True
    record(hostile_inputs=1, items_lost=0)


NOT_PUBLIC = {
    "http://169.254.169.254/latest/meta-data/iam.png": "link-local",
    "http://[::ffff:169.254.169.254]/latest/meta-data/iam.png": "link-local",
    "http://10.0.0.1:9/inside.png": "private network",
    "http://0.0.0.0:9/any.png": "not on the public internet",
}


def test_a_media_address_off_the_public_internet_is_refused_once_with_its_reason(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> None:
    """Link-local (cloud metadata), private and unspecified media addresses are never
    fetched, even with the API on loopback: each is a permanent failure recorded once with
    its reason, and no later run asks again."""
    sandbox = make_sandbox(seed=55, boards=2, pins=12)
    pins = [p["id"] for p in sandbox_state(sandbox)["pins"]]
    malform(
        sandbox,
        [
            {"ids": [pin], "mangle": "media_url", "url": url}
            for pin, url in zip(pins, NOT_PUBLIC, strict=False)
        ],
    )
    env = sandbox_env(sandbox, cli_env)
    first = run_cli(env, "backup", "--json", timeout=180)
    assert first.code == 5, first.err
    failed = {f["url"]: f for f in json.loads(first.out)["failed"]}
    assert set(failed) == set(NOT_PUBLIC)
    for url, why in NOT_PUBLIC.items():
        assert failed[url]["permanent"] == "yes" and why in failed[url]["reason"], failed[url]
    again = run_cli(env, "backup", "--json", timeout=180)
    assert again.code == 0, again.err
    assert json.loads(again.out)["failed"] == []
    record(hostile_inputs=len(NOT_PUBLIC), items_lost=0)
