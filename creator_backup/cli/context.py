"""What every command gets: where files live, which API, which account, and the
application built from them. Built once per run by the CLI's composition root."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from creator_backup.api.base_url import api_base_from
from creator_backup.application.accounts import Login
from creator_backup.application.app import Application
from creator_backup.archive.relocate import apply_storage_setting
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.service import ENV_TOKEN, AccountService
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

    @cached_property
    def app(self) -> Application:
        return Application(self.paths, self.api_base, self.env, self.clock)

    @property
    def accounts(self) -> AccountService:
        return self.app.account_service

    def login(self) -> Login:
        """The chosen account's login for this run: the environment's token when set
        (headless and scheduled runs; never stored), else the connected account's."""
        token = self.env.get(ENV_TOKEN)
        if token:
            login = self.app.accounts.login_with_token(token, self.account_name)
        else:
            login = self.app.accounts.login(self.app.accounts.choose(self.account_name))
        self._closers.append(login.close)
        return login

    def login_record(self) -> AccountRecord | None:
        """The account the login of `login()` would be, known with no network: None for
        a token in the environment that belongs to no account known here."""
        if self.env.get(ENV_TOKEN):
            return self.app.accounts.record_for_token(self.account_name)
        return self.app.accounts.choose(self.account_name)

    def record_offline(self) -> AccountRecord:
        """The account whose archive a command reads with no network."""
        return self.app.accounts.choose_offline(self.account_name)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()
