"""One writer per archive. An OS file lock is released by the kernel when its holder
dies, even by kill -9, so a crashed run never leaves a stale lock behind."""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO

from creator_backup.local_time import date_time_text


class LockHeld(Exception):
    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


class ArchiveLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> None:
        # Binary: the Windows lock seeks far past the note, which text files cannot do.
        handle = open(self.path, "a+b")  # noqa: SIM115 (held until release)
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read(4096).decode("utf-8", "replace").strip() or "another process"
            handle.close()
            raise LockHeld(_describe(holder)) from None
        handle.seek(0)
        handle.truncate()
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
        handle.write(json.dumps(info).encode("utf-8"))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.seek(0)
            self._handle.truncate()
            self._handle.flush()
            _unlock(self._handle)
            self._handle.close()
            self._handle = None


def _describe(holder: str) -> str:
    try:
        info = json.loads(holder)
        started = date_time_text(datetime.fromtimestamp(float(info["since"])).astimezone())
        return f"process {info['pid']} on {info['host']}, since {started}"
    except (ValueError, KeyError, TypeError):
        return "another process"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    # Windows locks are mandatory: the locked byte lies far past the holder's note, so a
    # second process can still read who holds the lock.
    LOCK_OFFSET = 1 << 30

    def _lock(handle: IO[bytes]) -> None:
        handle.seek(LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[bytes]) -> None:
        handle.seek(LOCK_OFFSET)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
