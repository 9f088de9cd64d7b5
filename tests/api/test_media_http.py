"""The media client of our own (api/media_http.py) against servers that send exact bytes:
framing (Content-Length, chunked, to the close), header limits and the tricks of request
smuggling, interim answers, redirects, what reaches the server of a hostile address, kept
connections the server dropped, the watch's deadline and cancel, and TLS.

Each server here is a raw socket on 127.0.0.1 answering from a script (ScriptedServer), so
the client meets the bytes a hostile CDN could send, not what an HTTP library would write.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import pytest
import requests.utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from creator_backup.api.addresses import AddressRefused
from creator_backup.api.media_http import (
    CONNECT_TIMEOUT_S,
    MAX_HEAD_BYTES,
    MAX_HEADER_LINES,
    MAX_HOSTS,
    MAX_INTERIM,
    MAX_REDIRECTS,
    DirectClient,
    TransportFailed,
    _Answer,
    tls_context,
)
from creator_backup.api.sessions import MediaConnections
from creator_backup.api.watchdog import CANCEL, DEADLINE, Guard, watch
from tests.reliability.figures import record

WAIT_S = 10.0  # the longest a test waits on the server's thread: only a broken run waits it
# One step of a connection's script: bytes answer the next request; "close" closes the
# connection at once; "hang" reads the next request and never answers.
Step = bytes | Literal["close", "hang"]


class ScriptedServer:
    """A threaded TCP server on 127.0.0.1. Its n-th connection plays the n-th script, one
    step per request; a connection beyond the scripts is closed at once, and one whose
    script has run out stays open until the client closes it (so it can be kept)."""

    def __init__(
        self, *scripts: Sequence[Step], tls: ssl.SSLContext | None = None, drip: bool = False
    ) -> None:
        self._scripts = list(scripts)
        self._tls = tls
        self._drip = drip  # each answer a byte per send: every boundary between receives
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.connections = 0
        self.requests: list[bytes] = []
        self.request_seen = threading.Event()
        self.closed = threading.Semaphore(0)  # one release per connection closed here
        self._stop = threading.Event()
        self._socks: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def url(self, path: str = "/", scheme: str = "http") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return  # the listener was closed
            # Counted before anything is read or sent: a client that fails on a connection
            # has been accepted by then, so counts read after a failure are final.
            script = (
                self._scripts[self.connections]
                if self.connections < len(self._scripts)
                else ["close"]
            )
            self.connections += 1
            self._socks.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock, script), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, script: Sequence[Step]) -> None:
        try:
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_side=True)
                self._socks.append(sock)
            pending = b""
            for step in script:
                if step == "close":
                    break
                while b"\r\n\r\n" not in pending:
                    got = sock.recv(65536)
                    if not got:
                        return
                    pending += got
                request, _, pending = pending.partition(b"\r\n\r\n")
                self.requests.append(request + b"\r\n\r\n")
                self.request_seen.set()
                if step == "hang":
                    self._stop.wait()
                    return
                assert isinstance(step, bytes)
                if self._drip:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                pieces = [step[at : at + 1] for at in range(len(step))] if self._drip else [step]
                for piece in pieces:
                    sock.sendall(piece)
            else:
                while sock.recv(65536):  # kept open until the client closes it
                    pass
        except (OSError, ssl.SSLError):
            pass  # the client went away, or refused our certificate
        finally:
            sock.close()
            self.closed.release()

    def wait_closed(self, count: int = 1) -> None:
        for _ in range(count):
            assert self.closed.acquire(timeout=WAIT_S), "the server never closed the connection"

    def close(self) -> None:
        self._stop.set()
        # Shut before closed: closing alone does not wake a thread blocked in accept().
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for sock in list(self._socks):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._accepting.join(WAIT_S)
        for thread in self._threads:
            thread.join(WAIT_S)


Serve = Callable[..., ScriptedServer]


@pytest.fixture
def serve() -> Iterator[Serve]:
    servers: list[ScriptedServer] = []

    def start(
        *scripts: Sequence[Step], tls: ssl.SSLContext | None = None, drip: bool = False
    ) -> ScriptedServer:
        server = ScriptedServer(*scripts, tls=tls, drip=drip)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def client() -> Iterator[MediaConnections]:
    connections = MediaConnections({}, 4, loopback_ok=True)
    yield connections
    connections.close()


def answer(body: bytes, status: str = "200 OK", *headers: str, version: str = "1.1") -> bytes:
    """An answer with a Content-Length for `body`, and the given header lines."""
    lines = [f"HTTP/{version} {status}", *headers, f"Content-Length: {len(body)}"]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def raw(head: str, body: bytes = b"") -> bytes:
    """Exactly `head` (its lines joined by CRLF, then the blank line) and `body`."""
    return head.replace("\n", "\r\n").encode("latin-1") + b"\r\n\r\n" + body


def chunked(*pieces: bytes, extension: str = "", trailers: Sequence[str] = ()) -> bytes:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    body = b"".join(b"%x%s\r\n%s\r\n" % (len(p), extension.encode(), p) for p in pieces)
    end = b"0\r\n" + b"".join(t.encode() + b"\r\n" for t in trailers) + b"\r\n"
    return head + body + end


def get(client: MediaConnections | DirectClient, url: str, **headers: str) -> _Answer:
    with watch(time.monotonic() + WAIT_S, lambda: False) as guard:
        got = client.get(url, headers, guard)
    assert isinstance(got, _Answer)  # straight to the host: this client, not urllib3's
    return got


def body_of(got: _Answer, limit: int = 1 << 20) -> bytes:
    """The body as read1 hands it over (each piece copied: it is valid until the next)."""
    pieces = []
    while piece := got.read1(limit):
        pieces.append(bytes(piece))
    return b"".join(pieces)


def read(client: MediaConnections | DirectClient, url: str) -> tuple[_Answer, bytes]:
    got = get(client, url)
    try:
        return got, body_of(got)
    finally:
        got.finish()


def fails(client: MediaConnections | DirectClient, url: str, message: str) -> None:
    """The GET, or reading its body, fails as TransportFailed saying `message`."""
    with pytest.raises(TransportFailed, match=message):
        got = get(client, url)
        try:
            body_of(got)
        finally:
            got.finish()


# --- Content-Length, and when a connection is kept ------------------------------------


def test_a_length_is_read_exactly_and_the_connection_kept(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"first body"), answer(b"\x00second\xff")])
    first, body = read(client, server.url("/a"))
    assert body == b"first body" and first.complete
    second, body = read(client, server.url("/b"))
    assert body == b"\x00second\xff"
    assert second.connection is first.connection and server.connections == 1


def test_a_body_is_handed_over_in_pieces_no_larger_than_asked(
    serve: Serve, client: MediaConnections
) -> None:
    data = bytes(range(256)) * 40
    server = serve([answer(data)])
    got = get(client, server.url())
    pieces = []
    while piece := got.read1(1000):
        assert len(piece) <= 1000
        pieces.append(bytes(piece))
    got.finish()
    assert b"".join(pieces) == data and len(pieces) >= len(data) // 1000


@pytest.mark.parametrize(
    "first",
    [
        answer(b"closing", "200 OK", "Connection: close"),
        answer(b"closing", "200 OK", "Connection: keep-alive, Close"),
        answer(b"closing", version="1.0"),
        answer(b"closing", "200 OK", "Connection: keep-alive", version="1.0"),
    ],
    ids=["close", "close-in-a-list", "http-1.0", "http-1.0-keep-alive"],
)
def test_an_answer_that_ends_its_connection_is_not_kept(
    serve: Serve, client: MediaConnections, first: bytes
) -> None:
    server = serve([first], [answer(b"next")])
    one, body = read(client, server.url())
    assert body == b"closing" and one.complete
    two, body = read(client, server.url())
    assert body == b"next"
    assert two.connection is not one.connection and server.connections == 2


def test_a_body_without_a_length_is_read_to_the_close_and_not_kept(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve(
        [raw("HTTP/1.1 200 OK\nContent-Type: image/png", b"until the end"), "close"], [answer(b"x")]
    )
    one, body = read(client, server.url())
    assert body == b"until the end"
    two, _ = read(client, server.url())
    assert two.connection is not one.connection and server.connections == 2


def test_a_body_shorter_than_announced_ends_early_and_is_not_kept(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve(
        [raw("HTTP/1.1 200 OK\nContent-Length: 100", b"only twenty bytes...."), "close"],
        [answer(b"x")],
    )
    one, body = read(client, server.url())
    assert body == b"only twenty bytes...."
    assert not one.complete
    assert len(one.read1(10)) == 0  # still the end, asked again
    two, _ = read(client, server.url())
    assert two.connection is not one.connection and server.connections == 2


def test_an_answer_left_unread_closes_its_connection(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"a" * 5000)], [answer(b"next")])
    one = get(client, server.url())
    assert bytes(one.read1(10)) == b"a" * 10
    one.finish()
    two, body = read(client, server.url())
    assert body == b"next" and two.connection is not one.connection
    assert server.connections == 2


@pytest.mark.parametrize("status", ["204 No Content", "304 Not Modified"])
def test_an_answer_without_a_body_reads_none_and_is_kept(
    serve: Serve, client: MediaConnections, status: str
) -> None:
    # A 204 or 304 has no body whatever its headers say: the next answer follows at once.
    server = serve([raw(f"HTTP/1.1 {status}\nContent-Length: 7"), answer(b"next")])
    one, body = read(client, server.url())
    assert body == b"" and one.complete
    two, body = read(client, server.url())
    assert body == b"next" and two.connection is one.connection


# --- chunked ----------------------------------------------------------------------------


def test_chunks_with_extensions_and_trailers_are_read_and_the_connection_kept(
    serve: Serve, client: MediaConnections
) -> None:
    pieces = (b"first ", b"\r\n0\r\n\r\n", b"x" * 70_000, b"last")  # data that looks like framing
    first = chunked(*pieces, extension=';x=y;name="q"', trailers=("Expires: never", "X-Sum: 12"))
    server = serve([first, chunked(b"again")])
    one, body = read(client, server.url())
    assert body == b"".join(pieces) and one.complete
    two, body = read(client, server.url())
    assert body == b"again" and two.connection is one.connection and server.connections == 1


def test_chunks_sent_a_byte_at_a_time_are_read(serve: Serve, client: MediaConnections) -> None:
    # Every boundary lands between two receives: a size line, its CRLF, data, trailers.
    whole = chunked(b"abc", b"defghij", extension=";e=1", trailers=("T: 1",))
    server = serve([whole], drip=True)
    got, body = read(client, server.url())
    assert body == b"abcdefghij" and got.complete


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"zz\r\nhello\r\n0\r\n\r\n", "chunk without a size"),
        (b"0x5\r\nhello\r\n0\r\n\r\n", "chunk without a size"),
        (b"-5\r\nhello\r\n0\r\n\r\n", "chunk without a size"),
        (b"\r\nhello\r\n0\r\n\r\n", "chunk without a size"),
        (b"1000000000000000\r\n", "chunk without a size"),  # 16 hex digits: past any file
        (b"5" + b" " * 2000 + b"\r\nhello\r\n0\r\n\r\n", "size line too long"),
        (b"5;" + b"x" * 2000 + b"\r\nhello\r\n0\r\n\r\n", "size line too long"),
        (b"5\r\nhelloXY0\r\n\r\n", "end of a chunk too long"),
        (b"5\r\nhello!\r\n0\r\n\r\n", "chunk longer than it said"),
        (b"5\r\nhello" + b"more" * 10, "chunk.* too long"),
        (
            b"5\r\nhello\r\n0\r\n" + b"T: 1\r\n" * (MAX_HEADER_LINES + 1) + b"\r\n",
            "too many trailers",
        ),
        (b"5\r\nhello\r\n0\r\nT: " + b"v" * MAX_HEAD_BYTES + b"\r\n\r\n", "trailer too long"),
        # No length to check it against: a cut inside a chunk's data is an error, never
        # the body's end (the review found such a file stored whole).
        (b"5\r\nhel", "ended inside a chunk$"),
        (b"5\r\nhello\r\n", "ended inside a chunk's size line"),
        (b"5\r\nhello\r\n0\r\nT: 1\r\n", "ended inside a trailer"),
    ],
    ids=[
        "not-hex",
        "0x-prefix",
        "negative",
        "empty-size",
        "size-too-large",
        "long-whitespace",
        "long-extension",
        "no-crlf-after-data",
        "data-longer-than-size",
        "no-line-end-after-data",
        "too-many-trailers",
        "trailer-too-long",
        "ends-inside-data",
        "ends-before-last-chunk",
        "ends-inside-trailers",
    ],
)
def test_broken_chunks_fail_or_end_early_and_are_never_kept(
    serve: Serve, client: MediaConnections, body: bytes, message: str
) -> None:
    head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    server = serve([head + body, "close"], [answer(b"next")])
    got = get(client, server.url())
    with pytest.raises(TransportFailed, match=message):
        body_of(got)
    assert not got.complete
    got.finish()
    two, body = read(client, server.url())
    assert body == b"next" and two.connection is not got.connection and server.connections == 2
    record(hostile_inputs=1)


def test_chunked_wins_over_a_length(serve: Serve, client: MediaConnections) -> None:
    # RFC 9112 6.3: with both, Transfer-Encoding decides. Read by the length, "5\r\nhello"
    # would be the body and the rest the next answer: request smuggling's split.
    data = b"HTTP/1.1 200 OK\r\nContent-Length: 8\r\nTransfer-Encoding: chunked\r\n\r\n"
    data += b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
    server = serve([data, "close"])
    got, body = read(client, server.url())
    assert body == b"hello world" and got.complete


def test_a_transfer_coding_other_than_chunked_last_is_read_to_the_close(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve(
        [
            raw(
                "HTTP/1.1 200 OK\nTransfer-Encoding: chunked, gzip\nContent-Length: 2", b"5\r\nabc"
            ),
            "close",
        ],
        [answer(b"x")],
    )
    one, body = read(client, server.url())
    assert body == b"5\r\nabc"  # the bytes as sent: the downloader refuses a coded body
    two, _ = read(client, server.url())
    assert two.connection is not one.connection


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (raw("HTTP/1.1 200 OK\nX-Big: " + "v" * MAX_HEAD_BYTES), "headers were too long"),
        (b"HTTP/1.1 200 OK\r\n" + b"X: " + b"v" * (MAX_HEAD_BYTES + 10), "headers were too long"),
        (
            raw("HTTP/1.1 200 OK\n" + "X: 1\n" * (MAX_HEADER_LINES + 1) + "Content-Length: 0"),
            "not one this client understands",
        ),
        (
            raw("HTTP/1.1 200 OK\nX-Long: one\n two\nContent-Length: 0"),
            "header this client cannot read",
        ),
        (
            raw("HTTP/1.1 200 OK\nX-Long: one\n\ttwo\nContent-Length: 0"),
            "header this client cannot read",
        ),
        (raw("HTTP/1.1 200 OK\nContent-Length : 5", b"hello"), "header this client cannot read"),
        (raw("HTTP/1.1 200 OK\nContent-Length\t: 5", b"hello"), "header this client cannot read"),
        (
            raw("HTTP/1.1 200 OK\nno colon here\nContent-Length: 0"),
            "header this client cannot read",
        ),
        (raw("HTTP/1.1 200 OK\n: empty name\nContent-Length: 0"), "header this client cannot read"),
        (raw("HTTP/1.1 200 OK\nX-A: one\rX-B: two\nContent-Length: 0"), "control characters"),
        (raw("HTTP/1.1 200 OK\nX-A: one\x00two\nContent-Length: 0"), "control characters"),
        (raw("HTTP/1.1 200 OK\nX-A: one\x1btwo\nContent-Length: 0"), "control characters"),
        (raw("HTTP/1.1 200 OK\nX-A: one\x7ftwo\nContent-Length: 0"), "control characters"),
        (
            raw("HTTP/1.1 200 OK\nX-A: one\ntwo: x\nContent-Length: 0").replace(
                b"one\r\n", b"one\n"
            ),
            "control characters",
        ),
        (
            raw("HTTP/1.1 200 OK\nContent-Length: 5\nContent-Length: 6", b"hello!"),
            "two different lengths",
        ),
        (raw("HTTP/1.1 200 OK\nContent-Length: 5, 6", b"hello!"), "two different lengths"),
        (raw("HTTP/1.1 200 OK\nContent-Length: five", b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length: -5", b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length: +5", b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length: 0x5", b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length:", b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length: 1" + "0" * 20, b"hello"), "not a number"),
        (raw("HTTP/1.1 200 OK\nContent-Length: \xd9\xa5", b"hello"), "not a number"),
        (raw("HTTP/2 200\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw("HTTP/1.2 200 OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw("HTTP/1.1 200\x00OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw("HTTP/1.1 2000 OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw("http/1.1 200 OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw(" HTTP/1.1 200 OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (raw("ICY 200 OK\nContent-Length: 0"), "did not start with an HTTP status"),
        (
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 200 + b"\r\n\r\n",
            "did not start with an HTTP status",
        ),
        (
            raw("HTTP/1.1 101 Switching Protocols\nUpgrade: websocket\nConnection: Upgrade"),
            "not one this client understands",
        ),
        (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n", "ended inside the headers"),
        (b"", "ended before an answer"),
    ],
    ids=[
        "head-too-long",
        "head-too-long-unended",
        "too-many-lines",
        "folded-space",
        "folded-tab",
        "space-before-colon",
        "tab-before-colon",
        "no-colon",
        "empty-name",
        "bare-cr-in-value",
        "nul-in-value",
        "escape-in-value",
        "del-in-value",
        "bare-lf-in-value",
        "two-lengths",
        "two-lengths-in-one",
        "length-a-word",
        "length-negative",
        "length-plus",
        "length-hex",
        "length-empty",
        "length-too-many-digits",
        "length-arabic-digit",
        "http-2",
        "http-1.2",
        "nul-in-reason",
        "four-digit-status",
        "lower-case-version",
        "leading-space",
        "not-http",
        "tls-to-plain",
        "switching-protocols",
        "ends-inside-head",
        "ends-before-head",
    ],
)
def test_headers_this_client_cannot_trust_fail_on_that_one_connection(
    serve: Serve, client: MediaConnections, data: bytes, message: str
) -> None:
    server = serve([data, "close"], [answer(b"would be a second try")])
    fails(client, server.url(), message)
    # A fresh connection's bad answer is the server's answer: not asked again.
    assert server.connections == 1 and len(server.requests) == 1
    record(hostile_inputs=1)


def test_headers_at_the_limits_pass(serve: Serve, client: MediaConnections) -> None:
    lines = "\n".join(f"X-{n}: {n}" for n in range(MAX_HEADER_LINES - 2))
    pad = (
        MAX_HEAD_BYTES - len(raw("HTTP/1.1 200 OK\n" + lines + "\nContent-Length: 2\nX-Pad: ")) + 4
    )
    head = "HTTP/1.1 200 OK\n" + lines + "\nContent-Length: 2\nX-Pad: " + "p" * pad
    data = raw(head, b"ok")
    assert len(data) - 2 - 4 == MAX_HEAD_BYTES  # status line and headers, without the blank line
    server = serve([data])
    got, body = read(client, server.url())
    assert body == b"ok" and len(got.headers) == MAX_HEADER_LINES


def test_headers_are_read_in_any_case_and_repeated_ones_joined(
    serve: Serve, client: MediaConnections
) -> None:
    data = raw(
        "HTTP/1.1 200 \nCONTENT-length: 5\nContent-Length: 5\nX-Tag: a\nx-tag: b\n"
        "X-Latin: caf\xe9\nX-Space:   padded\t ",
        b"hello",
    )
    server = serve([data, answer(b"next")])
    got, body = read(client, server.url())
    assert body == b"hello" and got.status == 200
    assert got.headers["content-length"] == "5, 5"  # two equal lengths are one length
    assert got.headers.get("X-TAG") == "a, b" and "x-tag" in got.headers
    assert got.headers["X-Latin"] == "caf\xe9" and got.headers["X-Space"] == "padded"
    two, _ = read(client, server.url())
    assert two.connection is got.connection


# --- interim answers ------------------------------------------------------------------------


def test_early_hints_before_the_answer_are_skipped(serve: Serve, client: MediaConnections) -> None:
    hints = raw("HTTP/1.1 103 Early Hints\nLink: </style.css>; rel=preload") + raw(
        "HTTP/1.1 100 Continue"
    )
    server = serve([hints + answer(b"the picture", "200 OK", "X-Final: yes"), answer(b"next")])
    got, body = read(client, server.url())
    assert got.status == 200 and body == b"the picture"
    assert got.headers.get("X-Final") == "yes" and "Link" not in got.headers
    two, _ = read(client, server.url())
    assert two.connection is got.connection


def test_interim_answers_up_to_the_limit_pass_and_one_more_fails(
    serve: Serve, client: MediaConnections
) -> None:
    hint = raw("HTTP/1.1 103 Early Hints")
    server = serve(
        [hint * MAX_INTERIM + answer(b"ok"), hint * (MAX_INTERIM + 1) + answer(b"late"), "close"]
    )
    _, body = read(client, server.url())
    assert body == b"ok"
    fails(client, server.url(), "too many interim answers")
    assert server.connections == 1


# --- redirects ------------------------------------------------------------------------------


def test_a_relative_redirect_is_followed_on_the_same_connection(
    serve: Serve, client: MediaConnections
) -> None:
    moved = answer(b"<a href=there>moved</a>", "302 Found", "Location: ../there/pic.png?v=1")
    server = serve([moved, answer(b"the picture")])
    got, body = read(client, server.url("/here/now/pin"))
    assert body == b"the picture" and got.status == 200
    assert got.url == server.url("/here/there/pic.png?v=1")
    assert server.requests[1].startswith(b"GET /here/there/pic.png?v=1 HTTP/1.1\r\n")
    assert server.connections == 1


def test_a_redirect_to_another_host_is_followed_there(
    serve: Serve, client: MediaConnections
) -> None:
    there = serve([answer(b"elsewhere")])
    here = serve([answer(b"", "301 Moved Permanently", f"Location: {there.url('/x')}")])
    got, body = read(client, here.url())
    assert body == b"elsewhere" and got.url == there.url("/x")
    assert there.requests[0].startswith(b"GET /x HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % there.port)


def test_a_redirect_without_a_length_does_not_wait_for_its_body(
    serve: Serve, client: MediaConnections
) -> None:
    # Its body runs to the close, but a server that keeps the connection open must not
    # hold the redirect until the deadline.
    moved = raw("HTTP/1.1 302 Found\nLocation: /there")
    server = serve([moved + b"some body"], [answer(b"the picture")])
    with watch(time.monotonic() + 2.0, lambda: False) as guard:
        got = client.get(server.url(), {}, guard)
        assert isinstance(got, _Answer) and body_of(got) == b"the picture"
        got.finish()
    assert guard.fired is None and server.connections == 2


def test_a_chain_longer_than_the_limit_fails(serve: Serve, client: MediaConnections) -> None:
    loop = answer(b"", "307 Temporary Redirect", "Location: /again")
    server = serve([loop] * (MAX_REDIRECTS + 1) + [answer(b"too late")])
    fails(client, server.url(), "too many redirects")
    assert len(server.requests) == MAX_REDIRECTS + 1 and server.connections == 1


def test_a_chain_at_the_limit_is_followed(serve: Serve, client: MediaConnections) -> None:
    loop = answer(b"", "308 Permanent Redirect", "Location: /again")
    server = serve([loop] * MAX_REDIRECTS + [answer(b"at last")])
    _, body = read(client, server.url())
    assert body == b"at last"


@pytest.mark.parametrize(
    "location",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/pic.png",
        "javascript:alert(1)",
        "data:image/png;base64,AAAA",
        "gopher://127.0.0.1:70/",
    ],
)
def test_a_redirect_to_something_other_than_a_web_address_is_refused(
    serve: Serve, client: MediaConnections, location: str
) -> None:
    server = serve([answer(b"", "302 Found", f"Location: {location}")])
    with pytest.raises(AddressRefused, match="other than a web address"):
        get(client, server.url())
    assert len(server.requests) == 1
    record(hostile_inputs=1)


def test_a_redirect_without_a_location_is_the_answer(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"no location", "302 Found")])
    got, body = read(client, server.url())
    assert got.status == 302 and body == b"no location"


def test_loopback_is_refused_before_any_byte_when_not_allowed(serve: Serve) -> None:
    server = serve([answer(b"secret")])
    public_only = MediaConnections({}, 2, loopback_ok=False)
    try:
        for url in (
            server.url(),
            f"http://localhost:{server.port}/",
            f"http://[::ffff:127.0.0.1]:{server.port}/",
        ):
            with pytest.raises(AddressRefused, match="on this computer"):
                get(public_only, url)
    finally:
        public_only.close()
    assert server.connections == 0


@pytest.mark.parametrize(
    ("location", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
        ("http://10.0.0.1/", "private network"),
        ("https://192.168.1.1:8443/admin", "private network"),
        ("http://0.0.0.0:80/", "not on the public internet"),
    ],
)
def test_a_redirect_off_the_public_internet_is_refused(
    serve: Serve, client: MediaConnections, location: str, why: str
) -> None:
    # Loopback is allowed here (the sandbox's case), these never: refused by the check
    # made before connecting, so no byte goes to them.
    server = serve([answer(b"", "302 Found", f"Location: {location}")])
    with pytest.raises(AddressRefused, match=why):
        get(client, server.url())
    record(hostile_inputs=1)


# --- what the server receives ------------------------------------------------------------------


def test_a_hostile_address_makes_one_well_formed_request_line(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"ok")])
    url = server.url(
        "/a b/%0d%0a/caf\xe9/\u732b.png?q=x y&r=%0D%0AX-Injected: 1\r\nX-Raw: 2#frag\r\n"
    )
    read(client, url)
    request = server.requests[0].decode("ascii")  # all of it ASCII: encoded, never raw
    lines = request.split("\r\n")
    assert lines[0] == (
        "GET /a%20b/%0d%0a/caf%C3%A9/%E7%8C%AB.png?q=x%20y&r=%0D%0AX-Injected:%201X-Raw:%202 HTTP/1.1"
    )
    assert lines[1] == f"Host: 127.0.0.1:{server.port}"
    assert lines[-2:] == ["", ""]  # one blank line: the end of the head, and nothing after
    names = [line.partition(":")[0].lower() for line in lines[1:-2]]
    assert "x-injected" not in names and "x-raw" not in names
    assert all(re.fullmatch(r"[A-Za-z-]+: [ -~]*", line) for line in lines[1:-2]), lines
    record(hostile_inputs=1)


def test_the_request_carries_the_headers_given(serve: Serve) -> None:
    server = serve([answer(b"ok")])
    direct = DirectClient({"User-Agent": "test/1"}, 1, True, ssl.create_default_context())
    try:
        with watch(time.monotonic() + WAIT_S, lambda: False) as guard:
            direct.get(server.url("/p"), {"Range": "bytes=5-", "If-Range": '"v1"'}, guard).finish()
    finally:
        direct.close()
    assert server.requests[0] == (
        b'GET /p HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: test/1\r\nRange: bytes=5-\r\nIf-Range: "v1"\r\n\r\n'
        % server.port
    )


@pytest.mark.parametrize(
    "value", ['"v1"\r\nX-Evil: 1', '"v1"\nX-Evil: 1', '"v1"\rX', "a\x00b", "a\x7fb"]
)
def test_a_header_value_that_could_end_its_line_is_refused_before_sending(
    serve: Serve, client: MediaConnections, value: str
) -> None:
    server = serve([answer(b"ok")])
    with (
        watch(time.monotonic() + WAIT_S, lambda: False) as guard,
        pytest.raises(ValueError, match="control"),
    ):
        client.get(server.url(), {"If-Range": value}, guard)
    assert server.connections == 0
    record(hostile_inputs=1)


# --- kept connections the server dropped -----------------------------------------------------


def test_a_kept_connection_closed_while_idle_is_replaced_transparently(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"first"), "close"], [answer(b"second")])
    one, body = read(client, server.url())
    assert body == b"first"
    server.wait_closed()  # dropped while idle in the pool
    two, body = read(client, server.url())
    assert body == b"second" and two.connection is not one.connection
    assert server.connections == 2 and len(server.requests) == 2


def test_a_kept_connection_closed_as_the_request_comes_is_replaced(
    serve: Serve, client: MediaConnections
) -> None:
    # The server read the second request and closed without a byte: what a server's idle
    # timeout crossing the request looks like. Asked again once, on a new connection.
    server = serve([answer(b"first"), b"", "close"], [answer(b"second")])
    read(client, server.url())
    _, body = read(client, server.url())
    assert body == b"second" and server.connections == 2


def test_a_kept_connection_that_answers_wrongly_is_not_asked_again(
    serve: Serve, client: MediaConnections
) -> None:
    # A kept connection's answer that came and was wrong is that server's answer, not a
    # connection gone stale: asking again would only ask a hostile server twice.
    server = serve(
        [answer(b"first"), raw("HTTP/1.1 200 OK\nContent-Length: 1\nContent-Length: 2"), "close"],
        [answer(b"x")],
    )
    read(client, server.url())
    fails(client, server.url(), "two different lengths")
    assert server.connections == 1


def test_a_fresh_connection_that_fails_is_not_retried(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([b"", "close"], [answer(b"second")])
    fails(client, server.url(), "ended before an answer")
    assert server.connections == 1


def test_a_replacement_that_fails_too_is_not_retried_again(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"first"), "close"], [b"", "close"], [answer(b"third")])
    read(client, server.url())
    server.wait_closed()
    fails(client, server.url(), "ended before an answer")
    assert server.connections == 2


def test_a_closed_port_fails_to_connect(serve: Serve, client: MediaConnections) -> None:
    server = serve()
    port = server.port
    server.close()
    fails(client, f"http://127.0.0.1:{port}/", "could not connect")


# --- the watch ------------------------------------------------------------------------------------


def test_a_silent_server_is_ended_by_the_deadline(serve: Serve, client: MediaConnections) -> None:
    server = serve(["hang"])
    started = time.monotonic()
    with watch(started + 0.5, lambda: False) as guard, pytest.raises(TransportFailed):
        client.get(server.url(), {}, guard)
    waited = time.monotonic() - started
    assert guard.fired == DEADLINE and server.connections == 1
    # A tick of the watch (0.1 s) after the deadline; generous for a loaded machine, and
    # far below the silence a blocking socket would otherwise wait (forever).
    assert 0.5 <= waited < 3.0, waited


def test_a_body_that_stops_coming_is_ended_by_the_deadline(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([raw("HTTP/1.1 200 OK\nContent-Length: 100", b"ten bytes!"), "hang"])
    with watch(time.monotonic() + 0.5, lambda: False) as guard:
        got = client.get(server.url(), {}, guard)
        assert isinstance(got, _Answer)
        assert bytes(got.read1(100)) == b"ten bytes!"
        # The shut socket reads as an early end; the guard says why (the downloader asks).
        assert len(got.read1(100)) == 0
        got.finish()
    assert guard.fired == DEADLINE and not got.complete


def test_a_cancel_ends_the_wait(serve: Serve, client: MediaConnections) -> None:
    server = serve(["hang"])
    cancel = threading.Event()

    def cancel_once_asked() -> None:
        if server.request_seen.wait(WAIT_S):
            cancel.set()

    canceller = threading.Thread(target=cancel_once_asked)
    canceller.start()
    with watch(time.monotonic() + WAIT_S, cancel.is_set) as guard, pytest.raises(TransportFailed):
        client.get(server.url(), {}, guard)
    canceller.join()
    assert guard.fired == CANCEL and server.connections == 1 and len(server.requests) == 1


def test_a_guard_fired_before_the_exchange_sends_nothing(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"first")], [answer(b"second")])
    read(client, server.url())  # a kept connection to be taken
    guard = Guard(time.monotonic() - 1, lambda: True)
    guard.check(time.monotonic())
    assert guard.fired == CANCEL
    with pytest.raises(TransportFailed):
        client.get(server.url(), {}, guard)
    assert len(server.requests) == 1 and server.connections == 1


def test_idle_connections_are_kept_for_a_few_hosts_only(serve: Serve) -> None:
    """Pins can name any number of hosts: the oldest host's idle connection is closed once
    MAX_HOSTS are kept (each a socket and a buffer)."""
    client = DirectClient({}, 4, True, tls_context(requests.utils.DEFAULT_CA_BUNDLE_PATH))
    servers = [serve([answer(b"x")]) for _ in range(MAX_HOSTS + 1)]
    try:
        for server in servers:
            read(client, server.url())
        servers[0].wait_closed()  # the first host's connection, closed to make room
        assert [s.connections for s in servers] == [1] * len(servers)
        # The hosts still kept keep their connections open: only the oldest went.
        assert servers[1].closed.acquire(timeout=0.2) is False
    finally:
        client.close()


def test_a_kept_connection_the_server_spoke_on_while_idle_is_not_used(
    client: MediaConnections,
) -> None:
    """A server that answers an idle connection (408, then its close) must not have that
    answer taken for the next request's (the review found a file failed by stale 408s)."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    finished, spoke = threading.Event(), threading.Event()
    stale = raw("HTTP/1.1 408 Request Timeout\nConnection: close\nContent-Length: 0")

    def serve() -> None:
        for number, body in enumerate((b"first", b"second")):
            sock, _ = listener.accept()
            with sock:
                while b"\r\n\r\n" not in sock.recv(65536):
                    pass
                sock.sendall(answer(body))
                if number == 0:
                    assert finished.wait(WAIT_S)
                    sock.sendall(stale)
                    spoke.set()
                else:
                    sock.recv(65536)  # until the client closes

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        first, body = read(client, f"http://127.0.0.1:{port}/a")
        assert body == b"first"
        finished.set()
        assert spoke.wait(WAIT_S)
        assert isinstance(first.connection.sock, socket.socket)
        select.select([first.connection.sock], [], [], WAIT_S)  # the 408 has arrived
        second, body = read(client, f"http://127.0.0.1:{port}/b")
        assert second.status == 200 and body == b"second"
        assert second.connection is not first.connection
    finally:
        client.close()
        listener.close()
        thread.join(WAIT_S)


