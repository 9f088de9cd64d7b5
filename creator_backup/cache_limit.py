"""Keeps a cache folder under a size: the files used least recently go first.

The thumbnail cache holds a small JPEG per picture ever shown (5 to 10 KB each), so an
archive of 100,000 pins could fill a gigabyte of the user's disk with files the app can
rebuild at any time. The window prunes it at start, off the UI thread; a cache hit
touches its file, so what is looked at stays.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

THUMBNAIL_CACHE_LIMIT = 300 * 2**20


@dataclass(frozen=True)
class Pruned:
    kept_bytes: int
    removed_files: int
    freed_bytes: int


def prune(folder: Path, max_bytes: int) -> Pruned:
    """Removes the least recently used files until the folder holds at most `max_bytes`.
    Files that vanish or refuse meanwhile are passed over: a cache never fails its app."""
    entries: list[tuple[float, int, str]] = []
    for base, _dirs, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            try:
                info = os.stat(path, follow_symlinks=False)
            except OSError:
                continue
            entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)  # newest first
    kept = removed = freed = 0
    for _when, size, path in entries:
        if kept + size <= max_bytes:
            kept += size
            continue
        try:
            os.unlink(path)
        except OSError:
            kept += size
            continue
        removed += 1
        freed += size
    return Pruned(kept, removed, freed)


def touch(path: Path) -> None:
    """Marks a cached file as just used."""
    with contextlib.suppress(OSError):  # a cache never fails its app
        os.utime(path)
