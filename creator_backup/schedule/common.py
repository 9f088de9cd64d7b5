"""What every platform's scheduler shares: the plan, the report, writing files only when
they change, and running the system's own tools when they are there."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creator_backup.atomic import write_bytes_durably

log = logging.getLogger(__name__)

HOURS_CHOICES = (6, 12, 24, 24 * 7)
DEFAULT_HOURS = 24
# A system tool that hangs (a wedged D-Bus) must not hang the app.
TOOL_TIMEOUT_S = 30
# Scheduled runs start at a random moment within this window, so many machines (and a
# machine's accounts) do not all call Pinterest at the same second.
RANDOM_DELAY_MIN = 30
OFF = "Scheduled backups are off."


@dataclass(frozen=True)
class SchedulePlan:
    command: list[str]  # absolute program path first
    hours: int = DEFAULT_HOURS
    log_dir: Path | None = None  # where a platform without a journal keeps the output

    def __post_init__(self) -> None:
        if self.hours not in HOURS_CHOICES:
            raise ValueError(f"hours must be one of {HOURS_CHOICES}")


@dataclass
class ScheduleReport:
    action: str  # install, remove or status
    installed: bool
    sentence: str  # what happened, in plain words
    changed: bool = False  # whether any file was written or removed
    files: list[str] = field(default_factory=list)
    next_run: str | None = None  # as the system tells it
    active: bool | None = None  # None: the system could not be asked
    # Installing (again) would set scheduled backups going: they are off, or set up but
    # not taken in by the system's scheduler. The command line says which command does.
    install_helps: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "installed": self.installed,
            "active": self.active,
            "changed": self.changed,
            "next_run": self.next_run,
            "files": self.files,
            "message": self.sentence,
        }


@dataclass(frozen=True)
class ToolResult:
    code: int
    out: str
    err: str

    @property
    def ok(self) -> bool:
        return self.code == 0


class SystemTools:
    """Runs the system's scheduler tools (systemctl, launchctl, schtasks), found on the
    given PATH. A missing tool is None, not an error: the files are still written."""

    def __init__(self, env: Mapping[str, str] = os.environ) -> None:
        self.env = dict(env)

    def which(self, name: str) -> str | None:
        return shutil.which(name, path=self.env.get("PATH", os.defpath))

    def run(self, name: str, *args: str) -> ToolResult | None:
        program = self.which(name)
        if program is None:
            return None
        try:
            done = subprocess.run(
                [program, *args],
                env=self.env,
                capture_output=True,
                text=True,
                timeout=TOOL_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("%s %s failed to run: %s", name, args[:1], type(exc).__name__)
            return ToolResult(-1, "", type(exc).__name__)
        log.info("%s %s: exit %s", name, " ".join(args[:2]), done.returncode)
        return ToolResult(done.returncode, done.stdout, done.stderr)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Writes atomically, and only when the content differs: installing twice leaves the
    file, its time stamp included, as it was. Returns whether it wrote."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Readable as the scheduler's own files are (they hold no secret: a command line).
    write_bytes_durably(path, data, file_mode=0o644)
    return True


def remove_file(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True


def removed(had: bool, changed: bool) -> ScheduleReport:
    """What `schedule remove` says, the same on every system."""
    sentence = (
        "Scheduled backups are removed; backups now run only when you start them."
        if had
        else "Scheduled backups were not set up; nothing to remove."
    )
    return ScheduleReport("remove", False, sentence, changed)


def every(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return "every day" if days == 1 else "every week" if days == 7 else f"every {days} days"
    return f"every {hours} hours"


class Scheduler:
    """One platform's way of running the backup while the app is closed."""

    platform = ""

    def install(self, plan: SchedulePlan) -> ScheduleReport:
        raise NotImplementedError

    def remove(self) -> ScheduleReport:
        raise NotImplementedError

    def status(self) -> ScheduleReport:
        raise NotImplementedError
