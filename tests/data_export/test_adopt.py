"""Locked out, then back in: the archive made from the data export alone becomes the
account's archive at its first backup, so the evidence and the backups are one history."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import requests

from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli
from tests.data_export.exports import pin, render, zipped

MakeSandbox = Callable[..., Sandbox]


def archives(env: dict[str, str]) -> list[Path]:
    root = Path(env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def test_the_first_backup_after_an_export_only_import_keeps_one_archive(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=61, boards=2, pins=12)
    account = requests.get(
        sandbox.api_base + "/user_account",
        headers={"Authorization": f"Bearer {sandbox.access_token}"},
        timeout=30,
    ).json()
    username = str(account["username"])
    export = tmp_path / "export.zip"
    export.write_bytes(zipped(render([
        pin("900000000000000071", title="Gone before any backup", alive="False",
            username=username),
    ])))  # fmt: skip
    # No login for the import: only the API it belongs to (Pinterest's, for a real user).
    offline = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base)
    assert run_cli(offline, "import-export", str(export), "--no-media").code == 0
    (made,) = archives(cli_env)
    assert made.name.startswith("export-")

    env = dict(offline, CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)
    backed_up = run_cli(env, "backup", "--json")
    assert backed_up.code == 0, backed_up.err
    (only,) = archives(cli_env)
    assert only.name.startswith(str(account["id"])), "the backup went to a second archive"
    kinds = [s["kind"] for s in json.loads(run_cli(env, "snapshots", "--json").out)["snapshots"]]
    assert kinds == ["data_export", "full"]
    # The export's word on the lost pin is still there, beside the backup.
    listed = json.loads(run_cli(env, "diff", "--json").out)
    assert listed["removed_by_export"]["pins"] == ["900000000000000071"]
    assert run_cli(env, "verify", "--read-data").code == 0
