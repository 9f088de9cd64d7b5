"""One requests.Session per thread (requests promises no thread safety), all closed
together, for the API transport; and a shared pool of connections for media downloads.
The two never share a connection or headers, so media requests can never carry the API's
bearer token."""

from __future__ import annotations

import os
import threading
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
import requests.utils
import urllib3

from creator_backup.api.media_http import (
    CONNECT_TIMEOUT_S,
    SILENCE_S,
    Answer,
    DirectClient,
    Headers,
    TransportFailed,
    tls_context,
)
from creator_backup.api.watchdog import WATCHED_POOLS, Guard
from creator_backup.appinfo import VERSION


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter, whose connections hand their socket to the thread's watch
    (api/watchdog.py), so a deadline or a cancel can end a request blocked on headers."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = WATCHED_POOLS

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools have classes of their own
            manager.pool_classes_by_scheme = WATCHED_POOLS
        return manager


def watched_session(headers: dict[str, str]) -> requests.Session:
    """A session whose requests a watch (api/watchdog.py) can end at any point."""
    session = requests.Session()
    session.headers.update({"User-Agent": f"creator_backup/{VERSION}", **headers})
    for scheme in ("https://", "http://"):
        session.mount(scheme, _WatchedAdapter())
    return session


class ThreadSessions:
    def __init__(self, headers: dict[str, str]) -> None:
        self.headers = {"User-Agent": f"creator_backup/{VERSION}", **headers}
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._lock = threading.Lock()

    def get(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = watched_session(self.headers)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()


# Through a proxy, redirects are followed as a browser would; every other retry is the
# downloader's own, with its backoff and resume. One object for every request: urllib3
# never changes a Retry (a redirect makes a new one, with its history).
_REDIRECTS_ONLY = urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=10)
_PROXIED_TIMEOUT = urllib3.Timeout(connect=CONNECT_TIMEOUT_S, read=SILENCE_S)


class MediaConnections:
    """Keep-alive connections to media hosts, used from many threads at once.

    Media hosts are reached straight by api/media_http.py, unless the environment names a
    proxy for the host (HTTPS_PROXY, NO_PROXY, ..., chosen once per host, as requests
    chooses): then through urllib3, whose proxy support (CONNECT tunnels, proxy
    authentication) is kept, behind the same Answer. Certificates are checked against
    requests' CA bundle either way. Nothing here knows about tokens.

    Direct connections go only to public addresses (see api/addresses.py); loopback too
    when `loopback_ok` (the API itself is on loopback: the sandbox). A proxy the user
    configured is trusted to reach the address itself.
    """

    def __init__(
        self, headers: dict[str, str], connections: int, *, loopback_ok: bool = False
    ) -> None:
        self.headers = {"User-Agent": f"creator_backup/{VERSION}", **headers}
        self._size = max(1, connections)
        self._ca_bundle = _ca_bundle()
        self._direct = DirectClient(
            self.headers, self._size, loopback_ok, tls_context(self._ca_bundle)
        )
        self._routes: dict[tuple[str, str], str | None] = {}
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._lock = threading.Lock()

    def get(self, url: str, headers: dict[str, str], guard: Guard) -> Answer:
        """Starts a GET under `guard`; the body is left to be read (undecoded) by the
        caller. Raises TransportFailed, or AddressRefused."""
        proxy = self._route(url)
        if proxy is None:
            return self._direct.get(url, headers, guard)
        return _proxied_get(self._proxy(proxy), url, {**self.headers, **headers})

    def _route(self, url: str) -> str | None:
        """The proxy for the address's scheme and host, or None to go straight there."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._routes:
            # The same choice requests makes: the environment's proxy for the scheme and
            # host, unless NO_PROXY names the host.
            proxy = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
            with self._lock:
                self._routes[key] = proxy or None
        return self._routes[key]

    def _proxy(self, proxy: str) -> urllib3.ProxyManager:
        with self._lock:
            if proxy not in self._proxies:
                user, password = requests.utils.get_auth_from_url(proxy)
                auth = urllib3.make_headers(proxy_basic_auth=f"{user}:{password}") if user else None
                manager = urllib3.ProxyManager(
                    proxy,
                    maxsize=self._size,
                    headers=self.headers,
                    proxy_headers=auth,
                    cert_reqs="CERT_REQUIRED",
                    ca_certs=self._ca_bundle,
                )
                manager.pool_classes_by_scheme = WATCHED_POOLS  # a deadline ends its headers
                self._proxies[proxy] = manager
            return self._proxies[proxy]

    def close(self) -> None:
        self._direct.close()
        with self._lock:
            for manager in self._proxies.values():
                manager.clear()


class _ProxiedAnswer:
    """An answer urllib3 read through a proxy, as an Answer."""

    def __init__(self, response: urllib3.BaseHTTPResponse, url: str) -> None:
        self._response = response
        self.connection: object = response.connection
        self.status = response.status
        self.headers = Headers()
        for name, value in response.headers.itermerged():
            dict.__setitem__(self.headers, name.lower(), value)
        self.url = url
        for step in response.retries.history if response.retries is not None else ():
            if step.redirect_location:
                self.url = urljoin(self.url, step.redirect_location)
        self._ended = False

    def read1(self, limit: int) -> memoryview:
        if self._ended or self._response.length_remaining == 0:
            self._ended = True  # no read for the end once the announced bytes are in
            return memoryview(b"")
        try:
            piece = self._response.read1(limit, decode_content=False)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise TransportFailed(f"the connection broke ({type(exc).__name__})") from exc
        self._ended = not piece
        return memoryview(piece)

    def finish(self) -> None:
        if not self._ended:
            self._response.close()  # unread bytes: this connection cannot carry another
        self._response.release_conn()


def _proxied_get(
    manager: urllib3.ProxyManager, url: str, headers: dict[str, str]
) -> _ProxiedAnswer:
    try:
        response = manager.request(
            "GET",
            url,
            headers=headers,
            preload_content=False,
            decode_content=False,
            retries=_REDIRECTS_ONLY,
            timeout=_PROXIED_TIMEOUT,
        )
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise TransportFailed(f"the proxy could not be used ({type(exc).__name__})") from exc
    return _ProxiedAnswer(response, url)


def _ca_bundle() -> str:
    # requests' own order: its environment variables, then certifi's bundle.
    return (
        os.environ.get("REQUESTS_CA_BUNDLE")
        or os.environ.get("CURL_CA_BUNDLE")
        or requests.utils.DEFAULT_CA_BUNDLE_PATH
    )
