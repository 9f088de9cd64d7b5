"""The application: its services built from one set of paths and one API address."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress

if TYPE_CHECKING:
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
    from creator_backup.application.updates import Updates
    from creator_backup.archive.relocate import MovePlan
    from creator_backup.auth.service import AccountService

_T = TypeVar("_T")


class _Services:
    """Every service, for one set of paths. Each is built, and its modules imported, on
    first use: the window's first page needs few of them, and importing them all (HTTP,
    templates, calendars, cryptography) took most of a cold start."""

    def __init__(
        self, paths: AppPaths, api_base: str, env: Mapping[str, str], clock: Callable[[], float]
    ) -> None:
        self.paths = paths
        self._api_base = api_base
        self._env = env
        self._clock = clock
        # Reentrant: a service is built from others. One lock: a service is built once
        # even when two threads (the window's and a worker) ask for it at once.
        self._lock = threading.RLock()
        self._built: dict[str, Any] = {}

    def _once(self, name: str, build: Callable[[], _T]) -> _T:
        with self._lock:
            if name not in self._built:
                self._built[name] = build()
            return cast(_T, self._built[name])

    @property
    def budgets(self) -> Budgets:
        def build() -> Budgets:
            from creator_backup.application.budget import Budgets

            # Every request a login makes, a run's or its own (logging in, renewing),
            # spends from its app's day's budget.
            return Budgets(self.paths.config_dir, self._api_base, self._clock)

        return self._once("budgets", build)

    @property
    def account_service(self) -> AccountService:
        def build() -> AccountService:
            from creator_backup.auth.service import AccountService

            return AccountService(
                self.paths.config_dir,
                self._api_base,
                clock=self._clock,
                budget_for=self.budgets.for_login,
            )

        return self._once("account_service", build)

    @property
    def archives(self) -> Archives:
        def build() -> Archives:
            from creator_backup.application.archives import Archives

            registry = self.account_service.registry
            return Archives(self.paths.archives_dir, self._api_base, registry)

        return self._once("archives", build)

    @property
    def accounts(self) -> Accounts:
        def build() -> Accounts:
            from creator_backup.application.accounts import Accounts

            return Accounts(self.account_service, self.archives, self.budgets)

        return self._once("accounts", build)

    @property
    def backups(self) -> Backups:
        def build() -> Backups:
            from creator_backup.application.backups import Backups
            from creator_backup.settings import SettingsStore

            return Backups(self.accounts, self.archives, SettingsStore(self.paths.config_dir))

        return self._once("backups", build)

    @property
    def restores(self) -> Restores:
        def build() -> Restores:
            from creator_backup.application.restores import Restores

            return Restores(self.accounts, self.archives)

        return self._once("restores", build)

    @property
    def appeals(self) -> Appeals:
        def build() -> Appeals:
            from creator_backup.application.appeals import Appeals
            from creator_backup.evidence.signing_key import SigningKeys
            from creator_backup.settings import SettingsStore

            config = self.paths.config_dir
            return Appeals(self.archives, SettingsStore(config), SigningKeys(config))

        return self._once("appeals", build)

    @property
    def cases(self) -> Cases:
        def build() -> Cases:
            from creator_backup.application.cases import Cases

            return Cases(self.archives, self._clock)

        return self._once("cases", build)

    @property
    def files(self) -> Files:
        def build() -> Files:
            from creator_backup.application.files import Files

            return Files(self.archives, self.account_service.registry, self._env)

        return self._once("files", build)

    @property
    def originals(self) -> Originals:
        def build() -> Originals:
            from creator_backup.application.originals import Originals

            return Originals(self.archives)

        return self._once("originals", build)

    @property
    def schedules(self) -> Schedules:
        def build() -> Schedules:
            from creator_backup.application.schedules import Schedules

            return Schedules(self.paths, self._api_base, self._env, self.accounts)

        return self._once("schedules", build)

    @property
    def connect(self) -> Connect:
        def build() -> Connect:
            from creator_backup.application.connect import Connect

            return Connect(self.account_service, self._env)

        return self._once("connect", build)


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
        return _Services(paths, self.api_base, self.env, self.clock)

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
        from creator_backup.archive.relocate import plan_move

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
        from creator_backup.archive.relocate import apply_storage_setting, move_archives

        if not move_archives(plan, self.paths, progress, cancel):
            return False
        self._services = self._build(apply_storage_setting(self.paths))
        return True
