"""Malformed objects on demand: what Pinterest should never send, sent anyway.

A test names objects by id and a way to break them (no id, wrong types, nulls, huge
strings, not an object at all, a media address of its choosing); every GET answer that
carries one of them (a listing's items, or the object itself) then carries it broken.
The stored account is untouched, so the sandbox's state stays the truth to compare with.
Configured with POST /_sandbox/malformed {"rules": [{"ids": [...], "mangle": ...}]}.

Whole answers can be broken too, {"answers": [{"path": regex, "shape": ..., "times": n}]}:
JSON nested far deeper than any parser recurses, text that is not JSON, a redirect with
no body; and {"endless": [{"path": regex, "fresh": bool}]} makes a listing hand out a new
bookmark on every page, forever (with new pins each page when "fresh", else the same);
with "pages": n, each listing it matches ends after n such pages instead: long listings,
each within its own bound, that a run's budget must still bound together.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from creator_backup.sandbox.api import Request, Response
from creator_backup.sandbox.changes import ChangeError
from creator_backup.sandbox.controls import control

if TYPE_CHECKING:
    from creator_backup.sandbox.server import Sandbox

HUGE = 1_000_000  # characters in a huge string: far past any field limit Pinterest has
DEEP = 100_000  # nesting levels of the deep answer: far past Python's recursion limit
# A number no float holds (JSON allows it; Python reads it as infinity). Put in the body as
# this text, then written out bare, since json.dumps cannot write the literal itself.
OVERFLOW_TEXT = "1e400"
_OVERFLOW = "\u0000overflow\u0000"
ENDLESS_BOOKMARK = "endless-"
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


def _media_field(key: str, value: Any) -> Callable[[dict[str, Any]], Any]:
    def mangle(item: dict[str, Any]) -> Any:
        media = item.get("media")
        kept = media if isinstance(media, dict) else {}
        return {**item, "media": {**kept, key: value}}

    return mangle


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
    "items_number": _media_field("items", 5),
    "items_true": _media_field("items", True),
    "huge_duration": _media_field("duration", _OVERFLOW),
    "huge_counts": lambda item: {**item, "pin_count": _OVERFLOW, "board_count": _OVERFLOW},
}


def _deep_json() -> Response:
    return Response(200, b"[" * DEEP + b"]" * DEEP)


ANSWERS: dict[str, Callable[[], Response]] = {
    "deep_json": _deep_json,
    "not_json": lambda: Response(200, b"<html>Pinterest is down for maintenance</html>"),
    "redirect_no_body": lambda: Response(302, b"", {"Location": "/v5/elsewhere"}),
}


@dataclass
class AnswerRule:
    path: re.Pattern[str]
    shape: str
    times: int


@dataclass
class EndlessRule:
    """A listing whose every page carries a bookmark: new pins each page when `fresh`."""

    path: re.Pattern[str]
    fresh: bool
    pages: int = 0
    limit: int | None = None  # pages with a new bookmark per listing (path); None: no end
    by_path: dict[str, int] = field(default_factory=dict)


class Malformed:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rules: dict[str, tuple[str, str | None]] = {}  # id -> (mangle, media url)
        self.served: dict[str, int] = {}  # mangle -> objects sent broken
        self.answers: list[AnswerRule] = []
        self.endless: list[EndlessRule] = []

    def configure(self, body: dict[str, Any]) -> int:
        with self.lock:
            if body.get("clear"):
                self.rules.clear()
                self.answers.clear()
                self.endless.clear()
            for answer in body.get("answers", []):
                shape = str(answer.get("shape"))
                if shape not in ANSWERS:
                    raise ValueError(f"unknown answer shape {shape!r}")
                path = re.compile(str(answer.get("path", ".*")))
                self.answers.append(AnswerRule(path, shape, int(answer.get("times", 1))))
            for endless in body.get("endless", []):
                path = re.compile(str(endless.get("path", ".*")))
                fresh = bool(endless.get("fresh", False))
                limit = endless.get("pages")
                pages = None if limit is None else int(limit)
                self.endless.append(EndlessRule(path, fresh, limit=pages))
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
        if request.method != "GET" or response.status != 200:
            return response
        shaped = self._shaped(request.path)
        if shaped is not None:
            shaped.headers.update(response.headers)
            return shaped
        if not self.rules and not self.endless:
            return response
        try:
            body = json.loads(response.body)
        except ValueError:
            return response
        with self.lock:
            if isinstance(body, dict) and isinstance(body.get("items"), list):
                body["items"] = [self._break(item) for item in body["items"]]
                self._never_ending(request.path, body)
            elif isinstance(body, dict):
                body = self._break(body)
            else:
                return response
        broken = Response.of(200, body)
        broken.body = broken.body.replace(json.dumps(_OVERFLOW).encode(), OVERFLOW_TEXT.encode())
        broken.headers.update(response.headers)
        return broken

    def rewrite(self, request: Request) -> None:
        """A bookmark this module handed out names no place in the store: the listing
        starts over, so an endless listing never ends."""
        if request.query.get("bookmark", "").startswith(ENDLESS_BOOKMARK):
            del request.query["bookmark"]

    def _shaped(self, path: str) -> Response | None:
        with self.lock:
            for rule in self.answers:
                if rule.times > 0 and rule.path.search(path):
                    rule.times -= 1
                    self.served[rule.shape] = self.served.get(rule.shape, 0) + 1
                    return ANSWERS[rule.shape]()
        return None

    def _never_ending(self, path: str, body: dict[str, Any]) -> None:
        """A listing page of an endless rule: a new bookmark always; new pins if fresh."""
        rule = next((r for r in self.endless if r.path.search(path)), None)
        if rule is None or not body["items"]:
            return
        if rule.limit is not None:
            # A bookmark handed out restarts the listing, so the path's own count says
            # where in it this page is; past the limit the page goes as the store has it.
            served = rule.by_path.get(path, 0)
            if served >= rule.limit:
                return
            rule.by_path[path] = served + 1
        rule.pages += 1
        self.served["endless"] = self.served.get("endless", 0) + 1
        body["bookmark"] = f"{ENDLESS_BOOKMARK}{rule.pages}"
        if rule.fresh:
            template = body["items"][0]
            body["items"] = [
                {**template, "id": str(9_000_000_000_000 + rule.pages * 1000 + n)}
                for n in range(len(body["items"]))
            ]

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
