"""`match-originals` over a real archive from a real backup of the sandbox: archived
pictures exported, resized and recompressed as the creator's originals would differ, are
matched to their pins; a different picture and hostile files are not."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

from creator_backup.originals.dhash import THRESHOLD
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control
from tests.cli.helpers import run_cli
from tests.originals.pictures import archived_pictures, originals_of

MakeSandbox = Callable[..., Sandbox]


def test_match_originals_finds_the_pins_of_resized_copies(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=21, boards=3, pins=40)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup").code == 0
    home = Path(env["CREATOR_BACKUP_HOME"])
    _, pictures = archived_pictures(home)
    folder = tmp_path / "My originals"
    expected = originals_of(home, folder)

    result = run_cli(env, "match-originals", str(folder), "--json", timeout=180)
    assert result.code == 0, result.err
    body = json.loads(result.out)
    found = {(m["original"], m["pin_id"]): m["distance"] for m in body["matches"]}
    print("distances:", found)
    for name, pin in expected.items():
        assert found.get((name, pin)) is not None, (name, pin, body["matches"])
        assert found[(name, pin)] <= THRESHOLD
    assert "unrelated.jpg" in body["unmatched_names"]
    assert {s["name"] for s in body["skipped"]} == {"cut.jpg", "fake.webp"}
    assert all(s["reason"] for s in body["skipped"])
    assert body["archived_pictures"] >= len(pictures) > 0
    assert body["hashed_now"] >= len(pictures)

    words = run_cli(env, "match-originals", str(folder), timeout=180)
    assert words.code == 0, words.err
    assert "1 original matched none." in words.out
    assert "Skipped 2 files:" in words.out
    assert "(0 hashed now" in words.out  # the archive's hashes were kept
    assert "IMG_0001.png = pin " in words.out and "of 64 differ" in words.out
    assert str(tmp_path) not in words.out  # file names only, never where they are kept

    # The packet made after a loss lists the lost pin's original, by its name only.
    lost_pin = expected["IMG_0001.png"]
    control(sandbox, f"pins/{lost_pin}/remove")
    assert run_cli(env, "backup").code == 0
    out = tmp_path / "packet.zip"
    made = run_cli(env, "appeal", "--out", str(out), "--json", timeout=180)
    assert made.code == 0, made.err
    with zipfile.ZipFile(out) as packet:
        html = packet.read("packet/data/report.html").decode("utf-8")
    assert "Your originals" in html and "IMG_0001.png" in html
    assert str(tmp_path) not in html and "My originals" not in html
