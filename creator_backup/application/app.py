"""The application: its services built from one set of paths and one API address."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from creator_backup.application.accounts import Accounts
from creator_backup.application.appeals import Appeals
from creator_backup.application.archives import Archives
from creator_backup.application.backups import Backups
from creator_backup.application.budget import Budgets
from creator_backup.application.cases import Cases
from creator_backup.application.connect import Connect
from creator_backup.application.files import Files
from creator_backup.application.originals import Originals
from creator_backup.application.restores import Restores
from creator_backup.application.schedules import Schedules
from creator_backup.archive.relocate import (
    MovePlan,
    apply_storage_setting,
    move_archives,
    plan_move,
)
from creator_backup.auth.service import AccountService
from creator_backup.evidence.signing_key import SigningKeys
from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.settings import SettingsStore

if TYPE_CHECKING:
    from creator_backup.application.updates import Updates


@dataclass(frozen=True)
class _Services:
    """Every service, built together from one set of paths."""

    paths: AppPaths
    account_service: AccountService
    archives: Archives
    accounts: Accounts
    backups: Backups
    restores: Restores
    appeals: Appeals
    cases: Cases
    files: Files
    originals: Originals
    schedules: Schedules
    connect: Connect


class Application:
    """What a face (the window, a command) works with. Built once per window or command
    run; the services are rebuilt when the archives move, and swapped in as one, so every
    later call uses the new folder and no call sees half of each."""

    def __init__(
        self,
        paths: AppPaths,
        api_base: str,
        env: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.api_base = api_base.rstrip("/")
        self.env = dict(os.environ if env is None else env)
        self.clock = clock
        self._services = self._build(paths)

    def _build(self, paths: AppPaths) -> _Services:
        # Every request a login makes, a run's or its own (logging in, renewing), spends
        # from its app's day's budget.
        budgets = Budgets(paths.config_dir, self.api_base, self.clock)
        account_service = AccountService(
            paths.config_dir, self.api_base, clock=self.clock, budget_for=budgets.for_login
        )
        registry = account_service.registry
        archives = Archives(paths.archives_dir, self.api_base, registry)
        accounts = Accounts(account_service, archives, budgets)
        return _Services(
            paths,
            account_service,
            archives,
            accounts,
            Backups(accounts, archives, SettingsStore(paths.config_dir)),
            Restores(accounts, archives),
            Appeals(archives, SettingsStore(paths.config_dir), SigningKeys(paths.config_dir)),
            Cases(archives, self.clock),
            Files(archives, registry, self.env),
            Originals(archives),
            Schedules(paths, self.api_base, self.env, accounts),
            Connect(account_service, self.env),
        )

    @property
    def paths(self) -> AppPaths:
        return self._services.paths

    @property
    def account_service(self) -> AccountService:
        return self._services.account_service

    @property
    def archives(self) -> Archives:
        return self._services.archives

    @property
    def accounts(self) -> Accounts:
        return self._services.accounts

    @property
    def backups(self) -> Backups:
        return self._services.backups

    @property
    def restores(self) -> Restores:
        return self._services.restores

    @property
    def appeals(self) -> Appeals:
        return self._services.appeals

    @property
    def cases(self) -> Cases:
        return self._services.cases

    @property
    def files(self) -> Files:
        return self._services.files

    @property
    def originals(self) -> Originals:
        return self._services.originals

    @property
    def schedules(self) -> Schedules:
        return self._services.schedules

    @property
    def connect(self) -> Connect:
        return self._services.connect

    @cached_property
    def updates(self) -> Updates:
        """The update check. Built on first use: the window's first page has no need of
        it (nor of the HTTP it brings), and it depends on the config folder alone, which
        a move of the archives leaves where it is."""
        from creator_backup.application.updates import Updates

        return Updates(self.paths.config_dir, self.env, self.clock)

    # -- where the archives live ----------------------------------------------------------

    def plan_archive_move(self, destination: Path) -> MovePlan:
        return plan_move(self.paths.archives_dir, destination)

    def move_archives(
        self,
        plan: MovePlan,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
    ) -> bool:
        """Moves the archives and keeps the new folder in the settings, so that every
        later run (the window, the command line, scheduled backups) uses it. False when
        cancelled: nothing then changed."""
        if not move_archives(plan, self.paths, progress, cancel):
            return False
        self._services = self._build(apply_storage_setting(self.paths))
        return True
