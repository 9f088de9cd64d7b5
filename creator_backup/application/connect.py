"""A creator connects alone: checking their Pinterest app, the three ways to log in (the
app's own login, the browser, a pasted token), and how healthy a saved login is. One
place for both faces; every sentence here is plain words (no commands, no flags).

The errors a face may meet, and what it can offer for each:
- NoKeyring (NO_KEYRING_HELP): no system keyring; offer the private file ("file" storage).
- SecretStoreError: the keyring is locked or refused the write.
- AppRefused (APP_REFUSED_HELP): the app id or secret is wrong; ask for them again.
- AppLoginUnavailable: Pinterest gives this app no login of its own; use the browser.
- BuildAppOwnLogin: the app's own login was asked for with the build's shared app, which
  would connect the account that owns it (the packager's); use the browser.
- RedirectsNotRegistered: no login address is registered; the sentence names the one to add.
- LoginFailed: the browser step did not finish (NoAnswer: the browser never came back, and
  the sentence names the redirect URI to check; or a refusal); Cancelled on a cancel.
- AuthenticationFailed: Pinterest refused the token; AccountUnavailable: the account is
  deactivated; ConnectionFailed / ServerError: Pinterest could not be reached.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from creator_backup.api.budget import TRIAL, UNKNOWN
from creator_backup.api.errors import (
    AccountUnavailable,
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    ServerError,
)
from creator_backup.auth.accounts import BY_APP, BY_TOKEN, AccountRecord
from creator_backup.auth.app_check import look_as_owner
from creator_backup.auth.build_app import load_build_app
from creator_backup.auth.oauth import (
    APP_REFUSED_HELP,
    LOOPBACK_PORTS,
    QUICKSTART_REDIRECT,
    READ_SCOPES,
    WRITE_SCOPES,
    AppLoginUnavailable,
    AppRefused,
    LoginFailed,
    NoAnswer,
    client_credentials_login,
    redirect_candidates,
    redirect_registered,
    redirect_uris,
)
from creator_backup.auth.scopes import SECRET_READ_SCOPES, knowledge
from creator_backup.auth.secrets import NO_KEYRING_HELP, NoKeyring, SecretStoreError
from creator_backup.auth.service import AccountService
from creator_backup.auth.tokens import KEEP_ALIVE_AFTER_S
from creator_backup.errors import AppError, UsageError
from creator_backup.local_time import date_text
from creator_backup.logsetup import SECRETS
from creator_backup.pinterest_limits import TRIAL_DAILY_REQUESTS

log = logging.getLogger(__name__)

# What a face needs to tell a connect failure apart (see the module's docstring).
__all__ = [
    "APP_REFUSED_HELP",
    "NO_KEYRING_HELP",
    "UNREACHABLE_HELP",
    "AccountUnavailable",
    "AppCheck",
    "AppLoginUnavailable",
    "AppRefused",
    "AuthenticationFailed",
    "BuildAppOwnLogin",
    "Connect",
    "ConnectionFailed",
    "LoginApp",
    "LoginFailed",
    "LoginHealth",
    "NoAnswer",
    "NoKeyring",
    "RedirectsNotRegistered",
    "SecretStoreError",
]

UNREACHABLE_HELP = (
    "Pinterest could not be reached to check the app: check the internet connection and try again."
)
# Where a creator fixes what a check finds: their app's page on Pinterest's developer site.
APP_PAGE = "your app's page on developers.pinterest.com (My apps, then Manage)"
# A continuous refresh token lives 60 days from its last use; one with more left than
# that (a day's slack) is a legacy one, whose renewals cannot pass its end.
CONTINUOUS_REFRESH_S = 60 * 24 * 3600
LEGACY_SLACK_S = 24 * 3600
# Closer than this to its end, a login that renews itself only when the app runs is at
# risk (the app renews it at every run a week or more after the last renewal).
LAPSE_WARNING_S = 2 * KEEP_ALIVE_AFTER_S
BASIC_READ_SCOPES = tuple(s for s in READ_SCOPES if s not in SECRET_READ_SCOPES)


class RedirectsNotRegistered(LoginFailed):
    """None of the addresses the login can come back to is registered for the app."""


BUILD_APP_OWN_LOGIN = (
    "The app's own login connects the account that owns the app, and the app this build "
    "carries belongs to whoever made the build, not to you: log in through the browser "
    "instead, or with your own Pinterest app."
)


class BuildAppOwnLogin(UsageError):
    """The app's own login (client_credentials) was asked for with the build's shared
    app: it would log the person into the account that owns the app."""


@dataclass(frozen=True)
class LoginApp:
    """The Pinterest app a login or a check goes through (see Connect.login_app)."""

    app_id: str
    # "" when one's own app's secret was neither given nor saved: the face asks for it.
    app_secret: str = field(repr=False)
    built_in: bool = False  # the app the build carries (packaging/README.md)


@dataclass(frozen=True)
class AppCheck:
    app_id: str
    secret_ok: bool | None  # None: Pinterest could not be reached (or could not tell)
    owner: str | None  # the app owner's username when the secret works
    access: str  # "trial" | "standard" | "unknown"
    scopes: tuple[str, ...]  # what Pinterest granted the owner's token
    missing_scopes: tuple[str, ...]  # of creator_backup.auth.oauth.READ_SCOPES
    redirects: dict[str, bool | None]  # each redirect URI -> registered? None: cannot be told
    sentence: str  # one sentence for a person: what works and what is missing


@dataclass(frozen=True)
class LoginHealth:
    scopes: tuple[str, ...]
    missing_scopes: tuple[str, ...]
    secret_content_backed_up: bool | None  # False when _secret read scopes are known missing
    renewable: bool  # renews itself (refresh token or client credentials)
    relogin_by: float | None  # epoch seconds when a new login will be needed; None: never/unknown
    sentence: str  # "" when all is well


def _day(epoch: float) -> str:
    return date_text(datetime.fromtimestamp(epoch).astimezone())


def _names(scopes: tuple[str, ...]) -> str:
    return ", ".join(scopes)


class Connect:
    """Connecting an account on one API, for both faces."""

    def __init__(self, service: AccountService, env: Mapping[str, str]) -> None:
        self.service = service
        self.api_base = service.api_base.rstrip("/")
        self.env = env

    @property
    def clock(self) -> Callable[[], float]:
        return self.service.clock

    # -- the app ----------------------------------------------------------------------------

    def check_app(self, app_id: str, app_secret: str) -> AppCheck:
        """Whether the app id and secret work, whose app it is, its access tier, the
        permissions Pinterest gives it and which login addresses are registered. Asks
        Pinterest for the app owner's token (nothing is saved) and reads the owner's
        account with it: two requests, plus the sandbox's authorize page per address."""
        app_id = app_id.strip()
        SECRETS.add(app_secret)
        # Both requests count against the app's day's budget, as every request of its does.
        budget = self.service.login_budget(app_id)
        try:
            tokens = client_credentials_login(
                self.api_base, app_id, app_secret, READ_SCOPES, self.clock, budget
            )
        except AppRefused:
            return AppCheck(app_id, False, None, UNKNOWN, (), (), self._redirects(app_id),
                            APP_REFUSED_HELP)  # fmt: skip
        except AccountUnavailable as exc:
            # The id and secret passed; the account that owns the app is not there.
            return AppCheck(app_id, True, None, UNKNOWN, (), (), self._redirects(app_id),
                            exc.message)  # fmt: skip
        except (ConnectionFailed, ServerError):
            unknown: dict[str, bool | None] = dict.fromkeys(redirect_uris())
            return AppCheck(app_id, None, None, UNKNOWN, (), (), unknown, UNREACHABLE_HELP)
        except AppLoginUnavailable as exc:
            return AppCheck(app_id, None, None, UNKNOWN, (), (), self._redirects(app_id),
                            exc.message)  # fmt: skip
        SECRETS.add(tokens.access_token)
        look = look_as_owner(self.api_base, tokens.access_token, self.clock, budget)
        missing = tuple(s for s in READ_SCOPES if s not in tokens.scopes)
        redirects = self._redirects(app_id)
        sentence = _check_sentence(look.owner, look.access, missing, redirects, look.problem)
        return AppCheck(
            app_id, True, look.owner, look.access, tokens.scopes, missing, redirects, sentence
        )

    def _redirects(self, app_id: str) -> dict[str, bool | None]:
        return {uri: redirect_registered(self.api_base, app_id, uri) for uri in redirect_uris()}

    def saved_secret(self, app_id: str, storage: str = "keyring") -> str | None:
        """The secret saved for this app id, or None (SecretStoreError if the store
        cannot be read)."""
        return self.service.saved_app_secret(app_id, storage)

    def forget_secret(self, app_id: str, storage: str = "keyring") -> None:
        """Removes the secret kept for this app id from `storage` (nothing if none is)."""
        self.service.forget_app_secret(app_id, storage)

    def login_app(
        self, app_id: str | None, secret: str = "", storages: tuple[str, ...] = ("keyring",)
    ) -> LoginApp | None:
        """The app a login or a check goes through, and where its secret comes from, the
        same for both faces: the app id given (one's own), with the secret given, else the
        one saved for it (in the first of `storages` that holds one; a store that cannot
        be read is passed over), else "" (the face asks); with no app id given, the app the
        build carries, with its secret (its secret too when it is named by its id). The
        build's app is never used over one's own, and None means there is neither."""
        app_id = (app_id or "").strip()
        build = load_build_app(self.env)
        if not app_id:
            return None if build is None else LoginApp(build.app_id, build.app_secret, True)
        built_in = build is not None and build.app_id == app_id
        secret = secret.strip() or self._first_saved_secret(app_id, storages)
        if not secret and build is not None and built_in:
            secret = build.app_secret  # the build's app named by its id
        SECRETS.add(secret)
        return LoginApp(app_id, secret, built_in)

    def _first_saved_secret(self, app_id: str, storages: tuple[str, ...]) -> str:
        for storage in storages:
            try:
                secret = self.saved_secret(app_id, storage)
            except SecretStoreError:
                continue  # another store may hold it; a login says what is wrong with this one
            if secret:
                return secret
        return ""

    # -- logging in -------------------------------------------------------------------------

    def login_with_client_credentials(
        self, app_id: str, app_secret: str, storage: str = "keyring", *, write: bool = False
    ) -> AccountRecord:
        """The app owner's own login: their own account, no browser, no redirect URI.
        The secret is saved first, and kept only once Pinterest accepts it: a login that
        fails for any reason (AppRefused among them) puts the one saved before back.
        Refused, with nothing sent, for the app the build carries (BuildAppOwnLogin): its
        own login would connect whoever made the build."""
        build = load_build_app(self.env)
        if build is not None and build.app_id == app_id.strip():
            raise BuildAppOwnLogin(BUILD_APP_OWN_LOGIN)
        scopes = READ_SCOPES + (WRITE_SCOPES if write else ())
        return self.service.login_with_client_credentials(app_id.strip(), app_secret, storage,
                                                          scopes)  # fmt: skip

    def login_with_browser(
        self,
        app_id: str,
        app_secret: str,
        open_browser: Callable[[str], object],
        *,
        write: bool = False,
        storage: str = "keyring",
        timeout_s: float = 300.0,
        cancelled: Callable[[], bool] = lambda: False,
        ports: tuple[int, ...] | None = None,
    ) -> AccountRecord:
        """The browser login. Where the authorize page tells which login addresses are
        registered (the sandbox's), those it refuses are not tried; with none left, the
        login fails at once naming the address to register. Pinterest's own page cannot
        tell, so every address is tried in order, the quickstart's first."""
        app_id = app_id.strip()
        candidates = redirect_candidates(ports or LOOPBACK_PORTS)
        known = {uri: redirect_registered(self.api_base, app_id, uri) for uri in candidates}
        usable = tuple(uri for uri in candidates if known[uri] is not False)
        if not usable:
            raise RedirectsNotRegistered(
                f"None of the login addresses is registered for this app: add "
                f"{candidates[0]} under Redirect URIs on {APP_PAGE}, then log in again."
            )
        scopes = READ_SCOPES + (WRITE_SCOPES if write else ())
        try:
            return self.service.login_with_browser(
                app_id, app_secret, open_browser, scopes=scopes, storage=storage,
                timeout_s=timeout_s, cancelled=cancelled, redirects=usable,
            )  # fmt: skip
        except NoAnswer as exc:
            if known.get(usable[0]) is None:
                # Pinterest's page shows its own error for an address not registered,
                # and the browser never comes back: say what to check.
                raise NoAnswer(
                    f"{exc.message} If Pinterest's page said the redirect URI does not "
                    f"match, add {usable[0]} under Redirect URIs on {APP_PAGE}."
                ) from exc
            raise

    def login_with_token(self, access_token: str, storage: str = "keyring") -> AccountRecord:
        """A pasted token; its read permissions are found by trying (see login_health)."""
        return self.service.login_with_token(access_token.strip(), storage)

    # -- how the saved login is ---------------------------------------------------------------

    def login_health(self, record: AccountRecord) -> LoginHealth:
        """What the saved login lets the backup see and how long it lasts, from what is
        saved on this computer (no network)."""
        if record.archive_only:
            return LoginHealth((), (), None, False, None, "")
        try:
            tokens = self.service.saved_tokens(record)
            secret_saved = record.method != BY_APP or bool(
                self.service.saved_app_secret(record.app_id or "", record.storage)
            )
        except (AppError, ApiError) as exc:
            return LoginHealth((), (), None, False, None, exc.message)
        known = knowledge(tokens)
        now = self.clock()
        renewable = (record.method == BY_APP and secret_saved) or tokens.refresh_token is not None
        relogin_by: float | None = None
        lasting = ""
        if record.method == BY_APP and secret_saved:
            pass  # asked for again whenever it runs out
        elif tokens.refresh_token is not None:
            ends = tokens.refresh_expires_at
            if ends is not None and ends - now > CONTINUOUS_REFRESH_S + LEGACY_SLACK_S:
                relogin_by = ends
                lasting = (
                    f"Pinterest gave this login renewals that end on {_day(ends)}: log in "
                    "again before then."
                )
            elif ends is not None and ends - now < LAPSE_WARNING_S:
                relogin_by = ends
                lasting = (
                    f"Unless the app runs before {_day(ends)}, this login will lapse and a "
                    "new login will be needed."
                )
        else:
            relogin_by = tokens.access_expires_at
            lasting = f"This login cannot renew itself: log in again before {_day(relogin_by)}."
        sentence = " ".join(p for p in (_scope_sentence(record, known.missing), lasting) if p)
        return LoginHealth(known.granted, known.missing, known.sees_secret, renewable,
                           relogin_by, sentence)  # fmt: skip


