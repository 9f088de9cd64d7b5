"""The one way the app replaces a file: so that a crash or a power cut leaves either the
old content or the new, never a mix (the settings, the logins, the note of a move, an
archive's README, an appeal packet, a problem report, the scheduler's files, a cached
thumbnail), and the one way it moves a finished file into place.

The bytes go to a temp file in the same folder (so the last step is a rename on one file
system), which is fsynced, renamed over the file, and the folder fsynced so the rename
itself survives a power cut. A writer that may lose its file in a power cut (a cache), or
that fsyncs many folders together later (the media store), says so with `durable=False`.

tests/test_atomic_writes.py keeps every other module from renaming files by hand.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

# How much a file copy reads at a time (moving the archives, a site's media).
COPY_CHUNK = 1 << 20
# Private to the user unless a caller says otherwise, as the archive itself (file_modes).
PRIVATE_FILE = 0o600
TEMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def atomic_write(
    path: Path, *, file_mode: int = PRIVATE_FILE, durable: bool = True
) -> Iterator[BinaryIO]:
    """Yields a binary file that becomes `path` when the block ends without an exception;
    with one, `path` is left as it was and the temp file is removed.

    The temp file is made with `file_mode` (the umask may only take bits away), so a
    private file is never readable by others, not even while written. `durable=False`
    skips both fsyncs: the caller accepts losing the new file in a power cut, or makes
    its folder durable itself."""
    handle, temp = _temp_beside(path, file_mode)
    try:
        with handle:
            yield handle
            handle.flush()
            if durable:
                # Through the handle that wrote it: Windows refuses to flush a handle
                # opened for reading.
                os.fsync(handle.fileno())
        # Closed first: Windows can neither rename nor delete an open file.
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if durable:
        fsync_dir(path.parent)


def write_bytes_durably(path: Path, data: bytes, *, file_mode: int = PRIVATE_FILE) -> None:
    """Replaces `path` with `data` in one step, durably (its folder must exist)."""
    with atomic_write(path, file_mode=file_mode) as handle:
        handle.write(data)


def write_text_durably(path: Path, text: str) -> None:
    """Replaces `path` with `text` (UTF-8) in one step, durably. The file is private to
    the user (0600), and so is a folder made for it (0700)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_bytes_durably(path, text.encode("utf-8"))


def replace_file(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, durable: bool = True
) -> None:
    """Moves a finished file over `target` in one step (both on one file system). With
    `durable`, the folders whose entries changed are fsynced, so the move survives a power
    cut; the file itself must already be durable (written through `atomic_write`, or
    fsynced by its writer). `durable=False` is for a caller that fsyncs the folders
    itself, many together."""
    os.replace(source, target)
    if durable:
        folder = os.path.dirname(os.path.abspath(target))
        fsync_dir(folder)
        origin = os.path.dirname(os.path.abspath(source))
        if origin != folder:
            fsync_dir(origin)


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


def _temp_beside(path: Path, file_mode: int) -> tuple[BinaryIO, str]:
    """A new temp file in `path`'s folder, hidden and named after it (so a leftover of a
    killed run says whose it was), open for writing and reading."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = os.path.join(path.parent, f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            fd = os.open(temp, flags, file_mode)
        except FileExistsError:
            continue  # another writer's temp file by chance: draw another name
        break
    try:
        return os.fdopen(fd, "w+b"), temp
    except BaseException:
        os.close(fd)
        os.unlink(temp)
        raise
