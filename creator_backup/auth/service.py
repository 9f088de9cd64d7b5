"""Connecting accounts and building their clients: what `login`, `logout`, `accounts` and
`whoami` (and the window's Connect dialog, through the application layer) do, in one
Qt-free place. Three ways in: the browser (authorization code), the app owner's own login
(client_credentials), and a pasted token."""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from creator_backup.api.budget import BudgetSpent
from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ApiError
from creator_backup.api.factory import make_client
from creator_backup.api.models import Account
from creator_backup.api.ratelimit import DayBudget
from creator_backup.api.transport import ResponseRecord
from creator_backup.auth.accounts import (
    BY_APP,
    BY_BROWSER,
    BY_TOKEN,
    AccountRecord,
    AccountRegistry,
    method_kept,
)
from creator_backup.auth.oauth import (
    LOOPBACK_PORTS,
    READ_SCOPES,
    TokenSet,
    browser_login,
    client_credentials_login,
    redirect_candidates,
)
from creator_backup.auth.scopes import probe_read_scopes
from creator_backup.auth.secrets import FileStore, KeyringStore, SecretStore, SecretStoreError
from creator_backup.auth.static import StaticToken
from creator_backup.auth.tokens import RefreshingTokens, app_secret_key, tokens_key
from creator_backup.errors import AppError
from creator_backup.logsetup import SECRETS

log = logging.getLogger(__name__)

ENV_TOKEN = "CREATOR_BACKUP_ACCESS_TOKEN"  # noqa: S105 (a variable's name, not a secret)
# A pasted token's lifetime is unknown: Pinterest's are valid for 30 days.
PASTED_TOKEN_LIFETIME_S = 30 * 24 * 3600
# The day's budget a login's requests spend from: the application's Budgets.for_login,
# which decides whose it is (None: a token in the environment of no connected account).
BudgetFor = Callable[[AccountRecord | None], DayBudget]


