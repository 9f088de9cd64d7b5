"""Appeal packets: valid bags that fail on any flipped byte, hostile text kept literal."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bagit
import pytest

from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control, sandbox_state
from tests.cli.helpers import run_cli

MakeSandbox = Callable[..., Sandbox]
HOSTILE = ("<img src=x onerror=alert(1)>", "</table><h1>FAKE</h1>")


def cli(sandbox: Sandbox, env: dict[str, str]) -> dict[str, str]:
    return dict(env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
                CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip


def unzip(packet: Path, into: Path) -> Path:
    with zipfile.ZipFile(packet) as archive:
        tops = {name.split("/")[0] for name in archive.namelist()}
        assert tops == {packet.stem}, "the bag is the ZIP's one top folder"
        archive.extractall(into)
    return into / packet.stem


@pytest.fixture
def lost_packet(make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path) -> Any:
    sandbox = make_sandbox(seed=31, boards=6, pins=120)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    state = sandbox_state(sandbox)
    hostile = [p for p in state["pins"] if p["title"] in HOSTILE]
    plain = [p for p in state["pins"] if p["title"] not in HOSTILE][:3]
    assert {p["title"] for p in hostile} == set(HOSTILE)
    removed = hostile + plain
    for pin in removed:
        control(sandbox, f"pins/{pin['id']}/remove")
    assert run_cli(env, "backup").code == 0
    statement = tmp_path / "statement.txt"
    statement.write_text("These were my own designs.\nI made them in 2019.", "utf-8")
    out = tmp_path / "out" / "appeal-packet.zip"
    result = run_cli(env, "appeal", "--out", str(out), "--statement", str(statement),
                     "--contact-name", "Ann Maker", "--contact-email", "ann@example.com",
                     "--case-ref", "PIN-2025-0042", "--json")  # fmt: skip
    assert result.code == 0, result.err
    return out, json.loads(result.out), removed, tmp_path


def test_packet_is_a_valid_bag_with_every_part(lost_packet: Any) -> None:
    out, body, removed, tmp = lost_packet
    assert body["items"] == len(removed) and body["mode"] == "lost"
    assert body["size"] == out.stat().st_size
    bag_dir = unzip(out, tmp / "unzipped")
    bag = bagit.Bag(str(bag_dir))
    bag.validate()
    assert set(bag.algorithms) == {"sha256", "sha512"}
    info = bag.info
    assert info["Contact-Name"] == "Ann Maker"
    assert info["Contact-Email"] == "ann@example.com"
    assert info["External-Identifier"] == "PIN-2025-0042"
    for key in ("Source-Organization", "External-Description", "Bagging-Date",
                "Payload-Oxum", "Bag-Software-Agent"):  # fmt: skip
        assert info[key]
    data = bag_dir / "data"
    for name in ("report.html", "report.pdf", "inventory.csv", "custody.jsonl",
                 "statement.txt", "VERIFY.txt"):  # fmt: skip
        assert (data / name).is_file(), name
    items = sorted(p.name for p in (data / "items").iterdir())
    assert items == sorted(f"pin-{p['id']}.json" for p in removed)
    for pin in removed:
        raw = json.loads((data / "items" / f"pin-{pin['id']}.json").read_text("utf-8"))
        assert raw["id"] == pin["id"] and raw["title"] == pin["title"]
        assert list((data / "media").glob(pin["media_sha256"] + ".*"))
    custody = [json.loads(line) for line in (data / "custody.jsonl").read_text().splitlines()]
    assert custody and all({"at", "endpoint", "status", "request_id"} <= set(c) for c in custody)
    assert "sha256sum -c manifest-sha256.txt" in (data / "VERIFY.txt").read_text()
    # The standard tool agrees with bagit.
    check = subprocess.run(["sha256sum", "-c", "--quiet", "manifest-sha256.txt"],
                           cwd=bag_dir, capture_output=True, text=True, check=False)  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_one_flipped_byte_in_any_member_fails_validation(lost_packet: Any) -> None:
    out, _, _, tmp = lost_packet
    pristine = unzip(out, tmp / "pristine")
    members = sorted(p for p in pristine.rglob("*") if p.is_file() and p.stat().st_size)
    assert len(members) >= 12
    rng = random.Random(7)
    for member in members:
        copy = tmp / "flip" / member.relative_to(pristine.parent)
        shutil.rmtree(tmp / "flip", ignore_errors=True)
        shutil.copytree(pristine, tmp / "flip" / pristine.name)
        data = bytearray(copy.read_bytes())
        # A byte of content: in text files not a line ending (bagit reads lines stripped),
        # and flipped in its lowest bit (0x20 would only change a hex digit's case).
        spots = [i for i, b in enumerate(data) if b not in b" \r\n"] or list(range(len(data)))
        data[rng.choice(spots)] ^= 0x01
        copy.write_bytes(bytes(data))
        bag_ok = True
        try:
            bagit.Bag(str(tmp / "flip" / pristine.name)).validate()
        except bagit.BagError:
            bag_ok = False
        assert not bag_ok, f"a flipped byte in {member.name} went unnoticed"


def test_hostile_titles_come_out_literally_in_html_csv_and_pdf(lost_packet: Any) -> None:
    out, _, _, tmp = lost_packet
    data = unzip(out, tmp / "read") / "data"
    html = (data / "report.html").read_text("utf-8")
    assert "<img src=x" not in html and "<h1>FAKE" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;/table&gt;&lt;h1&gt;FAKE&lt;/h1&gt;" in html
    assert "<script" not in html.lower()
    rows = list(csv.DictReader(io.StringIO((data / "inventory.csv").read_text("utf-8-sig"))))
    assert {r["title"] for r in rows} >= set(HOSTILE)
    pdf_text = subprocess.run(["pdftotext", str(data / "report.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = "".join(pdf_text.split())
    for title in HOSTILE:
        assert "".join(title.split()) in flat


def test_csv_cells_that_look_like_formulas_are_neutralised() -> None:
    from creator_backup.appeal.inventory import neutralise

    assert neutralise('=HYPERLINK("http://evil.example","click")').startswith("'=")
    for start in "=+-@":
        assert neutralise(start + "1").startswith("'")
    assert neutralise("Spring ideas") == "Spring ideas"


def test_suspended_account_gives_an_all_packet(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=32, boards=4, pins=50)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    control(sandbox, "account/suspend")
    result = run_cli(env, "backup")
    assert result.code == 4, result.err
    out = tmp_path / "whole.zip"
    made = run_cli(env, "appeal", "--out", str(out), "--json")
    assert made.code == 0, made.err
    body = json.loads(made.out)
    assert body["mode"] == "all"
    state = sandbox_state(sandbox)
    bag_dir = unzip(out, tmp_path / "whole")
    bagit.Bag(str(bag_dir)).validate()
    items = {p.name for p in (bag_dir / "data" / "items").iterdir()}
    assert {f"pin-{p['id']}.json" for p in state["pins"]} <= items
    assert {f"board-{b['id']}.json" for b in state["boards"]} <= items
    timeline = (bag_dir / "data" / "report.html").read_text("utf-8")
    assert "Account found unavailable" in timeline


def test_max_size_writes_a_small_packet_and_the_full_one_beside_it(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=33, boards=4, pins=60)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "small.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--max-size", "1", "--json")
    assert made.code == 0, made.err
    body = json.loads(made.out)
    full = Path(body["full_path"])
    assert full.name == "small-full.zip" and full.stat().st_size == body["full_size"]
    assert out.stat().st_size <= 1_000_000 < full.stat().st_size
    small_bag = unzip(out, tmp_path / "s")
    bagit.Bag(str(small_bag)).validate()
    assert (small_bag / "data" / "report.pdf").is_file()
    assert not (small_bag / "data" / "media").exists()
    assert list((small_bag / "data" / "thumbnails").iterdir())
    # What it prints and what its report says are what this bag holds: thumbnails, with
    # the media counted in the full packet.
    with zipfile.ZipFile(full) as whole:
        held = sum(1 for name in whole.namelist() if "/data/media/" in name[:-1])
    assert body["media_files"] == 0 and body["full_media_files"] == held > 0
    report = (small_bag / "data" / "report.html").read_text("utf-8")
    assert "are in this packet" not in report
    assert f"in the full packet, {full.name}" in report
    assert f"{held} media files in the full packet" in report
    plain = run_cli(env, "appeal", "--all", "--out", str(tmp_path / "again.zip"),
                    "--max-size", "1")  # fmt: skip
    assert "thumbnails only" in plain.out and f"{held} media files)" in plain.out


def test_a_limit_too_small_even_without_images_is_said_plainly(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=34, boards=3, pins=30)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "tiny.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--max-size", "0.001")
    assert made.code == 5, made.err
    assert "Even with no images" in made.out
    bag = unzip(out, tmp_path / "tiny")
    bagit.Bag(str(bag)).validate()
    # The last try drops thumbnails altogether; the report no longer points at any.
    thumbs = bag / "data" / "thumbnails"
    assert not thumbs.exists() or not list(thumbs.iterdir())
    assert "thumbnails/" not in (bag / "data" / "report.html").read_text("utf-8")
    assert (tmp_path / "tiny-full.zip").is_file()
