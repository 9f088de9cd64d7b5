"""A stand-in for the user's browser during the OAuth login, and small login helpers.

The browser is a thread (a real one is another process): it fetches Pinterest's (the
sandbox's) authorize page, which with auto_approve redirects at once, and then follows the
redirect to the app's loopback listener, which only answers once the app waits for it.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import keyring
import requests

from creator_backup.auth.oauth import TokenSet
from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.tokens import tokens_key
from creator_backup.sandbox import Sandbox

TIMEOUT = 30
Fetch = Callable[[str], tuple[int, dict[str, str], str]]


def fetch_with_requests(url: str) -> tuple[int, dict[str, str], str]:
    response = requests.get(url, allow_redirects=False, timeout=TIMEOUT)
    return response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.text


def fetch_with_stdlib(url: str) -> tuple[int, dict[str, str], str]:
    """The same without requests: urllib3 logs every URL at DEBUG, and the test's own
    browser must not put the code in the logs a sentinel test scans."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target or "/")
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str | None) -> str:
    """`url` with query parameters replaced (or dropped, for None)."""
    parts = urlsplit(url)
    query = query_of(url)
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Browser:
    """`open` is the open_browser callback. Knobs: `tamper` rewrites the redirect before
    following it; `stray_first` fetches /favicon.ico from the listener first; `decision`
    ("approve"/"decline") answers the consent page when the sandbox does not auto-approve;
    `follow=False` never comes back at all; `forged_first` is another local process that
    answers the listener first with that state (None: no state) and a code of its own."""

    fetch: Fetch = fetch_with_requests
    tamper: Callable[[str], str] | None = None
    stray_first: bool = False
    decision: str | None = None
    follow: bool = True
    forged_first: str | bool | None = False
    forged_status: int | None = None
    authorize_url: str | None = None
    authorize_status: int | None = None
    redirect: str | None = None
    stray_status: int | None = None
    callback_status: int | None = None
    callback_page: str = ""
    errors: list[BaseException] = field(default_factory=list)
    _thread: threading.Thread | None = None

    def open(self, url: str) -> None:
        self.authorize_url = url
        self._thread = threading.Thread(target=self._run, name="test-browser", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            url = self.authorize_url
            assert url is not None
            status, headers, _ = self.fetch(url)
            self.authorize_status = status
            if self.decision is not None:
                assert status == 200, status  # the consent page
                location = self._decide(url)
            else:
                assert status == 302, status
                location = headers["location"]
            if self.tamper is not None:
                location = self.tamper(location)
            self.redirect = location
            if not self.follow:
                return
            if self.stray_first:
                parts = urlsplit(location)
                self.stray_status = self.fetch(f"{parts.scheme}://{parts.netloc}/favicon.ico")[0]
            if self.forged_first is not False:
                state = self.forged_first if isinstance(self.forged_first, str) else None
                forged = with_query(location, state=state, code="forged-code")
                self.forged_status = self.fetch(forged)[0]
            status, _, page = self.fetch(location)
            self.callback_status, self.callback_page = status, page
        except BaseException as exc:
            self.errors.append(exc)

    def _decide(self, authorize_url: str) -> str:
        asked = query_of(authorize_url)
        form = {k: asked[k] for k in ("client_id", "redirect_uri", "state", "scope")}
        form["decision"] = self.decision or "approve"
        parts = urlsplit(authorize_url)
        response = requests.post(
            f"{parts.scheme}://{parts.netloc}/oauth/decision",
            data=form,
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        assert response.status_code == 302, response.text
        return response.headers["Location"]

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join(timeout=TIMEOUT)
            assert not self._thread.is_alive(), "the browser never finished"
        if self.errors:
            raise self.errors[0]

    @property
    def code(self) -> str:
        assert self.redirect is not None
        return query_of(self.redirect)["code"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nothing_listens(port: int) -> bool:
    """True when a connection to the port is refused: the listener is closed. (Binding
    would be the wrong probe: the closed connections' TIME_WAIT keeps the port busy.)"""
    with socket.socket() as probe:
        probe.settimeout(5)
        try:
            probe.connect(("127.0.0.1", port))
        except ConnectionRefusedError:
            return True
        return False


def stored_tokens(account_key: str) -> TokenSet | None:
    """The token set as the keyring holds it, read around the app's own store."""
    raw = keyring.get_password(SERVICE, tokens_key(account_key))
    return None if raw is None else TokenSet.from_json(json.loads(raw))


def refresh_at_sandbox(sandbox: Sandbox, refresh_token: str) -> requests.Response:
    """A refresh grant sent by the test itself: does the sandbox still honour this token?"""
    return requests.post(
        sandbox.api_base + "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=TIMEOUT,
    )


def account_answer(sandbox: Sandbox, access_token: str) -> int:
    response = requests.get(
        sandbox.api_base + "/user_account",
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=TIMEOUT,
    )
    return response.status_code


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
