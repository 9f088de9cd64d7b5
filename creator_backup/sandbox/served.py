"""Which objects the sandbox actually served: the ground truth of what a client observed.

A test turns recording on (POST /_sandbox/served {"record": true}, which also empties the
log), lets a backup run, and reads back (GET /_sandbox/served) the ids of every object in
a successful GET answer: a listing's items or a single object. A client's claim that it
saw an object can then be checked against what it was sent. Off by default: nothing is
parsed twice in normal use.
"""

from __future__ import annotations

import json
import threading
from typing import Any


class ServedLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.recording = False
        self._ids: dict[str, set[str]] = {}  # path template's first segment -> ids

    def start(self) -> None:
        with self._lock:
            self.recording = True
            self._ids = {}

    def stop(self) -> None:
        with self._lock:
            self.recording = False

    def note(self, method: str, path: str, status: int, body: bytes) -> None:
        if not self.recording or method != "GET" or status != 200:
            return
        try:
            payload: Any = json.loads(body or b"null")
        except ValueError:
            return
        items = payload.get("items") if isinstance(payload, dict) else None
        objects = items if isinstance(items, list) else [payload]
        found = {str(o["id"]) for o in objects if isinstance(o, dict) and "id" in o}
        with self._lock:
            self._ids.setdefault(path, set()).update(found)

    def snapshot(self) -> dict[str, list[str]]:
        with self._lock:
            return {path: sorted(ids) for path, ids in self._ids.items()}
