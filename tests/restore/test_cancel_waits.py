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

from creator_backup.api.errors import Cancelled
from creator_backup.archive.store import Archive
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
