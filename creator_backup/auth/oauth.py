"""Pinterest's OAuth authorization code flow for a desktop app.

Pinterest wants HTTP Basic client authentication with the app secret and documents no
PKCE (shared/notes/reliability.md 1.2), so each user registers their own Pinterest app and
gives its id and secret once. The browser comes back to a one-shot listener on 127.0.0.1,
on one of a short fixed list of ports: Pinterest matches redirect URIs exactly, so the
app shows these exact URIs to register.
"""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.api.errors import (
    AccountUnavailable,
    AuthenticationFailed,
    ConnectionFailed,
    ServerError,
)
from creator_backup.errors import AppError, Cancelled, ExitCode
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
PINTEREST_AUTHORIZE_URL = "https://www.pinterest.com/oauth/"
TOKEN_TIMEOUT = (5.0, 30.0)
# The longest the loopback listener waits for one connection's request. A browser sends
# its request at once; a connection that stays silent (a speculative preconnect) would
# otherwise hold the one-shot listener forever, past the login's timeout and any cancel.
CALLBACK_READ_TIMEOUT_S = 2.0


def redirect_uris() -> list[str]:
    return [f"http://127.0.0.1:{port}/" for port in LOOPBACK_PORTS]


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

    def to_json(self) -> dict[str, Any]:
        return {
            "access_token": self.access_token,
            "access_expires_at": self.access_expires_at,
            "refresh_token": self.refresh_token,
            "refresh_expires_at": self.refresh_expires_at,
            "scopes": list(self.scopes),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenSet:
        return cls(
            access_token=str(data["access_token"]),
            access_expires_at=float(data["access_expires_at"]),
            refresh_token=data.get("refresh_token"),
            refresh_expires_at=data.get("refresh_expires_at"),
            scopes=tuple(data.get("scopes", ())),
        )

    @classmethod
    def from_response(cls, body: dict[str, Any], now: float) -> TokenSet:
        refresh_at = body.get("refresh_token_expires_at")
        refresh_in = body.get("refresh_token_expires_in")
        refresh_expires = (
            float(refresh_at)
            if isinstance(refresh_at, int | float)
            else now + float(refresh_in)
            if isinstance(refresh_in, int | float)
            else None
        )
        return cls(
            access_token=str(body["access_token"]),
            access_expires_at=now + float(body.get("expires_in", 0)),
            refresh_token=body.get("refresh_token"),
            refresh_expires_at=refresh_expires,
            scopes=tuple(s for s in str(body.get("scope", "")).replace(" ", ",").split(",") if s),
        )


def token_request(
    api_base: str,
    app_id: str,
    app_secret: str,
    form: dict[str, str],
    now: Callable[[], float] = time.time,
) -> TokenSet:
    """POST /oauth/token with HTTP Basic client authentication. Never logs the form."""
    url = api_base.rstrip("/") + "/oauth/token"
    try:
        response = requests.post(
            url,
            data=form,
            auth=(app_id, app_secret),
            timeout=TOKEN_TIMEOUT,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        raise ConnectionFailed(
            f"Could not reach Pinterest to log in ({type(exc).__name__})."
        ) from exc
    try:
        body = response.json()
    except ValueError:
        body = {}
    message = str(body.get("message", "")) if isinstance(body, dict) else ""
    request_id = response.headers.get("x-pinterest-rid")
    if response.status_code >= 400:
        log.warning(
            "token request (%s) failed: status=%s request_id=%s",
            form.get("grant_type"),
            response.status_code,
            request_id,
        )
        facts: dict[str, Any] = {"status": response.status_code, "request_id": request_id}
        if "deactivated" in message.lower() or "suspended" in message.lower():
            raise AccountUnavailable("Pinterest says the account is deactivated.", **facts)
        if response.status_code == 429 or response.status_code >= 500:
            # Pinterest is busy or down: the login itself may be fine, so the user is not
            # told to log in again (which would spend a refresh token for nothing).
            raise ServerError(
                f"Pinterest could not finish the login just now (it answered "
                f"{response.status_code}); try again in a few minutes.",
                **facts,
            )
        raise AuthenticationFailed(
            "Pinterest refused the login (the app id or secret is wrong, or the login expired); "
            "log in again.",
            **facts,
        )
    if not isinstance(body, dict) or "access_token" not in body:
        raise AuthenticationFailed("Pinterest's login answer had no access token.")
    return TokenSet.from_response(body, now())


def exchange_code(
    api_base: str, app_id: str, app_secret: str, code: str, redirect_uri: str
) -> TokenSet:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return token_request(api_base, app_id, app_secret, form)


class LoginFailed(AppError):
    """The browser step did not complete: timeout, refusal or a bad state (a cancel is
    Cancelled, as for every job)."""

    exit_code = ExitCode.AUTH


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


class _CallbackServer(HTTPServer):
    # Fail fast if the port is taken, and try the next one. On POSIX, SO_REUSEADDR still
    # refuses 127.0.0.1:port while another socket listens there; what it allows is binding
    # over the TIME_WAIT a previous attempt left (this listener closes its connections
    # first), which otherwise made the port unusable for a minute after every login try.
    # On Windows it would let a live port be taken over, so it stays off there.
    allow_reuse_address = os.name == "posix"

    def __init__(self, port: int, state: str) -> None:
        super().__init__(("127.0.0.1", port), _CallbackHandler)
        self.expected_state = state
        self.read_timeout = CALLBACK_READ_TIMEOUT_S
        self.result: dict[str, str] | None = None
        self.ignored = 0  # answers whose state did not match this login
        self.done = threading.Event()

    def deliver(self, query: dict[str, str]) -> bool:
        """Takes the browser's answer if it belongs to this login; returns whether a code came.

        An answer with a wrong or missing state is ignored and counted, not taken as the end
        of the login: any local process can reach this port, and it must not be able to cut
        a real login short by sending its own request first."""
        # As bytes: compare_digest refuses str with non-ASCII characters, which anyone
        # can send (?state=%C3%A9).
        given = query.get("state", "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self.expected_state.encode("ascii")):
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


class LoopbackReceiver:
    """Listens once on 127.0.0.1 for the browser's return from Pinterest."""

    def __init__(self, ports: tuple[int, ...] = LOOPBACK_PORTS) -> None:
        self.state = secrets.token_urlsafe(32)
        self._server: _CallbackServer | None = None
        for port in ports:
            try:
                self._server = _CallbackServer(port, self.state)
                break
            except OSError:
                continue
        if self._server is None:
            raise LoginFailed(
                "Every login port is in use ("
                + ", ".join(str(p) for p in ports)
                + "); close the program using them and try again."
            )
        self.redirect_uri = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def wait_for_code(self, timeout_s: float, cancelled: Callable[[], bool] = lambda: False) -> str:
        server = self._server
        assert server is not None
        server.timeout = 0.2
        deadline = time.monotonic() + timeout_s
        try:
            while not server.done.is_set():
                if cancelled():
                    raise Cancelled("The login was cancelled.")
                left = deadline - time.monotonic()
                if left < 0:
                    raise LoginFailed(_no_answer(timeout_s, server.ignored))
                server.read_timeout = max(0.1, min(CALLBACK_READ_TIMEOUT_S, left))
                server.handle_request()
        finally:
            self.close()
            if server.ignored:
                log.warning(
                    "Ignored %d answer(s) on the login port that did not belong to this login",
                    server.ignored,
                )
        result = server.result or {}
        if "code" in result:
            return result["code"]
        reasons = {"access_denied": "Access was not given on Pinterest's page."}
        raise LoginFailed(
            reasons.get(result.get("error", ""), "Pinterest did not give a login code.")
        )

    def close(self) -> None:
        if self._server is not None:
            with contextlib.suppress(OSError):
                self._server.socket.shutdown(socket.SHUT_RDWR)
            self._server.server_close()


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
) -> TokenSet:
    receiver = LoopbackReceiver(ports)
    url = authorize_url(api_base, app_id, receiver.redirect_uri, scopes, receiver.state)
    try:
        open_browser(url)
    except Exception:
        receiver.close()
        raise
    code = receiver.wait_for_code(timeout_s, cancelled)
    return exchange_code(api_base, app_id, app_secret, code, receiver.redirect_uri)
