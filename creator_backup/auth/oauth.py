"""Pinterest's OAuth for a desktop app: the authorization code flow through the browser,
and the app owner's own login (the client_credentials grant).

Pinterest wants HTTP Basic client authentication with the app secret and documents no
PKCE (shared/notes/reliability.md 1.2), so each user registers their own Pinterest app and
gives its id and secret once. The browser comes back to a one-shot listener on loopback,
on one of a short fixed list of addresses: Pinterest matches redirect URIs exactly, so the
app shows these exact URIs to register. The first is Pinterest's own quickstart address,
http://localhost:8085/, which many creators have registered already; the others are
127.0.0.1 on ports 8085 to 8089.

A creator who made a Pinterest app is its owner, so the app's own token (client_credentials:
no browser, no redirect URI) is a login to their own account. It has no refresh token:
it is renewed by asking again with the saved secret.
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import json
import logging
import math
import os
import secrets
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.api.budget import server_wait
from creator_backup.api.errors import (
    AccountUnavailable,
    AuthenticationFailed,
    ConnectionFailed,
    ServerError,
)
from creator_backup.api.ratelimit import DayBudget
from creator_backup.api.transport import Answer, ExchangeFailed, exchange
from creator_backup.errors import AppError, Cancelled, ExitCode
from creator_backup.logsetup import SECRETS
from creator_backup.words import plural

log = logging.getLogger(__name__)

READ_SCOPES = (
    "user_accounts:read",
    "boards:read",
    "boards:read_secret",
    "pins:read",
    "pins:read_secret",
)
WRITE_SCOPES = ("boards:write", "boards:write_secret", "pins:write", "pins:write_secret")
LOOPBACK_PORTS = (8085, 8086, 8087, 8088, 8089)
# Pinterest's quickstart tells developers to register exactly this address (notes 1.6).
QUICKSTART_PORT = 8085
QUICKSTART_REDIRECT = f"http://localhost:{QUICKSTART_PORT}/"
PINTEREST_AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
TOKEN_TIMEOUT = (5.0, 30.0)
PROBE_TIMEOUT = (5.0, 15.0)
# A token answer or the authorize page, whole, within this, and at most this big (a
# token answer is a few hundred bytes; the sandbox's page a few KiB): a server that
# trickles or sends without end holds a login no longer than that.
ANSWER_DEADLINE_S = 60.0
ANSWER_MAX_BYTES = 64 * 1024
# The longest lifetime a token answer is believed to give (Pinterest's longest, a legacy
# refresh token, is a year): past it, or not a number of seconds, the answer is unreadable.
LIFETIME_MAX_S = 10 * 365 * 86_400.0
# The longest the loopback listener waits for one connection's request. A browser sends
# its request at once; a connection that stays silent (a speculative preconnect) would
# otherwise hold the one-shot listener forever, past the login's timeout and any cancel.
CALLBACK_READ_TIMEOUT_S = 2.0


def redirect_candidates(ports: tuple[int, ...] = LOOPBACK_PORTS) -> tuple[str, ...]:
    """The redirect URIs a browser login may use, in the order it tries them: on the
    quickstart port the localhost form first (what Pinterest's quickstart registers), then
    the 127.0.0.1 form of the same port (for a creator who registered that one); on every
    other port the 127.0.0.1 form."""
    found: list[str] = []
    for port in ports:
        if port == QUICKSTART_PORT:
            found.append(f"http://localhost:{port}/")
        found.append(f"http://127.0.0.1:{port}/")
    return tuple(found)


def redirect_uris() -> list[str]:
    """Every redirect URI to register for the app, the quickstart's first."""
    return list(redirect_candidates(LOOPBACK_PORTS))


def authorize_base(api_base: str) -> str:
    """Pinterest's authorize page, or the same origin's /oauth/ for another API base."""
    if api_base.rstrip("/") == PINTEREST_API_BASE:
        return PINTEREST_AUTHORIZE_URL
    parts = urlsplit(api_base)
    return f"{parts.scheme}://{parts.netloc}/oauth/"


def authorize_url(
    api_base: str, app_id: str, redirect_uri: str, scopes: tuple[str, ...], state: str
) -> str:
    query = urlencode(
        {
            "client_id": app_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": ",".join(scopes),
            "state": state,
        }
    )
    return f"{authorize_base(api_base)}?{query}"


@dataclass(frozen=True)
class TokenSet:
    # Kept out of repr(): a token set shown in a log line, a traceback or an assertion
    # message must not carry the tokens with it.
    access_token: str = field(repr=False)
    access_expires_at: float
    refresh_token: str | None = field(repr=False)
    refresh_expires_at: float | None
    scopes: tuple[str, ...]
    # True when `scopes` were found by trying calls (a pasted token: Pinterest does not
    # say), not told by Pinterest: then only what was seen is listed, `refused` holds what
    # was seen refused, and any other scope (every write: they are never tried) is unknown.
    scopes_probed: bool = False
    refused: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "access_expires_at": self.access_expires_at,
            "refresh_token": self.refresh_token,
            "refresh_expires_at": self.refresh_expires_at,
            "scopes": list(self.scopes),
            "scopes_probed": self.scopes_probed,
            "refused": list(self.refused),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        return cls(
            access_token=str(data["access_token"]),
            access_expires_at=float(data["access_expires_at"]),
            refresh_token=data.get("refresh_token"),
            refresh_expires_at=data.get("refresh_expires_at"),
            scopes=tuple(data.get("scopes", ())),
            scopes_probed=bool(data.get("scopes_probed", False)),
            refused=tuple(data.get("refused", ())),
        )

    @classmethod
    def from_response(cls, body: dict[str, Any], now: float) -> TokenSet:
        """The tokens of Pinterest's answer; AuthenticationFailed when its fields are not
        what a token answer holds (a token that is not text, a lifetime that is not a
        number of seconds, or one past any Pinterest gives)."""
        access = body.get("access_token")
        refresh = body.get("refresh_token")
        if not isinstance(access, str) or not access:
            raise _unreadable("its access token is not text")
        if refresh is not None and not isinstance(refresh, str):
            raise _unreadable("its refresh token is not text")
        refresh_at = _seconds(body, "refresh_token_expires_at", now + LIFETIME_MAX_S)
        refresh_in = _seconds(body, "refresh_token_expires_in", LIFETIME_MAX_S)
        expires_in = _seconds(body, "expires_in", LIFETIME_MAX_S)
        return cls(
            access_token=access,
            access_expires_at=now + (expires_in or 0.0),
            refresh_token=refresh or None,
            refresh_expires_at=(
                refresh_at if refresh_at is not None
                else now + refresh_in if refresh_in is not None
                else None
            ),
            scopes=tuple(s for s in str(body.get("scope", "")).replace(" ", ",").split(",") if s),
        )  # fmt: skip


def _seconds(body: dict[str, Any], name: str, most: float) -> float | None:
    """A number of seconds (or an epoch) the answer gives, up to `most`; None when absent.
    Pinterest sends integers; a number in a string is taken at its word."""
    value = body.get(name)
    if value is None:
        return None
    try:
        seconds = float(value) if isinstance(value, int | float | str) else math.nan
    except (ValueError, OverflowError):
        seconds = math.nan
    if isinstance(value, bool) or not (math.isfinite(seconds) and 0 <= seconds <= most):
        raise _unreadable(f"its {name} is not a number of seconds a login lasts")
    return seconds


def _unreadable(why: str) -> AuthenticationFailed:
    return AuthenticationFailed(f"Pinterest's login answer could not be read: {why}.")


APP_REFUSED_HELP = (
    "Pinterest refused this app id and secret: copy both again from your app on "
    "developers.pinterest.com (My apps, then Manage, then Show key)."
)


class AppRefused(AuthenticationFailed):
    """Pinterest refused the app id and secret themselves (401 at the token endpoint)."""


class AppLoginUnavailable(AuthenticationFailed):
    """Pinterest would not give the app a token of its own (a 4xx other than 401): the
    grant is not open to this app. The browser login still works."""


def token_request(
    api_base: str,
    app_id: str,
    app_secret: str,
    form: dict[str, str],
    now: Callable[[], float] = time.time,
    budget: DayBudget | None = None,
) -> TokenSet:
    """POST /oauth/token with HTTP Basic client authentication. Never logs the form.
    `budget`: the app's day's budget, which the request spends from (Trial access counts
    every request); BudgetSpent, with nothing sent, when it cannot pay for it."""
    url = api_base.rstrip("/") + "/oauth/token"
    if budget is not None:
        budget.spend(now())
    try:
        answer = exchange(
            "POST", url, data=form, auth=(app_id, app_secret), timeout=TOKEN_TIMEOUT,
            deadline_s=ANSWER_DEADLINE_S, max_bytes=ANSWER_MAX_BYTES,
        )  # fmt: skip
    except ExchangeFailed as exc:
        raise ConnectionFailed(f"Could not reach Pinterest to log in ({exc}).") from exc
    if budget is not None:
        moment = now()
        waited = server_wait(answer.headers, moment) if answer.status == 429 else 0.0
        budget.observe(answer.status, answer.headers, moment, waited)
    body = _json(answer)
    message = str(body.get("message", "")) if isinstance(body, dict) else ""
    request_id = answer.headers.get("x-pinterest-rid")
    if answer.status >= 400:
        log.warning(
            "token request (%s) failed: status=%s request_id=%s",
            form.get("grant_type"),
            answer.status,
            request_id,
        )
        facts: dict[str, Any] = {"status": answer.status, "request_id": request_id}
        if "deactivated" in message.lower() or "suspended" in message.lower():
            raise AccountUnavailable("Pinterest says the account is deactivated.", **facts)
        if answer.status == 429 or answer.status >= 500:
            # Pinterest is busy or down: the login itself may be fine, so the user is not
            # told to log in again (which would spend a refresh token for nothing).
            raise ServerError(
                f"Pinterest could not finish the login just now (it answered "
                f"{answer.status}); try again in a few minutes.",
                **facts,
            )
        raise AuthenticationFailed(
            "Pinterest refused the login (the app id or secret is wrong, or the login expired); "
            "log in again.",
            **facts,
        )
    if not isinstance(body, dict) or "access_token" not in body:
        raise AuthenticationFailed("Pinterest's login answer had no access token.")
    # Exact values for the log's redaction too, before anything can go wrong with them.
    for name in ("access_token", "refresh_token"):
        if isinstance(body.get(name), str):
            SECRETS.add(body[name])
    return TokenSet.from_response(body, now())


def _json(answer: Answer) -> Any:
    """The answer's JSON, or {} when it is not JSON."""
    try:
        return json.loads(answer.body)
    except (ValueError, RecursionError):
        return {}


def exchange_code(
    api_base: str,
    app_id: str,
    app_secret: str,
    code: str,
    redirect_uri: str,
    budget: DayBudget | None = None,
) -> TokenSet:
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        # An app created before 2025-09-25 otherwise gets a legacy refresh token: a hard
        # one-year limit, after which the creator must log in again whatever the app
        # does. With this flag it gets a continuous one (60 days from its last use,
        # renewed for ever), as newer apps get anyway; they ignore the flag (notes 1.5).
        "continuous_refresh": "true",
    }
    return token_request(api_base, app_id, app_secret, form, budget=budget)


