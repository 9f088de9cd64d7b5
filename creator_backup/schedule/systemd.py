"""Linux: a systemd user service and timer in ~/.config/systemd/user/.

The timer is Persistent (a run missed while the computer was off happens at the next
boot or login), starts at a random moment within half an hour, and the service runs at
the lowest CPU and disk priority. systemd never starts a unit that is still running, and
the archive's lock refuses a second writer besides; `--skip-if-busy` makes that a quiet
skip, not a failure in the journal.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from pathlib import Path

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

UNIT = "creator-backup"
SERVICE = UNIT + ".service"
TIMER = UNIT + ".timer"
CALENDAR = {6: "*-*-* 00/6:00:00", 12: "*-*-* 00/12:00:00", 24: "daily", 168: "weekly"}
NOT_RUNNING = (
    "systemd's user service manager is not running here, so the timer could not be started "
    "now; it is enabled and starts at your next login"
)


def quote_arg(arg: str) -> str:
    """One ExecStart argument, quoted as systemd reads it: `%` and `$` would otherwise
    be expanded as specifiers and variables."""
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def service_text(plan: SchedulePlan) -> str:
    return "\n".join([
        "# Written by creator-backup (`creator-backup schedule install`); removed by",
        "# `creator-backup schedule remove`.",
        "[Unit]",
        "Description=Creator Backup: back up every connected Pinterest account",
        # No network-online.target: a user manager cannot wait for it. Offline, the run
        # ends with a sentence in the journal and the next one catches up.
        "",
        "[Service]",
        "Type=oneshot",
        "ExecStart=" + " ".join(quote_arg(a) for a in plan.command),
        # The lowest priorities: a backup in the background never slows the computer.
        "Nice=19",
        "IOSchedulingClass=idle",
        # A run stuck on a dead network is stopped; the next one continues from there.
        "TimeoutStartSec=6h",
        # Ctrl+C's signal: the backup records a partial snapshot and stops cleanly.
        "KillSignal=SIGINT",
        "",
    ])  # fmt: skip


def timer_text(plan: SchedulePlan) -> str:
    return "\n".join([
        "# Written by creator-backup (`creator-backup schedule install`).",
        "[Unit]",
        f"Description=Creator Backup: back up your Pinterest accounts {every(plan.hours)}",
        "",
        "[Timer]",
        f"OnCalendar={CALENDAR[plan.hours]}",
        "Persistent=true",
        f"RandomizedDelaySec={RANDOM_DELAY_MIN}min",
        f"Unit={SERVICE}",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
    ])  # fmt: skip


def read_unit(text: str) -> configparser.ConfigParser:
    """A unit file's sections and keys (the tests read the generated files with it)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return parser


def user_unit_dir(env: Mapping[str, str]) -> Path:
    config = env.get("XDG_CONFIG_HOME") or os.path.join(env.get("HOME", "~"), ".config")
    return Path(os.path.expanduser(config)) / "systemd" / "user"


class SystemdScheduler(Scheduler):
    platform = "systemd"

    def __init__(self, tools: SystemTools, env: Mapping[str, str]) -> None:
        self.tools = tools
        self.dir = user_unit_dir(env)

    @property
    def service(self) -> Path:
        return self.dir / SERVICE

    @property
    def timer(self) -> Path:
        return self.dir / TIMER

    @property
    def wants_link(self) -> Path:
        return self.dir / "timers.target.wants" / TIMER

    def _files(self) -> list[str]:
        return [str(p) for p in (self.service, self.timer) if p.exists()]

    def _systemctl(self, *args: str) -> bool | None:
        """True when systemctl did it, False when it refused, None when there is no
        systemctl or no user manager to talk to."""
        done = self.tools.run("systemctl", "--user", *args)
        if done is None:
            return None
        if not done.ok and ("bus" in done.err.lower() or "not been booted" in done.err.lower()):
            return None
        return done.ok

    def install(self, plan: SchedulePlan) -> ScheduleReport:
        changed = write_if_changed(self.service, service_text(plan).encode("utf-8"))
        changed |= write_if_changed(self.timer, timer_text(plan).encode("utf-8"))
        if changed:
            self._systemctl("daemon-reload")
        started = self._systemctl("enable", "--now", TIMER)
        if started is None:
            # What `systemctl enable` would do, so the timer starts at the next login.
            changed |= self._link_enabled()
            note = NOT_RUNNING
        elif started:
            note = "the timer is running"
        else:
            note = "systemd refused to start the timer (see `systemctl --user status creator-backup.timer`)"
        sentence = (
            f"Scheduled backups are set up: every connected account is backed up "
            f"{every(plan.hours)}, even when the app is closed; {note}."
        )
        report = ScheduleReport("install", True, sentence, changed, self._files())
        report.active = started
        return report

    def _link_enabled(self) -> bool:
        link = self.wants_link
        if link.is_symlink() or link.exists():
            return False
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(Path("..") / TIMER)
        return True

    def remove(self) -> ScheduleReport:
        had = self.timer.exists() or self.service.exists()
        self._systemctl("disable", "--now", TIMER)
        changed = remove_file(self.wants_link)
        changed |= remove_file(self.timer)
        changed |= remove_file(self.service)
        if changed:
            self._systemctl("daemon-reload")
        return removed(had, changed)

    def status(self) -> ScheduleReport:
        if not self.timer.exists():
            return ScheduleReport("status", False, OFF, install_helps=True)
        hours = self._hours()
        report = ScheduleReport("status", True, "", files=self._files())
        done = self.tools.run(
            "systemctl", "--user", "show", TIMER,
            "--property=ActiveState,NextElapseUSecRealtime,LastTriggerUSec",
        )  # fmt: skip
        props = dict(
            line.split("=", 1) for line in (done.out if done and done.ok else "").splitlines()
            if "=" in line
        )  # fmt: skip
        when = (
            f"every connected account is backed up {every(hours)}" if hours else "they are set up"
        )
        if not props:
            report.sentence = (
                f"Scheduled backups are on: {when}. When the next one runs cannot be told "
                "here, because systemd's user service manager is not running."
            )
            return report
        report.active = props.get("ActiveState") == "active"
        report.next_run = props.get("NextElapseUSecRealtime") or None
        if not report.active:
            report.sentence = f"Scheduled backups are set up ({when}) but the timer is not running."
            report.install_helps = True
        else:
            nxt = f" The next one runs {report.next_run}." if report.next_run else ""
            last = props.get("LastTriggerUSec") or ""
            before = f" The last one started {last}." if last and last != "n/a" else ""
            report.sentence = f"Scheduled backups are on: {when}.{nxt}{before}"
        return report

    def _hours(self) -> int | None:
        try:
            calendar = read_unit(self.timer.read_text("utf-8")).get("Timer", "OnCalendar")
        except (OSError, configparser.Error):
            return None
        return next((h for h, spec in CALENDAR.items() if spec == calendar), None)