def _fix_for(record: AccountRecord) -> str:
    if record.method == BY_TOKEN:
        return "log in with your Pinterest app instead of a pasted token"
    if record.method == BY_APP:
        return (
            "Pinterest did not give your app these permissions; log in through the browser "
            "and allow every permission asked for"
        )
    return "log in again and allow every permission asked for"


def _scope_sentence(record: AccountRecord, missing: tuple[str, ...]) -> str:
    basic = tuple(s for s in missing if s in BASIC_READ_SCOPES)
    if basic:
        return f"This login lacks {_names(basic)}, which a backup needs: {_fix_for(record)}."
    secret = tuple(s for s in missing if s in SECRET_READ_SCOPES)
    if secret:
        return (
            f"Secret boards and pins are not being backed up: this login lacks "
            f"{_names(secret)}; {_fix_for(record)}."
        )
    return ""


def _check_sentence(
    owner: str | None,
    access: str,
    missing: tuple[str, ...],
    redirects: dict[str, bool | None],
    problem: str = "",
) -> str:
    """The one most important thing an app whose secret works still lacks, and its fix;
    else what works. `problem`: why its owner's account could not be read."""
    basic = tuple(s for s in missing if s in BASIC_READ_SCOPES)
    if basic:
        return (
            f"Pinterest does not give this app {_names(basic)}, which a backup needs: check "
            f"the app's access on {APP_PAGE}."
        )
    if problem:
        return problem
    secret = tuple(s for s in missing if s in SECRET_READ_SCOPES)
    if secret:
        return (
            f"Secret boards and pins would not be backed up: Pinterest does not give this "
            f"app {_names(secret)}; check the app's access on {APP_PAGE}."
        )
    if redirects and all(v is False for v in redirects.values()):
        return (
            f"The app works for its own account, but no login address is registered for a "
            f"browser login: add {QUICKSTART_REDIRECT} under Redirect URIs on {APP_PAGE}."
        )
    whose = f"{owner}'s" if owner else "its owner's"
    budget = f" (Trial access: {TRIAL_DAILY_REQUESTS:,} requests a day)" if access == TRIAL else ""
    unknown = (
        f"; whether {QUICKSTART_REDIRECT} is registered shows only at a browser login"
        if any(v is None for v in redirects.values())
        else ""
    )
    return (
        f"The app works{budget}: it can back up {whose} boards and pins, secret ones "
        f"included{unknown}."
    )
