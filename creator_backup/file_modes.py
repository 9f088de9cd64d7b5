"""Who may read what the app writes outside the archive: an appeal packet or an offline
site holds the whole account, so by default only the user can (folders 0700, files 0600,
as the archive itself); the user may choose to let others on the computer read it.

Modes are given when a file or folder is made, so nothing is readable by others even for
a moment; the umask can only take permissions away. Windows has no such modes: there the
user's own folder is what keeps others out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO


@dataclass(frozen=True)
class FileModes:
    folder: int
    file: int


PRIVATE = FileModes(folder=0o700, file=0o600)
SHARED = FileModes(folder=0o755, file=0o644)  # what the umask usually gives


def modes_for(private: bool) -> FileModes:
    return PRIVATE if private else SHARED


def create_file(path: Path, modes: FileModes) -> BinaryIO:
    """A new (or truncated) file open for writing and reading, with `modes.file`; a
    leftover of a killed run keeps no wider mode than asked."""
    flags = os.O_RDWR | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, modes.file)
    try:
        _narrow(fd, modes.file)
        return os.fdopen(fd, "w+b")
    except BaseException:
        os.close(fd)
        raise


def write_file(path: Path, data: bytes, modes: FileModes) -> None:
    with create_file(path, modes) as handle:
        handle.write(data)


def make_folder(path: Path, modes: FileModes) -> None:
    """A new folder with `modes.folder` (an existing one is left as it is)."""
    path.mkdir(mode=modes.folder, exist_ok=True)


def _narrow(fd: int, mode: int) -> None:
    """A file that already existed keeps its mode on open: take away what `mode` does
    not give (never adding what the umask took)."""
    if not hasattr(os, "fchmod"):
        return
    current = os.fstat(fd).st_mode & 0o777
    if current & ~mode:
        os.fchmod(fd, current & mode)
