"""The browser login as a creator meets it: Pinterest's quickstart address
(http://localhost:PORT/) comes back to the app's listener on 127.0.0.1 and ::1, an address
the sandbox says is not registered is not tried, and every code exchange asks for a
continuous refresh token (an app created before 2025-09-25 otherwise gets a legacy one)."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from creator_backup.auth.accounts import BY_BROWSER
from creator_backup.auth.oauth import (
    LOOPBACK_PORTS,
    QUICKSTART_PORT,
    NoAnswer,
    TokenSet,
    redirect_candidates,
    redirect_uris,
)
from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.service import AccountService
from creator_backup.auth.tokens import tokens_key
from creator_backup.sandbox.oauth import LEGACY_REFRESH_TTL_S
from tests.api.helpers import calls_to
from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import TOKEN_CALLS, application, tokens_in
from .helpers import Browser, free_port, nothing_listens, query_of, stored_tokens

DAY = 24 * 3600


def ipv6_loopback() -> bool:
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET6) as probe:
        probe.bind(("::1", 0))
        return True
    return False


needs_ipv6 = pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")


def free_on_both(port: int) -> bool:
    """Whether nothing holds `port` on 127.0.0.1 (nor on ::1 where there is IPv6)."""
    families = [(socket.AF_INET, "127.0.0.1")]
    if ipv6_loopback():
        families.append((socket.AF_INET6, "::1"))
    for family, host in families:
        with socket.socket(family) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, port))
            except OSError:
                return False
    return True


@pytest.fixture
def quickstart_port() -> Iterator[int]:
    """Port 8085 itself, which the quickstart's address names; other programs (or tests
    run beside these) may hold it, and then the test cannot be made here."""
    if not free_on_both(QUICKSTART_PORT):
        pytest.skip(f"port {QUICKSTART_PORT} is in use on this machine")
    yield QUICKSTART_PORT


def test_the_quickstart_address_is_offered_first() -> None:
    assert redirect_uris()[0] == "http://localhost:8085/"
    assert redirect_uris()[1:] == [f"http://127.0.0.1:{p}/" for p in LOOPBACK_PORTS]
    assert redirect_candidates((8086, 8085)) == (
        "http://127.0.0.1:8086/",
        "http://localhost:8085/",
        "http://127.0.0.1:8085/",
    )


def test_a_localhost_redirect_comes_back_through_the_loopback_listener(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    port = free_port()
    redirect = f"http://localhost:{port}/"
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(redirect,))  # fmt: skip
    service = AccountService(tmp_path / "config", sandbox.api_base)
    browser = Browser()  # requests resolves localhost as a browser does
    record = service.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, redirects=(redirect,)
    )
    browser.join()
    assert record.username == sandbox.username and record.method == BY_BROWSER
    assert query_of(browser.authorize_url or "")["redirect_uri"] == redirect
    assert (browser.redirect or "").startswith(redirect + "?")
    assert browser.callback_status == 200 and "You are logged in" in browser.callback_page
    # The exchange named the same address (the sandbox refuses any other).
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    assert nothing_listens(port)


@needs_ipv6
def test_a_browser_that_reaches_localhost_over_ipv6_is_answered(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    port = free_port()
    redirect = f"http://localhost:{port}/"
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(redirect,))  # fmt: skip
    service = AccountService(tmp_path / "config", sandbox.api_base)
    # The browser resolved localhost to ::1 and went there.
    browser = Browser(tamper=lambda url: url.replace("//localhost:", "//[::1]:"))
    record = service.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, redirects=(redirect,)
    )
    browser.join()
    assert (browser.redirect or "").startswith(f"http://[::1]:{port}/?")
    assert browser.callback_status == 200
    assert record.username == sandbox.username


@needs_ipv6
def test_localhost_is_not_used_when_another_program_holds_its_ipv6_side(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    """A browser trying ::1 first would hand that program the login code: the listener
    moves on to the 127.0.0.1 address of the same port."""
    port = free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(f"http://127.0.0.1:{port}/",))  # fmt: skip
    service = AccountService(tmp_path / "config", sandbox.api_base)
    with socket.socket(socket.AF_INET6) as squatter:
        squatter.bind(("::1", port))
        squatter.listen()
        browser = Browser()
        record = service.login_with_browser(
            sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10,
            redirects=(f"http://localhost:{port}/", f"http://127.0.0.1:{port}/"),
        )  # fmt: skip
        browser.join()
    assert query_of(browser.authorize_url or "")["redirect_uri"] == f"http://127.0.0.1:{port}/"
    assert record.username == sandbox.username


def test_the_quickstart_address_is_used_when_registered(
    make_sandbox: SandboxFactory, tmp_path: Path, quickstart_port: int
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True)
    app = application(tmp_path, sandbox)
    browser = Browser()
    record = app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10,
        ports=(quickstart_port,),
    )  # fmt: skip
    browser.join()
    assert query_of(browser.authorize_url or "")["redirect_uri"] == "http://localhost:8085/"
    assert record.username == sandbox.username


def test_an_app_with_only_the_127_address_of_8085_is_not_sent_to_localhost(
    make_sandbox: SandboxFactory, tmp_path: Path, quickstart_port: int
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=("http://127.0.0.1:8085/",))  # fmt: skip
    app = application(tmp_path, sandbox)
    browser = Browser()
    record = app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10,
        ports=(quickstart_port,),
    )  # fmt: skip
    browser.join()
    assert query_of(browser.authorize_url or "")["redirect_uri"] == "http://127.0.0.1:8085/"
    assert record.username == sandbox.username


def test_the_connect_login_skips_addresses_the_sandbox_refuses(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    first, second = free_port(), free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(f"http://127.0.0.1:{second}/",))  # fmt: skip
    app = application(tmp_path, sandbox)
    browser = Browser()
    app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10,
        ports=(first, second),
    )  # fmt: skip
    browser.join()
    assert query_of(browser.authorize_url or "")["redirect_uri"] == f"http://127.0.0.1:{second}/"


# -- continuous refresh ------------------------------------------------------------------


def test_an_old_app_s_login_gets_a_continuous_refresh_token(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    """The sandbox plays an app created before 2025-09-25: without continuous_refresh=true
    its code exchange gives a one-year legacy refresh token. The login's token is a 60-day
    continuous one, so the app sent the flag."""
    port = free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True, legacy_app=True,
                           redirect_uris=(f"http://127.0.0.1:{port}/",))  # fmt: skip
    app = application(tmp_path, sandbox, on_sandbox_time=True)
    browser = Browser()
    before = sandbox.clock()
    record = app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, ports=(port,)
    )
    browser.join()
    tokens = tokens_in(app, record.key)
    assert tokens.refresh_token and tokens.refresh_expires_at is not None
    lifetime = tokens.refresh_expires_at - before
    assert 60 * DAY - 60 <= lifetime <= 60 * DAY + 60, lifetime / DAY
    # A renewal moves it on (continuous), where a legacy one's end stays put.
    sandbox.clock.advance(20 * DAY)
    with app.accounts.login(record):
        pass  # the keep-alive renews a login unused for a week
    renewed = tokens_in(app, record.key)
    assert renewed.refresh_expires_at is not None
    assert renewed.refresh_expires_at >= tokens.refresh_expires_at + 19 * DAY
    health = app.connect.login_health(record)
    assert health.renewable and health.relogin_by is None and health.sentence == ""


def test_a_legacy_refresh_token_is_told_with_its_end(
    make_sandbox: SandboxFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    """A login an older version made for an old app: its renewals end a year after it."""
    port = free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(f"http://127.0.0.1:{port}/",))  # fmt: skip
    app = application(tmp_path, sandbox)
    browser = Browser()
    record = app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, ports=(port,)
    )
    browser.join()
    saved = stored_tokens(record.key)
    assert saved is not None
    end = time.time() + LEGACY_REFRESH_TTL_S
    legacy = TokenSet(saved.access_token, saved.access_expires_at, saved.refresh_token, end,
                      saved.scopes)  # fmt: skip
    memory_keyring.values[(SERVICE, tokens_key(record.key))] = json.dumps(legacy.to_json())
    health = app.connect.login_health(record)
    assert health.renewable and health.relogin_by == end
    assert health.sentence.startswith("Pinterest gave this login renewals that end on")
    assert "log in again before then" in health.sentence


def test_a_login_that_never_comes_back_names_the_address_to_check(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    """Where the authorize page cannot tell (here: it does not know the app id), every
    address is tried; if the browser never returns, the sentence says what to check."""
    port = free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False)
    app = application(tmp_path, sandbox)
    opened: list[str] = []
    with pytest.raises(NoAnswer) as failed:
        app.connect.login_with_browser(
            "999", "some-secret", opened.append, timeout_s=1, ports=(port,)
        )
    assert len(opened) == 1
    assert failed.value.message.startswith("No answer came back from the browser within 1 second")
    assert f"add http://127.0.0.1:{port}/ under Redirect URIs" in failed.value.message
    assert nothing_listens(port)
