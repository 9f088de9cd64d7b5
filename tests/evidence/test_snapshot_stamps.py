"""A real backup's snapshot, stamped by two authorities on loopback: its manifest lists
what the archive holds, both tokens verify with rfc3161-client and with `openssl ts
-verify`, and a changed byte fails both. With no authority answering, the snapshot is
queued, and the next chance stamps it."""

from __future__ import annotations

import hashlib
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.archive.store import Archive
from creator_backup.evidence.authorities import choose_authorities
from creator_backup.evidence.manifest import MANIFEST_HEADER, snapshot_manifest
from creator_backup.evidence.snapshot_stamps import (
    CHAIN_SUFFIX,
    MANIFEST_NAME,
    TSR_SUFFIX,
    StampState,
    queued_snapshots,
    snapshot_stamp_state,
    stamp_queued,
    stamp_snapshot,
    stamps_folder,
    verify_snapshot_stamps,
)
from creator_backup.evidence.stamping import Proof
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import do_backup
from tests.evidence.tsa import LocalTsa

MakeSandbox = Callable[..., Sandbox]


def openssl_verifies(data: Path, reply: Path, chain: Path) -> bool:
    run = subprocess.run(["openssl", "ts", "-verify", "-data", str(data), "-in", str(reply),
                          "-CAfile", str(chain)], capture_output=True, check=False,
                         timeout=30)  # fmt: skip
    return run.returncode == 0


@pytest.fixture
def backed_up(make_sandbox: MakeSandbox, tmp_path: Path) -> Path:
    sandbox = make_sandbox(seed=7, boards=3, pins=30)
    root = tmp_path / "archive"
    do_backup(sandbox, root)
    return root


def test_the_manifest_lists_every_item_and_the_media_kept(backed_up: Path) -> None:
    with Archive.open(backed_up, write=False) as archive:
        snapshot = archive.latest_snapshot()
        assert snapshot is not None and snapshot.complete
        text = snapshot_manifest(archive, snapshot).decode("utf-8")
        assert snapshot_manifest(archive, snapshot) == text.encode("utf-8")  # deterministic
        pins = archive.objects_in(snapshot.id, "pin")
        boards = archive.objects_in(snapshot.id, "board")
        media = dict(archive.conn.execute("SELECT sha256, path FROM media").fetchall())
    head, _, body = text.partition("\n\n")
    assert head.splitlines()[0] == MANIFEST_HEADER
    lines = body.splitlines()
    assert f"items\t{len(lines)}" in head.splitlines()
    assert len(pins) == 30
    assert {line.split("\t")[1] for line in lines if line.startswith("pin\t")} == set(pins)
    assert {line.split("\t")[1] for line in lines if line.startswith("board\t")} == set(boards)
    assert lines == sorted(lines, key=lambda line: line.split("\t")[:2])
    named = {sha for line in lines for sha in line.split("\t")[3].split(",") if sha}
    assert named and named <= set(media)  # every hash named is of bytes the archive holds
    for sha in named:
        assert hashlib.sha256((backed_up / media[sha]).read_bytes()).hexdigest() == sha


