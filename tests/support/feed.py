"""A releases feed on loopback, shaped as GitHub's `releases/latest` answers, that records
every request it is sent (path and headers) and can be told to misbehave."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NOTES = "https://github.com/creatorbackup/creator_backup/releases/tag/v{version}"


def release(version: str, **fields: Any) -> dict[str, Any]:
    """A release as GitHub's API describes it (the fields the check reads, and some noise)."""
    return {
        "tag_name": f"v{version}",
        "name": f"<b>Creator Backup {version}</b>",
        "html_url": NOTES.format(version=version),
        "draft": False,
        "prerelease": False,
        "body": "## What's new\n<script>alert(1)</script>",
        "assets": [],
        **fields,
    }


@dataclass
class Request:
    path: str
    headers: dict[str, str]  # names in lower case


@dataclass
class Route:
    """What one path answers: a status, headers and a body; or, with `endless`, a body
    that never ends (fast, or a byte every `pause` seconds)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    endless: bool = False
    pause: float = 0.0


class LocalFeed:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.received: list[Request] = []
        self.url = ""

    def serve(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url + path

    def latest(self, body: dict[str, Any] | bytes, path: str = "/latest") -> str:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return self.serve(path, Route(body=raw, headers={"Content-Type": "application/json"}))

    def handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                feed.received.append(
                    Request(self.path, {k.lower(): v for k, v in self.headers.items()})
                )
                route = feed.routes.get(self.path.partition("?")[0], Route(status=404))
                try:
                    self.send_response(route.status)
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    if route.endless:
                        self.send_header("Content-Length", "1000000000")
                        self.end_headers()
                        piece = b"x" if route.pause else b"x" * 16384
                        while True:
                            self.wfile.write(piece)
                            self.wfile.flush()
                            time.sleep(route.pause)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    self.wfile.write(route.body)
                except OSError:
                    return  # the client hung up

        return Handler


@contextmanager
def local_feed() -> Iterator[LocalFeed]:
    feed = LocalFeed()
    server = ThreadingHTTPServer(("127.0.0.1", 0), feed.handler())
    server.daemon_threads = True
    feed.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield feed
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
