"""The whole browser login against the sandbox's authorize page: the redirect comes back to
the app's one-shot listener on 127.0.0.1, the state is checked, strays are ignored, and a
login that never comes back ends with a clear LoginFailed."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.auth.accounts import AccountRecord
from creator_backup.auth.oauth import LOOPBACK_PORTS, READ_SCOPES, LoginFailed
from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.service import AccountService
from creator_backup.auth.tokens import app_secret_key, tokens_key
from creator_backup.errors import Cancelled
from creator_backup.sandbox import Sandbox
from tests.api.helpers import calls_to
from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import SandboxFactory

from .helpers import (
    Browser,
    account_answer,
    free_port,
    nothing_listens,
    query_of,
    stored_tokens,
    with_query,
)

TOKEN_CALLS = "POST /v5/oauth/token"


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory, port: int) -> Sandbox:
    # The sandbox registers exactly the one redirect URI this test's listener will use.
    return make_sandbox(
        boards=2,
        pins=5,
        extras=False,
        auto_approve=True,
        redirect_uris=(f"http://127.0.0.1:{port}/",),
    )


@pytest.fixture
def service(tmp_path: Path, sandbox: Sandbox) -> AccountService:
    return AccountService(tmp_path / "config", sandbox.api_base)


def login(
    service: AccountService, sandbox: Sandbox, browser: Browser, port: int, timeout_s: float = 10
) -> AccountRecord:
    return service.login_with_browser(
        sandbox.client_id,
        sandbox.client_secret,
        browser.open,
        timeout_s=timeout_s,
        ports=(port,),
    )


def test_browser_login_connects_and_keeps_the_login_in_the_keyring(
    service: AccountService, sandbox: Sandbox, port: int, memory_keyring: MemoryKeyring
) -> None:
    browser = Browser()
    record = service.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, ports=(port,)
    )
    browser.join()
    assert record.username == sandbox.username
    assert record.app_id == sandbox.client_id and record.storage == "keyring"
    # What the app asked Pinterest for.
    asked = query_of(browser.authorize_url or "")
    assert asked["client_id"] == sandbox.client_id
    assert asked["redirect_uri"] == f"http://127.0.0.1:{port}/"
    assert asked["response_type"] == "code"
    assert asked["scope"].split(",") == list(READ_SCOPES)
    assert len(asked["state"]) >= 32
    assert query_of(browser.redirect or "")["state"] == asked["state"]
    assert browser.callback_status == 200 and "You are logged in" in browser.callback_page
    # One code exchange; the tokens are in the keyring and work; the secret is there too.
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    tokens = stored_tokens(record.key)
    assert tokens is not None and tokens.refresh_token
    assert set(tokens.scopes) == set(READ_SCOPES)
    assert account_answer(sandbox, tokens.access_token) == 200
    assert memory_keyring.values[(SERVICE, app_secret_key(sandbox.client_id))] == (
        sandbox.client_secret
    )
    # The accounts file names the account and holds no secret.
    accounts = (service.config_dir / "accounts.json").read_text("utf-8")
    for secret in (tokens.access_token, tokens.refresh_token, sandbox.client_secret):
        assert secret not in accounts
    assert json.loads(accounts)["accounts"][0]["username"] == sandbox.username
    # And the saved login is usable on its own.
    client = service.client_for(record)
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    assert nothing_listens(port)  # the listener is gone


def test_the_default_loopback_ports_work_with_the_default_registration(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=1, extras=False, auto_approve=True)
    service = AccountService(tmp_path / "config", sandbox.api_base)
    browser = Browser()
    record = service.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10
    )
    browser.join()
    assert record.username == sandbox.username
    redirect_uri = query_of(browser.authorize_url or "")["redirect_uri"]
    assert redirect_uri in {"http://localhost:8085/"} | {
        f"http://127.0.0.1:{p}/" for p in LOOPBACK_PORTS
    }


def test_a_stray_favicon_request_does_not_end_the_login(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    browser = Browser(stray_first=True)
    record = login(service, sandbox, browser, port)
    browser.join()
    assert browser.stray_status == 404
    assert browser.callback_status == 200
    assert record.username == sandbox.username


@pytest.mark.parametrize(
    "state", ["not-the-state", None, "\u00e9t\u00e9"], ids=["wrong", "missing", "non-ascii"]
)
def test_an_answer_with_a_wrong_or_missing_state_is_ignored_and_the_real_one_connects(
    service: AccountService, sandbox: Sandbox, port: int, state: str | None
) -> None:
    # Any local process can reach the login port; its answer must not end the login.
    browser = Browser(forged_first=state)
    record = login(service, sandbox, browser, port)
    browser.join()
    assert browser.forged_status == 400
    assert browser.callback_status == 200 and "You are logged in" in browser.callback_page
    assert record.username == sandbox.username
    assert calls_to(sandbox, TOKEN_CALLS) == 1  # only the real code was exchanged
    assert nothing_listens(port)


@pytest.mark.parametrize("state", ["not-the-state", None], ids=["wrong", "missing"])
def test_a_login_that_only_gets_wrong_states_fails_at_its_timeout_saying_so(
    service: AccountService,
    sandbox: Sandbox,
    port: int,
    memory_keyring: MemoryKeyring,
    state: str | None,
) -> None:
    browser = Browser(tamper=lambda url: with_query(url, state=state))
    with pytest.raises(LoginFailed, match=r"1 answer that did not belong .*state check failed"):
        login(service, sandbox, browser, port, timeout_s=1.5)
    browser.join()
    assert browser.callback_status == 400
    assert "did not complete" in browser.callback_page
    assert calls_to(sandbox, TOKEN_CALLS) == 0  # the code was never exchanged
    assert not any(user.startswith("tokens:") for _, user in memory_keyring.values)
    assert service.registry.load() == []
    assert nothing_listens(port)


def test_a_refusal_on_pinterests_page_is_a_clear_login_failure(
    make_sandbox: SandboxFactory, tmp_path: Path, port: int
) -> None:
    sandbox = make_sandbox(
        boards=1, pins=1, extras=False, redirect_uris=(f"http://127.0.0.1:{port}/",)
    )
    service = AccountService(tmp_path / "config", sandbox.api_base)
    browser = Browser(decision="decline")
    with pytest.raises(LoginFailed, match="Access was not given"):
        login(service, sandbox, browser, port)
    browser.join()
    assert query_of(browser.redirect or "")["error"] == "access_denied"
    assert calls_to(sandbox, TOKEN_CALLS) == 0


def test_a_browser_that_never_comes_back_times_out_clearly(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    browser = Browser(follow=False)
    started = time.monotonic()
    with pytest.raises(LoginFailed, match="No answer came back from the browser within 1 second"):
        login(service, sandbox, browser, port, timeout_s=1)
    assert time.monotonic() - started < 3
    browser.join()
    assert nothing_listens(port)
    assert service.registry.load() == []


def test_a_silent_connection_cannot_hold_the_login_past_its_timeout(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    # A browser's speculative preconnect: a connection that never sends a request.
    idle = socket.socket()

    def preconnect(url: str) -> None:
        idle.connect(("127.0.0.1", port))

    started = time.monotonic()
    try:
        with pytest.raises(LoginFailed, match="No answer came back"):
            service.login_with_browser(
                sandbox.client_id, sandbox.client_secret, preconnect, timeout_s=1, ports=(port,)
            )
        assert time.monotonic() - started < 3
    finally:
        idle.close()


def test_a_silent_connection_does_not_block_the_real_answer(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    idle = socket.socket()
    browser = Browser()

    def preconnect_then_browse(url: str) -> None:
        idle.connect(("127.0.0.1", port))
        browser.open(url)

    try:
        record = service.login_with_browser(
            sandbox.client_id,
            sandbox.client_secret,
            preconnect_then_browse,
            timeout_s=10,
            ports=(port,),
        )
    finally:
        idle.close()
    browser.join()
    assert record.username == sandbox.username


def test_cancelling_ends_the_wait(service: AccountService, sandbox: Sandbox, port: int) -> None:
    browser = Browser(follow=False)
    started = time.monotonic()
    with pytest.raises(Cancelled, match="cancelled"):
        service.login_with_browser(
            sandbox.client_id,
            sandbox.client_secret,
            browser.open,
            timeout_s=30,
            cancelled=lambda: time.monotonic() - started > 0.3,
            ports=(port,),
        )
    assert time.monotonic() - started < 3
    browser.join()
    assert nothing_listens(port)


def test_a_browser_that_cannot_open_releases_the_port(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    def broken(url: str) -> None:
        raise OSError("no browser here")

    with pytest.raises(OSError, match="no browser"):
        service.login_with_browser(
            sandbox.client_id, sandbox.client_secret, broken, timeout_s=5, ports=(port,)
        )
    assert nothing_listens(port)


def test_a_wrong_app_secret_fails_at_the_code_exchange(
    service: AccountService, sandbox: Sandbox, port: int, memory_keyring: MemoryKeyring
) -> None:
    browser = Browser()
    with pytest.raises(AuthenticationFailed, match="app id or secret is wrong"):
        service.login_with_browser(
            sandbox.client_id, "not-the-secret", browser.open, timeout_s=10, ports=(port,)
        )
    browser.join()
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    assert service.registry.load() == []
    assert (SERVICE, tokens_key(f"{sandbox.api_base}|{sandbox.username}")) not in (
        memory_keyring.values
    )
    # The refused secret is not kept for the next login to reuse without asking.
    assert (SERVICE, app_secret_key(sandbox.client_id)) not in memory_keyring.values


@pytest.mark.parametrize("reuse", [False, True], ids=["plain", "reuseaddr"])
def test_a_port_another_program_listens_on_is_not_taken_over(
    service: AccountService, sandbox: Sandbox, port: int, reuse: bool
) -> None:
    with socket.socket() as squatter:
        if reuse:
            squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        with pytest.raises(LoginFailed, match=f"Every login port is in use \\({port}\\)"):
            login(service, sandbox, Browser(), port)


def test_the_next_port_is_tried_when_the_first_is_taken(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    taken, spare = free_port(), free_port()
    sandbox = make_sandbox(
        boards=1,
        pins=1,
        extras=False,
        auto_approve=True,
        redirect_uris=(f"http://127.0.0.1:{taken}/", f"http://127.0.0.1:{spare}/"),
    )
    service = AccountService(tmp_path / "config", sandbox.api_base)
    browser = Browser()
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", taken))
        squatter.listen()
        service.login_with_browser(
            sandbox.client_id,
            sandbox.client_secret,
            browser.open,
            timeout_s=10,
            ports=(taken, spare),
        )
    browser.join()
    assert query_of(browser.authorize_url or "")["redirect_uri"] == f"http://127.0.0.1:{spare}/"


def test_a_login_right_after_a_failed_one_can_use_the_same_port(
    service: AccountService, sandbox: Sandbox, port: int
) -> None:
    # Only one redirect URI is registered: the retry must get the same port back at once,
    # though the first attempt's closed connection is still in TIME_WAIT.
    refused = Browser(tamper=lambda url: with_query(url, state="stale-tab"))
    with pytest.raises(LoginFailed):
        login(service, sandbox, refused, port, timeout_s=1.5)
    refused.join()
    browser = Browser()
    record = login(service, sandbox, browser, port)
    browser.join()
    assert browser.callback_status == 200
    assert service.registry.load() == [record]