def client_credentials_login(
    api_base: str,
    app_id: str,
    app_secret: str,
    scopes: tuple[str, ...] = READ_SCOPES,
    now: Callable[[], float] = time.time,
    budget: DayBudget | None = None,
) -> TokenSet:
    """The app owner's own token (grant client_credentials): the scopes asked for that
    the app may have, for the account that owns the app, with no refresh token."""
    form = {"grant_type": "client_credentials", "scope": ",".join(scopes)}
    try:
        return token_request(api_base, app_id, app_secret, form, now, budget)
    except AuthenticationFailed as exc:
        if exc.status == 401:
            raise AppRefused(APP_REFUSED_HELP, status=401, request_id=exc.request_id) from exc
        if exc.status is not None:
            raise AppLoginUnavailable(
                f"Pinterest would not give this app a login of its own (it answered "
                f"{exc.status}); log in through the browser instead.",
                status=exc.status,
                request_id=exc.request_id,
            ) from exc
        raise


def redirect_registered(api_base: str, app_id: str, redirect_uri: str) -> bool | None:
    """Whether the app has `redirect_uri` registered, as the authorize page tells it
    without a login: True or False where the page says so, None where it cannot be told.

    Pinterest's own page (www.pinterest.com/oauth/) is a script-driven page that asks the
    person to log in first, so it is never read: None. Another API base's page (the
    sandbox's) answers at once: 400 "Redirect URI mismatch" for an address not
    registered, the consent page (or the redirect itself) for one that is."""
    base = authorize_base(api_base)
    if base == PINTEREST_AUTHORIZE_URL:
        return None
    url = authorize_url(api_base, app_id, redirect_uri, READ_SCOPES, secrets.token_urlsafe(16))
    try:
        answer = exchange(
            "GET", url, timeout=PROBE_TIMEOUT, deadline_s=ANSWER_DEADLINE_S,
            max_bytes=ANSWER_MAX_BYTES,
        )  # fmt: skip
    except ExchangeFailed:
        return None
    if 300 <= answer.status < 400:
        return answer.headers.get("location", "").startswith(redirect_uri)
    if answer.status == 200:
        return True
    text = answer.body.decode("utf-8", "replace").lower()
    if (
        answer.status == 400
        and "redirect" in text
        and ("mismatch" in text or "not registered" in text)
    ):
        return False
    return None


