"""Claims resting on a data export alone are marked as such. A pin a backup saw and the
export later says is gone, and a pin no backup ever saw that the export says is gone (a
forged export could make one up), both reach the packet; only the second is marked, in
the diff's answer, inventory.csv, and both reports, and the report no longer says every
item was captured through the API."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

from creator_backup.appeal.selection import EXPORT_ALONE
from creator_backup.archive.store import Archive
from creator_backup.diff.compare import choose_with_export, diff
from creator_backup.sandbox import Sandbox
from tests.backup.conftest import control
from tests.cli.helpers import run_cli
from tests.data_export.exports import pin, render, zipped
from tests.data_export.helpers import IP, api_pins, export_of

MakeSandbox = Callable[..., Sandbox]
NEVER_SEEN = "900000000000000077"
MARK = "Known only from Pinterest's data export"


def read(bag: zipfile.ZipFile, suffix: str) -> bytes:
    return bag.read(next(n for n in bag.namelist() if n.endswith(suffix)))


def test_a_pin_only_an_export_knows_is_marked_in_the_packet(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=46, boards=3, pins=20)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup").code == 0
    [root] = (Path(cli_env["CREATOR_BACKUP_HOME"]) / "data" / "archives").iterdir()
    first = api_pins(root)
    seen = sorted(first)[0]  # a backup saw it, then it went
    control(sandbox, f"pins/{seen}/remove")
    assert run_cli(env, "backup").code == 0
    assert run_cli(env, "backup").code == 0
    pins = export_of(first, sandbox.username, **{f"p{seen}": "False"})
    pins.append(pin(NEVER_SEEN, title="Never backed up", ip=IP, username=sandbox.username,
                    alive="False"))  # fmt: skip
    export = tmp_path / "export.zip"
    export.write_bytes(zipped(render(pins)))
    imported = run_cli(env, "import-export", str(export), "--no-media")
    assert imported.code == 0, imported.err

    with Archive.open(root, write=False) as archive:
        result = diff(archive, *choose_with_export(archive, None, None))
    claims = {item.id: item.export_alone for item in result.removed_by_export}
    assert claims == {seen: False, NEVER_SEEN: True}
    details = result.to_json(detail=True)["details"]["removed_by_export"]
    assert {d["id"]: d["export_alone"] for d in details} == claims

    packet = tmp_path / "packet.zip"
    built = run_cli(env, "appeal", "--out", str(packet), "--json", timeout=180)
    assert built.code == 0, built.err
    assert json.loads(built.out)["items"] == 2
    with zipfile.ZipFile(packet) as bag:
        inventory = read(bag, "inventory.csv").decode("utf-8-sig")
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(inventory))}
        assert (rows[NEVER_SEEN]["export_alone"], rows[seen]["export_alone"]) == ("yes", "")
        assert EXPORT_ALONE in rows[NEVER_SEEN]["evidence"]
        assert EXPORT_ALONE not in rows[seen]["evidence"]
        html = read(bag, "report.html").decode("utf-8")
        pdf = read(bag, "report.pdf")
    assert html.count(f"<strong>{MARK}</strong>") == 1
    assert "Resting on Pinterest's data export alone" in html
    assert "Every item below was captured through Pinterest&#39;s official API." not in html
    assert "except 1 pin no backup ever saw (marked below), which rests on" in html
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    flat = "".join(text.split())
    assert flat.count("".join(MARK.split())) == 2  # the section saying so, and the pin
    assert "RestingonPinterest'sdataexportalone" in flat.replace("\u2019", "'")
