"""The app owner's own login (client_credentials) through the application layer, over real
HTTP against the sandbox: it connects the account that owns the app with no browser, keeps
the secret first and drops a refused one, and is renewed by asking again when it runs out
(there is no refresh token)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.application.connect import APP_REFUSED_HELP, AppRefused
from creator_backup.auth.accounts import BY_APP, BY_BROWSER, BY_TOKEN, AccountRegistry
from creator_backup.auth.oauth import READ_SCOPES, WRITE_SCOPES
from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.tokens import app_secret_key
from creator_backup.sandbox import Sandbox
from tests.api.helpers import calls_to, script_faults
from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import TOKEN_CALLS, application, tokens_in
from .helpers import account_answer

ACCESS_TTL = 3600


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=5, access_token_ttl_s=ACCESS_TTL)


def test_the_app_s_own_login_connects_its_owner_without_a_browser(
    sandbox: Sandbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert record.username == sandbox.username
    assert (record.app_id, record.storage, record.method) == (sandbox.client_id, "keyring", BY_APP)
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    tokens = tokens_in(app, record.key)
    assert tokens.refresh_token is None and tokens.refresh_expires_at is None
    assert set(tokens.scopes) == set(READ_SCOPES) and not tokens.scopes_probed
    assert account_answer(sandbox, tokens.access_token) == 200
    assert memory_keyring.values[(SERVICE, app_secret_key(sandbox.client_id))] == (
        sandbox.client_secret
    )
    accounts = (tmp_path / "home" / "config" / "accounts.json").read_text("utf-8")
    assert json.loads(accounts)["accounts"][0]["login_method"] == BY_APP
    for secret in (tokens.access_token, sandbox.client_secret):
        assert secret not in accounts
    with app.accounts.login(record) as login:
        assert app.accounts.live_account(login).username == sandbox.username
        assert set(login.client.granted_scopes) == set(READ_SCOPES)
    health = app.connect.login_health(record)
    assert health.renewable and health.relogin_by is None
    assert health.secret_content_backed_up is True
    assert health.missing_scopes == () and health.sentence == ""


def test_the_app_s_own_login_with_write_asks_for_the_write_scopes(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_client_credentials(
        sandbox.client_id, sandbox.client_secret, write=True
    )
    assert set(tokens_in(app, record.key).scopes) == set(READ_SCOPES + WRITE_SCOPES)
    assert app.restores.can_write(record) is True


def test_a_wrong_secret_is_refused_in_a_sentence_and_not_kept(
    sandbox: Sandbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    app = application(tmp_path, sandbox)
    with pytest.raises(AppRefused) as refused:
        app.connect.login_with_client_credentials(sandbox.client_id, "not-the-secret")
    assert refused.value.message == APP_REFUSED_HELP
    assert "not-the-secret" not in refused.value.message
    assert memory_keyring.values == {}  # neither the secret nor a login
    assert app.accounts.connected() == []
    # A secret saved by an earlier login stays the one kept.
    app.account_service.save_app_secret(sandbox.client_id, sandbox.client_secret)
    with pytest.raises(AppRefused):
        app.connect.login_with_client_credentials(sandbox.client_id, "still-not-it")
    assert app.connect.saved_secret(sandbox.client_id) == sandbox.client_secret


def test_an_expired_app_login_is_renewed_by_asking_again(sandbox: Sandbox, tmp_path: Path) -> None:
    app = application(tmp_path, sandbox, on_sandbox_time=True)
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    first = tokens_in(app, record.key)
    sandbox.clock.advance(ACCESS_TTL + 60)
    assert account_answer(sandbox, first.access_token) == 401  # it has run out
    with app.accounts.login(record) as login:
        assert app.accounts.live_account(login).username == sandbox.username
        assert login.client.stats.refreshes == 0  # renewed before use: it knew the expiry
    renewed = tokens_in(app, record.key)
    assert renewed.access_token != first.access_token
    assert renewed.refresh_token is None and set(renewed.scopes) == set(READ_SCOPES)
    assert calls_to(sandbox, TOKEN_CALLS) == 2


def test_an_app_login_refused_mid_run_is_renewed_once(sandbox: Sandbox, tmp_path: Path) -> None:
    """Pinterest may refuse a token before its stated end: the 401 renews it, once."""
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    first = tokens_in(app, record.key)
    refusal = {"kind": "status", "status": 401, "code": 2, "message": "Authentication failed.",
               "method": "GET", "path": "/user_account$"}  # fmt: skip
    script_faults(sandbox, refusal)
    with app.accounts.login(record) as login:
        assert app.accounts.live_account(login).username == sandbox.username
        assert login.client.stats.refreshes == 1
    assert tokens_in(app, record.key).access_token != first.access_token
    assert calls_to(sandbox, TOKEN_CALLS) == 2


def test_an_app_login_whose_secret_is_gone_asks_for_a_new_login(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    app.account_service.forget_app_secret(sandbox.client_id)
    health = app.connect.login_health(record)
    assert not health.renewable and health.relogin_by is not None
    assert "cannot renew itself" in health.sentence
    sandbox.clock.advance(ACCESS_TTL + 60)
    with app.accounts.login(record) as login, pytest.raises(AuthenticationFailed) as failed:
        login.client.get_account()
    assert "secret is no longer saved" in failed.value.message
    assert sandbox.client_secret not in failed.value.message


def test_accounts_saved_before_the_login_method_was_kept_still_load(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    old = {"username": "old", "account_id": "1", "api_base": "http://x/v5", "storage": "keyring"}
    path.write_text(
        json.dumps({"accounts": [{**old, "app_id": "77"}, {**old, "username": "pasted",
                                                          "app_id": None}]}),
        "utf-8",
    )  # fmt: skip
    browser, pasted = AccountRegistry(path).load()
    assert (browser.login_method, browser.method) == ("", BY_BROWSER)
    assert pasted.method == BY_TOKEN
    # And a newer version's extra keys do not stop this one.
    path.write_text(json.dumps({"accounts": [{**old, "app_id": None, "later": 1}]}), "utf-8")
    assert AccountRegistry(path).load()[0].username == "old"
