"""A packet never claims files it does not hold: with media files gone from the archive
(or damaged there), `appeal` says so and exits 5, counts only what the bag holds, and the
report (HTML and PDF) and inventory.csv name each file left out and why; the bag stays
valid and lists no hash it does not hold."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import bagit

from creator_backup.appeal.packet import DAMAGED, MISSING
from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli
from tests.reliability.figures import record

MakeSandbox = Callable[..., Sandbox]
GONE = 10  # media files deleted from the archive, as in the report of issue 17


def cli(sandbox: Sandbox, env: dict[str, str]) -> dict[str, str]:
    return dict(env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
                CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip


def archive_of(env: dict[str, str]) -> Path:
    [root] = (Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives").iterdir()
    return root


def media_files(root: Path) -> list[tuple[str, Path]]:
    conn = sqlite3.connect(root / "archive.sqlite")
    try:
        rows = conn.execute("SELECT sha256, path FROM media ORDER BY sha256").fetchall()
    finally:
        conn.close()
    return [(str(sha), root / str(path)) for sha, path in rows]


def unzip(packet: Path, into: Path) -> Path:
    with zipfile.ZipFile(packet) as archive:
        archive.extractall(into)
    return into / packet.stem


def test_media_missing_from_the_archive_are_listed_and_the_command_exits_5(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=41, boards=4, pins=40)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    stored = media_files(archive_of(cli_env))
    assert len(stored) > GONE + 1
    gone = dict(stored[:GONE])
    for path in gone.values():
        path.unlink()
    damaged_sha, damaged = stored[GONE]
    os.chmod(damaged, 0o644)  # the archive keeps its media read-only
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0x01
    damaged.write_bytes(bytes(data))

    out = tmp_path / "packet.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--json", timeout=180)
    assert made.code == 5, made.err
    body = json.loads(made.out)
    assert body["complete"] is False
    reasons = {gap["sha256"]: gap["reason"] for gap in body["media_not_included"]}
    assert reasons == {**dict.fromkeys(gone, MISSING), damaged_sha: DAMAGED}

    bag_dir = unzip(out, tmp_path / "bag")
    bagit.Bag(str(bag_dir)).validate()
    data_dir = bag_dir / "data"
    held = {p.name.split(".")[0] for p in (data_dir / "media").iterdir()}
    assert body["media_files"] == len(held) == len(stored) - GONE - 1
    assert not held & set(reasons)

    rows = list(csv.DictReader(io.StringIO((data_dir / "inventory.csv").read_text("utf-8-sig"))))
    named = {sha for row in rows for sha in row["media_sha256"].split()}
    assert named == held | set(reasons), "every hash the inventory names is held or explained"
    for row in rows:
        listed = set(row["media_sha256"].split())
        missing = set(row["media_not_included"].split())
        assert missing == listed & set(reasons)
        if not listed:
            assert row["media_included"] == ""
        elif missing == listed:
            assert row["media_included"] == "no" and row["not_included_reason"]
        elif missing:
            assert row["media_included"] == "partly"
        else:
            assert row["media_included"] == "yes" and row["not_included_reason"] == ""
        for sha in missing:
            assert reasons[sha] in row["not_included_reason"]

    html = (data_dir / "report.html").read_text("utf-8")
    assert "Not in this packet" in html and f"{len(reasons)} media files" in html
    for sha in reasons:
        assert sha in html
    for row in rows:  # each file left out is shown with the items that show it
        for sha in row["media_not_included"].split():
            assert f"{row['kind']} {row['id']}" in html.split(sha, 1)[1].split("</tr>", 1)[0]
    assert MISSING in html and DAMAGED in html
    pdf = subprocess.run(["pdftotext", str(data_dir / "report.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = "".join(pdf.split())
    assert "Notinthispacket" in flat and "".join(DAMAGED.split()) in flat

    # The plain output says it too, and its count is the bag's.
    plain = run_cli(env, "appeal", "--all", "--out", str(tmp_path / "again.zip"), timeout=180)
    assert plain.code == 5, plain.err
    assert f"{len(held)} media files." in plain.out
    assert f"{len(reasons)} media files could not be included" in plain.out
    record(faults_injected=len(reasons), items_lost=0)


def test_a_whole_archive_gives_a_complete_packet_and_exit_0(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=42, boards=3, pins=20)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "packet.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--json", timeout=180)
    assert made.code == 0, made.err
    body = json.loads(made.out)
    assert body["complete"] is True and body["media_not_included"] == []
    bag_dir = unzip(out, tmp_path / "bag")
    rows = list(csv.DictReader(io.StringIO(
        (bag_dir / "data" / "inventory.csv").read_text("utf-8-sig"))))  # fmt: skip
    assert {row["media_included"] for row in rows} <= {"yes", ""}
    assert "Not in this packet" not in (bag_dir / "data" / "report.html").read_text("utf-8")
