"""The macOS agent and the Windows task, generated and checked on any system: the files
are parsed the way launchd and Task Scheduler read them."""

from __future__ import annotations

import os
import plistlib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from creator_backup.appinfo import APP_ID
from creator_backup.schedule import SchedulePlan, SystemTools, scheduled_command, scheduler_for
from creator_backup.schedule.command import BACKUP_ARGS
from creator_backup.schedule.launchd import LaunchdScheduler
from creator_backup.schedule.windows import NS, TaskScheduler

from .conftest import LAUNCHCTL, SCHTASKS, FakeSystem

TASK = {"t": NS}


def parse_task(raw: bytes) -> ET.Element:
    # The file this test's own code just wrote, not untrusted input.
    return ET.fromstring(raw.decode("utf-16").split("\n", 1)[1])  # noqa: S314


def plan(tmp_path: Path, hours: int = 24) -> SchedulePlan:
    command = scheduled_command(str(tmp_path / "data dir"))
    return SchedulePlan(command, hours=hours, log_dir=tmp_path / "logs")


def test_launchd_agent_runs_the_backup_in_the_background(
    fake_system: FakeSystem, tmp_path: Path
) -> None:
    fake_system.add_tool("launchctl", LAUNCHCTL)
    agent = LaunchdScheduler(SystemTools(fake_system.env), fake_system.env, uid=501)
    report = agent.install(plan(tmp_path, hours=6))
    path = fake_system.home / "Library" / "LaunchAgents" / f"{APP_ID}.backup.plist"
    body = plistlib.loads(path.read_bytes())
    assert report.installed and report.active is True and report.files == [str(path)]
    assert body["Label"] == f"{APP_ID}.backup"
    program = body["ProgramArguments"]
    assert os.path.isabs(program[0]) and os.access(program[0], os.X_OK)
    assert program[-5:] == list(BACKUP_ARGS)
    assert "--data-dir" in program
    assert body["StartInterval"] == 6 * 3600
    assert body["ProcessType"] == "Background" and body["LowPriorityIO"] is True
    assert body["RunAtLoad"] is False
    assert body["StandardOutPath"] == str(tmp_path / "logs" / "scheduled-backup.log")
    assert fake_system.calls() == [
        f"print gui/501/{APP_ID}.backup",
        f"bootstrap gui/501 {path}",
    ]

    stamp = (path.read_bytes(), path.stat().st_mtime_ns)
    again = agent.install(plan(tmp_path, hours=6))
    assert not again.changed and (path.read_bytes(), path.stat().st_mtime_ns) == stamp
    assert len([c for c in fake_system.calls() if c.startswith("bootstrap")]) == 1
    assert "every 6 hours" in agent.status().sentence

    removed = agent.remove()
    assert removed.changed and not path.exists()
    assert f"bootout gui/501/{APP_ID}.backup" in fake_system.calls()
    assert not agent.status().installed


def test_windows_task_never_runs_twice_and_catches_up_on_missed_runs(
    fake_system: FakeSystem, tmp_path: Path
) -> None:
    fake_system.add_tool("schtasks", SCHTASKS)
    config = tmp_path / "config"
    task = TaskScheduler(SystemTools(fake_system.env), config)
    report = task.install(plan(tmp_path, hours=6))
    path = config / "schedule" / "creator-backup-task.xml"
    raw = path.read_bytes()
    assert raw.startswith(b"\xff\xfe")  # UTF-16 with its byte order mark, as schtasks reads
    root = parse_task(raw)
    assert report.installed and report.active is True

    def text(where: str) -> str | None:
        return root.findtext(where, namespaces=TASK)

    assert text("t:Settings/t:MultipleInstancesPolicy") == "IgnoreNew"
    assert text("t:Settings/t:StartWhenAvailable") == "true"
    assert text("t:Settings/t:Priority") == "7"
    assert text("t:Triggers/t:CalendarTrigger/t:RandomDelay") == "PT30M"
    assert text("t:Triggers/t:CalendarTrigger/t:Repetition/t:Interval") == "PT6H"
    assert text("t:Principals/t:Principal/t:RunLevel") == "LeastPrivilege"
    command = text("t:Actions/t:Exec/t:Command")
    arguments = text("t:Actions/t:Exec/t:Arguments") or ""
    assert command and os.path.isabs(command)
    # A folder with a space stays one argument, in Windows' quoting.
    assert f'--data-dir "{tmp_path / "data dir"}"' in arguments
    assert arguments.endswith(" ".join(BACKUP_ARGS))
    creates = [c for c in fake_system.calls() if c.startswith("/Create")]
    assert creates == [f"/Create /TN Creator Backup /XML {path} /F"]

    stamp = (path.read_bytes(), path.stat().st_mtime_ns)
    again = task.install(plan(tmp_path, hours=6))
    assert not again.changed and (path.read_bytes(), path.stat().st_mtime_ns) == stamp
    assert len([c for c in fake_system.calls() if c.startswith("/Create")]) == 1
    status = task.status()
    assert status.installed and status.next_run == "12/2/2026 3:00:00 AM"
    assert "The next one runs 12/2/2026 3:00:00 AM." in status.sentence

    assert task.remove().changed and not path.exists()
    assert "/Delete /TN Creator Backup /F" in fake_system.calls()
    assert not task.status().installed


def test_weekly_task_runs_on_a_weekly_trigger(fake_system: FakeSystem, tmp_path: Path) -> None:
    task = TaskScheduler(SystemTools(fake_system.env), tmp_path / "config")
    report = task.install(plan(tmp_path, hours=168))
    assert report.active is None and "not available here" in report.sentence
    raw = (tmp_path / "config" / "schedule" / "creator-backup-task.xml").read_bytes()
    root = parse_task(raw)
    weekly = root.find("t:Triggers/t:CalendarTrigger/t:ScheduleByWeek", TASK)
    assert weekly is not None and weekly.findtext("t:WeeksInterval", namespaces=TASK) == "1"


@pytest.mark.parametrize(
    ("platform", "kind"),
    [("linux", "systemd"), ("darwin", "launchd"), ("win32", "windows")],
)
def test_each_platform_gets_its_own_scheduler(tmp_path: Path, platform: str, kind: str) -> None:
    chosen = scheduler_for(tmp_path, {"HOME": str(tmp_path), "PATH": ""}, platform=platform)
    assert chosen.platform == kind


def test_plan_refuses_an_interval_the_app_does_not_offer() -> None:
    with pytest.raises(ValueError, match="hours"):
        SchedulePlan(["/bin/true"], hours=5)
