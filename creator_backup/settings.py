"""The app's own settings, kept as JSON in the config folder, written atomically.

Secrets are never here: the app secret and the logins live in the keyring (or the
opt-in token file). A missing or damaged file means the defaults, never a crash.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from creator_backup.api.budget import ACCESS_CHOICES, AUTO
from creator_backup.atomic import write_text_durably
from creator_backup.paths import AppPaths

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
# The schedule choices offered, in hours (0: off).
SCHEDULE_CHOICES = (0, 6, 12, 24, 24 * 7)


@dataclass
class Settings:
    app_id: str = ""  # the user's Pinterest app (its secret is in the keyring)
    schedule_hours: int = 0  # back up every so many hours while the app runs; 0: off
    allow_restore: bool = False  # ask Pinterest for write permission at the next connect
    store_in_file: bool = False  # keep logins in a 0600 file: for machines with no keyring
    archives_dir: str = ""  # a folder of the user's own for the archives; "" the default
    # The app's access tier: "auto" goes by Pinterest's answers; "trial" or "standard"
    # says it (Trial's 1,000 requests a day are then counted even without those answers).
    access: str = AUTO
    # Trusted time stamps (RFC 3161) on every complete snapshot and appeal packet.
    timestamps: bool = True
    # Time-stamp authorities of the user's own (a qualified eIDAS one, say), asked before
    # the free public ones, and PEM files of roots to trust for them.
    tsa_urls: list[str] = field(default_factory=list)
    tsa_roots: list[str] = field(default_factory=list)
    # A weekly look at the project's releases for a newer version: off until the creator
    # says yes (asked once, at the first run; Settings changes it).
    update_check: bool = False
    update_check_asked: bool = False

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Settings:
        settings = cls(**typed_fields(cls, body))
        if settings.schedule_hours not in SCHEDULE_CHOICES:
            settings.schedule_hours = 0
        if settings.access not in ACCESS_CHOICES:
            settings.access = AUTO
        settings.tsa_urls = [u for u in settings.tsa_urls if isinstance(u, str)]
        settings.tsa_roots = [p for p in settings.tsa_roots if isinstance(p, str)]
        return settings


def typed_fields(cls: type[Any], body: dict[str, Any]) -> dict[str, Any]:
    """The fields of the dataclass `cls` that `body` holds with exactly their default's
    type (a hand-edited `true` is not an hour count); the others keep their defaults."""
    defaults = cls()
    return {
        f.name: body[f.name]
        for f in fields(cls)
        if type(body.get(f.name)) is type(getattr(defaults, f.name))
    }


def read_json_object(path: Path, what: str) -> dict[str, Any]:
    """A small JSON file of the app's own, as an object: {} when it is missing, damaged
    or not an object (the defaults then apply), never a crash."""
    try:
        body = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("%s unreadable (%s); using the defaults", what, type(exc).__name__)
        return {}
    return body if isinstance(body, dict) else {}


class SettingsStore:
    def __init__(self, config_dir: Path) -> None:
        self.path = config_dir / SETTINGS_FILE

    def load(self) -> Settings:
        return Settings.from_json(read_json_object(self.path, "settings"))

    def save(self, settings: Settings) -> None:
        # Durably: the archives' location is saved here, and an old copy is removed only
        # once it is.
        write_text_durably(self.path, json.dumps(asdict(settings), indent=2, sort_keys=True))


def parse_time(stamp: str | None) -> datetime | None:
    """A snapshot's UTC time stamp (2026-11-24T14:35:50Z) as a datetime."""
    if not stamp:
        return None
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def next_backup(last_started: str | None, schedule_hours: int, now: datetime) -> datetime | None:
    """When the next scheduled backup is due: None when the schedule is off; `now` when a
    run is overdue (missed while the app was closed) or there has never been one."""
    if schedule_hours <= 0:
        return None
    last = parse_time(last_started)
    if last is None:
        return now
    due = last + timedelta(hours=schedule_hours)
    return due if due > now else now


def with_storage_setting(paths: AppPaths) -> AppPaths:
    """The paths with the archive folder the settings name (see relocate.py's
    apply_storage_setting, which every start goes through)."""
    return paths.with_archives_at(SettingsStore(paths.config_dir).load().archives_dir or None)
