"""What every command gets: where files live, which API, which account, and the services
built from them. Built once per run by the CLI's composition root."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.api.base_url import api_base_from
from creator_backup.api.client import PinterestClient
from creator_backup.archive.locate import archive_root
from creator_backup.archive.relocate import apply_storage_setting
from creator_backup.archive.store import Archive
from creator_backup.auth.service import ENV_TOKEN, AccountService
from creator_backup.data_export.service import adopt_export_archive
from creator_backup.errors import NotLoggedInError
from creator_backup.logsetup import SECRETS
from creator_backup.paths import AppPaths


@dataclass
class CommandContext:
    paths: AppPaths
    api_base: str
    account_name: str | None
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    clock: Callable[[], float] = time.time
    _closers: list[Callable[[], None]] = field(default_factory=list)

    @classmethod
    def from_args(
        cls, args: argparse.Namespace, env: Mapping[str, str] = os.environ
    ) -> CommandContext:
        api_base = api_base_from(env, args.api_base)
        return cls(
            paths=apply_storage_setting(AppPaths.resolve(args.data_dir, env)),
            api_base=api_base.rstrip("/"),
            account_name=args.account,
            env=dict(env),
        )

    @property
    def accounts(self) -> AccountService:
        return AccountService(self.paths.config_dir, self.api_base, clock=self.clock)

    def client(self) -> PinterestClient:
        """A client for the chosen account: the environment's token when set (headless and
        scheduled runs; never stored), else the connected account's saved login."""
        token = self.env.get(ENV_TOKEN)
        if token:
            SECRETS.add(token)
            client = self.accounts.client_from_env(token)
        else:
            service = self.accounts
            record = service.registry.pick(self.api_base, self.account_name)
            client = service.client_for(record)
        self._closers.append(client.close)
        return client

    def open_archive(self, account_id: str, username: str) -> Archive:
        """The account's archive, opened for writing (takes its lock)."""
        adopt_export_archive(self.paths.archives_dir, self.api_base, account_id, username)
        self.accounts.registry.learn_id(self.api_base, username, account_id)
        root = archive_root(self.paths.archives_dir, self.api_base, account_id)
        identity = {"account_id": account_id, "username": username, "api_base": self.api_base}
        return Archive.open(root, write=True, identity=identity)

    def open_archive_offline(self, write: bool = False) -> Archive:
        """The chosen account's archive, found with no network: from the connected
        account's record, else the only archive there is."""
        return Archive.open(self.archive_root_offline(), write=write)

    def archive_root_offline(self) -> Path:
        try:
            record = self.accounts.registry.pick(self.api_base, self.account_name)
            root = archive_root(self.paths.archives_dir, record.api_base, record.account_id)
        except NotLoggedInError:
            found = sorted(p for p in self.paths.archives_dir.glob("*") if p.is_dir())
            if len(found) != 1:
                raise
            root = found[0]
        return root

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()
