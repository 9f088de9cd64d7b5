""" "Report a problem": one zip a user can attach to a message, with what helps find a bug
and nothing private.

In it: the log files, passed through the redactor again (they were redacted when written;
this is the second net, for a log an older version wrote); the versions of the app, Python,
Qt, the OS and the keyring backend; the settings with anything secret-looking removed; and
the list of archives with their schema version and sizes. Never a token, never a pin, a
board or a picture from an archive. Qt-free: the CLI's `report-problem` and the window's
Help menu both call `build_report`.
"""

from __future__ import annotations

import json
import logging
import platform
import re
import sqlite3
import sys
import time
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from creator_backup.appinfo import APP_ID, VERSION
from creator_backup.archive.locate import DB_NAME
from creator_backup.atomic import atomic_write
from creator_backup.logsetup import redact
from creator_backup.paths import AppPaths
from creator_backup.settings import SETTINGS_FILE

log = logging.getLogger(__name__)

# Setting names that may hold a secret: left out whatever their value.
_SECRET_NAME = re.compile(r"(?i)(token|secret|password|passwd|credential|auth|cookie|code|key)")
LIBRARIES = (
    "PySide6-Essentials",
    "shiboken6",
    "requests",
    "urllib3",
    "keyring",
    "platformdirs",
    "bagit",
    "Jinja2",
)
README = """\
This zip was made by Creator Backup's "Report a problem", to help find what went wrong.

- versions.json: the versions of the app, Python, Qt, your system and the keyring.
- logs/: the app's log files, with logins and codes removed.
- settings.json: the app's settings, with anything that looks secret removed.
- archives.json: each archive's folder name, format version and size; none of its
  content (no pins, boards, pictures or text from Pinterest).

Look inside before sending it, if you like: everything is plain text.
"""


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    log_files: int
    archives: int
    bytes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.path),
            "log_files": self.log_files,
            "archives": self.archives,
            "bytes": self.bytes,
        }


def _version_of(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def versions(keyring_backend: str | None = None) -> dict[str, Any]:
    """What the app runs on. Qt's version is PySide6's (they ship together), read from the
    package metadata so the core never imports Qt."""
    if keyring_backend is None:
        keyring_backend = keyring_backend_name()
    return {
        "app": VERSION,
        "app_id": APP_ID,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "os": platform.platform(),
        "machine": platform.machine(),
        "qt": _version_of("PySide6-Essentials") or _version_of("PySide6"),
        "keyring_backend": keyring_backend,
        "libraries": {name: _version_of(name) for name in LIBRARIES},
    }


def keyring_backend_name() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring is itself worth reporting, and why
        return redact(f"unavailable ({type(exc).__name__}: {exc})")[:300]
    return f"{type(backend).__module__}.{type(backend).__name__}"


def clean_settings(body: Any) -> Any:
    """The settings without any value whose name or content looks secret."""
    if isinstance(body, dict):
        return {
            key: clean_settings(value)
            for key, value in body.items()
            if not _SECRET_NAME.search(str(key))
            and not (isinstance(value, str) and redact(value) != value)
        }
    if isinstance(body, list):
        return [clean_settings(v) for v in body if not (isinstance(v, str) and redact(v) != v)]
    return body


def _settings(config_dir: Path) -> dict[str, Any]:
    try:
        body = json.loads((config_dir / SETTINGS_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return {"note": "no settings file (the defaults are in use)"}
    except (OSError, ValueError) as exc:
        return {"note": f"the settings file could not be read ({type(exc).__name__})"}
    cleaned = clean_settings(body)
    return cleaned if isinstance(cleaned, dict) else {"note": "the settings file is not an object"}


def _folder_size(folder: Path) -> tuple[int, int]:
    files = size = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink():
                files += 1
                size += path.stat().st_size
        except OSError:
            continue
    return files, size


def archive_facts(archives_dir: Path) -> list[dict[str, Any]]:
    """Each archive's folder name, schema version and sizes; nothing from inside it."""
    facts: list[dict[str, Any]] = []
    try:
        folders = sorted(p for p in archives_dir.iterdir() if p.is_dir())
    except OSError:
        return facts
    for folder in folders:
        entry: dict[str, Any] = {"folder": folder.name}
        database = folder / DB_NAME
        entry["database_bytes"] = database.stat().st_size if database.exists() else None
        if database.exists():
            try:
                # Read-only, and only the format number: no row of the user's data.
                conn = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5)
                try:
                    entry["schema_version"] = int(conn.execute("PRAGMA user_version").fetchone()[0])
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                entry["schema_version"] = None
                entry["database_error"] = type(exc).__name__
        files, size = _folder_size(folder / "media")
        entry["media_files"] = files
        entry["media_bytes"] = size
        facts.append(entry)
    return facts


def active_log_dir() -> Path | None:
    """Where this process's log file is, as set up by `configure_logging` (the window's
    demo keeps its data apart, but logs to the usual place)."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "_creator_backup", False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename).parent
    return None


def log_files(log_dir: Path) -> list[Path]:
    try:
        return sorted(p for p in log_dir.iterdir() if p.is_file() and ".log" in p.name)
    except OSError:
        return []


def build_report(
    out: Path,
    paths: AppPaths,
    log_dir: Path | None = None,
    keyring_backend: str | None = None,
) -> ReportSummary:
    """Writes the report zip to `out` atomically (a crash leaves no half zip) and says
    what is in it. `log_dir` is where this process logs, when that is not `paths`' own
    (the window's demo mode keeps its files elsewhere but logs to the usual place)."""
    out = out.expanduser().resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    logs = log_files(log_dir or paths.log_dir)
    archives = archive_facts(paths.archives_dir)
    # Private: the logs and settings are the user's, redacted or not.
    with atomic_write(out) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("README.txt", README)
        report = versions(keyring_backend)
        report["made_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        bundle.writestr("versions.json", json.dumps(report, indent=2))
        for path in logs:
            try:
                text = path.read_text("utf-8", errors="replace")
            except OSError as exc:
                text = f"(this log could not be read: {type(exc).__name__})\n"
            bundle.writestr(f"logs/{path.name}", redact(text))
        bundle.writestr("settings.json", json.dumps(_settings(paths.config_dir), indent=2))
        bundle.writestr("archives.json", json.dumps({"archives": archives}, indent=2))
    log.info("problem report written with %d log files", len(logs))
    return ReportSummary(out, len(logs), len(archives), out.stat().st_size)
