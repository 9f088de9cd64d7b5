"""What restores put back, as the archive's readers see it: the restore journal
(restore/journal.py) lives beside archive.sqlite, and its done rows map each object a
restore created on Pinterest to the archived one it replaces. Read here without writing,
so a diff of a read-only archive can tell a pin put back from a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

JOURNAL_NAME = "restore-journal.sqlite"  # beside archive.sqlite, in the archive's folder


def restored_ids(folder: Path) -> dict[str, dict[str, str]]:
    """What restores put back, read without writing (a diff reads it from a read-only
    archive): for each kind, each new id on Pinterest -> the archived id it replaces.
    Empty when no restore ever ran here, or its journal cannot be read."""
    path = folder / JOURNAL_NAME
    if not path.exists():
        return {}
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute(
                "SELECT kind, old_id, new_id FROM items WHERE state = 'done' AND new_id IS NOT NULL"
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        return {}  # a journal being written or damaged: the pins show as added, as before
    found: dict[str, dict[str, str]] = {}
    for kind, old_id, new_id in rows:
        if str(new_id) != str(old_id):  # found where it was: nothing replaced
            found.setdefault(str(kind), {})[str(new_id)] = str(old_id)
    return found
