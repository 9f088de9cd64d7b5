"""Test-side tools for the API client's tests: fake time, sandbox controls, and a tiny
misbehaving HTTP server.

Time is the one thing faked here (a clock that moves only when told, a sleep that records
and moves clocks instead of waiting); everything else goes over real HTTP on loopback.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from creator_backup.sandbox import Sandbox

TIMEOUT = 30
JsonDict = dict[str, Any]


class FakeClock:
    """Seconds since the epoch that move only when advanced. Starts at the real time, since
    Pinterest (and the sandbox) state some expiries as absolute timestamps."""

    def __init__(self, start: float | None = None) -> None:
        self.now = float(int(time.time())) if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


class RecordingSleep:
    """A `sleep` that returns at once, records each wait, and moves the given clocks on by
    it (the client's fake clock, and the sandbox's clock when the server must see the time
    pass too)."""

    def __init__(self, *clocks: Callable[[float], None]) -> None:
        self.calls: list[float] = []
        self._advance = clocks

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        for advance in self._advance:
            advance(seconds)

    @property
    def total(self) -> float:
        return sum(self.calls)


def state(sandbox: Sandbox) -> JsonDict:
    response = requests.get(
        sandbox.origin + "/_sandbox/state", params={"pins": 0, "media": 0}, timeout=TIMEOUT
    )
    assert response.status_code == 200, response.text
    body: JsonDict = response.json()
    return body


def calls_to(sandbox: Sandbox, endpoint: str) -> int:
    """How many requests the sandbox answered for `endpoint`, e.g. "GET /v5/boards"."""
    return int(state(sandbox)["requests"]["by_endpoint"].get(endpoint, 0))


def control(sandbox: Sandbox, path: str, body: JsonDict | None = None) -> JsonDict:
    response = requests.post(sandbox.origin + "/_sandbox" + path, json=body or {}, timeout=TIMEOUT)
    assert response.status_code == 200, (path, response.text)
    result: JsonDict = response.json()
    return result


def script_faults(sandbox: Sandbox, *entries: JsonDict) -> None:
    control(sandbox, "/faults", {"script": list(entries)})


class ScriptedServer:
    """A fake Pinterest that answers every GET (and POST) with the next canned JSON body,
    for answers the sandbox (which behaves) never gives: repeated bookmarks, empty pages
    that go on, a token answer whose lifetime is not a number.

    Not a mock of the app's code: the client talks real HTTP to it."""

    def __init__(self, bodies: list[Any]) -> None:
        self.bodies = list(bodies)
        self.requests: list[tuple[str, dict[str, str]]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                outer.requests.append((parts.path, dict(parse_qsl(parts.query))))
                index = min(len(outer.requests), len(outer.bodies)) - 1
                data = json.dumps(outer.bodies[index]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.do_GET()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.api_base = f"http://127.0.0.1:{self._server.server_address[1]}/v5"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def pin(number: int) -> JsonDict:
    return {"id": str(1000 + number), "title": f"pin {number}"}


def drain(iterator: Iterator[Any], into: list[Any]) -> None:
    """Consumes `iterator` into `into`, so a test can see what came before an exception."""
    for item in iterator:
        into.append(item)
