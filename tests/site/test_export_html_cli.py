"""`creator-backup export-html` end to end, as a user runs it: no login and no network
(the sandbox the archive came from is long gone), one JSON object with --json, plain
sentences otherwise, and a refusal that is one sentence and exit code 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from creator_backup.errors import ExitCode
from tests.cli.helpers import run_cli
from tests.site.conftest import LostAccount, archived_ids


@pytest.fixture
def home_with_archive(lost_account: LostAccount, cli_env: dict[str, str]) -> Path:
    """The module's archive, copied to where the app keeps archives; no account connected."""
    archives = Path(cli_env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    shutil.copytree(lost_account.root, archives / "2783136121146311005-0123456789")
    return archives


def test_export_html_offline_with_json(
    lost_account: LostAccount, home_with_archive: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "My site"
    result = run_cli(cli_env, "export-html", "--out", str(out), "--json", timeout=120)
    assert result.code == 0, result.err
    body = json.loads(result.out)
    assert set(body) == {"out", "pages", "pins", "boards", "media_files", "bytes", "lost",
                         "redacted_fields"}  # fmt: skip
    assert body["out"] == str(out.resolve())
    assert body["pins"] == len(archived_ids(lost_account.root, "pin"))
    assert body["boards"] == len(archived_ids(lost_account.root, "board"))
    assert body["pages"] == sum(1 for _ in out.rglob("*.html"))
    assert body["media_files"] == sum(1 for _ in (out / "media").iterdir()) > 0
    assert body["bytes"] > 0 and body["redacted_fields"] == []
    assert body["lost"] >= len(lost_account.removed_pins) + 1
    assert (out / "index.html").is_file()
    assert "Traceback" not in result.err


def test_export_html_in_words_and_a_refusal_in_one_sentence(
    home_with_archive: Path, cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = run_cli(cli_env, "export-html", "--out", str(out), timeout=120)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(f"Wrote the offline site to {out.resolve()}: ")
    assert lines[-1] == f"Open {out.resolve() / 'index.html'} in any web browser; it works offline."
    assert "is on lost.html." in lines[1]

    mine = tmp_path / "photos"
    mine.mkdir()
    (mine / "cat.jpg").write_bytes(b"\xff\xd8\xff")
    refused = run_cli(cli_env, "export-html", "--out", str(mine), "--json")
    assert refused.code == ExitCode.USAGE and refused.out == ""
    assert refused.err.strip() == (
        f"Error: The folder {mine} is not empty and is not a site this app made; choose an "
        "empty or new folder."
    )
    assert [p.name for p in mine.iterdir()] == ["cat.jpg"]


def test_export_html_without_any_archive_says_so(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli(cli_env, "export-html", "--out", str(tmp_path / "site"))
    archives = Path(cli_env["CREATOR_BACKUP_HOME"]) / "data" / "archives"
    assert result.code == ExitCode.USAGE
    assert result.err.strip() == (
        f"Error: There is no archive in {archives} to export yet; run `creator-backup backup` "
        "first."
    )
    assert not (tmp_path / "site").exists()
