"""One deadline over a whole HTTP exchange, headers included, that also sees a cancel.

A socket timeout bounds only the gap between two bytes, so a server sending a byte just
inside it (headers or body) holds a request for as long as it likes, and a read blocked in
a long silent gap does not look at a cancel. Here a request runs inside `watch(...)`; the
connection it uses registers its socket (`Watched`, mixed into urllib3's connections), and
one shared thread shuts that socket down when the deadline passes or the cancel is set.
The blocked read then returns at once with an error, which the caller turns into "too
slow" or a cancel by asking the guard why (`Guard.fired`).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

log = logging.getLogger(__name__)

# How often the watch looks at deadlines and cancels: a cancel is acted on within this.
TICK_S = 0.1
IDLE_TICKS = 50  # ticks with no exchange before the watch waits for the next
DEADLINE = "deadline"
CANCEL = "cancel"


class Guard:
    """One exchange's limits: a monotonic deadline (which the body's reader may move, as
    the media deadline grows with the bytes received) and a cancel check."""

    def __init__(self, deadline: float, cancelled: Callable[[], bool]) -> None:
        self.deadline = deadline
        self.cancelled = cancelled
        self.fired: str | None = None  # DEADLINE or CANCEL once the socket was shut
        self._sock: Any = None
        self._lock = threading.Lock()

    def attach(self, sock: Any) -> None:
        with self._lock:
            self._sock = sock
            if self.fired is not None and sock is not None:
                _shut(sock)

    def check(self, now: float) -> None:
        """Fires when the deadline has passed or the cancel is set."""
        if self.fired is not None:
            return
        reason = CANCEL if self.cancelled() else DEADLINE if now > self.deadline else None
        if reason is None:
            return
        with self._lock:
            self.fired = reason
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: Any) -> None:
    # socket.socket's own shutdown, also for a TLS socket: SSLSocket.shutdown would drop its
    # TLS state under the reading thread. Shut, not closed: the reader's file descriptor
    # stays valid (no reuse by another connection) and its blocked read ends at once.
    # TLS inside a TLS proxy is urllib3's SSLTransport, which keeps the socket it wraps.
    for _ in range(3):
        if sock is None or isinstance(sock, socket.socket):
            break
        sock = getattr(sock, "socket", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watch:
    """The one thread that checks every live guard. It keeps ticking for IDLE_TICKS with
    none before it waits for the next, so a download thread adding its guard almost never
    has to wake it (with sixteen of them, every lock taken on each exchange was a queue)."""

    def __init__(self) -> None:
        # Adding, discarding and copying a set are each one step, safe from any thread.
        self._guards: set[Guard] = set()
        self._wake = threading.Condition(threading.Lock())
        self._waiting = False
        self._thread: threading.Thread | None = None

    def add(self, guard: Guard) -> None:
        self._guards.add(guard)  # before `_waiting` is read: see _run
        if self._thread is None or self._waiting:
            with self._wake:
                if self._thread is None:
                    self._thread = threading.Thread(
                        target=self._run, name="http-watch", daemon=True
                    )
                    self._thread.start()
                self._wake.notify()

    def remove(self, guard: Guard) -> None:
        self._guards.discard(guard)

    def _run(self) -> None:
        idle = 0
        while True:
            idle = idle + 1 if not self._guards else 0
            if idle >= IDLE_TICKS:
                with self._wake:
                    # `_waiting` is set before the set is looked at, and `add` adds before
                    # it reads `_waiting`: a guard added meanwhile is seen here, or wakes it.
                    self._waiting = True
                    while not self._guards:
                        self._wake.wait()
                    self._waiting = False
                idle = 0
            now = time.monotonic()
            for guard in list(self._guards):
                try:
                    guard.check(now)
                except Exception:  # a broken cancel check must not end every watch
                    log.exception("the HTTP watch could not check a request")
            time.sleep(TICK_S)


_WATCH = _Watch()
_current = threading.local()


@contextlib.contextmanager
def watch(deadline: float, cancelled: Callable[[], bool]) -> Iterator[Guard]:
    """Runs the block's HTTP exchange (on this thread) under `deadline` and `cancelled`."""
    guard = Guard(deadline, cancelled)
    _current.guard = guard
    _WATCH.add(guard)
    try:
        yield guard
    finally:
        _WATCH.remove(guard)
        _current.guard = None
        guard.attach(None)


class Watched:
    """Mixed into a urllib3 connection: its socket is handed to this thread's guard when
    the request has gone out and the answer is awaited (status line, headers, body)."""

    sock: Any

    def getresponse(self, *args: Any, **kwargs: Any) -> Any:
        guard: Guard | None = getattr(_current, "guard", None)
        if guard is not None:
            guard.attach(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class WatchedHTTPConnection(Watched, HTTPConnection):
    pass


class WatchedHTTPSConnection(Watched, HTTPSConnection):
    pass


class WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = WatchedHTTPConnection


class WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = WatchedHTTPSConnection


# For a PoolManager's (or ProxyManager's) `pool_classes_by_scheme`.
WATCHED_POOLS: dict[str, type[HTTPConnectionPool]] = {
    "http": WatchedHTTPPool,
    "https": WatchedHTTPSPool,
}
