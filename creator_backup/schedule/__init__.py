"""Backups that run while the app is closed: a systemd user timer on Linux, a launchd
agent on macOS, a Task Scheduler task on Windows. Each runs one command,
`creator-backup backup --quick --all-accounts --skip-if-busy --within-budget`, which backs
up every connected account in turn. Qt-free: the application layer's Schedules sets them
up for the CLI's `schedule` command and the window.
"""

from creator_backup.schedule.command import scheduled_command
from creator_backup.schedule.common import (
    DEFAULT_HOURS,
    HOURS_CHOICES,
    SchedulePlan,
    Scheduler,
    ScheduleReport,
    SystemTools,
)
from creator_backup.schedule.platforms import scheduler_for

__all__ = [
    "DEFAULT_HOURS",
    "HOURS_CHOICES",
    "SchedulePlan",
    "ScheduleReport",
    "Scheduler",
    "SystemTools",
    "scheduled_command",
    "scheduler_for",
]
