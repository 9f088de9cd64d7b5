"""Pacing under the write limit, the spam block, and Trial access.

Time is faked where waiting would be long: a clock that moves only when slept, and a sleep
that moves the sandbox's clock too, so the server's limits see the same time pass."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from creator_backup.restore.journal import State
from creator_backup.restore.pacing import WritePacer
from creator_backup.sandbox import Sandbox
from tests.api.helpers import FakeClock, RecordingSleep

from .conftest import (
    UNPACED,
    assert_restored,
    cannot_ids,
    control,
    do_backup,
    fast_client,
    journal_entries,
    lose,
    posts,
    restore,
    sandbox_state,
)


def test_the_pacer_spaces_writes_under_the_limit_with_jitter() -> None:
    clock = FakeClock(0.0)
    sleep = RecordingSleep(clock.advance)
    pacer = WritePacer(100, jitter=0.2, clock=clock, sleep=sleep, rng=random.Random(7))
    times = []
    for _ in range(300):
        pacer.wait()
        times.append(clock())
        clock.advance(0.05)  # the write itself
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.6 - 1e-9 and max(gaps) <= 0.72 + 1e-9
    assert len({round(g, 4) for g in gaps}) > 50, "jittered, not a fixed beat"
    # Never more than 100 in any minute, nor more than 4 in two seconds.
    for i, start in enumerate(times):
        assert sum(1 for t in times[i:] if t < start + 60) <= 100
        assert sum(1 for t in times[i:] if t < start + 2) <= 4


class SharedTime:
    """The run's clock and sleep: sleeping moves this clock and the sandbox's."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.clock = FakeClock()
        self.sleep = RecordingSleep(self.clock.advance, self._move_sandbox)
        self.sandbox = sandbox

    def _move_sandbox(self, seconds: float) -> None:
        control(self.sandbox, "clock", {"advance_s": seconds})

    def client_kwargs(self, writes_per_min: int) -> dict[str, Any]:
        return {
            "limits": {"org_read": 10**6, "org_write": writes_per_min},
            "clock": self.clock,
            "sleep": self.sleep,
        }

    def run_kwargs(self) -> dict[str, Any]:
        return {"clock": self.clock, "sleep": self.sleep, "rng": random.Random(3)}


def lose_some(sandbox: Sandbox, state: dict[str, Any], every: int) -> list[str]:
    return lose(
        sandbox,
        state,
        lambda p: (
            p["is_owner"] and p["media"]["media_type"] == "image" and int(p["id"]) % every == 0
        ),
    )


def test_writes_stay_under_the_servers_write_limit(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    # The one test with a low limit: 20 writes a minute, enforced by the sandbox.
    sandbox = make_sandbox(seed=51, boards=3, pins=60, write_limit_per_min=20)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    lost = lose_some(sandbox, before, every=2)
    assert len(lost) > 20, "more writes than one minute allows"
    time = SharedTime(sandbox)
    client = fast_client(sandbox, **time.client_kwargs(writes_per_min=20))
    statuses: list[int] = []
    try:
        with client.observing(lambda r: statuses.append(r.status)):
            # The pace comes from the client's write limit, as in the app.
            result = restore(
                sandbox,
                archive_root,
                client=client,
                run_kwargs=time.run_kwargs(),
                writes_per_min=None,
            )
    finally:
        client.close()
    assert result.ok, (result.failed, result.stopped)
    assert result.created["pins"] == len(lost)
    assert 429 not in statuses
    waits = time.sleep.calls
    assert len(waits) >= len(lost) - 1
    assert all(3.0 - 1e-6 <= w <= 3.6 + 0.5 for w in waits), waits
    assert time.sleep.total >= (len(lost) - 1) * 3.0
    assert_restored(before, sandbox_state(sandbox), cannot_ids(result))


def test_a_spam_block_stops_the_run_and_a_later_run_finishes(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(
        seed=52, boards=3, pins=60, write_limit_per_min=1000, spam_writes_per_2s=3
    )
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    lost = lose_some(sandbox, before, every=3)
    assert len(lost) > 4
    # Unpaced, as a careless client would: Pinterest's spam filter stops it.
    first = restore(sandbox, archive_root, writes_per_min=10**6)
    assert first.stopped is not None and "spam" in first.stopped
    assert "run the restore again" in first.stopped
    assert first.created["pins"] == 3 and not first.failed
    entries = journal_entries(archive_root)
    assert not [e for e in entries.values() if e.in_doubt]
    assert sum(1 for e in entries.values() if e.state == State.PLANNED) == 1
    writes = posts(sandbox).get("POST /v5/pins", 0)
    assert writes == 4  # three made, one refused, nothing after it

    # An hour later, at a pace the filter accepts: the rest comes back, nothing twice.
    control(sandbox, "clock", {"advance_s": 3600})
    time = SharedTime(sandbox)
    client = fast_client(sandbox, **time.client_kwargs(writes_per_min=1000))
    try:
        second = restore(
            sandbox, archive_root, client=client, run_kwargs=time.run_kwargs(), writes_per_min=60
        )
    finally:
        client.close()
    assert second.ok, (second.failed, second.stopped)
    assert second.created["pins"] == len(lost) - 3
    assert second.plan.present_counts()["pins"] == len(before["pins"]) - len(lost) + 3 - len(
        cannot_ids(second)
    )
    assert_restored(before, sandbox_state(sandbox), cannot_ids(second))


def test_trial_access_stops_unless_confirmed(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=53, boards=3, pins=40, trial=True, **UNPACED)
    assert do_backup(sandbox, archive_root).complete
    before = sandbox_state(sandbox)
    lost = lose_some(sandbox, before, every=4)
    assert len(lost) > 2

    result = restore(sandbox, archive_root)
    assert result.stopped is not None
    assert "Trial access" in result.stopped and "visible only to you" in result.stopped
    assert "code 29" in result.stopped
    # Plain words (the window shows them); the command line adds its --yes itself.
    assert "start the restore again and confirm it" in result.stopped
    assert "--yes" not in result.stopped
    assert result.created == {"boards": 0, "sections": 0, "pins": 0} and not result.failed
    assert posts(sandbox).get("POST /v5/pins", 0) == 1, "stopped at the first refusal"
    assert all(e.state == State.PLANNED for e in journal_entries(archive_root).values())

    # Confirmed: the run goes on, but what Pinterest refuses is not sent again and again.
    confirmed = restore(sandbox, archive_root, confirm_trial=True)
    assert confirmed.stopped is None
    assert len(confirmed.failed) == len(lost)
    assert all("Trial access" in str(f["reason"]) for f in confirmed.failed)
    assert posts(sandbox).get("POST /v5/pins", 0) == 2
    assert summary_pins(sandbox) == summary_pins_of(before, leave_out=set(lost))


def summary_pins(sandbox: Sandbox) -> set[str]:
    return {p["id"] for p in sandbox_state(sandbox)["pins"]}


def summary_pins_of(state: dict[str, Any], leave_out: set[str]) -> set[str]:
    return {p["id"] for p in state["pins"]} - leave_out
