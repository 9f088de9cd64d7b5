"""A packet cut down to fit --max-size asks the authorities only for the bags it keeps:
the full packet and the smaller one written at the path asked for, never for the tries
in between (public authorities limit how often they may be asked)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from creator_backup.sandbox import Sandbox
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
