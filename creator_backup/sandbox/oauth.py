"""Pinterest's OAuth as the sandbox plays it: authorize page, codes, rotating tokens.

Facts followed (shared/notes/pinterest-api.md section 1): the token endpoint takes HTTP
Basic client authentication and form bodies; the refresh grant returns a new refresh
token and the old one stops working; scopes are comma-separated. The client_credentials
grant gives the app owner (here: the sandbox's account) a token of the scopes asked for
that the app may grant, with no refresh token. An app created before 2025-09-25 gets a
legacy refresh token (365 days, a hard limit that renewals do not move) unless the code
exchange sends `continuous_refresh=true` (section 1.5).
"""

from __future__ import annotations

import base64
import hmac
import html
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

ALL_SCOPES = (
    "user_accounts:read",
    "boards:read",
    "boards:read_secret",
    "boards:write",
    "boards:write_secret",
    "pins:read",
    "pins:read_secret",
    "pins:write",
    "pins:write_secret",
)
CODE_LIFETIME_S = 600
GRANTS = ("authorization_code", "refresh_token", "client_credentials")
# The legacy refresh token of an app created before 2025-09-25: a year, never extended.
LEGACY_REFRESH_TTL_S = 365 * 24 * 3600
# What the developer site's token generator gives (notes section 11): no secret scopes.
GENERATOR_SCOPES = ("user_accounts:read", "boards:read", "pins:read")


class OAuthError(Exception):
    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass
class AccessToken:
    value: str
    scopes: frozenset[str]
    expires_at: float


@dataclass
class RefreshToken:
    value: str
    scopes: frozenset[str]
    expires_at: float
    # False for a legacy token: its renewals keep its first expiry (a hard limit).
    continuous: bool = True


@dataclass
class AuthCode:
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    expires_at: float


