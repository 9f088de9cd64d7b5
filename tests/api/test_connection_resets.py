"""A connection that breaks mid-body: a GET is read again; a write is never sent twice,
because whether it took effect is unknown."""

from __future__ import annotations

import pytest

from creator_backup.api.errors import ConnectionFailed
from creator_backup.api.factory import make_client
from creator_backup.api.transport import RetryPolicy
from creator_backup.auth.static import StaticToken
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, RecordingSleep, calls_to, script_faults, state

BROKEN_BODIES = ["reset", "truncate"]  # a TCP RST half-way, a clean close half-way


@pytest.mark.parametrize("kind", BROKEN_BODIES)
def test_a_get_broken_mid_body_is_retried_and_succeeds(
    make_sandbox: SandboxFactory, clock: FakeClock, kind: str
) -> None:
    sandbox = make_sandbox(boards=1, pins=3, extras=False)
    script_faults(sandbox, {"kind": kind, "method": "GET", "path": "^/v5/user_account$"})
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        account = client.get_account()
        assert client.stats.retries == 1
    finally:
        client.close()
    assert account.username == sandbox.username
    assert len(sleep.calls) == 1 and 0 < sleep.calls[0] <= 0.5  # the first backoff step
    assert calls_to(sandbox, "GET /v5/user_account") == 2
    assert state(sandbox)["faults_injected"] == {kind: 1}


def test_a_listing_with_a_reset_on_its_second_page_is_complete_and_has_no_duplicates(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=600, extras=False)
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        (board,) = list(client.iter_boards())
        listing = client.iter_board_pins(board.id)
        ids = [next(listing).id]  # the first page is in
        script_faults(sandbox, {"kind": "reset", "method": "GET", "path": "/pins$"})
        ids.extend(p.id for p in listing)
    finally:
        client.close()
    assert len(ids) == 600 and len(set(ids)) == 600
    assert calls_to(sandbox, "GET /v5/boards/{board_id}/pins") == 4  # 3 pages + 1 retry
    assert len(sleep.calls) == 1


@pytest.mark.parametrize("kind", BROKEN_BODIES)
def test_a_post_broken_mid_body_is_not_retried_and_its_outcome_is_unknown(
    make_sandbox: SandboxFactory, clock: FakeClock, kind: str
) -> None:
    sandbox = make_sandbox(boards=1, pins=3, extras=False)
    script_faults(sandbox, {"kind": kind, "method": "POST", "path": "^/v5/boards$"})
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        retry=RetryPolicy(attempts=6),
        sleep=sleep,
        clock=clock,
    )
    try:
        with pytest.raises(ConnectionFailed) as caught:
            client.transport.write(
                "POST", "/boards", {"name": "Restored board"}, scopes=("boards:write",)
            )
        assert client.stats.calls == 1
        assert client.stats.retries == 0
    finally:
        client.close()
    assert caught.value.outcome_unknown is True
    assert "unknown" in caught.value.message
    assert sleep.calls == []
    assert calls_to(sandbox, "POST /v5/boards") == 1
    # Why it must not be retried: the server did create the board before the line broke.
    names = [board["name"] for board in state(sandbox)["boards"]]
    assert names.count("Restored board") == 1


def test_a_get_that_keeps_breaking_ends_as_connection_failed(
    make_sandbox: SandboxFactory, clock: FakeClock
) -> None:
    sandbox = make_sandbox(boards=1, pins=3, extras=False)
    script_faults(sandbox, {"kind": "reset", "method": "GET", "path": "^/v5/boards$", "times": 9})
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base,
        StaticToken(sandbox.access_token),
        retry=RetryPolicy(attempts=4),
        sleep=sleep,
        clock=clock,
    )
    try:
        with pytest.raises(ConnectionFailed) as caught:
            list(client.iter_boards())
    finally:
        client.close()
    assert not caught.value.outcome_unknown
    assert len(sleep.calls) == 3
    assert calls_to(sandbox, "GET /v5/boards") == 4
