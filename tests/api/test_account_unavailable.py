"""A suspended account is told apart from a bad login: AccountUnavailable, with no attempt
to renew tokens that would not help, and it clears on reinstatement."""

from __future__ import annotations

import json

import keyring
import pytest

from creator_backup.api.errors import AccountUnavailable, AuthenticationFailed
from creator_backup.api.factory import make_client
from creator_backup.auth.oauth import TokenSet
from creator_backup.auth.secrets import SERVICE, KeyringStore
from creator_backup.auth.static import StaticToken
from creator_backup.auth.tokens import RefreshingTokens, tokens_key
from creator_backup.sandbox import Sandbox
from tests.sandbox_fixture import SandboxFactory

from .helpers import FakeClock, RecordingSleep, calls_to, control, state


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=5, extras=False, access_token_ttl_s=3600)


def test_a_suspended_account_is_account_unavailable(sandbox: Sandbox, clock: FakeClock) -> None:
    sleep = RecordingSleep(clock.advance)
    client = make_client(
        sandbox.api_base, StaticToken(sandbox.access_token), sleep=sleep, clock=clock
    )
    try:
        assert client.get_account().username == sandbox.username
        control(sandbox, "/account/suspend")
        with pytest.raises(AccountUnavailable) as caught:
            client.get_account()
        assert not isinstance(caught.value, AuthenticationFailed)
        assert caught.value.status == 401
        assert caught.value.request_id
        assert "unavailable" in caught.value.message
        with pytest.raises(AccountUnavailable):
            list(client.iter_boards())
        assert client.stats.refreshes == 0  # renewing would not help
        control(sandbox, "/account/reinstate")
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert sleep.calls == []  # not retried either


def test_a_suspended_account_with_a_renewable_login_is_not_renewed(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    key = "sandbox|creator"
    tokens = TokenSet(
        sandbox.access_token, clock() + 3600, sandbox.refresh_token, clock() + 86_400, ()
    )
    keyring.set_password(SERVICE, tokens_key(key), json.dumps(tokens.to_json()))
    renewing = RefreshingTokens(
        key, KeyringStore(), sandbox.api_base, sandbox.client_id, sandbox.client_secret, clock=clock
    )
    client = make_client(sandbox.api_base, renewing, clock=clock)
    control(sandbox, "/account/suspend")
    try:
        with pytest.raises(AccountUnavailable):
            client.get_account()
    finally:
        client.close()
    assert state(sandbox)["token_refreshes"] == 0
    assert calls_to(sandbox, "GET /v5/user_account") == 1


def test_an_expired_token_on_a_suspended_account_is_account_unavailable_too(
    sandbox: Sandbox, clock: FakeClock
) -> None:
    # The server first refuses the expired token (a plain 401); the renewal is then refused
    # because the user is deactivated: that is the account, not the login.
    key = "sandbox|creator"
    tokens = TokenSet(
        sandbox.access_token, clock() + 3600, sandbox.refresh_token, clock() + 86_400, ()
    )
    keyring.set_password(SERVICE, tokens_key(key), json.dumps(tokens.to_json()))
    renewing = RefreshingTokens(
        key, KeyringStore(), sandbox.api_base, sandbox.client_id, sandbox.client_secret, clock=clock
    )
    client = make_client(sandbox.api_base, renewing, clock=clock)
    control(sandbox, "/account/suspend")
    sandbox.clock.advance(7200)
    try:
        with pytest.raises(AccountUnavailable):
            client.get_account()
    finally:
        client.close()
    assert calls_to(sandbox, "POST /v5/oauth/token") == 1  # one renewal asked, refused
    assert calls_to(sandbox, "GET /v5/user_account") == 1
