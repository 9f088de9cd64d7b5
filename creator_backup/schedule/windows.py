"""Windows: a Task Scheduler task for the user, registered with schtasks from an XML
definition kept in the app's config folder.

StartWhenAvailable runs a missed backup when the computer is next on, RandomDelay
spreads the start, MultipleInstancesPolicy IgnoreNew never starts a second copy, and
priority 7 is below normal for CPU and disk.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from creator_backup.appinfo import DISPLAY_NAME
from creator_backup.schedule.common import (
    OFF,
    RANDOM_DELAY_MIN,
    SchedulePlan,
    Scheduler,
    ScheduleReport,
    SystemTools,
    every,
    remove_file,
    removed,
    write_if_changed,
)

NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TASK_NAME = DISPLAY_NAME  # shown as "Creator Backup" in Task Scheduler
XML_FILE = "creator-backup-task.xml"
# A fixed first time keeps the definition's bytes the same on every install; the task
# runs at 03:00 local time (plus the random delay), and then at every interval.
START = "2026-01-01T03:00:00"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        element.text = text
    return element


def task_xml(plan: SchedulePlan) -> str:
    ET.register_namespace("", NS)
    task = ET.Element(f"{{{NS}}}Task", {"version": "1.2"})
    info = _sub(task, "RegistrationInfo")
    _sub(info, "Description", f"Backs up every connected Pinterest account {every(plan.hours)}.")
    trigger = _sub(_sub(task, "Triggers"), "CalendarTrigger")
    if plan.hours < 24:
        repeat = _sub(trigger, "Repetition")
        _sub(repeat, "Interval", f"PT{plan.hours}H")
        _sub(repeat, "Duration", "P1D")
        _sub(repeat, "StopAtDurationEnd", "false")
    _sub(trigger, "StartBoundary", START)
    _sub(trigger, "Enabled", "true")
    _sub(trigger, "RandomDelay", f"PT{RANDOM_DELAY_MIN}M")
    if plan.hours == 168:
        weekly = _sub(trigger, "ScheduleByWeek")
        _sub(weekly, "WeeksInterval", "1")
        _sub(_sub(weekly, "DaysOfWeek"), "Sunday")
    else:
        _sub(_sub(trigger, "ScheduleByDay"), "DaysInterval", "1")
    principal = _sub(_sub(task, "Principals"), "Principal", None)
    principal.set("id", "Author")
    _sub(principal, "LogonType", "InteractiveToken")
    _sub(principal, "RunLevel", "LeastPrivilege")
    settings = _sub(task, "Settings")
    for tag, value in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("StartWhenAvailable", "true"),
        ("RunOnlyIfNetworkAvailable", "true"),
        ("ExecutionTimeLimit", "PT6H"),
        ("Priority", "7"),
        ("Enabled", "true"),
    ):
        _sub(settings, tag, value)
    actions = _sub(task, "Actions")
    actions.set("Context", "Author")
    action = _sub(actions, "Exec")
    _sub(action, "Command", plan.command[0])
    # Windows' own quoting rules, the ones the started program parses its arguments by.
    _sub(action, "Arguments", subprocess.list2cmdline(plan.command[1:]))
    ET.indent(task)
    body = ET.tostring(task, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-16"?>\n' + body + "\n"


class TaskScheduler(Scheduler):
    platform = "windows"

    def __init__(self, tools: SystemTools, config_dir: Path) -> None:
        self.tools = tools
        self.path = config_dir / "schedule" / XML_FILE

    def install(self, plan: SchedulePlan) -> ScheduleReport:
        # UTF-16 with a byte order mark: what schtasks /XML reads.
        changed = write_if_changed(self.path, task_xml(plan).encode("utf-16"))
        active: bool | None = True
        if changed or self._query() is None:
            done = self.tools.run(
                "schtasks", "/Create", "/TN", TASK_NAME, "/XML", str(self.path), "/F"
            )
            active = None if done is None else done.ok
        note = {
            True: "Task Scheduler has it",
            False: "Task Scheduler refused it (open Task Scheduler to see why)",
            None: "schtasks is not available here, so it is not registered yet",
        }[active]
        sentence = (
            f"Scheduled backups are set up: every connected account is backed up "
            f"{every(plan.hours)}, even when the app is closed; {note}."
        )
        return ScheduleReport("install", True, sentence, changed, [str(self.path)], active=active)

    def _query(self) -> dict[str, str] | None:
        done = self.tools.run("schtasks", "/Query", "/TN", TASK_NAME, "/FO", "LIST", "/V")
        if done is None or not done.ok:
            return None
        fields: dict[str, str] = {}
        for line in done.out.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                fields.setdefault(key.strip(), value.strip())
        return fields

    def remove(self) -> ScheduleReport:
        had = self.path.exists() or self._query() is not None
        if self._query() is not None:
            self.tools.run("schtasks", "/Delete", "/TN", TASK_NAME, "/F")
        changed = remove_file(self.path)
        return removed(had, changed)

    def status(self) -> ScheduleReport:
        fields = self._query()
        if fields is None and not self.path.exists():
            return ScheduleReport("status", False, OFF, install_helps=True)
        report = ScheduleReport("status", True, "", files=[str(self.path)])
        if fields is None:
            report.sentence = (
                "Scheduled backups are written down but not registered with Task Scheduler."
            )
            report.install_helps = True
            report.active = None if self.tools.which("schtasks") is None else False
            return report
        report.active = True
        report.next_run = fields.get("Next Run Time") or None
        nxt = f" The next one runs {report.next_run}." if report.next_run else ""
        report.sentence = f"Scheduled backups are on.{nxt}"
        return report
