"""What real Pinterest sends, end to end through the command line: the sandbox in its
realism mode (boards without counters, moderation that moves no counter, no account id,
short and trailing empty pages, videos Pinterest does not give, HLS, refused sizes), and
boards or accounts Pinterest refuses. Each test runs `backup`, `diff`, `appeal` and
`export-html` as a user would, and checks what they say against what happened."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
import requests

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, sandbox_state
from tests.cli.helpers import Result, run_cli
from tests.restore.test_cli_restore import sandbox_env
from tests.sandbox_fixture import MakeSandbox


def as_json(result: Result) -> dict[str, Any]:
    assert "Traceback" not in result.err, result.err
    body: dict[str, Any] = json.loads(result.out.strip().splitlines()[-1])
    return body


def catalogue(sandbox: Sandbox) -> dict[str, Any]:
    answer = requests.get(sandbox.origin + "/_sandbox/realism", timeout=60)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    assert body["enabled"]
    return body


def inventory(packet: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(packet) as bundle:
        name = next(n for n in bundle.namelist() if n.endswith("data/inventory.csv"))
        text = bundle.read(name).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def snapshot_times(env: dict[str, str]) -> dict[int, str]:
    listed = as_json(run_cli(env, "snapshots", "--json"))
    return {int(s["id"]): str(s["started_at"]) for s in listed["snapshots"]}


@pytest.fixture
def real(make_sandbox: MakeSandbox, cli_env: dict[str, str]) -> tuple[Sandbox, dict[str, str]]:
    sandbox = make_sandbox(seed=12, boards=6, pins=80, realism=True)
    return sandbox, sandbox_env(sandbox, cli_env)


def pin_on(sandbox: Sandbox, boards: list[str], own: bool) -> dict[str, Any]:
    """A pin on one of these boards: the account's own (GET /pins lists it too), or one it
    saved from someone else (only its board's listing shows it). Only public boards: the
    sandbox's token does not read secret ones, so no backup here sees their pins."""
    state = sandbox_state(sandbox)
    public = {b["id"] for b in state["boards"] if b["privacy"] == "PUBLIC"}
    chosen = set(boards) & public
    for pin in state["pins"]:
        if pin["board_id"] in chosen and pin["is_owner"] == own:
            return dict(pin)
    raise AssertionError("no such pin on those boards")


def test_a_removal_where_counters_are_missing_or_stale_is_seen_and_dated_truly(
    real: tuple[Sandbox, dict[str, str]], tmp_path: Path
) -> None:
    """The case that once went wrong: the default backup re-listed nothing, `diff` said
    "Nothing was removed" and the packet dated the pin's last sighting to a run that never
    saw it. Now the default backup lists every board; a quick one lists every board whose
    counters are missing and names the rest as not checked."""
    sandbox, env = real
    shapes = catalogue(sandbox)
    first = run_cli(env, "backup", "--json", timeout=180)
    assert first.code == 0, first.err
    first_run = as_json(first)
    assert first_run["outcome"] == "complete" and first_run["unchecked"] == []

    # A quick run on an unchanged account reads again the boards whose counters are missing,
    # leaves out (and names) the others.
    quick = as_json(run_cli(env, "backup", "--quick", "--json", timeout=180))
    assert quick["outcome"] == "complete"
    carried = {u["board_id"] for u in quick["unchecked"]}
    assert carried == set(shapes["boards"]["with_counters"])
    assert {u["state"] for u in quick["unchecked"]} == {"carried"}

    # Moderation removes a pin from a board without counters and a saved pin (which only
    # its board's listing shows) from a board whose counters it does not move.
    bare = pin_on(sandbox, shapes["boards"]["without_counters"], own=True)
    stale = pin_on(sandbox, shapes["boards"]["with_counters"], own=False)
    for pin in (bare, stale):
        control(sandbox, f"pins/{pin['id']}/remove")

    quick_again = run_cli(env, "backup", "--quick", timeout=180)
    assert quick_again.code == 0, quick_again.err
    assert "not read again" in quick_again.out
    said = run_cli(env, "diff")
    assert said.code == 0, said.err
    assert bare["id"] in said.out  # its board was read: the removal is seen
    assert stale["id"] not in said.out  # its board was not: no claim either way
    assert "Not checked:" in said.out
    assert "Nothing was removed." not in said.out

    default = as_json(run_cli(env, "backup", "--json", timeout=180))
    assert default["outcome"] == "complete" and default["unchecked"] == []
    compared = as_json(run_cli(env, "diff", "--json"))
    assert stale["id"] in compared["removed"]["pins"]
    assert compared["not_checked"] == []

    # Each removed pin was last seen by the last run that listed its board: the first
    # snapshot for the stale one (the quick runs only carried it), the second for the other.
    times = snapshot_times(env)
    packet = tmp_path / "packet.zip"
    built = run_cli(env, "appeal", "--from", "1", "--out", str(packet), timeout=180)
    assert built.code == 0, built.err
    rows = {r["id"]: r for r in inventory(packet)}
    assert rows[stale["id"]]["last_seen"] == times[1]
    assert rows[bare["id"]]["last_seen"] == times[2]

    site = tmp_path / "site"
    written = run_cli(env, "export-html", "--out", str(site), timeout=180)
    assert written.code == 0, written.err
    lost_pages = "".join(p.read_text("utf-8") for p in site.rglob("lost*.html"))
    assert bare["id"] in lost_pages or (bare.get("title") or "") in lost_pages


def test_one_board_pinterest_refuses_is_one_bad_board(
    real: tuple[Sandbox, dict[str, str]],
) -> None:
    sandbox, env = real
    assert run_cli(env, "backup", timeout=180).code == 0
    state = sandbox_state(sandbox)
    board = next(b for b in state["boards"] if any(p["board_id"] == b["id"] for p in state["pins"]))
    control(sandbox, f"boards/{board['id']}/forbid", {"pins": True})
    removed = next(p for p in state["pins"] if p["board_id"] != board["id"] and p["is_owner"])
    control(sandbox, f"pins/{removed['id']}/remove")

    refused = run_cli(env, "backup", timeout=180)
    assert refused.code == 5, refused.err  # finished, but one board was refused
    assert "Not authorized to access the board." in refused.out
    assert "the next backup tries it again" in refused.out
    as_data = as_json(run_cli(env, "snapshots", "--json"))["snapshots"][-1]
    assert as_data["complete"] and as_data["outcome"] == "complete"

    compared = as_json(run_cli(env, "diff", "--json"))
    assert removed["id"] in compared["removed"]["pins"]  # the other boards were read
    (unchecked,) = compared["not_checked"]
    assert unchecked["board_id"] == board["id"] and unchecked["state"] == "refused"
    gone_from_refused = {p["id"] for p in state["pins"] if p["board_id"] == board["id"]}
    assert not gone_from_refused & set(compared["removed"]["pins"])

    control(sandbox, f"boards/{board['id']}/forbid", {"pins": False})
    again = as_json(run_cli(env, "backup", "--json", timeout=180))
    assert again["outcome"] == "complete" and again["unchecked"] == []


def test_an_account_sent_without_an_id_is_kept_by_its_username_then_by_its_id(
    real: tuple[Sandbox, dict[str, str]],
) -> None:
    sandbox, env = real
    assert "id" not in sandbox_state(sandbox)["account"]
    first = run_cli(env, "backup", "--json", timeout=180)
    assert first.code == 0, first.err
    archives = Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    (by_name,) = list(archives.iterdir())
    assert not by_name.name[0].isdigit()  # a hash of the username, never the name itself

    control(sandbox, "realism", {"account_id": True})
    second = run_cli(env, "backup", "--json", timeout=180)
    assert second.code == 0, second.err
    (by_id,) = list(archives.iterdir())  # the same archive, now under the id
    assert by_id.name.split("-")[0].isdigit()
    snapshots = as_json(run_cli(env, "snapshots", "--json"))["snapshots"]
    assert [s["id"] for s in snapshots] == [1, 2]


def test_a_login_without_the_account_permission_is_said_as_such(
    real: tuple[Sandbox, dict[str, str]],
) -> None:
    sandbox, env = real
    control(sandbox, "account/forbid", {"forbidden": True})
    refused = run_cli(env, "backup")
    assert refused.code == 3, refused.err  # a permission problem, not exit 4
    assert "Not authorized to access the user account." in refused.err
    assert "unavailable" not in refused.err and "Traceback" not in refused.err


def test_everything_real_pinterest_sends_backs_up_verifies_and_documents(
    real: tuple[Sandbox, dict[str, str]], tmp_path: Path
) -> None:
    sandbox, env = real
    first = run_cli(env, "backup", "--json", timeout=300)
    result = as_json(first)
    assert first.code == 0, (result["failed"], first.err)
    assert result["outcome"] == "complete" and result["failed"] == []
    assert run_cli(env, "verify", "--read-data").code == 0
    again = as_json(run_cli(env, "backup", "--json", timeout=300))
    assert again["media_files"] == 0 and again["failed"] == []  # nothing asked twice
    packet = tmp_path / "all.zip"
    assert run_cli(env, "appeal", "--all", "--out", str(packet), timeout=300).code == 0
    assert len(inventory(packet)) >= len(sandbox_state(sandbox)["pins"])
    site = tmp_path / "site"
    assert run_cli(env, "export-html", "--out", str(site), timeout=300).code == 0
    assert (site / "index.html").is_file()
