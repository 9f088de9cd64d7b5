"""Media GETs over HTTP/1.1, lean enough that receiving a picture costs little more than
hashing and writing it (issue 22).

Through urllib3 every file cost about 850 Python calls, a readiness poll before each
receive and each send, two switches of the socket's mode and a receive of its own for the
first 8 KiB. With sixteen downloads at once, each of those hands the interpreter lock to
another thread and back. Here a connection is a blocking socket with a buffer of
RECEIVE_BYTES: one receive brings the headers and the start of the body, and the body is
handed over in place, never copied. A file costs about 360 Python calls and the system
calls of hashing and writing it, plus a stat, a chmod and, on a kept connection, one poll
(docs/BENCHMARKS.md).

A blocking socket waits as long as the server likes, so every exchange runs under a
watch (api/watchdog.py): its guard is given the socket as soon as it is connected, and
shuts it when the deadline, the silence limit or the cancel comes.

Whatever a server sends is bounded: the status line and headers together (MAX_HEAD_BYTES,
MAX_HEADER_LINES), interim answers, redirects, chunk-size lines and trailers; a body is
read only as far as its framing says. What this client does not understand it refuses as
TransportFailed, which the downloader tries again later, never as a guess.

Requests through a proxy from the environment go through urllib3 (its CONNECT tunnel and
proxy authentication), behind the same Answer.
"""

from __future__ import annotations

import contextlib
import re
import select
import socket
import ssl
import sys
import threading
from collections import deque
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import quote, urljoin, urlsplit

from creator_backup.api.addresses import AddressRefused, connect_checked
from creator_backup.api.watchdog import Guard

CONNECT_TIMEOUT_S = 5.0  # connecting and the TLS handshake; after that, the watch
# The longest a server may stay silent in an exchange before the watch ends it (it is the
# downloader that moves its guard's deadline on as bytes arrive).
SILENCE_S = 30.0
RECEIVE_BYTES = 256 * 1024  # one connection's buffer: the most one receive brings
MAX_HEAD_BYTES = 64 * 1024  # a status line and its headers
MAX_HEADER_LINES = 100
MAX_INTERIM = 5  # 1xx answers (103 Early Hints) before the real one
MAX_REDIRECTS = 10
MAX_CHUNK_LINE = 1024  # a chunk's size line, extensions included
DRAIN_BYTES = 64 * 1024  # a redirect's body up to this is read, so its connection is kept
# Hosts whose idle connections are kept (as urllib3 keeps 10 pools): pins can name any
# number of hosts, and each idle connection holds a socket and its buffer.
MAX_HOSTS = 10
REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")  # in a header value; a tab is allowed
_STATUS = re.compile(rb"HTTP/1\.([01]) ([1-5][0-9][0-9])(?: [^\x00-\x08\x0a-\x1f\x7f]*)?")
# What may stand unencoded in a request's target; anything else a server's address holds
# is percent-encoded, so it can never end the request line or add a header.
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class TransportFailed(Exception):
    """The exchange broke on the way (no connection, a reset, an answer this client does
    not understand): worth trying again later. The message says what happened."""


class Headers(dict[str, str]):
    """An answer's headers by lower-case name; looked up in any case."""

    def get(self, name: str, default: Any = None) -> Any:
        return super().get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return super().__getitem__(name.lower())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and super().__contains__(name.lower())


class Answer(Protocol):
    """An answer whose body is read by the caller. `read1` hands over what has arrived,
    at most `limit` bytes, valid until the next read; empty at the body's end or when
    the connection ended before it. `finish` hands the connection back for another
    exchange when the body was read whole, or closes it."""

    status: int
    headers: Headers
    url: str  # where the answer came from, after redirects

    @property
    def connection(self) -> object:
        """What carried it (another answer may come over the same)."""

    def read1(self, limit: int) -> memoryview: ...

    def finish(self) -> None: ...


