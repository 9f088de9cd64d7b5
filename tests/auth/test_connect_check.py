"""Checking a creator's Pinterest app (Application.connect.check_app) over real HTTP
against the sandbox: whether the id and secret work, whose app it is, its access tier,
the permissions Pinterest gives it, which redirect URIs are registered, and one sentence
naming the most important thing missing with its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from creator_backup.api.base_url import PINTEREST_API_BASE
from creator_backup.api.transport import ResponseRecord
from creator_backup.application.app import Application
from creator_backup.application.connect import (
    APP_REFUSED_HELP,
    UNREACHABLE_HELP,
    RedirectsNotRegistered,
)
from creator_backup.auth.oauth import READ_SCOPES, redirect_registered, redirect_uris
from creator_backup.auth.scopes import access_tier
from creator_backup.paths import AppPaths
from tests.api.helpers import calls_to, control
from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import TOKEN_CALLS, application
from .helpers import free_port

QUICKSTART = "http://localhost:8085/"


def test_a_working_app_is_described_and_nothing_is_kept(
    make_sandbox: SandboxFactory, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    sandbox = make_sandbox(boards=2, pins=5)
    check = application(tmp_path, sandbox).connect.check_app(
        f" {sandbox.client_id} ", sandbox.client_secret
    )
    assert check.app_id == sandbox.client_id
    assert check.secret_ok is True and check.owner == sandbox.username
    assert check.access == "standard"
    assert set(check.scopes) == set(READ_SCOPES) and check.missing_scopes == ()
    assert list(check.redirects) == redirect_uris()
    assert all(check.redirects.values())
    assert check.sentence == (
        f"The app works: it can back up {sandbox.username}'s boards and pins, secret ones included."
    )
    # One token request and one account read; no login or secret is saved.
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    assert calls_to(sandbox, "GET /v5/user_account") == 1
    assert memory_keyring.values == {}
    assert sandbox.client_secret not in repr(check)


def test_a_trial_app_is_told_by_its_day_window(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, trial=True)
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.access == "trial"
    assert check.sentence.startswith("The app works (Trial access: 1,000 requests a day)")


def test_the_access_tier_comes_from_the_rate_limit_window() -> None:
    def answer(reset: str | None) -> ResponseRecord:
        return ResponseRecord(0.0, "GET", "/user_account", 200, None, "999", "1000", reset)

    assert access_tier(answer("43200")) == "trial"
    assert access_tier(answer("42")) == "standard"
    assert access_tier(answer(None)) == "unknown"
    assert access_tier(answer("soon")) == "unknown"
    assert access_tier(None) == "unknown"


def test_a_wrong_secret_says_so_and_how_to_fix_it(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2)
    check = application(tmp_path, sandbox).connect.check_app(sandbox.client_id, "wrong-secret")
    assert check.secret_ok is False and check.owner is None
    assert check.scopes == () and check.access == "unknown"
    assert check.sentence == APP_REFUSED_HELP
    assert "Show key" in check.sentence
    assert calls_to(sandbox, "GET /v5/user_account") == 0


def test_unregistered_redirect_uris_are_reported(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, redirect_uris=("http://127.0.0.1:8087/",))
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.redirects[QUICKSTART] is False
    assert check.redirects["http://127.0.0.1:8087/"] is True
    assert [uri for uri, ok in check.redirects.items() if ok] == ["http://127.0.0.1:8087/"]
    assert check.sentence.startswith("The app works")  # one registered is enough


def test_an_app_with_no_redirect_registered_is_told_which_to_add(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, redirect_uris=("https://example.invalid/cb",))
    app = application(tmp_path, sandbox)
    check = app.connect.check_app(sandbox.client_id, sandbox.client_secret)
    assert set(check.redirects.values()) == {False}
    assert QUICKSTART in check.sentence and "Redirect URIs" in check.sentence
    # A browser login then fails at once, before any browser is opened.
    opened: list[str] = []
    with pytest.raises(RedirectsNotRegistered) as failed:
        app.connect.login_with_browser(
            sandbox.client_id, sandbox.client_secret, opened.append, timeout_s=5
        )
    assert opened == []
    assert QUICKSTART in failed.value.message
    assert "developers.pinterest.com" in failed.value.message


def test_an_app_without_the_secret_scopes_is_told_what_it_loses(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    allowed = ("user_accounts:read", "boards:read", "pins:read")
    sandbox = make_sandbox(boards=1, pins=2, app_scopes=allowed)
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.secret_ok is True
    assert set(check.scopes) == set(allowed)
    assert check.missing_scopes == ("boards:read_secret", "pins:read_secret")
    assert check.sentence.startswith("Secret boards and pins would not be backed up")
    assert "boards:read_secret, pins:read_secret" in check.sentence


def test_an_app_that_cannot_read_boards_is_told_first(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, app_scopes=("user_accounts:read",))
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.missing_scopes == tuple(s for s in READ_SCOPES if s != "user_accounts:read")
    assert check.sentence.startswith("Pinterest does not give this app boards:read, pins:read")


def test_pinterest_out_of_reach_is_not_a_wrong_secret(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    app = Application(AppPaths.resolve(tmp_path / "home", {}), f"http://127.0.0.1:{port}/v5", {})
    check = app.connect.check_app("1234", "some-secret")
    assert check.secret_ok is None and check.owner is None
    assert check.sentence == UNREACHABLE_HELP
    assert set(check.redirects.values()) == {None}


def test_pinterest_s_own_page_is_never_read_for_redirects() -> None:
    """www.pinterest.com/oauth/ asks the person to log in first: no answer there tells
    whether an address is registered, so the check says it cannot tell (and sends
    nothing: with no network this still answers at once)."""
    for uri in redirect_uris():
        assert redirect_registered(PINTEREST_API_BASE, "1234", uri) is None


def test_a_deactivated_owner_is_named_as_the_problem(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2)
    control(sandbox, "/account/suspend")
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.secret_ok is True and check.owner is None
    assert "deactivated" in check.sentence


def test_an_app_that_cannot_read_its_owner_is_told_the_missing_permission(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, app_scopes=("boards:read", "pins:read"))
    check = application(tmp_path, sandbox).connect.check_app(
        sandbox.client_id, sandbox.client_secret
    )
    assert check.secret_ok is True and check.owner is None
    assert "user_accounts:read" in check.missing_scopes
    assert check.sentence.startswith("Pinterest does not give this app user_accounts:read")
