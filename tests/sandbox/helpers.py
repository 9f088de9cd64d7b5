"""Test-side helpers for talking to a running sandbox over real HTTP (not the app's client)."""

from __future__ import annotations

import base64
import struct
import zlib
from typing import Any

import requests

from creator_backup.sandbox import Sandbox

TIMEOUT = 30
JsonDict = dict[str, Any]


class Client:
    """A `requests` session that carries a bearer token to the sandbox's API.

    Paths are relative to the API base (`/pins`, `/boards/1/sections`); `control` talks
    to the test controls under `{origin}/_sandbox`.
    """

    def __init__(self, sandbox: Sandbox, token: str | None = None) -> None:
        self.sandbox = sandbox
        self.api_base = sandbox.api_base
        self.origin = sandbox.origin
        self.token = sandbox.access_token if token is None else token
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {self.token}"

    def close(self) -> None:
        self.session.close()

    def with_token(self, token: str) -> Client:
        return Client(self.sandbox, token)

    # -- the API ------------------------------------------------------------------------

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(method, self.api_base + path, **kwargs)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any = None) -> requests.Response:
        return self.request("POST", path, json=body)

    def delete(self, path: str) -> requests.Response:
        return self.request("DELETE", path)

    def ok(self, path: str, **params: Any) -> JsonDict:
        response = self.get(path, **params)
        assert response.status_code == 200, (path, response.status_code, response.text)
        body: JsonDict = response.json()
        return body

    def pages(self, path: str, page_size: int | None = 250, **params: Any) -> list[JsonDict]:
        """Every page of a listing, checking Pinterest's paging contract on each one."""
        found: list[JsonDict] = []
        bookmark: str | None = None
        while True:
            query = dict(params)
            if page_size is not None:
                query["page_size"] = page_size
            if bookmark is not None:
                query["bookmark"] = bookmark
            body = self.ok(path, **query)
            assert set(body) == {"items", "bookmark"}, body.keys()
            assert isinstance(body["items"], list)
            bookmark = body["bookmark"]
            if bookmark is not None:
                assert isinstance(bookmark, str) and bookmark
                # Never an empty page that still points at a next one.
                assert body["items"], "an empty page came with a bookmark"
            found.append(body)
            if bookmark is None:
                return found
            assert len(found) < 10_000, "paging does not end"

    def items(self, path: str, page_size: int | None = 250, **params: Any) -> list[JsonDict]:
        return [item for page in self.pages(path, page_size, **params) for item in page["items"]]

    # -- test controls ----------------------------------------------------------------------

    def control(self, method: str, path: str, body: Any = None) -> requests.Response:
        return self.session.request(
            method, f"{self.origin}/_sandbox{path}", json=body, timeout=TIMEOUT
        )

    def control_ok(self, path: str, body: Any = None) -> JsonDict:
        response = self.control("POST", path, body)
        assert response.status_code == 200, (path, response.status_code, response.text)
        result: JsonDict = response.json()
        return result

    def state(self, pins: bool = True, media: bool = True) -> JsonDict:
        response = self.session.get(
            f"{self.origin}/_sandbox/state",
            params={"pins": int(pins), "media": int(media)},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200, response.text
        body: JsonDict = response.json()
        return body

    def advance(self, seconds: float) -> None:
        self.control_ok("/clock", {"advance_s": seconds})

    def faults(self, **body: Any) -> JsonDict:
        return self.control_ok("/faults", body)

    def new_token(self, scopes: list[str]) -> str:
        return str(self.control_ok("/tokens", {"scopes": scopes})["access_token"])


def assert_error(response: requests.Response, status: int, code: int | None = None) -> str:
    """Checks Pinterest's error shape; returns the message."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"code", "message"}, body
    assert isinstance(body["code"], int) and isinstance(body["message"], str)
    assert body["message"]
    if code is not None:
        assert body["code"] == code, body
    return str(body["message"])


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (asserting it is one)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def tiny_png(width: int = 4, height: int = 3, colour: bytes = b"\x10\x80\xf0") -> bytes:
    """A small valid RGB PNG, made here so uploads do not depend on the sandbox's media."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def get_media(url: str, **headers: str) -> requests.Response:
    """A well-behaved media fetch: a fresh request with no Authorization header."""
    return requests.get(url, headers=headers, timeout=TIMEOUT)