class _Connection:
    """A connected socket with its receive buffer: `buffer[start:end]` arrived unread."""

    def __init__(self, sock: socket.socket, key: tuple[str, str, int]) -> None:
        self.sock = sock
        self.key = key
        self.buffer = bytearray(RECEIVE_BYTES)
        self.view = memoryview(self.buffer)
        self.start = 0
        self.end = 0
        self.exchanges = 0
        self.received = 0  # bytes ever received: whether an exchange got any answer at all

    def receive(self) -> int:
        """Receives after what is in the buffer (moved to its front first); 0 at the end
        of the connection."""
        if self.start:
            unread = self.end - self.start
            if unread:  # a copy first: the two ranges may overlap
                self.buffer[:unread] = bytes(self.view[self.start : self.end])
            self.start, self.end = 0, unread
        return self._receive_into(self.view[self.end :])

    def receive_at_most(self, limit: int) -> int:
        """Receives into the empty buffer, at most `limit` bytes (so never past a body)."""
        self.start = self.end = 0
        return self._receive_into(self.view[: min(limit, RECEIVE_BYTES)])

    def _receive_into(self, free: memoryview) -> int:
        """One receive into `free`, the buffer's room after `end`."""
        try:
            got = self.sock.recv_into(free)
        except OSError as exc:
            raise TransportFailed(f"the connection broke ({_reason(exc)})") from exc
        self.end += got
        self.received += got
        return got

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


_LENGTH, _CHUNKED, _TO_CLOSE, _EMPTY = range(4)
_CHUNK_DATA, _CHUNK_END, _CHUNK_SIZE = range(3)


class _Answer:
    """An answer read by this client (see Answer)."""

    def __init__(
        self,
        pool: _Pool,
        connection: _Connection,
        url: str,
        status: int,
        headers: Headers,
        keep_alive: bool,
        guard: Guard,
    ) -> None:
        self._pool = pool
        self._guard = guard
        self.connection = connection
        self.url = url
        self.status = status
        self.headers = headers
        self._keep_alive = keep_alive
        self._framing, self._left = _framing(status, headers)
        if self._framing == _TO_CLOSE:
            self._keep_alive = False
        self._chunk = _CHUNK_SIZE
        self.complete = self._framing == _EMPTY or (self._framing == _LENGTH and not self._left)
        self._finished = False

    def read1(self, limit: int) -> memoryview:
        if self.complete or self._finished:
            return memoryview(b"")
        if self._framing == _LENGTH:
            return self._read_length(limit)
        if self._framing == _TO_CLOSE:
            return self._read_to_close(limit)
        return self._read_chunked(limit)

    def _take(self, count: int) -> memoryview:
        connection = self.connection
        piece = connection.view[connection.start : connection.start + count]
        connection.start += count
        return piece

    def _read_length(self, limit: int) -> memoryview:
        connection = self.connection
        if connection.start == connection.end and not connection.receive_at_most(self._left):
            return memoryview(b"")  # ended early: the caller sees the bytes missing
        piece = self._take(min(limit, self._left, connection.end - connection.start))
        self._left -= len(piece)
        self.complete = not self._left
        return piece

    def _read_to_close(self, limit: int) -> memoryview:
        connection = self.connection
        if connection.start == connection.end and not connection.receive_at_most(limit):
            self.complete = True
            return memoryview(b"")
        return self._take(min(limit, connection.end - connection.start))

    def _read_chunked(self, limit: int) -> memoryview:
        connection = self.connection
        if self._chunk == _CHUNK_END:
            # Read here, not after the chunk's last bytes: a receive then could move
            # them in the buffer before the caller had them.
            if _line(connection, 2, "the end of a chunk") != b"":
                raise TransportFailed("the server sent a chunk longer than it said")
            self._chunk = _CHUNK_SIZE
        while self._chunk == _CHUNK_SIZE:
            line = _line(connection, MAX_CHUNK_LINE, "a chunk's size line")
            size = line.partition(b";")[0].strip(b" \t")
            if not size or len(size) > 15 or not all(c in b"0123456789abcdefABCDEF" for c in size):
                raise TransportFailed("the server sent a chunk without a size")
            self._left = int(size, 16)
            if self._left:
                self._chunk = _CHUNK_DATA
            else:
                _skip_trailers(connection)
                self.complete = True  # read1 reads no further
                return memoryview(b"")
        if connection.start == connection.end and not connection.receive():
            # Nothing but the chunk's own size says how long the body is: an end inside
            # a chunk is a cut, never the body's end (the caller has no length to check).
            raise TransportFailed("the connection ended inside a chunk")
        piece = self._take(min(limit, self._left, connection.end - connection.start))
        self._left -= len(piece)
        if not self._left:
            self._chunk = _CHUNK_END
        return piece

    def finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        connection = self.connection
        # The watch lets go of the socket before another exchange may take it; a socket
        # the watch shut meanwhile is not kept.
        self._guard.attach(None)
        reusable = (
            self.complete
            and self._keep_alive
            and connection.start == connection.end
            and self._guard.fired is None
        )
        self._pool.put_back(connection, reusable)


