"""The creator's folder of originals, walked within bounds: pictures by their name's
ending, never a link that leads out of the folder, at most MAX_FILES of them, each at most
MAX_FILE_BYTES, and no deeper than MAX_DEPTH. What is passed over is said, with why, by
file name only (the report never shows where the user keeps their files)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.errors import UsageError

PICTURE_ENDINGS = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
MAX_FILES = 20_000
MAX_FILE_BYTES = 200 * 1024 * 1024  # a 100-megapixel camera's JPEG is about 50 MB
MAX_DEPTH = 16

OUTSIDE = "a link to somewhere outside the folder"
TOO_LARGE = f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
TOO_MANY = f"past the first {MAX_FILES:,} pictures"


@dataclass(frozen=True)
class Skipped:
    name: str  # the file's name, never its path
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "reason": self.reason}


@dataclass
class Originals:
    files: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, ValueError, RuntimeError):  # a broken link or a loop counts as out
        return False
    return True


def find_originals(folder: Path) -> Originals:
    """The pictures under `folder`, in a stable order (sorted names at each level)."""
    try:
        root = folder.resolve(strict=True)
    except OSError as exc:
        raise UsageError(f"The folder {folder} cannot be read ({exc.strerror}).") from exc
    if not root.is_dir():
        raise UsageError(f"{folder} is not a folder: give the folder holding your originals.")
    found = Originals()
    # os.walk does not follow links to folders (followlinks=False): a link can never lead
    # the walk out, or round in a loop.
    for current, folders, names in os.walk(root):
        here = Path(current)
        if len(here.relative_to(root).parts) >= MAX_DEPTH:
            folders.clear()
        folders.sort()
        for name in sorted(names):
            if not name.lower().endswith(PICTURE_ENDINGS):
                continue
            path = here / name
            reason = _reason_to_skip(path, root)
            if reason is None and len(found.files) >= MAX_FILES:
                reason = TOO_MANY
            if reason is None:
                found.files.append(path)
            else:
                found.skipped.append(Skipped(name, reason))
    return found


def _reason_to_skip(path: Path, root: Path) -> str | None:
    if path.is_symlink() and not _inside(path, root):
        return OUTSIDE
    try:
        info = path.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if not path.is_file():
        return "not a regular file"
    if info.st_size > MAX_FILE_BYTES:
        return TOO_LARGE
    return None
