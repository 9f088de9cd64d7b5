"""How often a packet asks the authorities: cut down to fit --max-size, only for the bags
it keeps (the full packet and the smaller one written at the path asked for), never for
the tries in between (public authorities limit how often they may be asked); with
--no-timestamp (or the application layer's request saying so), never."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from creator_backup.application.appeals import Appeals
from creator_backup.application.archives import Archives
from creator_backup.auth.accounts import AccountRegistry
from creator_backup.sandbox import Sandbox
from creator_backup.settings import SettingsStore
from tests.cli.helpers import run_cli
from tests.evidence.test_backup_stamps import cli
from tests.evidence.tsa import LocalTsa

MakeSandbox = Callable[..., Sandbox]


def test_only_the_kept_bags_are_stamped_and_both_verify(
    make_sandbox: MakeSandbox,
    local_tsas: tuple[LocalTsa, LocalTsa],
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = cli(make_sandbox(seed=35, boards=3, pins=30), cli_env)
    assert run_cli(env, "backup").code == 0
    before = [tsa.asked for tsa in local_tsas]
    out = tmp_path / "tiny.zip"
    # Too small for every try: all three smaller bags are made, the last one is kept.
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--max-size", "0.001", "--json",
                   timeout=180)  # fmt: skip
    assert made.code == 5, made.err
    body = json.loads(made.out)
    assert body["packet_stamps"] == 2 and not body["fits"]
    # One query each for the full packet, one each for the kept smaller one.
    assert [tsa.asked - n for tsa, n in zip(local_tsas, before, strict=True)] == [2, 2]
    for packet in (out, Path(body["full_path"])):
        check = run_cli(env, "verify-packet", str(packet), "--json")
        assert check.code == 0, check.out
        tokens = json.loads(check.out)["tokens"]
        assert sum(t["token"].startswith("timestamps/packet-") for t in tokens) == 2


def test_a_packet_that_fits_after_trimming_keeps_room_for_its_stamps(
    make_sandbox: MakeSandbox,
    local_tsas: tuple[LocalTsa, LocalTsa],
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = cli(make_sandbox(seed=33, boards=4, pins=60), cli_env)
    assert run_cli(env, "backup").code == 0
    before = [tsa.asked for tsa in local_tsas]
    out = tmp_path / "small.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--max-size", "1", "--json",
                   timeout=180)  # fmt: skip
    assert made.code == 0, made.err
    body = json.loads(made.out)
    assert body["fits"] and body["full_path"] and body["packet_stamps"] == 2
    assert out.stat().st_size <= 1_000_000
    assert [tsa.asked - n for tsa, n in zip(local_tsas, before, strict=True)] == [2, 2]


def test_no_timestamp_asks_no_authority_and_keeps_the_snapshots_tokens(
    make_sandbox: MakeSandbox,
    local_tsas: tuple[LocalTsa, LocalTsa],
    cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    env = cli(make_sandbox(seed=36, boards=2, pins=10), cli_env)
    assert run_cli(env, "backup", "--no-media").code == 0
    before = [tsa.asked for tsa in local_tsas]
    out = tmp_path / "unstamped.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(out), "--no-timestamp", "--json")
    assert made.code == 0, made.err
    body = json.loads(made.out)
    assert body["packet_stamps"] == 0 and body["snapshot_stamps"] == 2
    assert [tsa.asked for tsa in local_tsas] == before
    with zipfile.ZipFile(out) as packet:
        names = packet.namelist()
        verify = packet.read("unstamped/data/VERIFY.txt").decode("utf-8")
    assert not any("/timestamps/packet-" in name for name in names)
    assert "manifest-sha256.txt -in timestamps/packet-" not in verify
    # The same request with stamping on asks each authority once.
    stamped = run_cli(env, "appeal", "--all", "--out", str(tmp_path / "s.zip"), "--json")
    assert json.loads(stamped.out)["packet_stamps"] == 2
    assert [tsa.asked - n for tsa, n in zip(local_tsas, before, strict=True)] == [1, 1]


def test_the_application_layer_turns_stamping_off_for_one_packet(
    local_tsas: tuple[LocalTsa, LocalTsa], tmp_path: Path
) -> None:
    registry = AccountRegistry(tmp_path / "accounts.json")
    archives = Archives(tmp_path / "archives", "http://127.0.0.1:1", registry)
    appeals = Appeals(archives, SettingsStore(tmp_path / "config"))
    assert appeals.authorities().urls == tuple(tsa.url for tsa in local_tsas)
    assert not appeals.authorities(wanted=False).enabled