def _framing(status: int, headers: Headers) -> tuple[int, int]:
    """How the body ends (RFC 9112 6.3), and its length when a Content-Length says so."""
    if status in (204, 304):
        return _EMPTY, 0
    coding = headers.get("Transfer-Encoding")
    if coding is not None:
        last = coding.rpartition(",")[2].strip().lower()
        return (_CHUNKED, 0) if last == "chunked" else (_TO_CLOSE, 0)
    length = headers.get("Content-Length")
    if length is None:
        return _TO_CLOSE, 0
    values = {value.strip() for value in length.split(",")}
    if len(values) != 1:
        raise TransportFailed("the server announced two different lengths")
    (value,) = values
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise TransportFailed("the server announced a length that is not a number")
    return _LENGTH, int(value)


def _line(connection: _Connection, most: int, what: str) -> bytes:
    """The next line in the connection (without its CRLF), at most `most` bytes long."""
    while True:
        at = connection.buffer.find(b"\r\n", connection.start, connection.end)
        if at >= 0:
            line = bytes(connection.view[connection.start : at])
            connection.start = at + 2
            if len(line) > most:
                raise TransportFailed(f"the server sent {what} too long")
            return line
        if connection.end - connection.start > most + 1:
            raise TransportFailed(f"the server sent {what} too long")
        if not connection.receive():
            raise TransportFailed(f"the connection ended inside {what}")


def _skip_trailers(connection: _Connection) -> None:
    for _ in range(MAX_HEADER_LINES):
        if not _line(connection, MAX_HEAD_BYTES, "a trailer"):
            return
    raise TransportFailed("the server sent too many trailers")


def _read_head(connection: _Connection) -> tuple[int, bool, Headers]:
    """The status, whether the connection may carry another exchange, and the headers of
    the next final (non-1xx) answer."""
    for _ in range(MAX_INTERIM + 1):
        searched = 0  # bytes after `start` searched already: headers sent a byte at a time
        while True:  # must not cost a search of everything before at every byte
            at = connection.buffer.find(b"\r\n\r\n", connection.start + searched, connection.end)
            if at >= 0:
                break
            searched = max(0, connection.end - connection.start - 3)  # the end may straddle
            # Room for the blank line's CRLF CRLF after a head of MAX_HEAD_BYTES: without
            # it, a head at the limit passed or failed as TCP happened to cut it.
            if connection.end - connection.start >= MAX_HEAD_BYTES + 4:
                raise TransportFailed("the server's headers were too long")
            if not connection.receive():
                raise TransportFailed(
                    "the connection ended before an answer"
                    if connection.start == connection.end
                    else "the connection ended inside the headers"
                )
        if at - connection.start > MAX_HEAD_BYTES:
            raise TransportFailed("the server's headers were too long")
        head = bytes(connection.view[connection.start : at])
        connection.start = at + 4
        lines = head.split(b"\r\n")
        matched = _STATUS.fullmatch(lines[0])
        if matched is None:
            raise TransportFailed("the server's answer did not start with an HTTP status")
        status = int(matched.group(2))
        if status == 101 or len(lines) - 1 > MAX_HEADER_LINES:
            raise TransportFailed("the server's answer was not one this client understands")
        headers = _parse_headers(lines[1:])
        if status >= 200:
            tokens = {t.strip().lower() for t in headers.get("Connection", "").split(",")}
            keep_alive = matched.group(1) == b"1" and "close" not in tokens
            return status, keep_alive, headers
    raise TransportFailed("the server sent too many interim answers")


def _parse_headers(lines: list[bytes]) -> Headers:
    headers = Headers()
    for line in lines:
        name, colon, value = line.partition(b":")
        # No space before the colon, no folded lines, no control bytes: each is how one
        # message is read as two (request smuggling), and no honest server sends them.
        if not colon or _TOKEN.fullmatch(name) is None:
            raise TransportFailed("the server sent a header this client cannot read")
        value = value.strip(b" \t")
        if _CONTROL.search(value) is not None:
            raise TransportFailed("the server sent a header with control characters")
        key = name.decode("ascii").lower()
        text = value.decode("latin-1")
        dict.__setitem__(headers, key, f"{headers[key]}, {text}" if key in headers else text)
    return headers


