"""When an original was made, as well as its file can say: its EXIF date where the file
has one (a JPEG's DateTimeOriginal, else DateTime), else the time the file was last
modified, and always which of these it is, since they prove different things."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from creator_backup.local_time import date_time_text
from creator_backup.originals.exif import exif_date

MODIFIED = "modified"  # taken_from when no EXIF date was found


def taken(path: Path) -> tuple[str | None, str]:
    """(ISO 8601 time or None, where it came from): EXIF times are naive (the camera's
    own clock, with no time zone), the file's modification time is UTC."""
    found = exif_date(path)
    if found is not None:
        return found.when.isoformat(), found.tag
    try:
        modified = path.stat().st_mtime
    except OSError:
        return None, MODIFIED
    stamp = datetime.fromtimestamp(modified, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp, MODIFIED


def _when(stamp: str) -> datetime | None:
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None


def taken_words(taken_at: str | None, taken_from: str) -> str:
    """ "taken 4 May 2019, 13:22 (EXIF DateTimeOriginal)", "file modified 3 Dec 2026,
    07:12 (no EXIF date)": in the user's language, the source always said."""
    when = _when(taken_at) if taken_at else None
    if taken_from == MODIFIED:
        if when is None:
            return "no date (no EXIF date, and the file's time cannot be read)"
        return f"file modified {date_time_text(when)} (no EXIF date)"
    if when is None:
        return "no date"
    verb = "taken" if taken_from == "DateTimeOriginal" else "last written by the camera"
    return f"{verb} {date_time_text(when)} (EXIF {taken_from})"
