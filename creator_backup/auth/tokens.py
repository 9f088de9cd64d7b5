"""Tokens that renew themselves without ever locking the user out.

Pinterest rotates the refresh token on every refresh (the old one stops working), so:
one refresh at a time (others wait and reuse its result); the stored tokens are re-read
first (another thread or process may have rotated them); and the new set is saved and
read back before the new access token is used.

The app owner's own login (client_credentials) has no refresh token: it is renewed the
way it was made, by asking Pinterest again with the app id and the saved secret.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.api.ratelimit import DayBudget
from creator_backup.auth.oauth import READ_SCOPES, TokenSet, token_request
from creator_backup.auth.secrets import SecretStore, SecretStoreError

log = logging.getLogger(__name__)

# Refresh when less than this is left, so a long backup never starts on a dying token.
REFRESH_MARGIN_S = 10 * 60
# A continuous refresh token lives 60 days from its last use; renew well before.
KEEP_ALIVE_AFTER_S = 7 * 24 * 3600


def tokens_key(account_key: str) -> str:
    return f"tokens:{account_key}"


def app_secret_key(app_id: str) -> str:
    return f"app-secret:{app_id}"


class RefreshingTokens:
    def __init__(
        self,
        account_key: str,
        store: SecretStore,
        api_base: str,
        app_id: str,
        app_secret: str,
        clock: Callable[[], float] = time.time,
        refresher: Callable[[dict[str, str]], TokenSet] | None = None,
        ask_again: bool = False,
        budget: DayBudget | None = None,
    ) -> None:
        """`budget`: the app's day's budget, which every renewal spends from."""
        self.account_key = account_key
        self.store = store
        self.clock = clock
        # A client_credentials login: renewed by asking again, with the secret (if saved).
        self.ask_again = ask_again
        self._has_secret = bool(app_secret)
        self._lock = threading.Lock()
        self._refresher = refresher or (
            lambda form: token_request(api_base, app_id, app_secret, form, clock, budget)
        )
        self.refresh_count = 0
        self._cached = self._load()

    def _load(self) -> TokenSet:
        raw = self.store.get(tokens_key(self.account_key))
        if raw is None:
            raise AuthenticationFailed(f"No saved login for {self.account_key}; log in again.")
        try:
            return TokenSet.from_json(json.loads(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise AuthenticationFailed(
                f"The saved login for {self.account_key} is damaged; log in again."
            ) from exc

    def save(self, tokens: TokenSet) -> None:
        self.store.set(tokens_key(self.account_key), json.dumps(tokens.to_json()))
        self._cached = tokens

    @property
    def tokens(self) -> TokenSet:
        return self._cached

    @property
    def scopes(self) -> tuple[str, ...]:
        """What Pinterest granted, as it said at the last login or renewal (or, for a
        pasted token, what was seen working: see scopes_partial)."""
        return self._cached.scopes

    @property
    def scopes_partial(self) -> bool:
        """True when `scopes` lists only what was seen working (a pasted token)."""
        return self._cached.scopes_probed

    @property
    def refused_scopes(self) -> tuple[str, ...]:
        """Scopes a probe saw Pinterest refuse (a pasted token); () otherwise."""
        return self._cached.refused

    def current(self) -> str:
        tokens = self._cached
        renewable = bool(tokens.refresh_token) or self.ask_again
        if tokens.access_expires_at - self.clock() > REFRESH_MARGIN_S or not renewable:
            return tokens.access_token
        return self.refresh_after(tokens.access_token)

    def refresh_after(self, rejected: str) -> str:
        with self._lock:
            if self._cached.access_token != rejected:
                return self._cached.access_token  # another thread refreshed meanwhile
            try:
                stored = self._load()
            except SecretStoreError:
                # The keyring went away mid-run (locked): carry on with what is in memory.
                log.warning("the keyring could not be read; renewing from memory")
                stored = self._cached
            if stored.access_token != rejected:
                self._cached = stored  # another process refreshed meanwhile
                return stored.access_token
            return self._refresh(stored).access_token

    def keep_alive(self) -> bool:
        """Refresh when the refresh token has gone unused for a week, so a 60-day
        continuous refresh token never lapses while the app is in use. True if refreshed."""
        with self._lock:
            tokens = self._load()
            expires = tokens.refresh_expires_at
            if not tokens.refresh_token or expires is None:
                return False
            lifetime_left = expires - self.clock()
            if lifetime_left > 60 * 24 * 3600 - KEEP_ALIVE_AFTER_S:
                return False
            self._refresh(tokens)
            return True

    def _renewal_form(self, tokens: TokenSet) -> dict[str, str]:
        if self.ask_again:
            if not self._has_secret:
                raise AuthenticationFailed(
                    "The app's own login cannot be renewed: its secret is no longer saved on "
                    "this computer; log in again."
                )
            # The read scopes, and any others this login had (write, if it was asked for):
            # Pinterest grants those the app may have, so nothing is lost by asking.
            asked = dict.fromkeys((*READ_SCOPES, *tokens.scopes))
            return {"grant_type": "client_credentials", "scope": ",".join(asked)}
        if not tokens.refresh_token:
            raise AuthenticationFailed("The login cannot be renewed; log in again.")
        return {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}

    def _refresh(self, tokens: TokenSet) -> TokenSet:
        fresh = self._refresher(self._renewal_form(tokens))
        if fresh.refresh_token is None and tokens.refresh_token is not None:
            fresh = TokenSet(
                fresh.access_token,
                fresh.access_expires_at,
                tokens.refresh_token,
                tokens.refresh_expires_at,
                fresh.scopes,
            )
        # Saved (and read back by the store) before anyone uses it: the old refresh token
        # is already spent, so losing the new one would lock the user out.
        try:
            self.save(fresh)
        except SecretStoreError:
            # Keep working on the in-memory tokens; the next start will need a new login.
            self._cached = fresh
            log.warning("the renewed login could not be saved; the next start needs a new login")
        self.refresh_count += 1
        log.info("login renewed for %s", self.account_key)
        return fresh
