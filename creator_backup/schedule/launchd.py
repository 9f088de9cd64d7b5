"""macOS: a launchd agent in ~/Library/LaunchAgents/.

launchd runs an interval job that was missed while the Mac slept as soon as it wakes,
never starts a second copy of a job that is still running, and `ProcessType:
Background` with `LowPriorityIO` keeps it out of the way. The delay launchd itself adds
to background jobs spreads the start.
"""

from __future__ import annotations

import os
import plistlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from creator_backup.appinfo import APP_ID
from creator_backup.schedule.common import (
    OFF,
    SchedulePlan,
    Scheduler,
    ScheduleReport,
    SystemTools,
    every,
    remove_file,
    removed,
    write_if_changed,
)

LABEL = APP_ID + ".backup"
OUTPUT_LOG = "scheduled-backup.log"


def agent(plan: SchedulePlan) -> dict[str, Any]:
    body: dict[str, Any] = {
        "Label": LABEL,
        "ProgramArguments": list(plan.command),
        "StartInterval": plan.hours * 3600,
        "RunAtLoad": False,
        "ProcessType": "Background",
        "LowPriorityIO": True,
        "LowPriorityBackgroundIO": True,
        "Nice": 10,
        # A backup that is cut off by logout or sleep is resumed by the next run.
        "ExitTimeOut": 30,
    }
    if plan.log_dir is not None:
        body["StandardOutPath"] = str(plan.log_dir / OUTPUT_LOG)
        body["StandardErrorPath"] = str(plan.log_dir / OUTPUT_LOG)
    return body


def plist_bytes(plan: SchedulePlan) -> bytes:
    return plistlib.dumps(agent(plan), fmt=plistlib.FMT_XML, sort_keys=True)


class LaunchdScheduler(Scheduler):
    platform = "launchd"

    def __init__(self, tools: SystemTools, env: Mapping[str, str], uid: int | None = None) -> None:
        self.tools = tools
        home = Path(os.path.expanduser(env.get("HOME", "~")))
        self.path = home / "Library" / "LaunchAgents" / (LABEL + ".plist")
        self.domain = f"gui/{uid if uid is not None else os.getuid()}"

    def install(self, plan: SchedulePlan) -> ScheduleReport:
        changed = write_if_changed(self.path, plist_bytes(plan))
        loaded = self._loaded()
        if changed and loaded:
            # launchd keeps the job as it read it: a changed file is read again.
            self.tools.run("launchctl", "bootout", f"{self.domain}/{LABEL}")
            loaded = False
        if loaded is False:
            done = self.tools.run("launchctl", "bootstrap", self.domain, str(self.path))
            loaded = None if done is None else done.ok
        note = {
            True: "launchd has it",
            False: f"launchd refused to load it (see `launchctl print {self.domain}/{LABEL}`)",
            None: "launchctl is not available here, so it starts at your next login",
        }[loaded]
        sentence = (
            f"Scheduled backups are set up: every connected account is backed up "
            f"{every(plan.hours)}, even when the app is closed; {note}."
        )
        report = ScheduleReport("install", True, sentence, changed, [str(self.path)])
        report.active = loaded
        return report

    def _loaded(self) -> bool | None:
        done = self.tools.run("launchctl", "print", f"{self.domain}/{LABEL}")
        return None if done is None else done.ok

    def remove(self) -> ScheduleReport:
        had = self.path.exists()
        if self._loaded():
            self.tools.run("launchctl", "bootout", f"{self.domain}/{LABEL}")
        changed = remove_file(self.path)
        return removed(had, changed)

    def status(self) -> ScheduleReport:
        if not self.path.exists():
            return ScheduleReport("status", False, OFF, install_helps=True)
        try:
            hours = int(plistlib.loads(self.path.read_bytes())["StartInterval"]) // 3600
            when = f"every connected account is backed up {every(hours)}"
        except (OSError, ValueError, KeyError, TypeError, plistlib.InvalidFileException):
            when = "they are set up"
        loaded = self._loaded()
        report = ScheduleReport("status", True, "", files=[str(self.path)], active=loaded)
        if loaded is None:
            report.sentence = f"Scheduled backups are on: {when}; launchd cannot be asked here."
        elif loaded:
            report.sentence = (
                f"Scheduled backups are on: {when}, counted from when launchd loaded them."
            )
        else:
            report.sentence = (
                f"Scheduled backups are set up ({when}) but launchd has not loaded them."
            )
            report.install_helps = True
        return report
