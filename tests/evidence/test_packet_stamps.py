"""An appeal packet carries, as BagIt tag files under timestamps/, the tokens of the
snapshots it cites and a fresh pair over its own manifest-sha256.txt; the bag stays
valid; every `openssl ts -verify` line VERIFY.txt gives passes in the bag's folder, and
fails once a byte of the file it stamps changes."""

from __future__ import annotations

import json
import re
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
from tests.evidence.test_backup_stamps import cli
from tests.evidence.tsa import LocalTsa

MakeSandbox = Callable[..., Sandbox]
OPENSSL_LINE = re.compile(r"^    (openssl ts -verify -data (\S+) -in (\S+) -CAfile (\S+))$")


def openssl_lines(verify_text: str) -> list[tuple[str, str]]:
    """Each openssl command VERIFY.txt gives, with the file it stamps."""
    return [(m.group(1), m.group(2)) for m in map(OPENSSL_LINE.match, verify_text.splitlines())
            if m]  # fmt: skip


def passes(bag: Path, command: str) -> bool:
    run = subprocess.run(command.split(), cwd=bag, capture_output=True, text=True,
                         check=False, timeout=60)  # fmt: skip
    return run.returncode == 0 and "Verification: OK" in run.stdout


@pytest.fixture
def stamped_packet(
    make_sandbox: MakeSandbox,
    local_tsas: tuple[LocalTsa, LocalTsa],
    cli_env: dict[str, str],
    tmp_path: Path,
) -> tuple[Path, dict[str, Any], dict[str, str]]:
    sandbox = make_sandbox(seed=11, boards=2, pins=16)
    env = cli(sandbox, cli_env)
    assert run_cli(env, "backup").code == 0
    state = sandbox_state(sandbox)
    public = {b["id"] for b in state["boards"] if b.get("privacy") != "SECRET"}
    for pin in [p for p in state["pins"] if p.get("board_id") in public][:2]:
        control(sandbox, f"pins/{pin['id']}/remove")
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "out" / "packet.zip"
    result = run_cli(env, "appeal", "--out", str(out), "--json", timeout=120)
    assert result.code == 0, result.err
    with zipfile.ZipFile(out) as packet:
        packet.extractall(tmp_path / "unzipped")
    return tmp_path / "unzipped" / "packet", json.loads(result.out), env


def test_the_packet_carries_every_token_and_openssl_verifies_each(
    stamped_packet: tuple[Path, dict[str, Any], dict[str, str]],
) -> None:
    bag, summary, _ = stamped_packet
    assert summary["packet_stamps"] == 2 and summary["stamp_failures"] == {}
    assert summary["snapshot_stamps"] == 4  # two cited snapshots, two authorities each
    bagit.Bag(str(bag)).validate()
    tagged = (bag / "tagmanifest-sha256.txt").read_text("utf-8")
    assert "timestamps/packet-1.tsr" in tagged and "timestamps/AUTHORITIES.txt" in tagged
    lines = openssl_lines((bag / "data" / "VERIFY.txt").read_text("utf-8"))
    assert len(lines) == 6
    assert sum(data == "manifest-sha256.txt" for _, data in lines) == 2
    for command, _ in lines:
        assert passes(bag, command), command
    authorities = (bag / "timestamps" / "AUTHORITIES.txt").read_text("utf-8")
    assert "CN=Alpha TSA" in authorities and "CN=Beta TSA" in authorities

    for command, data in lines:
        stamped = bag / data
        original = stamped.read_bytes()
        changed = bytearray(original)
        changed[-2] ^= 0x01
        stamped.write_bytes(bytes(changed))
        assert not passes(bag, command), command
        stamped.write_bytes(original)
    with pytest.raises(bagit.BagValidationError):
        (bag / "timestamps" / "packet-2.tsr").write_bytes(b"\x00")
        bagit.Bag(str(bag)).validate()


def rezip(bag: Path, out: Path) -> Path:
    with zipfile.ZipFile(out, "w") as packet:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                packet.write(path, f"{bag.name}/{path.relative_to(bag).as_posix()}")
    return out


def test_verify_packet_says_what_each_token_proves_and_fails_on_a_changed_byte(
    stamped_packet: tuple[Path, dict[str, Any], dict[str, str]], tmp_path: Path
) -> None:
    bag, _, env = stamped_packet
    packet = rezip(bag, tmp_path / "as-made.zip")
    result = run_cli(env, "verify-packet", str(packet), "--json")
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert body["ok"] and body["bag_valid"] and len(body["tokens"]) == 6
    assert all(t["verified"] and t["root_trusted"] for t in body["tokens"])
    assert {t["authority"].split(",")[0] for t in body["tokens"]} == {
        "CN=Alpha TSA", "CN=Beta TSA"}  # fmt: skip
    text = run_cli(env, "verify-packet", str(packet))
    assert text.code == 0 and "The bag is valid" in text.out
    assert "timestamps/packet-1.tsr: this packet's payload list" in text.out
    assert "existed by" in text.out and "said by CN=" in text.out

    # A changed byte in a stamped snapshot manifest: the bag's tag manifest and the
    # token both say so.
    manifest = next((bag / "timestamps").glob("snapshot-*.manifest.txt"))
    original = manifest.read_bytes()
    flipped = bytearray(original)
    flipped[-2] ^= 0x01
    manifest.write_bytes(bytes(flipped))
    changed = run_cli(env, "verify-packet", str(rezip(bag, tmp_path / "changed.zip")), "--json")
    assert changed.code == 6
    body = json.loads(changed.out)
    assert not body["bag_valid"]
    failed = [t for t in body["tokens"] if not t["verified"]]
    assert len(failed) == 2 and all("does not verify" in t["problem"] for t in failed)
    manifest.write_bytes(original)

    # A changed byte in the payload list: bag and both packet tokens fail.
    listed = bag / "manifest-sha256.txt"
    listed.write_bytes(listed.read_bytes().replace(b"data/", b"data/ ", 1))
    changed = run_cli(env, "verify-packet", str(rezip(bag, tmp_path / "listed.zip")))
    assert changed.code == 6
    assert changed.out.count("proves nothing") == 2


def test_verify_packet_refuses_a_zip_reaching_outside(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as packet:
        packet.writestr("bag/bagit.txt", "BagIt-Version: 1.0\n")
        packet.writestr("bag/../../outside.txt", "x")
    result = run_cli(cli_env, "verify-packet", str(evil))
    assert result.code == 2 and "outside its folder" in result.err
    assert not (tmp_path / "outside.txt").exists()
