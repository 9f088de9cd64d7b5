"""`notice import`, `cases` and `case status` as a creator runs them, against an archive
made by a real backup of a sandbox account (hostile titles included)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from creator_backup.cases.custody import chain_breaks, entries
from tests.cli.helpers import CLI, NO_AUTHORITIES, run_cli

from .conftest import HOSTILE, NOTICES, Backed, write_notice

IMPORT_KEYS = {"case", "enforcement_id", "pin_ids", "decision", "policy", "automated",
               "decided_at", "appeal_due", "matched_pins"}  # fmt: skip


def case_folder(backed: Backed, case: int) -> Path:
    found = list((Path(backed.env["CREATOR_BACKUP_HOME"])).rglob(f"cases/{case}"))
    assert len(found) == 1
    return found[0]


def test_a_notice_opens_a_case_matched_against_the_archive(backed: Backed) -> None:
    on_boards = [p for p in backed.pins if p["board_id"] in backed.boards]
    hostile = next(p for p in on_boards if p["title"] in HOSTILE)
    plain = next(p for p in on_boards if p["title"] not in HOSTILE and p.get("media"))
    notice = write_notice(backed.folder, "notice.eml", [hostile["id"], plain["id"],
                          "1130000000000000999"], backed.boards[plain["board_id"]])  # fmt: skip
    result = run_cli(backed.env, "notice", "import", str(notice), "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert set(body) >= IMPORT_KEYS
    assert body["case"] == 1 and body["opened"] is True
    assert body["enforcement_id"] == "3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f"
    assert body["pin_ids"] == [hostile["id"], plain["id"], "1130000000000000999"]
    assert (body["decision"], body["automated"]) == ("removed", True)
    assert (body["decided_at"], body["appeal_due"]) == ("2026-11-14", "2027-05-14")
    first, second, third = body["matched_pins"]
    assert first["in_archive"] and first["title"] == hostile["title"]  # literal
    assert first["board"] == backed.boards[hostile["board_id"]]
    assert second["title"] == plain["title"] and Path(second["picture"]).is_file()
    assert third == {"pin_id": "1130000000000000999", "in_archive": False, "title": None,
                     "board": None, "board_id": None, "picture": None, "gone": False}  # fmt: skip

    # The same decision again (a reminder e-mail): the same case, nothing invented.
    again = run_cli(backed.env, "notice", "import", str(notice), "--json")
    assert json.loads(again.out)["case"] == 1 and json.loads(again.out)["opened"] is False
    # The plain words, with the hostile title shown literally.
    plain_run = run_cli(backed.env, "notice", "import", str(notice))
    assert plain_run.code == 0 and "Case 1 already holds" in plain_run.out
    assert hostile["title"] in plain_run.out

    folder = case_folder(backed, 1)
    log = folder / "custody.jsonl"
    assert [e["event"] for e in entries(log)] == ["opened"] and chain_breaks(log) == []
    assert len(list((folder / "notices").iterdir())) == 1
    # The cases sit in the archive's folder without troubling its check.
    verify = run_cli(backed.env, "verify", "--json")
    assert verify.code == 0, verify.out + verify.err


def test_a_sparse_notice_leaves_its_facts_unknown(backed: Backed) -> None:
    result = run_cli(backed.env, "notice", "import", str(NOTICES / "sparse.txt"), "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["enforcement_id"] is None and body["policy"] is None
    assert body["decided_at"] is None and body["appeal_due"] is None
    assert body["automated"] is None and "decided_at" in body["unknown"]
    words = run_cli(backed.env, "case", "show", "1")
    assert "unknown" in words.out and "count six months" in words.out


def test_a_file_that_is_no_notice_opens_no_case(backed: Backed) -> None:
    other = backed.folder / "letter.txt"
    other.write_text("Dear Maya, lunch on Friday?\n", "utf-8")
    result = run_cli(backed.env, "notice", "import", str(other))
    assert result.code == 2 and "does not look like a decision notice" in result.err
    assert json.loads(run_cli(backed.env, "cases", "--json").out) == {"cases": []}


def test_cases_list_with_status_and_next_deadline(backed: Backed) -> None:
    for name in ("limited.html", "suspended.txt"):
        assert run_cli(backed.env, "notice", "import", str(NOTICES / name)).code == 0
    listed = run_cli(backed.env, "cases", "--json")
    assert listed.code == 0, listed.err
    cases = json.loads(listed.out)["cases"]
    assert [c["case"] for c in cases] == [1, 2]
    assert [c["decision"] for c in cases] == ["limited distribution", "account suspended"]
    assert cases[0]["status"] == "open"
    assert cases[0]["next_deadline"]["due"] == "2027-05-20"
    assert cases[1]["next_deadline"]["due"] == "2027-05-28"

    packet = backed.folder / "packet.zip"
    packet.write_bytes(b"PK\x05\x06" + bytes(18))
    status = run_cli(backed.env, "case", "status", "1", "appealed", "--packet", str(packet))
    assert status.code == 0, status.err
    after = json.loads(run_cli(backed.env, "cases", "--json").out)["cases"][0]
    assert after["status"] == "appealed" and after["next_deadline"] is None
    words = run_cli(backed.env, "cases")
    assert "2 cases:" in words.out and "appealed" in words.out
    log = case_folder(backed, 1) / "custody.jsonl"
    events = entries(log)
    assert [e["event"] for e in events] == ["opened", "packet sent"]
    assert len(events[1]["packet_sha256"]) == 64 and chain_breaks(log) == []
    assert run_cli(backed.env, "case", "show", "9").code == 2


def test_a_hostile_notice_is_read_as_text_and_printed_escaped(backed: Backed) -> None:
    notice = backed.folder / "hostile.html"
    notice.write_text(
        "<html><head><script>alert('Enforcement ID: 00000000-0000-0000-0000-000000000000')"
        "</script></head><body onload=alert(1)><p>Pin ID: 1130000000000000005</p>"
        "<p>Saved to: &lt;img src=x onerror=alert(1)&gt;\x1b[2J\u202e</p>"
        "<p>Status: Removed</p><p>Policy: <b>Spam</b></p></body></html>",
        "utf-8",
    )
    result = run_cli(backed.env, "notice", "import", str(notice), "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["enforcement_id"] is None  # the script's is never read
    assert body["board"] == "<img src=x onerror=alert(1)> [2J"
    assert body["policy"] == "Spam"
    words = run_cli(backed.env, "case", "show", "1")
    assert "Saved to: <img src=x onerror=alert(1)> [2J" in words.out and "\x1b" not in words.out


def test_notices_of_one_decision_read_at_once_make_one_case(backed: Backed) -> None:
    """Four runs at the same moment, each with another notice of the same decision (a
    reminder, a saved page): one case, holding all four, its custody chain unbroken."""
    pins = [p["id"] for p in backed.pins[:4]]
    notices = [write_notice(backed.folder, f"n{i}.eml", [pin], "Kitchen ideas")
               for i, pin in enumerate(pins)]  # fmt: skip
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI, "notice", "import", str(n), "--json"],
            env={**NO_AUTHORITIES, **backed.env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in notices
    ]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    assert {json.loads(out)["case"] for out, _ in outputs} == {1}
    (case,) = json.loads(run_cli(backed.env, "cases", "--json").out)["cases"]
    assert sorted(case["pin_ids"]) == sorted(pins)
    log = case_folder(backed, 1) / "custody.jsonl"
    assert len(entries(log)) == 4 and chain_breaks(log) == []
