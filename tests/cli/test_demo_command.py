"""`creator-backup demo`: the whole story, headless, against the embedded sandbox."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from .helpers import run_cli


def test_the_headless_demo_tells_the_whole_story(cli_env: dict[str, str]) -> None:
    result = run_cli(cli_env, "demo", "--json", timeout=300)
    assert result.code == 0, result.err
    body = json.loads(result.out)
    codes = {s["command"] + ": " + s["step"]: s["exit_code"] for s in body["steps"]}
    assert list(codes.values()) == [0, 4, 0, 0, 0, 0, 0], codes  # 4: account unavailable
    outputs = {s["command"] + str(i): s.get("output") for i, s in enumerate(body["steps"])}
    lost = outputs["diff4"]["removed"]
    assert len(lost["boards"]) == 1 and len(lost["pins"]) > 6  # the board's pins went too
    restored = outputs["restore5"]
    assert restored["created"] == {**restored["plan"], "boards": 1}, restored
    assert restored["created"]["pins"] > 0 and restored["duplicates"] == []
    assert outputs["verify6"]["problems"] == []
    packet = Path(body["packet"])
    with zipfile.ZipFile(packet) as bundle:
        names = bundle.namelist()
    assert any(n.endswith("bagit.txt") for n in names)
    assert any(n.endswith("report.pdf") for n in names)
    archive = Path(body["archive"])
    assert (archive / "archive.sqlite").exists() and (archive / "README.txt").exists()
    assert Path(body["home"]) in packet.parents  # kept apart from the user's own archives
    home = Path(cli_env["CREATOR_BACKUP_HOME"])
    assert not (home / "data" / "archives").exists() or not any(
        (home / "data" / "archives").iterdir()
    )
