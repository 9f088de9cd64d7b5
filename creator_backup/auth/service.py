"""Connecting accounts and building their clients: what `login`, `logout`, `accounts` and
`whoami` (and later the window's Connect dialog) do, in one Qt-free place."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import AuthenticationFailed, ConnectionFailed
from creator_backup.api.factory import make_client
from creator_backup.api.models import Account
from creator_backup.auth.accounts import AccountRecord, AccountRegistry
from creator_backup.auth.oauth import READ_SCOPES, TokenSet, browser_login
from creator_backup.auth.secrets import FileStore, KeyringStore, SecretStore, SecretStoreError
from creator_backup.auth.static import StaticToken
from creator_backup.auth.tokens import RefreshingTokens, app_secret_key, tokens_key
from creator_backup.errors import AppError

log = logging.getLogger(__name__)

ENV_TOKEN = "CREATOR_BACKUP_ACCESS_TOKEN"  # noqa: S105 (a variable's name, not a secret)
# A pasted token's lifetime is unknown: Pinterest's are valid for 30 days.
PASTED_TOKEN_LIFETIME_S = 30 * 24 * 3600


@dataclass
class AccountService:
    config_dir: Path
    api_base: str
    clock: Callable[[], float] = time.time

    @property
    def registry(self) -> AccountRegistry:
        return AccountRegistry(self.config_dir / "accounts.json")

    def store(self, storage: str) -> SecretStore:
        if storage == "file":
            return FileStore(self.config_dir / "tokens.json")
        return KeyringStore()

    # -- connecting --------------------------------------------------------------------------

    def login_with_token(self, access_token: str, storage: str = "keyring") -> AccountRecord:
        account = self._whoami_with(StaticToken(access_token))
        tokens = TokenSet(access_token, self.clock() + PASTED_TOKEN_LIFETIME_S, None, None, ())
        return self._remember(account, tokens, storage, app_id=None)

    def login_with_browser(
        self,
        app_id: str,
        app_secret: str,
        open_browser: Callable[[str], object],
        scopes: tuple[str, ...] = READ_SCOPES,
        storage: str = "keyring",
        timeout_s: float = 300.0,
        cancelled: Callable[[], bool] = lambda: False,
        ports: tuple[int, ...] | None = None,
    ) -> AccountRecord:
        # The secret is saved first: if the keyring cannot keep it, the user learns so
        # before spending a browser round trip.
        store = self.store(storage)
        previous = store.get(app_secret_key(app_id))
        store.set(app_secret_key(app_id), app_secret)
        kwargs = {"ports": ports} if ports else {}
        try:
            tokens = browser_login(
                self.api_base,
                app_id,
                app_secret,
                scopes,
                open_browser,
                timeout_s,
                cancelled,
                **kwargs,
            )
        except AuthenticationFailed:
            # Pinterest refused the exchange: the secret may be wrong, so it must not be
            # the one a later login reuses without asking.
            if previous is None:
                store.delete(app_secret_key(app_id))
            else:
                store.set(app_secret_key(app_id), previous)
            raise
        account = self._whoami_with(StaticToken(tokens.access_token))
        return self._remember(account, tokens, storage, app_id)

    # -- the app secret ----------------------------------------------------------------------

    def save_app_secret(self, app_id: str, app_secret: str, storage: str = "keyring") -> None:
        """Keeps the secret of the user's own Pinterest app for later logins and token
        refreshes. Never in the settings file: the keyring, or the opt-in token file."""
        if not app_id:
            raise AppError("Enter the app id first: the secret belongs to that app.")
        self.store(storage).set(app_secret_key(app_id), app_secret)

    def has_app_secret(self, app_id: str, storage: str = "keyring") -> bool:
        return bool(app_id) and self.store(storage).get(app_secret_key(app_id)) is not None

    def forget_app_secret(self, app_id: str, storage: str = "keyring") -> None:
        if app_id:
            self.store(storage).delete(app_secret_key(app_id))

    def _whoami_with(self, tokens: StaticToken) -> Account:
        client = make_client(self.api_base, tokens, clock=self.clock)
        try:
            return client.get_account()
        finally:
            client.close()

    def _remember(
        self, account: Account, tokens: TokenSet, storage: str, app_id: str | None
    ) -> AccountRecord:
        record = AccountRecord(
            username=account.username,
            account_id=account.id,
            api_base=self.api_base.rstrip("/"),
            app_id=app_id,
            storage=storage,
        )
        self.store(storage).set(tokens_key(record.key), json.dumps(tokens.to_json()))
        self.registry.add(record)
        return record

    def logout(self, record: AccountRecord) -> None:
        self.store(record.storage).delete(tokens_key(record.key))
        self.registry.remove(record)

    # -- using -------------------------------------------------------------------------------

    def tokens_for(self, record: AccountRecord) -> RefreshingTokens:
        store = self.store(record.storage)
        secret = store.get(app_secret_key(record.app_id)) if record.app_id else None
        return RefreshingTokens(
            record.key,
            store,
            self.api_base,
            record.app_id or "",
            secret or "",
            clock=self.clock,
        )

    def client_for(self, record: AccountRecord) -> PinterestClient:
        tokens = self.tokens_for(record)
        # Pinterest's continuous refresh token lives 60 days from its last use: every run
        # of the app or the CLI renews a login left unused for a week, so it never lapses.
        try:
            tokens.keep_alive()
        except (AuthenticationFailed, ConnectionFailed, SecretStoreError) as exc:
            log.info("keep-alive renewal skipped: %s", type(exc).__name__)
        return make_client(self.api_base, tokens, clock=self.clock)

    def client_from_env(self, access_token: str) -> PinterestClient:
        """For headless and scheduled runs: the token is used, never stored."""
        return make_client(self.api_base, StaticToken(access_token), clock=self.clock)
