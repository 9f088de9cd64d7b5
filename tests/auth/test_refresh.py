"""Tokens that expire mid-run: RefreshingTokens renews them once, saves the rotated refresh
token (read back from the keyring here), and never spends a refresh token twice."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import keyring
import pytest

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.api.factory import make_client
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import TokenSet
from creator_backup.auth.secrets import SERVICE, KeyringStore
from creator_backup.auth.service import AccountService
from creator_backup.auth.tokens import REFRESH_MARGIN_S, RefreshingTokens, tokens_key
from creator_backup.sandbox import Sandbox
from tests.api.helpers import (
    FakeClock,
    RecordingSleep,
    calls_to,
    script_faults,
    state,
)
from tests.sandbox_fixture import SandboxFactory

from .helpers import account_answer, refresh_at_sandbox, stored_tokens

ACCESS_TTL = 3600
KEY = "sandbox|creator"
DAY = 24 * 3600


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=1, pins=600, extras=False, access_token_ttl_s=ACCESS_TTL)


def connect(sandbox: Sandbox, clock: FakeClock) -> RefreshingTokens:
    """The sandbox's first token set, saved as a login would save it."""
    tokens = TokenSet(
        sandbox.access_token,
        clock() + ACCESS_TTL,
        sandbox.refresh_token,
        clock() + 60 * DAY,
        ("boards:read", "pins:read", "user_accounts:read"),
    )
    keyring.set_password(SERVICE, tokens_key(KEY), json.dumps(tokens.to_json()))
    return renewer(sandbox, clock)


def renewer(sandbox: Sandbox, clock: FakeClock) -> RefreshingTokens:
    return RefreshingTokens(
        KEY, KeyringStore(), sandbox.api_base, sandbox.client_id, sandbox.client_secret, clock=clock
    )


