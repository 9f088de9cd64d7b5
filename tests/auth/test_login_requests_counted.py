"""Every request a login makes counts against its app's day's budget, as a run's requests
do (issue 19, review): Trial access counts them all, whoever makes them, so the app's own
count must match Pinterest's when Pinterest's answers say nothing of the day (here: access
set to Trial, answers with a minute's window only). The token requests, the account read,
a pasted token's probe, check-app's reads and renewals all count; a login the day's
budget cannot pay for sends nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from creator_backup.api.budget import TRIAL, BudgetSpent, DayState
from creator_backup.application.app import Application
from creator_backup.auth.accounts import AccountRecord
from creator_backup.sandbox import Sandbox
from creator_backup.settings import Settings, SettingsStore
from tests.api.helpers import calls_to, state
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import TOKEN_CALLS, application
from .helpers import Browser, free_port

ACCESS_TTL = 3600


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=5, access_token_ttl_s=ACCESS_TTL)


def on_trial(tmp_path: Path, sandbox: Sandbox) -> Application:
    app = application(tmp_path, sandbox, on_sandbox_time=True)
    app.paths.config_dir.mkdir(parents=True, exist_ok=True)
    SettingsStore(app.paths.config_dir).save(Settings(access=TRIAL))
    return app


def sent(sandbox: Sandbox) -> int:
    """Every request Pinterest (the sandbox) was sent: the API's and the token endpoint's."""
    return int(state(sandbox)["requests"]["total"])


def used(app: Application, record: AccountRecord) -> int:
    return app.backups.budget(record).used_today


def test_the_app_s_own_login_and_its_renewals_are_counted(sandbox: Sandbox, tmp_path: Path) -> None:
    app = on_trial(tmp_path, sandbox)
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    assert used(app, record) == sent(sandbox) == 2  # the token, the account read
    sandbox.clock.advance(ACCESS_TTL + 60)  # the login has run out: renewed before use
    with app.accounts.login(record) as login:
        app.accounts.live_account(login)
    assert calls_to(sandbox, TOKEN_CALLS) == 2
    assert used(app, record) == sent(sandbox) == 4


def test_a_browser_login_s_code_exchange_and_account_read_are_counted(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    port = free_port()
    sandbox = make_sandbox(boards=1, pins=2, extras=False, auto_approve=True,
                           redirect_uris=(f"http://127.0.0.1:{port}/",))  # fmt: skip
    app = on_trial(tmp_path, sandbox)
    browser = Browser()
    record = app.connect.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, ports=(port,)
    )
    browser.join()
    assert calls_to(sandbox, TOKEN_CALLS) == 1
    assert used(app, record) == sent(sandbox) == 2  # the code's exchange, the account read


def test_a_pasted_token_s_account_read_and_probe_are_counted(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = on_trial(tmp_path, sandbox)
    record = app.connect.login_with_token(sandbox.access_token)
    assert sent(sandbox) >= 3  # the account, then one-item listings
    assert used(app, record) == sent(sandbox)


def test_checking_the_app_is_counted_against_the_app_s_day(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = on_trial(tmp_path, sandbox)
    check = app.connect.check_app(sandbox.client_id, sandbox.client_secret)
    assert check.secret_ok and check.owner == sandbox.username
    record = app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert used(app, record) == sent(sandbox) == 4


def test_a_login_the_day_cannot_pay_for_sends_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    app = on_trial(tmp_path, sandbox)
    key = app.accounts.budgets.key(
        AccountRecord("", "", sandbox.api_base, sandbox.client_id, "keyring")
    )
    day = DayState(used=1000, day_started=sandbox.clock() - 3600)
    app.accounts.budgets.store.update(key, lambda _: day)
    with pytest.raises(BudgetSpent, match="1,000 requests a day"):
        app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert sent(sandbox) == 0
    assert app.connect.saved_secret(sandbox.client_id) is None  # nothing shown to work
