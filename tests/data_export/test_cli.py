"""`creator-backup import-export` end to end, as a locked-out creator runs it: no login,
no token; then `diff` and `appeal` show what the export says was removed, and no file of
the packet holds the export's IP addresses."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli
from tests.data_export.exports import SAMPLE, pin, render, zipped
from tests.data_export.helpers import IP, api_pins, export_of

MakeSandbox = Callable[..., Sandbox]
LOST = "900000000000000042"


def archives(env: dict[str, str]) -> list[Path]:
    root = Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def test_the_sample_imports_with_no_login_and_says_where(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    if not SAMPLE.is_file():
        pytest.skip(f"the shared sample is not on this machine ({SAMPLE})")
    result = run_cli(cli_env, "import-export", str(SAMPLE), "--json", "--no-media")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert (body["pins"], body["boards"], body["alive_false"], body["skipped"]) == (1, 1, 0, [])
    assert body["username"] == "me" and body["media"]["skipped"] is True
    assert [Path(body["archive"])] == archives(cli_env)
    again = run_cli(cli_env, "import-export", str(SAMPLE), "--no-media")
    assert again.code == 0 and "already imported" in again.out
    shown = run_cli(cli_env, "diff")
    assert shown.code == 0, shown.err
    assert "what Pinterest's data export says" in shown.out and "Nothing was removed." in shown.out
    snapshots = run_cli(cli_env, "snapshots")
    assert "data_export" in snapshots.out


def test_exit_codes_and_plain_sentences(cli_env: dict[str, str], tmp_path: Path) -> None:
    missing = run_cli(cli_env, "import-export", str(tmp_path / "nope.zip"))
    assert (
        missing.code == 2
        and missing.err == f"Error: There is no file at {tmp_path / 'nope.zip'}.\n"
    )
    nameless = tmp_path / "nameless.zip"
    nameless.write_bytes(zipped(render([pin("5", username="")])))
    unnamed = run_cli(cli_env, "import-export", str(nameless), "--no-media")
    assert unnamed.code == 2 and "name it with --account" in unnamed.err
    named = run_cli(
        cli_env, "--account", "someone", "import-export", str(nameless), "--no-media", "--json"
    )
    assert named.code == 0, named.err
    assert json.loads(named.out)["username"] == "someone"
    other = tmp_path / "other.zip"
    other.write_bytes(zipped(render([pin("6", username="creator")])))
    wrong = run_cli(cli_env, "--account", "someone", "import-export", str(other), "--no-media")
    assert wrong.code == 2 and "belongs to creator, not to someone" in wrong.err


def test_an_unreachable_cdn_is_recorded_and_the_import_finishes(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / "export.html"
    pins = [
        pin(str(100 + n), image=f"{n:032x}", alive="False" if n == 3 else "True") for n in range(12)
    ]
    page.write_text(render(pins))
    env = dict(cli_env, CREATOR_BACKUP_EXPORT_CDN="http://127.0.0.1:9")  # nothing listens there
    result = run_cli(env, "import-export", str(page), "--json", timeout=120)
    assert result.code == 5, result.err
    body = json.loads(result.out)
    assert (body["pins"], body["alive_false"], body["media"]["downloaded"]) == (12, 1, 0)
    reasons = sorted({f["reason"] for f in body["media"]["failed"]})
    assert len(body["media"]["failed"]) == 12
    assert len(reasons) == 2 and reasons[0].startswith("gave up after 4 attempts")
    assert reasons[1] == "not tried: the picture server could not be reached"
    conn = sqlite3.connect(Path(body["archive"]) / "archive.sqlite")
    failed = conn.execute("SELECT count(*) FROM media_urls WHERE status = 'failed'").fetchone()[0]
    assert failed == 12
    assert (
        conn.execute("SELECT count(*) FROM export_entries WHERE kind = 'pin'").fetchone()[0] == 12
    )


def test_alive_false_shows_in_diff_and_the_packet_without_any_ip_address(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=21, boards=3, pins=25)
    backup_env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
                      CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(backup_env, "backup").code == 0
    [root] = archives(cli_env)
    pins = api_pins(root)
    page_pins = export_of(pins, sandbox.username)
    picture = page_pins[0].value("Image")
    page_pins.append(pin(LOST, title="Gone <b>before</b> any backup", image=picture,
                         board_id=str(next(iter(pins.values()))["board_id"]),
                         ip=IP, username=sandbox.username, alive="False"))  # fmt: skip
    export = tmp_path / "pinterest-export.zip"
    export.write_bytes(zipped(render(page_pins)))
    # No token, no login: only which API base the archive is for, and where pictures are.
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_EXPORT_CDN=sandbox.media_base)  # fmt: skip
    imported = run_cli(env, "import-export", str(export), "--json")
    assert imported.code == 0, imported.err
    body = json.loads(imported.out)
    assert Path(body["archive"]) == root, "the export went into the account's own archive"
    assert (body["alive_false"], body["merged_with_backups"]) == (1, len(pins))
    assert body["media"] == {"downloaded": 1, "failed": [], "skipped": False, "cancelled": False}

    assert run_cli(env, "verify").code == 0  # every picture it stored is where it says
    listed = run_cli(env, "diff", "--json")
    assert listed.code == 0, listed.err
    diff_body = json.loads(listed.out)
    assert diff_body["removed_by_export"]["pins"] == [LOST]
    assert diff_body["removed_by_export"]["provenance"] == "Pinterest's data export"
    assert diff_body["removed_by_export"]["exports"] == [
        {"snapshot": 2, "exported_at": "2024-05-06T07:08:10Z"}
    ]
    text = run_cli(env, "diff")
    assert "Removed, according to Pinterest's data export: 1 pin" in text.out
    assert f"pin {LOST} 'Gone <b>before</b> any backup'" in text.out

    packet = tmp_path / "packet.zip"
    built = run_cli(env, "appeal", "--out", str(packet), "--json", timeout=180)
    assert built.code == 0, built.err
    with zipfile.ZipFile(packet) as bag:
        names = bag.namelist()
        item = next(n for n in names if n.endswith(f"items/pin-{LOST}.json"))
        raw = json.loads(bag.read(item))
        assert raw["data_export"]["Ip Address"] == "[redacted: personal data]"
        assert raw["data_export"]["Alive"] == "False"
        for name in names:
            data = bag.read(name)
            assert IP.encode() not in data, name
            assert IP.encode("utf-16-le") not in data, name
        info = bag.read(next(n for n in names if n.endswith("/bag-info.txt"))).decode()
        assert "Redacted-Personal-Data" in info and "data_export.Ip Address" in info
        assert any(n.endswith("data/REDACTIONS.txt") for n in names)
        inventory = bag.read(next(n for n in names if n.endswith("inventory.csv"))).decode(
            "utf-8-sig"
        )
        assert LOST in inventory and "marks this pin Alive: False" in inventory
        report = bag.read(next(n for n in names if n.endswith("report.html"))).decode()
        assert "Gone &lt;b&gt;before&lt;/b&gt; any backup" in report
        assert "Pinterest&#39;s data export" in report
        assert any(n.endswith(".png") and "/media/" in n for n in names)
    # The archive's own evidentiary copy keeps the address.
    conn = sqlite3.connect(root / "archive.sqlite")
    kept = conn.execute("SELECT count(*) FROM versions WHERE raw LIKE ?", (f"%{IP}%",)).fetchone()[
        0
    ]
    assert kept == len(pins) + 1


def test_an_export_alone_documents_the_loss_and_the_account(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """A creator locked out before any backup: the export is the only evidence there is."""
    export = tmp_path / "export.zip"
    pins = [pin("301", title="Kept"), pin("302", title="Removed", alive="False"), pin("303")]
    export.write_bytes(zipped(render(pins)))
    assert run_cli(cli_env, "import-export", str(export), "--no-media").code == 0
    listed = json.loads(run_cli(cli_env, "diff", "--json").out)
    assert listed["removed_by_export"]["pins"] == ["302"]
    lost, whole = tmp_path / "lost.zip", tmp_path / "all.zip"
    assert run_cli(cli_env, "appeal", "--out", str(lost), timeout=180).code == 0
    assert run_cli(cli_env, "appeal", "--all", "--out", str(whole), timeout=180).code == 0
    for packet, wanted in ((lost, {"302"}), (whole, {"301", "302", "303"})):
        with zipfile.ZipFile(packet) as bag:
            items = {n.rsplit("pin-", 1)[1][:-5] for n in bag.namelist() if "/items/pin-" in n}
            assert items == wanted, packet.name
            for name in bag.namelist():
                assert b"203.0.113.7" not in bag.read(name), name
            report = bag.read(next(n for n in bag.namelist() if n.endswith("report.html")))
            assert b"Pinterest&#39;s data export" in report
