"""One requests.Session per thread (requests promises no thread safety), all closed
together, for the API transport; and a shared pool of connections for media downloads.
The two never share a connection or headers, so media requests can never carry the API's
bearer token."""

from __future__ import annotations

import os
import threading
from typing import Any

import requests
import requests.adapters
import requests.utils
import urllib3

from creator_backup.api.addresses import checked_pools
from creator_backup.api.watchdog import WATCHED_POOLS
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


# Redirects are followed, as a browser would; every other retry is the downloader's own,
# with its backoff and resume. One object for every request: urllib3 never changes a Retry
# (a redirect makes a new one, with its history).
_REDIRECTS_ONLY = urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=10)


class MediaConnections:
    """Keep-alive connections to media hosts, used from many threads at once.

    Media downloads speak urllib3 directly: requests adds about half a millisecond of
    Python per request (environment and proxy lookups, cookie jars, hooks), as much as
    receiving, hashing and writing a typical picture. What requests gave for free is kept:
    proxies from the environment (HTTPS_PROXY, NO_PROXY, ...), chosen once per host, and
    its CA bundle. Nothing here knows about tokens.

    Direct connections go only to public addresses (see api/addresses.py); loopback too
    when `loopback_ok` (the API itself is on loopback: the sandbox).
    """

    def __init__(
        self, headers: dict[str, str], connections: int, *, loopback_ok: bool = False
    ) -> None:
        self.headers = {"User-Agent": f"creator_backup/{VERSION}", **headers}
        self._size = max(1, connections)
        self._tls: dict[str, Any] = {"cert_reqs": "CERT_REQUIRED", "ca_certs": _ca_bundle()}
        self._direct = urllib3.PoolManager(maxsize=self._size, headers=self.headers, **self._tls)
        self._direct.pool_classes_by_scheme = checked_pools(loopback_ok)
        self._managers: dict[tuple[str, str], urllib3.PoolManager] = {}
        self._timeouts: dict[tuple[float, float], urllib3.Timeout] = {}
        self._proxies: dict[str, urllib3.ProxyManager] = {}
        self._lock = threading.Lock()

    def get(
        self, url: str, headers: dict[str, str], timeout: tuple[float, float]
    ) -> urllib3.BaseHTTPResponse:
        """Starts a GET; the body is left to be read (undecoded) by the caller."""
        limits = self._timeouts.get(timeout)
        if limits is None:  # one per pair: urllib3 copies it for each request anyway
            limits = self._timeouts[timeout] = urllib3.Timeout(connect=timeout[0], read=timeout[1])
        return self._manager(url).request(
            "GET",
            url,
            headers={**self.headers, **headers},
            preload_content=False,
            decode_content=False,
            retries=_REDIRECTS_ONLY,
            timeout=limits,
        )

    def _manager(self, url: str) -> urllib3.PoolManager:
        parts = urllib3.util.parse_url(url)
        key = (parts.scheme or "", parts.host or "")
        manager = self._managers.get(key)
        if manager is None:
            # The same choice requests makes: the environment's proxy for the scheme and
            # host, unless NO_PROXY names the host.
            proxy = requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url))
            with self._lock:
                manager = self._direct if not proxy else self._proxy(proxy)
                self._managers[key] = manager
        return manager

    def _proxy(self, proxy: str) -> urllib3.ProxyManager:
        if proxy not in self._proxies:
            user, password = requests.utils.get_auth_from_url(proxy)
            auth = urllib3.make_headers(proxy_basic_auth=f"{user}:{password}") if user else None
            manager = urllib3.ProxyManager(
                proxy, maxsize=self._size, headers=self.headers, proxy_headers=auth, **self._tls
            )
            manager.pool_classes_by_scheme = WATCHED_POOLS  # a deadline ends even its headers
            self._proxies[proxy] = manager
        return self._proxies[proxy]

    def close(self) -> None:
        with self._lock:
            self._direct.clear()
            for manager in self._proxies.values():
                manager.clear()


def _ca_bundle() -> str:
    # requests' own order: its environment variables, then certifi's bundle.
    return (
        os.environ.get("REQUESTS_CA_BUNDLE")
        or os.environ.get("CURL_CA_BUNDLE")
        or requests.utils.DEFAULT_CA_BUNDLE_PATH
    )
