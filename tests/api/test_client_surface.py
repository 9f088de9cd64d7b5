"""What the flows ask of the client instead of its transport: a cancellable scope that puts
back what was in force, observers for a block, call counts, granted scopes, the write
limit. Over real HTTP against the sandbox."""

from __future__ import annotations

import pytest

from creator_backup.api.factory import make_client
from creator_backup.api.transport import ResponseRecord
from creator_backup.auth.static import StaticToken
from creator_backup.errors import Cancelled
from creator_backup.progress import CancelToken
from creator_backup.sandbox import Sandbox
from tests.sandbox_fixture import SandboxFactory

from .helpers import calls_to


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=6, extras=False)


def test_a_cancellable_scope_ends_calls_and_puts_back_the_check_before_it(
    sandbox: Sandbox,
) -> None:
    outer, inner = CancelToken(), CancelToken()
    inner.cancel()
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    try:
        with client.cancellable(outer):
            with client.cancellable(inner), pytest.raises(Cancelled):
                client.get_account()
            client.get_account()  # the outer token, not set, is in force again
            outer.cancel()
            with pytest.raises(Cancelled):
                client.get_account()
        client.get_account()  # and after it, no check at all, as before the scope
        # Put back on the way out of an exception too.
        with pytest.raises(Cancelled), client.cancellable(inner):
            client.get_account()
        client.get_account()
    finally:
        client.close()
    # A cancelled call is refused before it goes: the sandbox saw only the others.
    assert calls_to(sandbox, "GET /v5/user_account") == 3


def test_observers_hear_the_calls_of_their_block_and_the_counts_follow(
    sandbox: Sandbox,
) -> None:
    heard: list[ResponseRecord] = []
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    try:
        client.get_account()
        before = client.calls
        with client.observing(heard.append):
            boards = list(client.iter_boards())
            last = client.last_request_id()
        listing = client.calls - before
        client.get_account()
        stats = client.stats
        client.get_account()
    finally:
        client.close()
    assert boards and listing >= 1 and len(heard) == listing  # nothing heard after the block
    assert all(r.endpoint.startswith("/boards") and r.status == 200 for r in heard)
    assert last is not None and heard[-1].request_id == last
    # The stats are a copy taken when asked; the count goes on.
    assert stats.calls == listing + 2 and client.calls == listing + 3
    assert stats.retries == 0 and stats.refreshes == 0


class ScopedToken(StaticToken):
    """A login that says what Pinterest granted it, as a saved OAuth login does."""

    scopes = ("boards:read", "pins:read")


def test_granted_scopes_and_the_write_limit(sandbox: Sandbox) -> None:
    pasted = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    scoped = make_client(
        sandbox.api_base,
        ScopedToken(sandbox.access_token),
        limits={"org_read": 1000, "org_write": 20},
    )
    unlimited = make_client(sandbox.api_base, ScopedToken("x"), limits={"org_read": 1000})
    assert pasted.granted_scopes == ()  # a pasted token cannot say
    assert scoped.granted_scopes == ("boards:read", "pins:read")
    assert pasted.write_limit == 100  # Pinterest's standard limit, kept by default
    assert scoped.write_limit == 20
    assert unlimited.write_limit is None
    for client in (pasted, scoped, unlimited):
        client.close()