class LoginFailed(AppError):
    """The browser step did not complete: timeout, refusal or a bad state (a cancel is
    Cancelled, as for every job)."""

    exit_code = ExitCode.AUTH


class NoAnswer(LoginFailed):
    """The browser never came back within the login's time (the page may have shown an
    error of Pinterest's, such as a redirect URI that is not registered)."""


SUCCESS_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Creator Backup</title></head>"
    b"<body><h1>You are logged in.</h1><p>You can close this tab and return to Creator "
    b"Backup.</p></body></html>"
)
FAILURE_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Creator Backup</title></head>"
    b"<body><h1>Login did not complete.</h1><p>Return to Creator Backup and try again."
    b"</p></body></html>"
)


class _CallbackHandler(BaseHTTPRequestHandler):
    server: _CallbackServer

    def setup(self) -> None:
        super().setup()
        # A connection that stays silent then ends in handle_one_request's TimeoutError
        # branch, without a delivery, and the wait loop checks its deadline again.
        self.connection.settimeout(self.server.read_timeout)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line carries the authorization code: never log it.
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/":
            # favicon.ico and strays must not consume the one-shot flow.
            self.send_error(404)
            return
        query = dict(parse_qsl(parts.query))
        ok = self.server.deliver(query)
        body = SUCCESS_PAGE if ok else FAILURE_PAGE
        self.send_response(200 if ok else 400)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class _LoginAnswer:
    """The one answer a login waits for, shared by its listeners (127.0.0.1 and ::1)."""

    def __init__(self, state: str) -> None:
        self.expected_state = state
        self.result: dict[str, str] | None = None
        self.ignored = 0  # answers whose state did not match this login
        self.done = threading.Event()
        self.lock = threading.Lock()

    def deliver(self, query: dict[str, str]) -> bool:
        """Takes the browser's answer if it belongs to this login; returns whether a code came.

        An answer with a wrong or missing state is ignored and counted, not taken as the end
        of the login: any local process can reach this port, and it must not be able to cut
        a real login short by sending its own request first."""
        # As bytes: compare_digest refuses str with non-ASCII characters, which anyone
        # can send (?state=%C3%A9).
        given = query.get("state", "").encode("utf-8", "surrogateescape")
        with self.lock:
            if self.done.is_set() or not hmac.compare_digest(
                given, self.expected_state.encode("ascii")
            ):
                self.ignored += 1
                return False
            if "error" in query:
                self.result = {"error": query["error"]}
            elif query.get("code"):
                self.result = {"code": query["code"]}
            else:
                self.result = {"error": "no_code"}
            self.done.set()
            return "code" in self.result


