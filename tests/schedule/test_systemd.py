"""The Linux schedule: a systemd user service and timer, written into a temporary home."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from creator_backup.schedule import SchedulePlan, SystemTools, scheduled_command
from creator_backup.schedule.command import BACKUP_ARGS
from creator_backup.schedule.systemd import SystemdScheduler, quote_arg, read_unit

from .conftest import SYSTEMCTL, SYSTEMCTL_NO_BUS, FakeSystem


def plan(data_dir: Path | None = None, hours: int = 24) -> SchedulePlan:
    return SchedulePlan(scheduled_command(str(data_dir) if data_dir else None), hours=hours)


def scheduler(fake: FakeSystem) -> SystemdScheduler:
    return SystemdScheduler(SystemTools(fake.env), fake.env)


def exec_start(service: Path) -> list[str]:
    line = read_unit(service.read_text("utf-8")).get("Service", "ExecStart")
    # systemd's quoting is a shell's for these arguments (no % or $ in them).
    return shlex.split(line)


def test_install_writes_a_safe_timer_and_a_service_running_the_absolute_command(
    fake_system: FakeSystem, tmp_path: Path
) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL)
    report = scheduler(fake_system).install(plan(tmp_path / "my data", hours=12))
    units = fake_system.home / ".config" / "systemd" / "user"
    service, timer = units / "creator-backup.service", units / "creator-backup.timer"
    assert report.installed and report.changed and report.active is True
    assert sorted(report.files) == sorted([str(service), str(timer)])

    args = exec_start(service)
    assert Path(args[0]).is_absolute() and os.access(args[0], os.X_OK), args[0]
    assert args[1:3] == ["--data-dir", str((tmp_path / "my data").resolve())]
    assert args[3:] == list(BACKUP_ARGS)
    unit = read_unit(service.read_text("utf-8"))
    assert unit.get("Service", "Type") == "oneshot"
    assert unit.get("Service", "Nice") == "19"
    assert unit.get("Service", "IOSchedulingClass") == "idle"

    schedule = read_unit(timer.read_text("utf-8"))
    assert schedule.get("Timer", "Persistent") == "true"  # a missed run happens later
    assert schedule.get("Timer", "RandomizedDelaySec") == "30min"
    assert schedule.get("Timer", "OnCalendar") == "*-*-* 00/12:00:00"
    assert schedule.get("Timer", "Unit") == "creator-backup.service"
    assert schedule.get("Install", "WantedBy") == "timers.target"
    assert fake_system.calls() == [
        "--user daemon-reload",
        "--user enable --now creator-backup.timer",
    ]
    assert "every 12 hours" in report.sentence


def test_installing_twice_changes_nothing(fake_system: FakeSystem) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL)
    scheduler(fake_system).install(plan())
    units = fake_system.home / ".config" / "systemd" / "user"
    before = {
        p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in units.iterdir() if p.is_file()
    }
    again = scheduler(fake_system).install(plan())
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in units.iterdir() if p.is_file()}
    assert again.changed is False
    assert after == before
    # Unchanged units need no reload; enabling an enabled timer is a no-op for systemd.
    assert fake_system.calls().count("--user daemon-reload") == 1


def test_a_changed_interval_rewrites_the_timer(fake_system: FakeSystem) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL)
    scheduler(fake_system).install(plan(hours=24))
    report = scheduler(fake_system).install(plan(hours=168))
    timer = fake_system.home / ".config" / "systemd" / "user" / "creator-backup.timer"
    assert report.changed
    assert read_unit(timer.read_text("utf-8")).get("Timer", "OnCalendar") == "weekly"


def test_status_tells_when_the_next_backup_runs(fake_system: FakeSystem) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL)
    off = scheduler(fake_system).status()
    assert not off.installed and "off" in off.sentence
    scheduler(fake_system).install(plan())
    on = scheduler(fake_system).status()
    assert on.installed and on.active is True
    assert on.next_run == "Wed 2026-12-02 03:12:00 UTC"
    assert on.sentence == (
        "Scheduled backups are on: every connected account is backed up every day. "
        "The next one runs Wed 2026-12-02 03:12:00 UTC."
    )


def test_remove_removes_everything_and_twice_is_fine(fake_system: FakeSystem) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL)
    scheduler(fake_system).install(plan())
    removed = scheduler(fake_system).remove()
    units = fake_system.home / ".config" / "systemd" / "user"
    assert removed.changed and not removed.installed
    assert not list(units.rglob("creator-backup*"))
    assert "--user disable --now creator-backup.timer" in fake_system.calls()
    again = scheduler(fake_system).remove()
    assert not again.changed and "nothing to remove" in again.sentence


def test_without_a_user_session_the_files_are_written_and_enabled_for_the_next_login(
    fake_system: FakeSystem,
) -> None:
    fake_system.add_tool("systemctl", SYSTEMCTL_NO_BUS)
    report = scheduler(fake_system).install(plan())
    units = fake_system.home / ".config" / "systemd" / "user"
    link = units / "timers.target.wants" / "creator-backup.timer"
    assert report.installed and report.active is None
    assert "not running here" in report.sentence and "next login" in report.sentence
    assert link.is_symlink() and link.resolve() == (units / "creator-backup.timer").resolve()
    status = scheduler(fake_system).status()
    assert status.installed and "cannot be told" in status.sentence
    assert not scheduler(fake_system).install(plan()).changed
    scheduler(fake_system).remove()
    assert not link.is_symlink() and not (units / "creator-backup.timer").exists()


def test_without_systemctl_at_all_install_still_works(fake_system: FakeSystem) -> None:
    report = scheduler(fake_system).install(plan())
    assert report.installed and report.active is None
    assert (fake_system.home / ".config/systemd/user/creator-backup.service").exists()


def test_exec_start_quoting_keeps_spaces_percent_and_dollar_literal() -> None:
    assert quote_arg("/home/a b/100%/$HOME") == '"/home/a b/100%%/$$HOME"'
    assert quote_arg('say "hi"\\') == '"say \\"hi\\"\\\\"'


def test_systemd_itself_accepts_the_units(fake_system: FakeSystem, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    scheduler(fake_system).install(plan(tmp_path / "100% data"))
    units = fake_system.home / ".config" / "systemd" / "user"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    result = subprocess.run(
        [analyze, "verify", "--user", "creator-backup.service", "creator-backup.timer"],
        cwd=units,
        env={**fake_system.env, "XDG_RUNTIME_DIR": str(runtime), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    # An unknown key or a bad value is a warning on stderr with a zero exit: none at all.
    assert result.returncode == 0 and result.stderr == "", result.stderr