def _reason(exc: BaseException) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__


class _Pool:
    """Idle connections by (scheme, host, port), at most `size` of each kept."""

    def __init__(self, size: int, loopback_ok: bool, tls: ssl.SSLContext) -> None:
        self._size = size
        self._hosts_lock = threading.Lock()  # taken only when a new host's idle list is made
        self._loopback_ok = loopback_ok
        self._tls = tls
        # No lock: a deque's append and pop are each one step, safe from any thread, and
        # sixteen threads taking a lock twice a file queued on it.
        self._idle: dict[tuple[str, str, int], deque[_Connection]] = {}

    def take(self, key: tuple[str, str, int], guard: Guard) -> _Connection:
        while True:
            try:
                connection = self._idle[key].pop()
            except (KeyError, IndexError):
                return self.connect(key, guard)
            if not _has_spoken(connection):
                break
            connection.close()
        guard.attach(connection.sock)
        return connection

    def connect(self, key: tuple[str, str, int], guard: Guard) -> _Connection:
        """A new connection, its socket given to `guard`."""
        scheme, host, port = key
        try:
            sock = connect_checked(host, port, self._loopback_ok, CONNECT_TIMEOUT_S)
        except AddressRefused:
            raise
        except (OSError, UnicodeError) as exc:
            raise TransportFailed(f"could not connect ({_reason(exc)})") from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if scheme == "https":
                # The handshake too is under the deadline and the cancel. The guard gets
                # the TLS socket before the handshake: wrap_socket detaches the plain one,
                # so shutting that one would leave a silent handshake waiting out
                # CONNECT_TIMEOUT_S.
                sock = self._tls.wrap_socket(
                    sock, server_hostname=host, do_handshake_on_connect=False
                )
                guard.attach(sock)
                sock.do_handshake()
            # Blocking from here: the watch ends a wait. On Windows a shutdown may leave a
            # blocked receive waiting, so there the socket keeps the silence limit too.
            sock.settimeout(SILENCE_S if sys.platform == "win32" else None)
        except (OSError, ssl.SSLError) as exc:
            sock.close()
            raise TransportFailed(f"could not connect securely ({_reason(exc)})") from exc
        guard.attach(sock)
        return _Connection(sock, key)

    def put_back(self, connection: _Connection, reusable: bool) -> None:
        if reusable:
            idle = self._idle.get(connection.key)
            if idle is None:
                idle = self._new_host(connection.key)
            if len(idle) < self._size:  # two threads at once may keep one more: harmless
                idle.append(connection)
                return
        connection.close()

    def _new_host(self, key: tuple[str, str, int]) -> deque[_Connection]:
        """An idle list for `key`; the oldest host's connections are closed to make room
        once MAX_HOSTS are kept."""
        with self._hosts_lock:
            idle = self._idle.get(key)
            if idle is None:
                while len(self._idle) >= MAX_HOSTS:
                    _close_all(self._idle.pop(next(iter(self._idle))))
                idle = self._idle[key] = deque()
            return idle

    def close(self) -> None:
        for idle in list(self._idle.values()):
            _close_all(idle)


def _has_spoken(connection: _Connection) -> bool:
    """Whether an idle connection has something to read: its close, or an answer the server
    sent while it idled (a 408 before closing), which the next request would take for its
    own. One poll, as urllib3 made."""
    sock = connection.sock
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True  # closed under it: not to be used either
    return bool(readable)


def _close_all(idle: deque[_Connection]) -> None:
    # Popped one by one, not iterated: another thread may take one meanwhile.
    while True:
        try:
            idle.pop().close()
        except IndexError:
            return


def tls_context(ca_bundle: str) -> ssl.SSLContext:
    """Certificates checked against `ca_bundle`, host names too, TLS 1.2 at least."""
    context = ssl.create_default_context(cafile=ca_bundle)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.set_alpn_protocols(["http/1.1"])
    return context


