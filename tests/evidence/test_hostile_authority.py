"""An authority's reply is hostile input: a huge one, a slow one, or garbage gives no
token and a sentence, and the app reads no more than MAX_REPLY of it."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from creator_backup.evidence import stamping
from creator_backup.evidence.authorities import Authorities
from creator_backup.evidence.stamping import MAX_REPLY, stamp


class Hostile(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        if self.path == "/garbage":
            body = b"\x30\x03\x02\x01\x00 not a reply"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.end_headers()  # no length: the app must stop reading by itself
        sent = 0
        try:
            while sent < 8 * MAX_REPLY:
                self.wfile.write(b"\x00" * 65536)
                sent += 65536
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def hostile_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_huge_reply_and_garbage_give_no_token(hostile_url: str) -> None:
    authorities = Authorities((hostile_url + "/huge", hostile_url + "/garbage"), ())
    outcome = stamp(b"manifest", authorities)
    assert outcome.tokens == []
    assert "too big" in outcome.failures[hostile_url + "/huge"]
    assert "does not verify" in outcome.failures[hostile_url + "/garbage"]


def test_a_slow_drip_ends_at_the_deadline(
    hostile_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stamping, "ANSWER_DEADLINE", 0.0)
    outcome = stamp(b"manifest", Authorities((hostile_url + "/huge",), ()))
    assert "too long" in outcome.failures[hostile_url + "/huge"]
