"""What a login reads of Pinterest outside the API's transport -- the token endpoint's
answer, the authorize page -- is bounded as the transport's answers are (issue 19,
review): at most 64 KiB, the whole within one deadline however it trickles, headers
included; and a token answer whose fields are not what one holds fails in a sentence
(AuthenticationFailed), never as a ValueError."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from creator_backup.api.errors import AuthenticationFailed, ConnectionFailed
from creator_backup.auth import oauth
from creator_backup.auth.oauth import (
    ANSWER_MAX_BYTES,
    TokenSet,
    client_credentials_login,
    redirect_registered,
)
from tests.api.helpers import ScriptedServer

NOW = 1_800_000_000.0
URI = "http://127.0.0.1:8085/"


class Endless(BaseHTTPRequestHandler):
    """Answers anything with a body that never ends: fast (`pause` 0) or a byte at a time;
    with `head_pause`, the headers a byte at a time too."""

    pause = 0.0
    head_pause = 0.0

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        head = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 1000000000\r\n\r\n"
        try:
            for byte in head if self.head_pause else [head]:
                self.wfile.write(bytes([byte]) if isinstance(byte, int) else byte)
                self.wfile.flush()
                time.sleep(self.head_pause)
            piece = b"x" if self.pause else b"x" * 16384
            while True:
                self.wfile.write(piece)
                self.wfile.flush()
                if self.pause:
                    time.sleep(self.pause)
        except OSError:
            return  # the client hung up

    do_GET = do_POST = _answer


def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v5"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def endless() -> Iterator[str]:
    yield from serving(Endless)


@pytest.fixture
def trickling() -> Iterator[str]:
    class Trickle(Endless):
        pause = 0.05

    yield from serving(Trickle)


@pytest.fixture
def slow_headers() -> Iterator[str]:
    class SlowHeaders(Endless):
        head_pause = 0.05

    yield from serving(SlowHeaders)


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(oauth, "ANSWER_DEADLINE_S", 1.0)
    return 1.0


def test_a_token_answer_without_end_is_cut_at_its_size(endless: str) -> None:
    started = time.monotonic()
    with pytest.raises(ConnectionFailed, match="larger than"):
        client_credentials_login(endless, "1", "secret")
    assert time.monotonic() - started < 10
    assert ANSWER_MAX_BYTES == 64 * 1024


@pytest.mark.parametrize("server", ["trickling", "slow_headers"])
def test_a_trickling_token_answer_is_cut_at_the_deadline(
    request: pytest.FixtureRequest, server: str, short_deadline: float
) -> None:
    api_base = request.getfixturevalue(server)
    started = time.monotonic()
    with pytest.raises(ConnectionFailed, match="no complete answer within 1 s"):
        client_credentials_login(api_base, "1", "secret")
    assert time.monotonic() - started < short_deadline + 3


def test_the_authorize_page_is_read_within_its_bounds(
    endless: str, trickling: str, slow_headers: str, short_deadline: float
) -> None:
    for api_base in (endless, trickling, slow_headers):
        started = time.monotonic()
        assert redirect_registered(api_base, "1", URI) is None  # cannot be told
        assert time.monotonic() - started < short_deadline + 3


@pytest.mark.parametrize(
    "body",
    [
        {"access_token": "tok", "expires_in": "soon"},
        {"access_token": "tok", "expires_in": "1e400"},
        {"access_token": "tok", "expires_in": -5},
        {"access_token": "tok", "expires_in": True},
        {"access_token": "tok", "expires_in": [3600]},
        {"access_token": "tok", "expires_in": 3600, "refresh_token_expires_in": "later"},
        {"access_token": "tok", "expires_in": 3600, "refresh_token_expires_at": 1e300},
        {"access_token": {"nested": 1}, "expires_in": 3600},
        {"access_token": "tok", "refresh_token": 12, "expires_in": 3600},
    ],
)
def test_a_token_answer_that_is_not_one_fails_in_a_sentence(body: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationFailed, match="login answer could not be read"):
        TokenSet.from_response(body, NOW)
    with ScriptedServer([body]) as server, pytest.raises(AuthenticationFailed) as caught:
        client_credentials_login(server.api_base, "1", "secret")
    assert "could not be read" in caught.value.message


def test_a_token_answer_s_lifetimes_are_read() -> None:
    body = {"access_token": "tok", "refresh_token": "ref", "expires_in": "3600",
            "refresh_token_expires_in": 5_184_000, "scope": "boards:read,pins:read"}  # fmt: skip
    tokens = TokenSet.from_response(body, NOW)
    assert tokens.access_expires_at == NOW + 3600
    assert tokens.refresh_expires_at == NOW + 5_184_000
    assert tokens.scopes == ("boards:read", "pins:read")
    at = TokenSet.from_response({**body, "refresh_token_expires_at": NOW + 99}, NOW)
    assert at.refresh_expires_at == NOW + 99
