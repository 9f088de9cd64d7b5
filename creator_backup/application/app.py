"""The application: its services built from one set of paths and one API address."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from creator_backup.application.accounts import Accounts
from creator_backup.application.appeals import Appeals
from creator_backup.application.archives import Archives
from creator_backup.application.backups import Backups
from creator_backup.application.files import Files
from creator_backup.application.restores import Restores
from creator_backup.archive.relocate import (
    MovePlan,
    apply_storage_setting,
    move_archives,
    plan_move,
)
from creator_backup.auth.service import AccountService
from creator_backup.paths import AppPaths
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress


class Application:
    """What a face (the window, a command) works with. Built once per window or command
    run; the services are rebuilt when the archives move, so every later call uses the
    new folder."""

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
        self._build(paths)

    def _build(self, paths: AppPaths) -> None:
        self.paths = paths
        self.account_service = AccountService(paths.config_dir, self.api_base, clock=self.clock)
        registry = self.account_service.registry
        self.archives = Archives(paths.archives_dir, self.api_base, registry)
        self.accounts = Accounts(self.account_service, self.archives)
        self.backups = Backups(self.accounts, self.archives)
        self.restores = Restores(self.accounts, self.archives)
        self.appeals = Appeals(self.archives)
        self.files = Files(self.archives, registry, self.env)

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
        self._build(apply_storage_setting(self.paths))
        return True
