"""Backups that run while the app is closed, as both faces set them up: which command the
system's scheduler runs (with this app's folder and API when they are not the defaults it
would find by itself), and how often."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.api.budget import TRIAL
from creator_backup.application.accounts import Accounts
from creator_backup.paths import AppPaths
from creator_backup.schedule import SchedulePlan, Scheduler, ScheduleReport, scheduled_command
from creator_backup.schedule import scheduler_for as system_scheduler

# Said after installing, when the app has Trial access: why a scheduled run may not run.
TRIAL_NOTE = (
    "With Trial access, a scheduled backup is skipped when today's requests cannot pay for "
    "it and one already ran today."
)


class Schedules:
    def __init__(
        self,
        paths: AppPaths,
        api_base: str,
        env: Mapping[str, str],
        accounts: Accounts,
        platform: str = sys.platform,
    ) -> None:
        self.paths = paths
        self.api_base = api_base.rstrip("/")
        self.env = dict(env)
        self.accounts = accounts
        self.platform = platform

    def scheduler(self) -> Scheduler:
        return system_scheduler(self.paths.config_dir, self.env, self.platform)

    def command(self) -> list[str]:
        """What the scheduler runs: every connected account's quick backup, in this app's
        folder and against this API when either is not the default."""
        default = AppPaths.resolve(None, {})  # where a run with no options would look
        data_dir = None
        if self.paths.config_dir != default.config_dir:
            data_dir = str(self.paths.config_dir.parent)  # the folder given, holding config/
        api_base = self.api_base if self.api_base != PINTEREST_API_BASE else None
        return scheduled_command(data_dir, api_base)

    def install(self, hours: int) -> ScheduleReport:
        """Sets scheduled backups going every `hours` (6, 12, 24 or 168); installing again
        changes nothing unless something differs. When a connected account's app is known
        to have Trial access, the report says what that means for the schedule."""
        plan = SchedulePlan(self.command(), hours=hours, log_dir=self.paths.log_dir)
        report = self.scheduler().install(plan)
        if report.installed and self._on_trial():
            return replace(report, sentence=f"{report.sentence} {TRIAL_NOTE}")
        return report

    def _on_trial(self) -> bool:
        budgets = self.accounts.budgets
        return any(budgets.reading(r).access == TRIAL for r in self.accounts.connected())

    def remove(self) -> ScheduleReport:
        return self.scheduler().remove()

    def status(self) -> ScheduleReport:
        return self.scheduler().status()

    @property
    def platform_name(self) -> str:
        """The scheduler this computer uses, by name (systemd, launchd, task scheduler)."""
        return self.scheduler().platform