class _CallbackServer(HTTPServer):
    # Fail fast if the port is taken, and try the next one. On POSIX, SO_REUSEADDR still
    # refuses 127.0.0.1:port while another socket listens there; what it allows is binding
    # over the TIME_WAIT a previous attempt left (this listener closes its connections
    # first), which otherwise made the port unusable for a minute after every login try.
    # On Windows it would let a live port be taken over, so it stays off there.
    allow_reuse_address = os.name == "posix"

    def __init__(self, host: str, port: int, answer: _LoginAnswer) -> None:
        self.answer = answer
        self.read_timeout = CALLBACK_READ_TIMEOUT_S
        super().__init__((host, port), _CallbackHandler)

    def deliver(self, query: dict[str, str]) -> bool:
        return self.answer.deliver(query)

    def close_quietly(self) -> None:
        with contextlib.suppress(OSError):
            self.socket.shutdown(socket.SHUT_RDWR)
        self.server_close()


class _CallbackServer6(_CallbackServer):
    address_family = socket.AF_INET6


def _listeners(redirect_uri: str, answer: _LoginAnswer) -> list[_CallbackServer]:
    """The listeners that receive `redirect_uri`'s answer; OSError when it cannot be had.

    http://localhost:PORT/ is what the browser resolves, to 127.0.0.1, ::1 or both (a
    browser may try ::1 first): the listener takes 127.0.0.1 and, where the computer has
    IPv6, ::1 too. If another program holds ::1 on that port, the browser could hand it the
    login code, so that address is not used at all."""
    parts = urlsplit(redirect_uri)
    host, port = parts.hostname or "", parts.port or 80
    if host == "::1":
        return [_CallbackServer6("::1", port, answer)]
    if host not in ("127.0.0.1", "localhost"):
        raise ValueError(f"not a loopback redirect URI: {redirect_uri}")
    first = _CallbackServer("127.0.0.1", port, answer)
    if host == "127.0.0.1":
        return [first]
    try:
        return [first, _CallbackServer6("::1", port, answer)]
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            first.close_quietly()
            raise
        # No IPv6 here: the browser cannot reach ::1 either.
        return [first]


