"""A server that trickles: the API's whole-answer deadline holds however slowly the bytes
come (a declared 200 KB body sent a few bytes at a time), the run ends as failed with the
reason and lets go of the archive, and a cancel stops it within a gap between two bytes.
The deadline and a cancel hold for the status line and headers too, for a gzip body that
never decodes to a byte, and through a silent gap longer than any a cancel may wait for.

Real HTTP against the sandbox's trickle fault; the deadline is made short so the test is
quick, the trickle slow enough that the whole body would take many minutes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from creator_backup.api.client import PinterestClient
from creator_backup.api.errors import ConnectionFailed
from creator_backup.api.ratelimit import RateLimiter
from creator_backup.api.transport import Transport
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.auth.static import StaticToken
from creator_backup.backup.engine import BackupOptions, BackupResult, BackupRun
from creator_backup.errors import Cancelled
from creator_backup.progress import CancelToken
from creator_backup.sandbox import Sandbox

from .conftest import control, sandbox_state

DECLARED = 200_000  # bytes the trickled answer announces
INTERVAL_S = 0.1  # between two pieces of it
PIECE = 4  # bytes a piece: the whole body would take over an hour and a half
ENOUGH_S = 60.0  # a run that has not ended by then is held by the trickle


def trickle(sandbox: Sandbox, path: str) -> None:
    fault = {
        "kind": "trickle",
        "path": path,
        "method": "GET",
        "times": 100,
        "declared_bytes": DECLARED,
        "trickle_bytes": PIECE,
        "trickle_interval_ms": int(INTERVAL_S * 1000),
    }
    control(sandbox, "faults", {"script": [fault]})


def trickles_served(sandbox: Sandbox) -> int:
    served: int = sandbox_state(sandbox)["faults_injected"].get("trickle", 0)
    return served


class RunInThread:
    """A backup run on a thread of its own, so the test can time it and cancel it."""

    def __init__(self, sandbox: Sandbox, root: Path, deadline_s: float) -> None:
        tokens = StaticToken(sandbox.access_token)
        transport = Transport(
            sandbox.api_base, tokens, RateLimiter(time.time, time.sleep), deadline_s=deadline_s
        )
        self.client = PinterestClient(transport)
        self.root = root
        self.cancel = CancelToken()
        self.result: BackupResult | None = None
        self.error: BaseException | None = None
        self.ended_at: float | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            with Archive.open(self.root) as archive:
                options = BackupOptions(workers=2)
                self.result = BackupRun(self.client, archive, options, cancel=self.cancel).run()
        except BaseException as exc:  # the test reports it
            self.error = exc
        finally:
            self.ended_at = time.monotonic()
            self.client.close()

    def start(self) -> float:
        started = time.monotonic()
        self.thread.start()
        return started

    def wait(self, timeout: float) -> BackupResult:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"the run was still going after {timeout:.0f} s"
        assert self.error is None, repr(self.error)
        assert self.result is not None
        return self.result


def statuses(root: Path) -> list[Any]:
    with Archive.open(root, write=False) as archive:
        return [s.status for s in archive.snapshots()]


def test_a_trickled_answer_ends_the_run_at_the_deadline(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=61, boards=3, pins=20)
    trickle(sandbox, r"^/v5/boards/\d+/pins$")  # the third request of the run
    deadline_s = 1.5
    run = RunInThread(sandbox, archive_root, deadline_s)
    started = run.start()

    result = run.wait(ENOUGH_S)

    took = (run.ended_at or 0) - started
    assert result.outcome == RunOutcome.FAILED
    assert result.stopped is not None and "too slow" in result.stopped, result.stopped
    # Not retried: one deadline, not six, however the server trickles.
    assert trickles_served(sandbox) == 1
    assert took < deadline_s + 5, took
    assert statuses(archive_root) == ["partial"]
    # The archive was let go: the next run (the server well again) completes.
    control(sandbox, "faults", {"clear_script": True})
    again = RunInThread(sandbox, archive_root, 120.0)
    again.start()
    assert again.wait(ENOUGH_S).complete


def test_a_cancel_stops_a_trickled_answer_within_a_gap_or_two(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=62, boards=3, pins=20)
    trickle(sandbox, "^/v5/boards$")
    run = RunInThread(sandbox, archive_root, 120.0)  # the real deadline: only cancel ends it
    run.start()
    waited = time.monotonic()
    while trickles_served(sandbox) == 0 and time.monotonic() - waited < ENOUGH_S:
        time.sleep(0.05)
    time.sleep(10 * INTERVAL_S)  # well into the trickle
    cancelled_at = time.monotonic()
    run.cancel.cancel()

    result = run.wait(ENOUGH_S)

    to_stop = (run.ended_at or 0) - cancelled_at
    assert result.outcome == RunOutcome.CANCELLED
    # Seen between two pieces of the trickle, then the snapshot is closed: a few gaps, and
    # never more than two seconds.
    assert to_stop < max(2.0, 5 * INTERVAL_S), to_stop
    assert statuses(archive_root) == ["partial"]


class GetInThread:
    """One `Transport.get` on a thread of its own, timed, so a test can cancel it and a
    server that holds it forever fails the test instead of hanging it."""

    def __init__(self, sandbox: Sandbox, path: str, deadline_s: float) -> None:
        self.cancel = CancelToken()
        self.transport = Transport(
            sandbox.api_base,
            StaticToken(sandbox.access_token),
            RateLimiter(time.time, time.sleep),
            deadline_s=deadline_s,
            cancel=self.cancel,
        )
        self.path = path
        self.error: BaseException | None = None
        self.ended_at: float | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.transport.get(self.path)
        except BaseException as exc:  # the test judges it
            self.error = exc
        finally:
            self.ended_at = time.monotonic()
            self.transport.close()

    def start(self) -> float:
        started = time.monotonic()
        self.thread.start()
        return started

    def wait(self, timeout: float) -> BaseException | None:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"the request was still going after {timeout:.0f} s"
        return self.error


def script(sandbox: Sandbox, kind: str, path: str, **fields: Any) -> None:
    fault = {"kind": kind, "path": path, "method": "GET", "times": 100, **fields}
    control(sandbox, "faults", {"script": [fault]})


def served(sandbox: Sandbox, kind: str) -> int:
    count: int = sandbox_state(sandbox)["faults_injected"].get(kind, 0)
    return count


# Headers sent a byte every 0.2 s (about 40 s for the lot); a gzip body of empty blocks
# every 0.1 s up to 200 KB (over an hour): either holds a request far past its deadline
# unless the deadline covers the headers and every compressed byte.
HOSTILE = {
    "slow_headers": {"trickle_bytes": 1, "trickle_interval_ms": 200},
    "gzip_trickle": {"declared_bytes": DECLARED, "trickle_interval_ms": 100},
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_an_answer_is_held_to_its_deadline_headers_and_compressed_body_too(
    make_sandbox: Callable[..., Sandbox], kind: str
) -> None:
    sandbox = make_sandbox(seed=64, boards=2, pins=5)
    script(sandbox, kind, "^/v5/boards$", **HOSTILE[kind])
    deadline_s = 1.5
    get = GetInThread(sandbox, "/boards", deadline_s)
    started = get.start()

    error = get.wait(ENOUGH_S)

    took = (get.ended_at or 0) - started
    assert isinstance(error, ConnectionFailed) and "too slow" in str(error), repr(error)
    assert served(sandbox, kind) == 1  # not asked again
    # The deadline and a little: the watch looks a few times a second.
    assert took < deadline_s + 2.0, took


# Where a request can sit when the user cancels: headers a byte every 0.2 s; a body byte
# every 20 s (a long silent gap, within the 30 s read timeout); no byte at all for 20 s
# before the status line; a gzip body of empty blocks.
WAITS = {
    "slow_headers": {"trickle_bytes": 1, "trickle_interval_ms": 200},
    "trickle": {"trickle_bytes": 1, "trickle_interval_ms": 20_000, "declared_bytes": DECLARED},
    "latency": {"latency_ms": 20_000},
    "gzip_trickle": {"declared_bytes": DECLARED, "trickle_interval_ms": 100},
}


@pytest.mark.parametrize("kind", sorted(WAITS))
def test_a_cancel_stops_a_request_wherever_it_waits(
    make_sandbox: Callable[..., Sandbox], kind: str
) -> None:
    sandbox = make_sandbox(seed=65, boards=2, pins=5)
    script(sandbox, kind, "^/v5/boards$", **WAITS[kind])
    get = GetInThread(sandbox, "/boards", 120.0)  # the real deadline: only cancel ends it
    get.start()
    waited = time.monotonic()
    while served(sandbox, kind) == 0 and time.monotonic() - waited < ENOUGH_S:
        time.sleep(0.05)
    time.sleep(1.0)  # well into the wait
    cancelled_at = time.monotonic()
    get.cancel.cancel()

    error = get.wait(ENOUGH_S)

    to_stop = (get.ended_at or 0) - cancelled_at
    assert isinstance(error, Cancelled), repr(error)
    # "Within a second or two" of the cancel, whatever the server's next byte would take.
    assert to_stop < 2.0, to_stop


def test_a_write_held_by_slow_headers_ends_at_its_deadline_with_its_outcome_unknown(
    make_sandbox: Callable[..., Sandbox],
) -> None:
    """A write is held to its deadline too, and then says it may have taken effect: the
    server may have acted on it before its answer stalled."""
    sandbox = make_sandbox(seed=66, boards=2, pins=5)
    control(sandbox, "faults", {"script": [
        {"kind": "slow_headers", "path": "^/v5/boards$", "method": "POST", "times": 1,
         "trickle_bytes": 1, "trickle_interval_ms": 200}]})  # fmt: skip
    deadline_s = 1.5
    transport = Transport(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        RateLimiter(time.time, time.sleep),
        deadline_s=deadline_s,
    )
    started = time.monotonic()
    try:
        with pytest.raises(ConnectionFailed) as failed:
            transport.write("POST", "/boards", {"name": "held"})
    finally:
        transport.close()
    took = time.monotonic() - started
    assert failed.value.outcome_unknown, failed.value
    assert took < deadline_s + 2.0, took
