"""`match-originals` over a real archive from a real backup of the sandbox: archived
pictures exported, resized and recompressed as the creator's originals would differ, are
matched to their pins; a different picture and hostile files are not."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt

from creator_backup.originals.dhash import THRESHOLD
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control
from tests.cli.helpers import run_cli
from tests.originals.pictures import load, save, scene

MakeSandbox = Callable[..., Sandbox]


def _archived(home: Path) -> tuple[Path, list[tuple[str, Path]]]:
    """The archive's root, and (pin id, stored picture) of its pins' main pictures."""
    (database,) = home.rglob("archive.sqlite")
    conn = sqlite3.connect(database)
    rows = conn.execute(
        "SELECT v.object_id, m.path FROM versions v JOIN version_media vm ON "
        "vm.version_id = v.id AND vm.position = 0 JOIN media_urls mu ON mu.url = vm.url "
        "JOIN media m ON m.sha256 = mu.sha256 WHERE v.kind = 'pin' AND m.content_type "
        "LIKE 'image/%' ORDER BY v.object_id"
    ).fetchall()
    conn.close()
    return database.parent, [(str(pin), database.parent / path) for pin, path in rows]


def test_match_originals_finds_the_pins_of_resized_copies(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=21, boards=3, pins=40)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup").code == 0
    _, pictures = _archived(Path(env["CREATOR_BACKUP_HOME"]))
    chosen = pictures[:: max(1, len(pictures) // 3)][:3]
    folder = tmp_path / "My originals"
    expected = {}
    for number, (pin, stored) in enumerate(chosen):
        image = load(stored)
        if number == 0:  # the original was larger: twice the size, as PNG
            big = image.scaledToWidth(image.width() * 2, Qt.TransformationMode.SmoothTransformation)
            name = save(big, folder / "IMG_0001.png").name
        else:  # smaller and recompressed (JPEG q75)
            small = image.scaledToWidth(max(64, image.width() * 7 // 10),
                                        Qt.TransformationMode.SmoothTransformation)  # fmt: skip
            name = save(small, folder / "sub" / f"IMG_000{number + 1}.jpg", 75).name
        expected[name] = pin
    save(scene(99, 800, 600), folder / "unrelated.jpg")
    (folder / "cut.jpg").write_bytes((folder / "sub" / "IMG_0002.jpg").read_bytes()[:300])
    (folder / "fake.webp").write_text("<html>not a picture</html>", "utf-8")

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