@dataclass
class AccountService:
    """`budget_for`, when given, makes every request of a login count against its app's
    day's budget, as a run's requests do (Trial access counts them all, whoever makes
    them): the token requests, the account read, a pasted token's probe, renewals."""

    config_dir: Path
    api_base: str
    clock: Callable[[], float] = time.time
    budget_for: BudgetFor | None = None

    @property
    def registry(self) -> AccountRegistry:
        return AccountRegistry(self.config_dir / "accounts.json")

    def store(self, storage: str) -> SecretStore:
        if storage == "file":
            return FileStore(self.config_dir / "tokens.json")
        return KeyringStore()

    # -- connecting --------------------------------------------------------------------------

    def login_with_token(self, access_token: str, storage: str = "keyring") -> AccountRecord:
        """A pasted token (the developer site's token generator gives one). Pinterest does
        not say its scopes, so a few one-item calls find the read ones (auth/scopes.py);
        what they could not show stays unknown."""
        SECRETS.add(access_token)
        client = make_client(self.api_base, StaticToken(access_token), clock=self.clock)
        try:
            # Whose budget a pasted token spends is known from its account: the first
            # read is counted once its answer has said.
            first: list[ResponseRecord] = []
            with client.observing(first.append):
                account = client.get_account()
            budget = self.login_budget(None, account.username)
            if budget is not None:
                _count_sent(budget, first, self.clock())
                client.use_budget(budget)
            found = probe_read_scopes(client)
        finally:
            client.close()
        tokens = TokenSet(
            access_token,
            self.clock() + PASTED_TOKEN_LIFETIME_S,
            None,
            None,
            found.granted,
            scopes_probed=True,
            refused=found.refused,
        )
        return self._remember(account, tokens, storage, app_id=None, method=BY_TOKEN)

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
        redirects: tuple[str, ...] | None = None,
    ) -> AccountRecord:
        """`redirects`: the redirect URIs to try, in order (else those of `ports`, else
        every one the app offers: see auth/oauth.redirect_candidates)."""
        candidates = redirects or redirect_candidates(ports or LOOPBACK_PORTS)
        budget = self.login_budget(app_id)

        def login() -> TokenSet:
            return browser_login(
                self.api_base,
                app_id,
                app_secret,
                scopes,
                open_browser,
                timeout_s,
                cancelled,
                redirect_uris=candidates,
                budget=budget,
            )

        tokens = self._with_secret_kept(app_id, app_secret, storage, login)
        account = self._whoami_with(StaticToken(tokens.access_token), budget)
        return self._remember(account, tokens, storage, app_id, method=BY_BROWSER)

    def login_with_client_credentials(
        self,
        app_id: str,
        app_secret: str,
        storage: str = "keyring",
        scopes: tuple[str, ...] = READ_SCOPES,
    ) -> AccountRecord:
        """The app owner's own login: no browser, no redirect URI. It logs in the account
        that owns the app (a creator who made their app for themselves: their own), and
        is renewed by asking again with the saved secret."""

        budget = self.login_budget(app_id)

        def login() -> TokenSet:
            return client_credentials_login(
                self.api_base, app_id, app_secret, scopes, self.clock, budget
            )

        tokens = self._with_secret_kept(app_id, app_secret, storage, login)
        account = self._whoami_with(StaticToken(tokens.access_token), budget)
        return self._remember(account, tokens, storage, app_id, method=BY_APP)

    def _with_secret_kept(
        self, app_id: str, app_secret: str, storage: str, login: Callable[[], TokenSet]
    ) -> TokenSet:
        """Runs `login` with the app secret saved first: if the store cannot keep it, the
        user learns so before a browser round trip. The new secret stays only once
        Pinterest has accepted it (the login gave a token): a login that ends any other
        way (refused, Pinterest busy, the network, no answer from the browser, a cancel)
        has not shown it works, so the one saved before (or none) is put back, and every
        saved login of the app goes on renewing with the secret that worked."""
        SECRETS.add(app_secret)
        store = self.store(storage)
        key = app_secret_key(app_id)
        previous = store.get(key)
        store.set(key, app_secret)
        try:
            return login()
        except BaseException:
            try:
                if previous is None:
                    store.delete(key)
                else:
                    store.set(key, previous)
            except SecretStoreError as exc:
                log.warning("the previous app secret could not be put back: %s",
                            type(exc).__name__)  # fmt: skip
            raise

    # -- the app secret ----------------------------------------------------------------------

    def save_app_secret(self, app_id: str, app_secret: str, storage: str = "keyring") -> None:
        """Keeps the secret of the user's own Pinterest app for later logins and token
        refreshes. Never in the settings file: the keyring, or the opt-in token file."""
        if not app_id:
            raise AppError("Enter the app id first: the secret belongs to that app.")
        self.store(storage).set(app_secret_key(app_id), app_secret)

    def has_app_secret(self, app_id: str, storage: str = "keyring") -> bool:
        return bool(app_id) and self.store(storage).get(app_secret_key(app_id)) is not None

    def saved_app_secret(self, app_id: str, storage: str = "keyring") -> str | None:
        """The app's saved secret, or None; registered for redaction once read."""
        secret = self.store(storage).get(app_secret_key(app_id)) if app_id else None
        SECRETS.add(secret)
        return secret

    def forget_app_secret(self, app_id: str, storage: str = "keyring") -> None:
        if app_id:
            self.store(storage).delete(app_secret_key(app_id))

    def login_budget(self, app_id: str | None, username: str = "") -> DayBudget | None:
        """The day's budget a login's requests spend from, before its record exists: the
        app's, or, with no app (a pasted token), the account's; None when the service
        keeps none. Whose it is, the application decides (Budgets.key), from the record
        the login is to make."""
        if self.budget_for is None or not (app_id or username):
            return None
        base = self.api_base.rstrip("/")
        return self.budget_for(AccountRecord(username, "", base, app_id or None, "keyring"))

    def _whoami_with(self, tokens: StaticToken, budget: DayBudget | None) -> Account:
        client = make_client(self.api_base, tokens, clock=self.clock, trial=budget)
        try:
            return client.get_account()
        finally:
            client.close()

    def _remember(
        self, account: Account, tokens: TokenSet, storage: str, app_id: str | None, method: str
    ) -> AccountRecord:
        record = AccountRecord(
            username=account.username,
            account_id=account.id,
            api_base=self.api_base.rstrip("/"),
            app_id=app_id,
            storage=storage,
            login_method=method_kept(app_id, method),
        )
        self.store(storage).set(tokens_key(record.key), json.dumps(tokens.to_json()))
        self.registry.add(record)
        return record

    def logout(self, record: AccountRecord) -> None:
        self.store(record.storage).delete(tokens_key(record.key))
        self.registry.remove(record)

    # -- using -------------------------------------------------------------------------------

    def saved_tokens(self, record: AccountRecord) -> TokenSet:
        """The saved login as it stands, with no network (AuthenticationFailed if none)."""
        return self.tokens_for(record).tokens

    def tokens_for(self, record: AccountRecord) -> RefreshingTokens:
        store = self.store(record.storage)
        secret = store.get(app_secret_key(record.app_id)) if record.app_id else None
        SECRETS.add(secret)
        return RefreshingTokens(
            record.key,
            store,
            self.api_base,
            record.app_id or "",
            secret or "",
            clock=self.clock,
            ask_again=record.method == BY_APP,
            budget=None if self.budget_for is None else self.budget_for(record),
        )

    def client_for(self, record: AccountRecord) -> PinterestClient:
        tokens = self.tokens_for(record)
        # Pinterest's continuous refresh token lives 60 days from its last use: every run
        # of the app or the CLI renews a login left unused for a week, so it never lapses.
        try:
            tokens.keep_alive()
        except (ApiError, SecretStoreError) as exc:
            # Refused, unreachable, busy, or today's budget spent: the next run tries again.
            log.info("keep-alive renewal skipped: %s", type(exc).__name__)
        return make_client(self.api_base, tokens, clock=self.clock)

    def client_from_env(self, access_token: str) -> PinterestClient:
        """For headless and scheduled runs: the token is used, never stored."""
        return make_client(self.api_base, StaticToken(access_token), clock=self.clock)


def _count_sent(budget: DayBudget, answered: list[ResponseRecord], now: float) -> None:
    """Counts requests a client sent before it knew whose budget they spend, and learns
    from their answers. Sent already, they are counted even past the day's budget."""
    for answer in answered:
        with contextlib.suppress(BudgetSpent):
            budget.spend(now)
        budget.observe(answer.status, answer.rate_headers(), now)