class OAuthServer:
    def __init__(
        self,
        client_id: str,
        client_secret: str,
        redirect_uris: tuple[str, ...],
        access_ttl_s: int,
        refresh_ttl_s: int,
        clock: Callable[[], float],
        app_scopes: frozenset[str] = frozenset(ALL_SCOPES),
        legacy_app: bool = False,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.redirect_uris = redirect_uris
        self.access_ttl_s = access_ttl_s
        self.refresh_ttl_s = refresh_ttl_s
        self.clock = clock
        # The scopes the app may be granted: client_credentials grants no others.
        self.app_scopes = app_scopes
        # An app created before 2025-09-25: legacy refresh tokens unless asked otherwise.
        self.legacy_app = legacy_app
        self.auto_approve = False
        self.lock = threading.Lock()
        self.access: dict[str, AccessToken] = {}
        self.refresh: dict[str, RefreshToken] = {}
        self.codes: dict[str, AuthCode] = {}
        self.refresh_count = 0

    # -- tokens -----------------------------------------------------------------------

    def issue(
        self,
        scopes: frozenset[str],
        grant: str,
        *,
        refresh: bool = True,
        continuous: bool = True,
        refresh_ttl_s: int | None = None,
        refresh_expires_at: float | None = None,
    ) -> dict[str, object]:
        """A new access token, and a refresh token unless `refresh` is False. A refresh
        token lives `refresh_ttl_s` (by default the sandbox's), or until
        `refresh_expires_at` when given (a legacy token's hard limit)."""
        now = self.clock()
        access = AccessToken("pina_" + secrets.token_urlsafe(36), scopes, now + self.access_ttl_s)
        with self.lock:
            self.access[access.value] = access
        answer: dict[str, object] = {
            "access_token": access.value,
            "token_type": "bearer",
            "expires_in": self.access_ttl_s,
            "scope": ",".join(sorted(scopes)),
            "response_type": grant,
        }
        if not refresh:
            return answer
        lifetime = self.refresh_ttl_s if refresh_ttl_s is None else refresh_ttl_s
        expires_at = now + lifetime if refresh_expires_at is None else refresh_expires_at
        renewal = RefreshToken("pinr_" + secrets.token_urlsafe(36), scopes, expires_at, continuous)
        with self.lock:
            self.refresh[renewal.value] = renewal
        answer.update(
            refresh_token=renewal.value,
            refresh_token_expires_in=max(0, round(expires_at - now)),
            refresh_token_expires_at=int(expires_at),
        )
        return answer

    def check_access(self, header: str | None) -> AccessToken:
        if not header or not header.startswith("Bearer "):
            raise OAuthError(401, 2, "Authentication failed.")
        token = self.access.get(header.removeprefix("Bearer ").strip())
        if token is None:
            raise OAuthError(401, 2, "Authentication failed.")
        if token.expires_at <= self.clock():
            raise OAuthError(401, 2, "Authentication failed. The access token has expired.")
        return token

    def check_client(self, header: str | None) -> None:
        if not header or not header.startswith("Basic "):
            raise OAuthError(401, 2, "Authentication failed.")
        try:
            decoded = base64.b64decode(header.removeprefix("Basic ").strip()).decode()
        except ValueError as exc:
            raise OAuthError(401, 2, "Authentication failed.") from exc
        client_id, _, secret = decoded.partition(":")
        good_id = hmac.compare_digest(client_id, self.client_id)
        if not (good_id and hmac.compare_digest(secret, self.client_secret)):
            raise OAuthError(401, 2, "Authentication failed.")

    def exchange(self, form: dict[str, str], suspended: bool) -> dict[str, object]:
        grant = form.get("grant_type")
        if suspended and grant in GRANTS:
            # A deactivated user gets no tokens, whichever way the app asks.
            raise OAuthError(401, 2, "User is deactivated.")
        if grant == "authorization_code":
            return self._exchange_code(form)
        if grant == "refresh_token":
            return self._refresh(form)
        if grant == "client_credentials":
            return self._client_credentials(form)
        raise OAuthError(400, 1, "Unsupported grant_type.")

    def _exchange_code(self, form: dict[str, str]) -> dict[str, object]:
        with self.lock:
            code = self.codes.pop(form.get("code", ""), None)
        if code is None or code.expires_at <= self.clock():
            raise OAuthError(400, 1, "Invalid authorization code.")
        if form.get("redirect_uri") != code.redirect_uri:
            raise OAuthError(400, 1, "redirect_uri does not match the authorization request.")
        asked_continuous = form.get("continuous_refresh", "").lower() == "true"
        if self.legacy_app and not asked_continuous:
            return self.issue(
                code.scopes,
                "authorization_code",
                continuous=False,
                refresh_ttl_s=LEGACY_REFRESH_TTL_S,
            )
        return self.issue(code.scopes, "authorization_code")

    def _client_credentials(self, form: dict[str, str]) -> dict[str, object]:
        """The app owner's own token: the scopes asked for that the app may grant."""
        asked = frozenset(s for s in form.get("scope", "").split(",") if s)
        if not asked:
            raise OAuthError(400, 1, "scope is required for the client_credentials grant.")
        unknown = sorted(asked - set(ALL_SCOPES))
        if unknown:
            raise OAuthError(400, 1, "Unknown scopes: " + ", ".join(unknown))
        return self.issue(asked & self.app_scopes, "client_credentials", refresh=False)

    def _refresh(self, form: dict[str, str]) -> dict[str, object]:
        with self.lock:
            # Rotation: the presented refresh token is spent whatever happens next.
            old = self.refresh.pop(form.get("refresh_token", ""), None)
            self.refresh_count += 1
        if old is None or old.expires_at <= self.clock():
            raise OAuthError(400, 1, "Invalid refresh token.")
        scopes = old.scopes
        if form.get("scope"):
            asked = frozenset(s for s in form["scope"].split(",") if s)
            scopes = asked & old.scopes
        if not old.continuous:
            # A legacy token's renewal keeps its hard limit: a year from the first login.
            return self.issue(
                scopes, "refresh_token", continuous=False, refresh_expires_at=old.expires_at
            )
        return self.issue(scopes, "refresh_token")

    # -- the browser step ---------------------------------------------------------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """(status, headers, html) for GET /oauth/."""
        client_id = query.get("client_id") or query.get("consumer_id") or ""
        redirect_uri = query.get("redirect_uri", "")
        if client_id != self.client_id:
            return 400, {}, page("Unknown app", "Oops! This app id is not registered.")
        if redirect_uri not in self.redirect_uris:
            return (
                400,
                {},
                page(
                    "Redirect URI mismatch",
                    "The redirect_uri is not registered for this app. Registered: "
                    + ", ".join(self.redirect_uris),
                ),
            )
        if query.get("response_type") != "code":
            return 400, {}, page("Bad request", "response_type must be code.")
        scopes = frozenset(s for s in query.get("scope", "").split(",") if s)
        unknown = sorted(scopes - set(ALL_SCOPES))
        if unknown:
            return 400, {}, page("Bad request", "Unknown scopes: " + ", ".join(unknown))
        if self.auto_approve:
            return 302, {"Location": self.approve(redirect_uri, scopes, query.get("state"))}, ""
        return 200, {}, consent_page(query, sorted(scopes))

    def approve(self, redirect_uri: str, scopes: frozenset[str], state: str | None) -> str:
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.codes[code] = AuthCode(
                self.client_id, redirect_uri, scopes, self.clock() + CODE_LIFETIME_S
            )
        params = {"code": code}
        if state is not None:
            params["state"] = state
        return redirect_uri + ("&" if "?" in redirect_uri else "?") + urlencode(params)

    def decision(self, form: dict[str, str]) -> tuple[int, dict[str, str], str]:
        """POST /oauth/decision from the consent page's buttons."""
        redirect_uri = form.get("redirect_uri", "")
        if form.get("client_id") != self.client_id or redirect_uri not in self.redirect_uris:
            return 400, {}, page("Bad request", "This approval is not valid.")
        state = form.get("state")
        if form.get("decision") != "approve":
            params = {"error": "access_denied"}
            if state is not None:
                params["state"] = state
            joiner = "&" if "?" in redirect_uri else "?"
            return 302, {"Location": redirect_uri + joiner + urlencode(params)}, ""
        scopes = frozenset(s for s in form.get("scope", "").split(",") if s)
        return 302, {"Location": self.approve(redirect_uri, scopes, state)}, ""


def page(title: str, body: str) -> str:
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        + html.escape(title)
        + "</title></head><body><h1>"
        + html.escape(title)
        + "</h1><p>"
        + html.escape(body)
        + "</p></body></html>"
    )


def consent_page(query: dict[str, str], scopes: list[str]) -> str:
    hidden = "".join(
        f"<input type='hidden' name='{html.escape(k)}' value='{html.escape(query.get(k, ''))}'>"
        for k in ("client_id", "redirect_uri", "state", "scope")
    )
    items = "".join(f"<li>{html.escape(s)}</li>" for s in scopes)
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Pinterest sandbox: "
        "allow access?</title></head><body><h1>Give creator_backup access to your "
        "sandbox Pinterest account?</h1><p>It asks for:</p><ul>"
        + items
        + "</ul><form method='post' action='/oauth/decision'>"
        + hidden
        + "<button name='decision' value='approve' id='approve'>Give access</button> "
        "<button name='decision' value='decline' id='decline'>Cancel</button>"
        "</form></body></html>"
    )
