"""Compressed API answers are decompressed by the transport itself (so every read returns
control to the deadline and the cancel): gzip and deflate answers read as their JSON, only
those encodings are asked for, an answer that inflates past the body cap is refused, and
a compressed body cut short is not taken as whole. Real HTTP to a tiny local server."""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from creator_backup.api.errors import ApiError
from creator_backup.api.ratelimit import RateLimiter
from creator_backup.api.transport import MAX_BODY_BYTES, Transport
from creator_backup.auth.static import StaticToken

ANSWER = {"items": [{"id": str(n), "title": "pin " * 50} for n in range(200)]}
DATA = json.dumps(ANSWER).encode()
# Path: (Content-Encoding, body).
BODIES: dict[str, tuple[str, bytes]] = {
    "/v5/gzip": ("gzip", gzip.compress(DATA)),
    "/v5/deflate": ("deflate", zlib.compress(DATA)),
    "/v5/bomb": ("gzip", gzip.compress(b" " * (MAX_BODY_BYTES + 1), compresslevel=9)),
    "/v5/cut": ("gzip", gzip.compress(DATA)[:-100]),
}


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            asked.append(self.headers.get("Accept-Encoding", ""))
            encoding, body = BODIES[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v5", asked
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def transport(api_base: str) -> Transport:
    return Transport(
        api_base,
        StaticToken("token"),
        RateLimiter(time.time, time.sleep),
        sleep=lambda _: None,  # retries without the wait
    )


@pytest.mark.parametrize("path", ["/gzip", "/deflate"])
def test_a_compressed_answer_reads_as_its_json(server: tuple[str, list[str]], path: str) -> None:
    api_base, asked = server
    assert transport(api_base).get(path) == ANSWER
    assert asked == ["gzip, deflate"]  # nothing the transport could not decode itself


def test_an_answer_that_inflates_past_the_cap_is_refused(server: tuple[str, list[str]]) -> None:
    with pytest.raises(ApiError, match="larger than any API answer"):
        transport(server[0]).get("/bomb")


def test_a_compressed_body_cut_short_is_not_an_answer(server: tuple[str, list[str]]) -> None:
    with pytest.raises(ApiError, match="cut short"):
        transport(server[0]).get("/cut")
