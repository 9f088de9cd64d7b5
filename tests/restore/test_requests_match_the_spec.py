"""Every request a restore sends, checked against Pinterest's official OpenAPI description.

The app talks to a small forwarding server on loopback that checks each request (path,
query, body) against the spec and passes it on to the sandbox unchanged. Not a mock: the
answers are the sandbox's. Skipped unless PINTEREST_OPENAPI_SPEC names the spec's file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from creator_backup.api.factory import make_client
from creator_backup.auth.static import StaticToken
from creator_backup.sandbox import Sandbox
from tests.conformance.openapi import OpenApi, SpecError, describe_all

from .conftest import UNPACED, assert_restored, cannot_ids, control, do_backup, restore
from .conftest import sandbox_state as state_of

SPEC_ENV = "PINTEREST_OPENAPI_SPEC"
if not os.environ.get(SPEC_ENV):
    pytest.skip(f"{SPEC_ENV} is not set", allow_module_level=True)


class CheckingForwarder:
    def __init__(self, api: OpenApi, target_origin: str) -> None:
        self.api = api
        self.problems: list[str] = []
        self.checked: dict[str, int] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.check(self.command, self.path, self.headers.get("Content-Type"), body)
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() in ("authorization", "content-type", "accept")
                }
                answer = requests.request(
                    self.command,
                    target_origin + self.path,
                    data=body or None,
                    headers=headers,
                    timeout=60,
                    allow_redirects=False,
                )
                self.send_response(answer.status_code)
                for key, value in answer.headers.items():
                    if key.lower().startswith("x-") or key.lower() in (
                        "content-type",
                        "retry-after",
                    ):
                        self.send_header(key, value)
                if answer.status_code != 204:
                    self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_PATCH = do_DELETE = _forward

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def check(self, method: str, target: str, content_type: str | None, body: bytes) -> None:
        parts = urlsplit(target)
        try:
            operation = self.api.operation(method, parts.path)
        except SpecError as err:
            self.problems.append(f"{method} {parts.path}: {err}")
            return
        query = parse_qsl(parts.query, keep_blank_values=True)
        violations = self.api.check_request(operation, query, content_type, body)
        self.checked[operation.name] = self.checked.get(operation.name, 0) + 1
        if violations:
            self.problems.append(describe_all(operation.name, violations))

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def api() -> OpenApi:
    return OpenApi.load(Path(os.environ[SPEC_ENV]))


@pytest.fixture
def forwarder(api: OpenApi) -> Iterator[Callable[[Sandbox], CheckingForwarder]]:
    made: list[CheckingForwarder] = []

    def make(sandbox: Sandbox) -> CheckingForwarder:
        made.append(CheckingForwarder(api, sandbox.origin))
        return made[-1]

    yield make
    for one in made:
        one.close()


def test_every_restore_request_is_one_the_spec_allows(
    make_sandbox: Callable[..., Sandbox],
    archive_root: Path,
    forwarder: Callable[[Sandbox], CheckingForwarder],
) -> None:
    sandbox = make_sandbox(seed=91, boards=7, pins=200, **UNPACED)
    assert do_backup(sandbox, archive_root).complete
    before = state_of(sandbox)
    for board in before["boards"]:
        if board["privacy"] == "SECRET" or any(
            s["board_id"] == board["id"] for s in before["sections"]
        ):
            control(sandbox, f"boards/{board['id']}/remove")
    proxy = forwarder(sandbox)
    client = make_client(
        proxy.origin + "/v5",
        StaticToken(sandbox.access_token),
        limits={"org_read": 10**6, "org_write": 10**6},
    )
    try:
        result = restore(sandbox, archive_root, client=client)
    finally:
        client.close()
    assert result.ok, (result.failed, result.stopped)
    assert proxy.problems == []
    for operation in (
        "POST /boards",
        "POST /boards/{board_id}/sections",
        "POST /pins",
        "POST /pins/{pin_id}/save",
        "POST /media",
        "GET /media/{media_id}",
        "GET /boards/{board_id}/pins",
    ):
        assert proxy.checked.get(operation, 0) > 0, operation
    assert_restored(before, state_of(sandbox), cannot_ids(result))
