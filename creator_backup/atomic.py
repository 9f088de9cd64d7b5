"""Writing a small file so that a crash or a power cut leaves either the old text or the
new, never a mix: the settings, the note of a move, an archive's README, the logins.

The text goes to a temp file in the same folder (so the last step is a rename on one
file system), which is fsynced, renamed over the file, and the folder fsynced so the
rename itself survives a power cut."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

# How much a file copy reads at a time (moving the archives, a site's media).
COPY_CHUNK = 1 << 20


def write_text_durably(path: Path, text: str) -> None:
    """Replaces `path` with `text` in one step, durably. The file is private to the user
    (0600, as tempfile makes it)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    if sys.platform == "win32":  # no directory fsync there; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network filesystems refuse it; the sha256 check catches what it misses
    finally:
        os.close(fd)