def test_a_token_expiring_mid_listing_is_renewed_and_the_listing_continues(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    tokens = connect(sandbox, clock)
    client = make_client(sandbox.api_base, tokens, sleep=RecordingSleep(clock.advance), clock=clock)
    try:
        (board,) = list(client.iter_boards())
        listing = client.iter_board_pins(board.id)
        ids = [next(listing).id]
        sandbox.clock.advance(ACCESS_TTL + 60)  # the server's token dies between two pages
        ids.extend(p.id for p in listing)
        assert client.stats.refreshes == 1  # one 401, one renewal
    finally:
        client.close()
    assert len(ids) == 600 and len(set(ids)) == 600
    assert tokens.refresh_count == 1
    assert state(sandbox)["token_refreshes"] == 1
    assert calls_to(sandbox, "GET /v5/boards/{board_id}/pins") == 4  # 3 pages + the refused one
    # The rotated set is what the keyring holds now...
    saved = stored_tokens(KEY)
    assert saved is not None and saved == tokens.tokens
    assert saved.access_token != sandbox.access_token
    assert saved.refresh_token and saved.refresh_token != sandbox.refresh_token
    assert saved.access_expires_at == clock() + ACCESS_TTL
    # ...the spent refresh token is refused by the server, and the saved one is honoured.
    assert refresh_at_sandbox(sandbox, sandbox.refresh_token).status_code == 400
    assert account_answer(sandbox, sandbox.access_token) == 401
    assert account_answer(sandbox, saved.access_token) == 200
    assert refresh_at_sandbox(sandbox, saved.refresh_token).status_code == 200


def test_a_token_close_to_expiry_is_renewed_before_it_is_refused(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    tokens = connect(sandbox, clock)
    client = make_client(sandbox.api_base, tokens, clock=clock)
    try:
        client.get_account()
        clock.advance(ACCESS_TTL - REFRESH_MARGIN_S + 1)  # inside the safety margin
        client.get_account()
        assert client.stats.refreshes == 0  # no 401 was needed
    finally:
        client.close()
    assert tokens.refresh_count == 1
    assert state(sandbox)["token_refreshes"] == 1
    assert calls_to(sandbox, "GET /v5/user_account") == 2
    saved = stored_tokens(KEY)
    assert saved is not None and saved.refresh_token != sandbox.refresh_token


@pytest.mark.parametrize("threads", [2, 8])
def test_concurrent_refreshes_are_coalesced_into_one_token_request(
    sandbox: Sandbox, clock: FakeClock, threads: int
) -> None:
    tokens = connect(sandbox, clock)
    # A slow token endpoint keeps the first refresh in flight while the others arrive.
    script_faults(
        sandbox, {"kind": "latency", "path": "^/v5/oauth/token$", "latency_ms": 300, "times": 8}
    )
    barrier = threading.Barrier(threads)
    results: list[str] = []
    errors: list[BaseException] = []

    def refresh() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(tokens.refresh_after(sandbox.access_token))
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=refresh) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert errors == []
    assert len(results) == threads and len(set(results)) == 1
    assert results[0] != sandbox.access_token
    assert state(sandbox)["token_refreshes"] == 1
    assert calls_to(sandbox, "POST /v5/oauth/token") == 1
    assert tokens.refresh_count == 1


def test_concurrent_calls_meeting_an_expired_token_share_one_renewal(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    tokens = connect(sandbox, clock)
    client = make_client(sandbox.api_base, tokens, clock=clock)
    script_faults(
        sandbox, {"kind": "latency", "path": "^/v5/oauth/token$", "latency_ms": 300, "times": 4}
    )
    sandbox.clock.advance(ACCESS_TTL + 60)
    barrier = threading.Barrier(4)
    names: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait(timeout=10)
            names.append(client.get_account().username)
        except BaseException as exc:
            errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(4)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=30)
    finally:
        client.close()
    assert errors == []
    assert names == [sandbox.username] * 4
    assert state(sandbox)["token_refreshes"] == 1


def test_a_renewal_by_another_process_is_picked_up_not_repeated(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    first = connect(sandbox, clock)
    second = renewer(sandbox, clock)  # another process, same keyring, same old tokens
    renewed = first.refresh_after(sandbox.access_token)
    # The second one was refused the old token too; it must not spend the old refresh
    # token (already rotated away) but read the new set from the keyring.
    assert second.refresh_after(sandbox.access_token) == renewed
    assert second.tokens == first.tokens
    assert state(sandbox)["token_refreshes"] == 1


def test_a_refresh_token_spent_elsewhere_means_log_in_again_not_a_retry_loop(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    tokens = connect(sandbox, clock)
    # Someone else (another machine with a copy of the login) rotated it away.
    assert refresh_at_sandbox(sandbox, sandbox.refresh_token).status_code == 200
    sandbox.clock.advance(ACCESS_TTL + 60)
    client = make_client(sandbox.api_base, tokens, clock=clock)
    try:
        with pytest.raises(AuthenticationFailed, match="log in again"):
            client.get_account()
    finally:
        client.close()
    assert calls_to(sandbox, "GET /v5/user_account") == 1
    assert calls_to(sandbox, "POST /v5/oauth/token") == 2  # the test's own, then the app's one


def test_keep_alive_renews_a_refresh_token_left_unused_for_a_week(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    tokens = connect(sandbox, clock)
    assert tokens.keep_alive() is False
    assert state(sandbox)["token_refreshes"] == 0
    clock.advance(8 * DAY)
    sandbox.clock.advance(8 * DAY)
    assert tokens.keep_alive() is True
    saved = stored_tokens(KEY)
    assert saved is not None and saved.refresh_token != sandbox.refresh_token
    assert saved.refresh_expires_at is not None and saved.refresh_expires_at > clock() + 59 * DAY
    assert tokens.keep_alive() is False  # a fresh one is left alone
    assert state(sandbox)["token_refreshes"] == 1


def test_every_run_keeps_a_week_old_login_alive(
    sandbox: Sandbox, clock: FakeClock, tmp_path: Path
) -> None:
    service = AccountService(tmp_path, sandbox.api_base, clock=clock)
    record = AccountRecord("creator", "1", sandbox.api_base, sandbox.client_id, "keyring")
    keyring.set_password(SERVICE, f"app-secret:{sandbox.client_id}", sandbox.client_secret)
    tokens = TokenSet(sandbox.access_token, clock() + ACCESS_TTL, sandbox.refresh_token,
                      clock() + 60 * DAY, ())  # fmt: skip
    keyring.set_password(SERVICE, tokens_key(record.key), json.dumps(tokens.to_json()))
    service.client_for(record).close()
    assert state(sandbox)["token_refreshes"] == 0  # a fresh login is left alone
    clock.advance(8 * DAY)
    sandbox.clock.advance(8 * DAY)
    service.client_for(record).close()
    assert state(sandbox)["token_refreshes"] == 1
    saved = stored_tokens(record.key)
    assert saved is not None and saved.refresh_token != sandbox.refresh_token
