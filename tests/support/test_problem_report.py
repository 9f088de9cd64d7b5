""" "Report a problem": the zip holds the logs, versions, settings and archive list, and
never a token or anything from inside an archive."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from creator_backup.appinfo import VERSION
from creator_backup.archive.schema import SCHEMA_VERSION
from creator_backup.archive.store import Archive
from creator_backup.paths import AppPaths
from creator_backup.support.problem_report import build_report, clean_settings
from tests.cli.helpers import run_cli

# Shaped like Pinterest's tokens, and a bare value only the registry-free patterns can
# catch in its `access_token=` form.
SENTINEL = "pina_SENTINEL0123456789abcdefSENTINEL"
BARE = "SENTINELbare0123456789"


def all_text(zip_path: Path) -> str:
    with zipfile.ZipFile(zip_path) as bundle:
        return "\n".join(bundle.read(n).decode("utf-8", "replace") for n in bundle.namelist())


def seeded_paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths.resolve(tmp_path / "home")
    paths.ensure()
    # A log an older version might have written, with the secrets in it unredacted.
    (paths.log_dir / "creator_backup.log").write_text(
        f"INFO api: GET /v5/boards Authorization: Bearer {SENTINEL}\n"
        f"DEBUG oauth: POST /v5/oauth/token refresh_token={BARE}&grant_type=x\n"
        "INFO backup: snapshot 3 complete\n",
        "utf-8",
    )
    (paths.log_dir / "creator_backup.log.1").write_text(f"token {SENTINEL} old\n", "utf-8")
    (paths.config_dir / "settings.json").write_text(
        json.dumps({
            "app_id": "1234567", "schedule_hours": 24,
            "app_secret": "hunter2-is-not-a-good-secret", "note": f"Bearer {SENTINEL}",
        }),
        "utf-8",
    )  # fmt: skip
    root = paths.archives_dir / "pinterest-12345"
    with Archive.open(root, identity={"username": "private-creator-name"}):
        pass
    media = root / "media" / "ab" / "cd"
    media.mkdir(parents=True)
    (media / "abcd.jpg").write_bytes(b"PRIVATE-PICTURE-BYTES" * 10)
    return paths


def test_report_holds_what_helps_and_no_secret(tmp_path: Path) -> None:
    paths = seeded_paths(tmp_path)
    summary = build_report(tmp_path / "out" / "report.zip", paths, keyring_backend="test.Fake")
    assert summary.log_files == 2 and summary.archives == 1
    with zipfile.ZipFile(summary.path) as bundle:
        names = set(bundle.namelist())
        versions = json.loads(bundle.read("versions.json"))
        settings = json.loads(bundle.read("settings.json"))
        archives = json.loads(bundle.read("archives.json"))["archives"]
        log = bundle.read("logs/creator_backup.log").decode()
    assert names == {
        "README.txt", "versions.json", "settings.json", "archives.json",
        "logs/creator_backup.log", "logs/creator_backup.log.1",
    }  # fmt: skip
    assert versions["app"] == VERSION and versions["keyring_backend"] == "test.Fake"
    assert versions["python"] and versions["os"] and versions["qt"]
    assert settings == {"app_id": "1234567", "schedule_hours": 24}
    assert archives == [
        {
            "folder": "pinterest-12345",
            "database_bytes": archives[0]["database_bytes"],
            "schema_version": SCHEMA_VERSION,
            "media_files": 1,
            "media_bytes": 210,
        }
    ]
    assert archives[0]["database_bytes"] > 0
    assert "snapshot 3 complete" in log  # the log is there, only its secrets are not
    text = all_text(summary.path)
    for secret in (SENTINEL, BARE, "hunter2", "private-creator-name", "PRIVATE-PICTURE"):
        assert secret not in text, secret


def test_clean_settings_drops_secret_names_and_secret_shaped_values() -> None:
    assert clean_settings(
        {"a": 1, "refresh_token": "x", "Password": "y", "nested": {"api_key": "z", "ok": "fine"},
         "list": ["plain", "Bearer abc.def"]}
    ) == {"a": 1, "nested": {"ok": "fine"}, "list": ["plain"]}  # fmt: skip


def test_report_from_the_command_line_and_no_half_zip_left(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    home = Path(cli_env["CREATOR_BACKUP_HOME"])
    (home / "log").mkdir(parents=True)
    (home / "log" / "creator_backup.log").write_text(f"code={BARE}\n", "utf-8")
    out = tmp_path / "problem.zip"
    result = run_cli(cli_env, "report-problem", "--out", str(out), "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["out"] == str(out.resolve())
    assert BARE not in all_text(out)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".problem")] == []
    plain = run_cli(cli_env, "report-problem", "--out", str(out))
    assert plain.code == 0 and plain.out.startswith(f"Wrote {out.resolve()}")
