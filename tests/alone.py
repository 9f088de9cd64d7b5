"""`@pytest.mark.alone`: a test that judges the wall clock runs with no other test of the
run beside it.

`./dev test` runs the suite in several pytest-xdist worker processes on a machine with few
cores. A test whose verdict is a wall-clock figure (the UI thread's 99th-percentile wait
while a backup runs) measures the machine, and a neighbouring worker busy with its own
backup takes half of it. Such a test takes this lock exclusively; every other test holds it
shared, so while an `alone` test runs, the other workers wait between two of their tests,
and it measures what a serial run does. Outside xdist (`-n 0`) nothing is locked.

The lock is fair: a test about to take it shared first passes a turnstile that a waiting
`alone` test holds, so a busy neighbour cannot keep an `alone` test waiting for ever.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

if sys.platform != "win32":
    import fcntl

MARKER = "alone: runs with no other test of the run beside it (its verdict is a wall-clock figure)"


def _lock_dir(config: pytest.Config) -> Path | None:
    """The run's shared folder when this process is an xdist worker, else None."""
    basetemp = config.getoption("basetemp")
    if not hasattr(config, "workerinput") or not basetemp:
        return None
    # xdist gives each worker the basetemp <the run's basetemp>/popen-gwN.
    return Path(basetemp).parent


@contextmanager
def _flock(path: Path, operation: int) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, operation)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def turn(config: pytest.Config, alone: bool) -> Iterator[None]:
    """Held for one test: exclusively when `alone`, else shared."""
    folder = _lock_dir(config)
    if folder is None:
        yield
        return
    if sys.platform == "win32":
        # Windows has no flock: no test can be kept alone there under xdist. Other tests
        # need no lock; an `alone` one is skipped rather than measuring its neighbours.
        if alone:
            pytest.skip("cannot run alone under pytest-xdist on Windows (no flock): use -n 0")
        yield
        return
    turnstile, room = folder / "alone.turnstile", folder / "alone.lock"
    if alone:
        with _flock(turnstile, fcntl.LOCK_EX), _flock(room, fcntl.LOCK_EX):
            yield
    else:
        with _flock(turnstile, fcntl.LOCK_EX):
            pass
        with _flock(room, fcntl.LOCK_SH):
            yield