class LoopbackReceiver:
    """Listens once on loopback for the browser's return from Pinterest, at the first of
    `redirect_uris` whose port is free (see redirect_candidates)."""

    def __init__(
        self,
        ports: tuple[int, ...] = LOOPBACK_PORTS,
        redirect_uris: tuple[str, ...] | None = None,
    ) -> None:
        self.state = secrets.token_urlsafe(32)
        self._answer = _LoginAnswer(self.state)
        self._servers: list[_CallbackServer] = []
        candidates = redirect_uris if redirect_uris is not None else redirect_candidates(ports)
        self.redirect_uri = ""
        for candidate in candidates:
            try:
                self._servers = _listeners(candidate, self._answer)
            except OSError:
                continue
            self.redirect_uri = candidate
            break
        if not self._servers:
            ports_used = dict.fromkeys(str(urlsplit(uri).port) for uri in candidates)
            raise LoginFailed(
                "Every login port is in use ("
                + ", ".join(ports_used)
                + "); close the program using them and try again."
            )

    def wait_for_code(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> str:
        answer = self._answer
        deadline = time.monotonic() + timeout_s
        selector = selectors.DefaultSelector()
        for server in self._servers:
            server.timeout = 0
            selector.register(server.socket, selectors.EVENT_READ, server)
        try:
            while not answer.done.is_set():
                if cancelled():
                    raise Cancelled("The login was cancelled.")
                left = deadline - time.monotonic()
                if left < 0:
                    raise NoAnswer(_no_answer(timeout_s, answer.ignored))
                for key, _events in selector.select(timeout=min(0.2, max(left, 0.0))):
                    server = key.data
                    server.read_timeout = max(0.1, min(CALLBACK_READ_TIMEOUT_S, left))
                    server.handle_request()
                    if answer.done.is_set():
                        break
        finally:
            selector.close()
            self.close()
            if answer.ignored:
                log.warning(
                    "Ignored %d answer(s) on the login port that did not belong to this login",
                    answer.ignored,
                )
        result = answer.result or {}
        if "code" in result:
            return result["code"]
        reasons = {"access_denied": "Access was not given on Pinterest's page."}
        raise LoginFailed(
            reasons.get(result.get("error", ""), "Pinterest did not give a login code.")
        )

    def close(self) -> None:
        for server in self._servers:
            server.close_quietly()


def _no_answer(timeout_s: float, ignored: int) -> str:
    sentence = f"No answer came back from the browser within {timeout_s:.0f} seconds."
    if ignored:
        answers = plural(ignored, "answer")
        verb = "was" if ignored == 1 else "were"
        sentence += (
            f" {answers} that did not belong to this login {verb} ignored (state check failed)."
        )
    return sentence


def browser_login(
    api_base: str,
    app_id: str,
    app_secret: str,
    scopes: tuple[str, ...],
    open_browser: Callable[[str], object],
    timeout_s: float = 300.0,
    cancelled: Callable[[], bool] = lambda: False,
    ports: tuple[int, ...] = LOOPBACK_PORTS,
    redirect_uris: tuple[str, ...] | None = None,
    budget: DayBudget | None = None,
) -> TokenSet:
    """`redirect_uris`, when given, are the addresses to try in order (else those of
    `ports`, see redirect_candidates); `budget`, the app's day's budget the code's
    exchange spends from."""
    receiver = LoopbackReceiver(ports, redirect_uris)
    url = authorize_url(api_base, app_id, receiver.redirect_uri, scopes, receiver.state)
    try:
        open_browser(url)
    except Exception:
        receiver.close()
        raise
    code = receiver.wait_for_code(timeout_s, cancelled)
    return exchange_code(api_base, app_id, app_secret, code, receiver.redirect_uri, budget)
