"""A cancel cuts a retry wait at once, in the core restore run itself: whichever face or
caller starts a `RestoreRun` with a token and nothing more, the scope that carries the
token to the requests is the run's own."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from creator_backup.archive.store import Archive
from creator_backup.errors import Cancelled
from creator_backup.progress import CancelToken
from creator_backup.restore import RestoreOptions
from creator_backup.restore.execute import RestoreRun
from creator_backup.sandbox import Sandbox

from .conftest import FAST, UNPACED, control, do_backup, fast_client, posts, sandbox_state

RETRY_AFTER_S = 60  # well under the transport's longest wait (900 s): it would sleep it out
CANCEL_AFTER_S = 0.5


@pytest.mark.parametrize("status", [429, 503])
def test_a_cancel_cuts_the_retry_wait_of_a_restore_at_once(
    make_sandbox: Callable[..., Sandbox], archive_root: Path, status: int
) -> None:
    sandbox = make_sandbox(seed=84, boards=2, pins=12, **UNPACED)
    do_backup(sandbox, archive_root)
    # The plan's first listing of the live account is asked to come back in a minute.
    fault = {
        "kind": "status",
        "status": status,
        "method": "GET",
        "path": "^/v5/(boards|pins)",
        "times": 5,
        "headers": {"Retry-After": str(RETRY_AFTER_S)},
    }
    control(sandbox, "faults", {"script": [fault]})
    options: dict[str, Any] = dict(FAST)
    token = CancelToken()
    client = fast_client(sandbox)  # no cancel of its own: as the CLI builds it
    timer = threading.Timer(CANCEL_AFTER_S, token.cancel)
    started = time.monotonic()
    try:
        with Archive.open(archive_root, write=True) as archive:
            timer.start()
            with pytest.raises(Cancelled):
                RestoreRun(client, archive, RestoreOptions(**options), cancel=token).run()
    finally:
        timer.cancel()
        client.close()
    took = time.monotonic() - started
    assert token.is_set()
    # The wait is slept in slices of at most a second, each looking at the cancel: the
    # run ends within about a second of it, not after the minute the server asked for.
    assert took < RETRY_AFTER_S / 10, f"{took:.1f} s against a Retry-After of {RETRY_AFTER_S} s"
    assert sandbox_state(sandbox)["faults_injected"]["status"] == 1  # one answer, then waiting
    assert posts(sandbox) == {}  # cancelled while planning: nothing was sent


def test_a_cancel_cuts_a_write_limit_wait_of_a_restore_at_once(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    """A write Pinterest answers with 429 is waited out by the run itself (the transport
    never resends a write); that wait ends on a cancel too, and nothing more is sent."""
    sandbox = make_sandbox(seed=85, boards=2, pins=12, **UNPACED)
    do_backup(sandbox, archive_root)
    board = sandbox_state(sandbox)["boards"][0]
    control(sandbox, f"boards/{board['id']}/remove")
    fault = {
        "kind": "status",
        "status": 429,
        "method": "POST",
        "path": "^/v5/boards",
        "times": 5,
        "headers": {"Retry-After": str(RETRY_AFTER_S)},
    }
    control(sandbox, "faults", {"script": [fault]})
    options: dict[str, Any] = dict(FAST)
    token = CancelToken()
    client = fast_client(sandbox)
    timer = threading.Timer(CANCEL_AFTER_S, token.cancel)
    try:
        with Archive.open(archive_root, write=True) as archive:
            run = RestoreRun(client, archive, RestoreOptions(**options), cancel=token)
            timer.start()
            started = time.monotonic()
            result = run.run()
            took = time.monotonic() - started
    finally:
        timer.cancel()
        client.close()
    assert result.stopped == "cancelled"
    assert sandbox_state(sandbox)["faults_injected"]["status"] == 1  # the one refused write
    assert took < RETRY_AFTER_S / 10, f"{took:.1f} s against a Retry-After of {RETRY_AFTER_S} s"
    assert posts(sandbox) == {"POST /v5/boards": 1}  # and nothing after the cancel
