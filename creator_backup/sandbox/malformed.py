"""Malformed objects on demand: what Pinterest should never send, sent anyway.

A test names objects by id and a way to break them (no id, wrong types, nulls, huge
strings, not an object at all, a media address of its choosing); every GET answer that
carries one of them (a listing's items, or the object itself) then carries it broken.
The stored account is untouched, so the sandbox's state stays the truth to compare with.
Configured with POST /_sandbox/malformed {"rules": [{"ids": [...], "mangle": ...}]}.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from creator_backup.sandbox.api import Request, Response
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.controls import control

if TYPE_CHECKING:
    from creator_backup.sandbox.server import Sandbox

HUGE = 1_000_000  # characters in a huge string: far past any field limit Pinterest has
TEXT_FIELDS = ("title", "description", "link", "alt_text", "name", "note", "dominant_color")


def _without_id(item: dict[str, Any]) -> Any:
    return {k: v for k, v in item.items() if k != "id"}


def _wrong_types(item: dict[str, Any]) -> Any:
    return {
        **item,
        "title": 12345,
        "name": ["not", "text"],
        "description": {"text": "nested"},
        "link": 3.5,
        "board_id": 7,
        "board_section_id": False,
        "created_at": 1_700_000_000,
        "is_owner": "yes",
        "pin_count": "many",
        "privacy": 0,
        "media": "not an object",
    }


def _nulls(item: dict[str, Any]) -> Any:
    return {k: (v if k == "id" else None) for k, v in item.items()}


def _huge(item: dict[str, Any]) -> Any:
    fields = {k: ("\u00e9" * HUGE) for k in TEXT_FIELDS if k in item}
    return {**item, **fields}


def _broken_media(item: dict[str, Any]) -> Any:
    media: dict[str, Any] = {"media_type": "image", "images": {"1200x": {"url": 5}, "x": "y"}}
    media["items"] = [1, None, {"images": "nothing"}]
    return {**item, "media": media}


MANGLES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "no_id": _without_id,
    "null_id": lambda item: {**item, "id": None},
    "empty_id": lambda item: {**item, "id": ""},
    "path_id": lambda item: {**item, "id": "../../../etc/passwd"},
    "numeric_id": lambda item: {**item, "id": int(item["id"])},
    "wrong_types": _wrong_types,
    "nulls": _nulls,
    "huge_strings": _huge,
    "broken_media": _broken_media,
    "not_an_object": lambda item: "not an object",
}


class Malformed:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rules: dict[str, tuple[str, str | None]] = {}  # id -> (mangle, media url)
        self.served: dict[str, int] = {}  # mangle -> objects sent broken

    def configure(self, body: dict[str, Any]) -> int:
        with self.lock:
            if body.get("clear"):
                self.rules.clear()
            for rule in body.get("rules", []):
                mangle = str(rule.get("mangle"))
                url = rule.get("url")
                if mangle not in MANGLES and mangle != "media_url":
                    raise ValueError(f"unknown mangle {mangle!r}")
                if mangle == "media_url" and not isinstance(url, str):
                    raise ValueError("media_url needs a url")
                for object_id in rule.get("ids", []):
                    self.rules[str(object_id)] = (mangle, url)
            return len(self.rules)

    def apply(self, request: Request, response: Response) -> Response:
        """The answer with every named object broken as asked; others untouched."""
        if request.method != "GET" or response.status != 200 or not self.rules:
            return response
        try:
            body = json.loads(response.body)
        except ValueError:
            return response
        with self.lock:
            if isinstance(body, dict) and isinstance(body.get("items"), list):
                body["items"] = [self._break(item) for item in body["items"]]
            elif isinstance(body, dict):
                body = self._break(body)
            else:
                return response
        broken = Response.of(200, body)
        broken.headers.update(response.headers)
        return broken

    def _break(self, item: Any) -> Any:
        if not isinstance(item, dict) or str(item.get("id")) not in self.rules:
            return item
        mangle, url = self.rules[str(item["id"])]
        self.served[mangle] = self.served.get(mangle, 0) + 1
        if mangle == "media_url":
            images = {"1200x": {"url": url, "width": 1200, "height": 1200}}
            return {**item, "media": {"media_type": "image", "images": images}}
        return MANGLES[mangle](item)


@control("POST", "/malformed")
def malformed(sandbox: Sandbox, request: Request, params: dict[str, str]) -> Response:
    body = request.json()
    if not isinstance(body, dict):
        raise ChangeError(400, 1, "The request body must be a JSON object.")
    count = sandbox.malformed.configure(body)
    return Response.of(200, {"objects": count, "served": dict(sandbox.malformed.served)})
