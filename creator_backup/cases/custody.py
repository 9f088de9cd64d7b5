"""A case's custody log: one JSON line per thing that happened to it (the notice read, a
letter written, a calendar made, a status changed, a packet sent), append-only.

Each line carries the sha256 of the line before it ("prev"), so a line removed or edited
later breaks the chain at that point (`chain_breaks`); each file it names carries its own
sha256, so the letter sent can be shown to be the letter written. Lines are appended
and fsynced, never rewritten: the one file in the app not replaced by atomic.py, since
replacing it whole would be the very edit the log must not allow.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from creator_backup.atomic import PRIVATE_FILE

LOG_NAME = "custody.jsonl"
FIRST_PREV = "0" * 64  # the "line before" the first line
MAX_LOG_BYTES = 20_000_000  # read back at most this much (thousands of years of letters)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _line_hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _lines(log: Path) -> list[bytes]:
    if not log.exists():
        return []
    with log.open("rb") as handle:
        return [line for line in handle.read(MAX_LOG_BYTES).split(b"\n") if line]


def entries(log: Path) -> list[dict[str, Any]]:
    """The log's entries, oldest first (a torn last line, from a power cut, is skipped)."""
    found: list[dict[str, Any]] = []
    for line in _lines(log):
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            found.append(entry)
    return found


def append(log: Path, at: str, event: str, **detail: Any) -> dict[str, Any]:
    """Adds one entry after the last and returns it. The caller holds the case (one
    command at a time writes a case: see store.CaseStore)."""
    lines = _lines(log)
    entry = {
        "seq": len(lines) + 1,
        "at": at,
        "event": event,
        **detail,
        "prev": _line_hash(lines[-1]) if lines else FIRST_PREV,
    }
    data = json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE_FILE)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return entry


def chain_breaks(log: Path) -> list[int]:
    """The line numbers (from 1) whose "prev" is not the hash of the line before: empty
    for a log no one edited."""
    lines = _lines(log)
    breaks: list[int] = []
    expected = FIRST_PREV
    for number, line in enumerate(lines, start=1):
        try:
            prev = json.loads(line).get("prev")
        except (ValueError, AttributeError):
            prev = None
        if prev != expected:
            breaks.append(number)
        expected = _line_hash(line)
    return breaks