def test_a_redirect_to_an_address_that_cannot_be_read_is_refused(
    serve: Serve, client: MediaConnections
) -> None:
    server = serve([answer(b"", "302 Found", "Location: http://[::1/x")])
    with pytest.raises(AddressRefused, match="unreadable address"):
        get(client, server.url())
    record(hostile_inputs=1)


def test_a_deadline_passing_after_an_answer_is_finished_leaves_its_kept_connection_alone(
    serve: Serve, client: MediaConnections
) -> None:
    """A finished answer's connection may already carry another thread's exchange: the
    watch of the exchange before must not shut it, though its block has not ended yet."""
    server = serve([answer(b"first"), answer(b"second")])
    with watch(time.monotonic() + WAIT_S, lambda: False) as guard:
        first = client.get(server.url("/a"), {}, guard)
        assert isinstance(first, _Answer)
        assert body_of(first) == b"first"
        first.finish()
        guard.check(time.monotonic() + 2 * WAIT_S)  # its deadline passes, the block not over
        assert guard.fired == DEADLINE
    second, body = read(client, server.url("/b"))
    assert body == b"second"
    assert second.connection is first.connection and server.connections == 1


# --- TLS --------------------------------------------------------------------------------------------


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and 127.0.0.1, signed by its own key (its own CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture
def tls_server(serve: Serve, tmp_path: Path) -> tuple[ScriptedServer, Path]:
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    scripts = [answer(b"secret picture"), answer(b"again")], [answer(b"by name")]
    return serve(*scripts, tls=context), cert


def test_tls_with_the_servers_certificate_trusted_reads_the_body(
    tls_server: tuple[ScriptedServer, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, cert = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))  # as a user with their own CA would
    trusting = MediaConnections({}, 2, loopback_ok=True)
    try:
        _, body = read(trusting, server.url(scheme="https"))
        assert body == b"secret picture"
        _, body = read(trusting, f"https://localhost:{server.port}/")  # checked by name
        assert body == b"by name"
    finally:
        trusting.close()
    assert server.requests[0].startswith(b"GET / HTTP/1.1\r\n")


def test_tls_with_a_context_from_tls_context_reads_the_body(
    tls_server: tuple[ScriptedServer, Path],
) -> None:
    server, cert = tls_server
    direct = DirectClient({}, 1, True, tls_context(str(cert)))
    try:
        one, body = read(direct, server.url(scheme="https"))
        two, again = read(direct, server.url(scheme="https"))
    finally:
        direct.close()
    assert (body, again) == (b"secret picture", b"again")
    assert two.connection is one.connection and server.connections == 1


def test_tls_with_an_untrusted_certificate_fails_before_any_request(
    tls_server: tuple[ScriptedServer, Path],
) -> None:
    server, _ = tls_server
    default = DirectClient({}, 1, True, tls_context(requests.utils.DEFAULT_CA_BUNDLE_PATH))
    try:
        fails(default, server.url(scheme="https"), "could not connect securely")
    finally:
        default.close()
    assert server.requests == [] and server.connections == 1


def test_plain_http_to_a_tls_server_fails(
    tls_server: tuple[ScriptedServer, Path], client: MediaConnections
) -> None:
    server, _ = tls_server
    with watch(time.monotonic() + 2.0, lambda: False) as guard, pytest.raises(TransportFailed):
        client.get(server.url(), {}, guard)
    assert server.requests == []


def test_a_tls_handshake_left_unanswered_is_ended_by_the_deadline(
    serve: Serve, client: MediaConnections
) -> None:
    # The server takes the connection and never answers the ClientHello: the handshake too
    # is under the watch, not only under the connect timeout (CONNECT_TIMEOUT_S).
    server = serve(["hang"])
    started = time.monotonic()
    with watch(started + 0.5, lambda: False) as guard, pytest.raises(TransportFailed):
        client.get(server.url(scheme="https"), {}, guard)
    waited = time.monotonic() - started
    assert guard.fired == DEADLINE and server.connections == 1
    assert waited < CONNECT_TIMEOUT_S / 2, waited