def test_two_authorities_stamp_a_snapshot_and_a_changed_byte_fails(
    backed_up: Path, local_tsas: tuple[LocalTsa, LocalTsa]
) -> None:
    authorities = choose_authorities(enabled=True)
    with Archive.open(backed_up) as archive:
        snapshot = archive.latest_snapshot()
        assert snapshot is not None
        report = stamp_snapshot(archive, snapshot, authorities)
    assert report.state is StampState.STAMPED, report.failures
    assert len(report.authorities) == 2 and report.failures == {}
    assert [tsa.requests for tsa in local_tsas] == [1, 1]
    assert report.seconds > 0
    folder = stamps_folder(backed_up, snapshot.id)
    manifest = folder / MANIFEST_NAME

    proofs = verify_snapshot_stamps(backed_up, snapshot.id, authorities.root_files)
    assert set(proofs) == set(report.authorities)
    names = {"Alpha", "Beta"}
    for proof in proofs.values():
        assert isinstance(proof, Proof), proof
        assert proof.sha256 == hashlib.sha256(manifest.read_bytes()).hexdigest()
        assert proof.root_trusted and abs(proof.stamped_at.timestamp() - time.time()) < 120
        names.discard(proof.authority.split("CN=")[1].split(",")[0].removesuffix(" TSA"))
    assert names == set()
    for name in report.authorities:
        tsr, chain = folder / (name + TSR_SUFFIX), folder / (name + CHAIN_SUFFIX)
        assert openssl_verifies(manifest, tsr, chain)

    original = manifest.read_bytes()
    changed = bytearray(original)
    changed[len(changed) // 2] ^= 0x01
    manifest.write_bytes(bytes(changed))
    proofs = verify_snapshot_stamps(backed_up, snapshot.id, authorities.root_files)
    assert all(isinstance(p, str) and "does not verify" in p for p in proofs.values())
    for name in report.authorities:
        tsr, chain = folder / (name + TSR_SUFFIX), folder / (name + CHAIN_SUFFIX)
        assert not openssl_verifies(manifest, tsr, chain)
    manifest.write_bytes(original)
    assert all(isinstance(p, Proof) for p in verify_snapshot_stamps(
        backed_up, snapshot.id, authorities.root_files).values())  # fmt: skip


def test_an_untrusted_authority_gives_no_token(
    backed_up: Path, local_tsas: tuple[LocalTsa, LocalTsa], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CREATOR_BACKUP_TSA_ROOTS")
    with Archive.open(backed_up) as archive:
        snapshot = archive.latest_snapshot()
        assert snapshot is not None
        report = stamp_snapshot(archive, snapshot, choose_authorities(enabled=True))
    assert report.state is StampState.QUEUED
    assert all("trusted root" in why for why in report.failures.values())
    assert len(report.failures) == 2


def test_offline_the_snapshot_is_queued_and_the_next_chance_stamps_it(
    backed_up: Path, local_tsas: tuple[LocalTsa, LocalTsa]
) -> None:
    authorities = choose_authorities(enabled=True)
    local_tsas[1].refuse = True
    with Archive.open(backed_up) as archive:
        snapshot = archive.latest_snapshot()
        assert snapshot is not None
        first = stamp_snapshot(archive, snapshot, authorities)
        assert first.state is StampState.PARTLY and len(first.authorities) == 1
        assert "HTTP 503" in first.failures[local_tsas[1].url]
        local_tsas[0].refuse = True
        assert stamp_queued(archive, authorities)[0].state is StampState.PARTLY
        assert queued_snapshots(backed_up) == [snapshot.id]
        manifest = (stamps_folder(backed_up, snapshot.id) / MANIFEST_NAME).read_bytes()
        local_tsas[0].refuse = local_tsas[1].refuse = False
        [again] = stamp_queued(archive, authorities)
    assert again.state is StampState.STAMPED and again.failures == {}
    # The first authority is not asked twice; the manifest fixed at first is what is stamped.
    assert [tsa.requests for tsa in local_tsas] == [1, 1]
    assert (stamps_folder(backed_up, snapshot.id) / MANIFEST_NAME).read_bytes() == manifest
    assert queued_snapshots(backed_up) == []
    assert snapshot_stamp_state(backed_up, snapshot.id) is StampState.STAMPED


def test_a_queue_stops_at_the_first_snapshot_no_authority_answers_for(
    make_sandbox: MakeSandbox, local_tsas: tuple[LocalTsa, LocalTsa], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=8, boards=1, pins=5)
    root = tmp_path / "archive"
    authorities = choose_authorities(enabled=True)
    for tsa in local_tsas:
        tsa.refuse = True
    for _ in range(3):
        do_backup(sandbox, root)
        with Archive.open(root) as archive:
            snapshot = archive.latest_snapshot()
            assert snapshot is not None
            stamp_snapshot(archive, snapshot, authorities)
    assert len(queued_snapshots(root)) == 3
    asked = [tsa.asked for tsa in local_tsas]
    with Archive.open(root) as archive:
        assert len(stamp_queued(archive, authorities)) == 1
    assert [tsa.asked - before for tsa, before in zip(local_tsas, asked, strict=True)] == [1, 1]
    for tsa in local_tsas:
        tsa.refuse = False
    with Archive.open(root) as archive:
        reports = stamp_queued(archive, authorities)
    assert [r.state for r in reports] == [StampState.STAMPED] * 3