class DirectClient:
    """GETs straight to media hosts, from many threads at once, over kept connections."""

    def __init__(
        self, headers: Mapping[str, str], connections: int, loopback_ok: bool, tls: ssl.SSLContext
    ) -> None:
        self._headers = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._pool = _Pool(max(1, connections), loopback_ok, tls)

    def get(self, url: str, headers: Mapping[str, str], guard: Guard) -> _Answer:
        """The answer at `url` after redirects, its body left to be read. Raises
        TransportFailed, or AddressRefused for an address off the public internet."""
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._exchange(url, headers, guard)
            location = answer.headers.get("Location")
            if answer.status not in REDIRECTS or location is None:
                return answer
            _drain(answer)
            try:
                url = urljoin(url, location)
            except ValueError as exc:  # "http://[::1/x": no address can be read from it
                raise AddressRefused("not fetched: a redirect to an unreadable address") from exc
            if not url.startswith(("http://", "https://")):
                raise AddressRefused(
                    "not fetched: a redirect to something other than a web address"
                )
        raise TransportFailed("too many redirects")

    def _exchange(self, url: str, headers: Mapping[str, str], guard: Guard) -> _Answer:
        key, request = self._request(url, headers)
        connection = self._pool.take(key, guard)
        kept, received = connection.exchanges > 0, connection.received
        try:
            return self._send_and_read(connection, url, request, guard)
        except TransportFailed:
            connection.close()
            # Asked again only when a kept connection broke before any byte of an answer:
            # the server had closed it while idle. An answer that came and was wrong (two
            # lengths, bad headers) is the server's answer, and a fresh connection's
            # failure too: asking again would ask a hostile server twice for nothing.
            if not kept or connection.received != received or guard.fired is not None:
                raise
        # A kept connection the server had closed meanwhile: once more on a new one (a GET
        # may be repeated).
        connection = self._pool.connect(key, guard)
        try:
            return self._send_and_read(connection, url, request, guard)
        except TransportFailed:
            connection.close()
            raise

    def _send_and_read(
        self, connection: _Connection, url: str, request: bytes, guard: Guard
    ) -> _Answer:
        try:
            connection.sock.sendall(request)
        except OSError as exc:
            raise TransportFailed(f"the connection broke ({_reason(exc)})") from exc
        status, keep_alive, answer_headers = _read_head(connection)
        connection.exchanges += 1
        return _Answer(self._pool, connection, url, status, answer_headers, keep_alive, guard)

    def _request(self, url: str, headers: Mapping[str, str]) -> tuple[tuple[str, str, int], bytes]:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            host = parts.hostname or ""
            port = parts.port or (443 if scheme == "https" else 80)
            ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
        except (ValueError, UnicodeError) as exc:
            raise AddressRefused("not fetched: the address is not a valid web address") from exc
        if (
            scheme not in ("http", "https")
            or not ascii_host
            or _CONTROL.search(ascii_host.encode())
        ):
            raise AddressRefused("not fetched: the address is not a valid web address")
        target = quote(parts.path or "/", safe=_SAFE_PATH)
        if parts.query:
            target += "?" + quote(parts.query, safe=_SAFE_QUERY)
        named = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
        default = port == (443 if scheme == "https" else 80)
        extra = "".join(f"{name}: {_value(value)}\r\n" for name, value in headers.items())
        text = (
            f"GET {target} HTTP/1.1\r\nHost: {named if default else f'{named}:{port}'}\r\n"
            f"{self._headers}{extra}\r\n"
        )
        return (scheme, ascii_host, port), text.encode("latin-1")

    def close(self) -> None:
        self._pool.close()


def _value(value: str) -> str:
    """A header value we send: never one that could end its line."""
    if _CONTROL.search(value.encode("latin-1", "replace")) is not None:
        raise ValueError("a header value with control characters")
    return value


def _drain(answer: _Answer) -> None:
    """Reads a redirect's small body so its connection can be kept; a larger one closes it."""
    if not answer._keep_alive:
        # Its connection cannot be kept (a body to the close, Connection: close): nothing
        # to read for, and a server that holds such a body open would hold the redirect
        # until the deadline.
        answer.finish()
        return
    read = 0
    try:
        while read <= DRAIN_BYTES:
            piece = answer.read1(DRAIN_BYTES)
            if not piece:
                break
            read += len(piece)
    finally:
        answer.finish()  # closes the connection unless the body was read whole
