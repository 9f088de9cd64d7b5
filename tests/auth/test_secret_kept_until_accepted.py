"""A new app secret replaces the saved one only once Pinterest has accepted it (issue 19,
review). A login that ends any other way -- refused, Pinterest busy (429/5xx), the
network, a browser that never comes back, a cancel -- has not shown the new secret works,
and a mistyped one must not take the place of the one every saved login of the app
renews with."""

from __future__ import annotations

from pathlib import Path

import pytest

from creator_backup.api.errors import ConnectionFailed, ServerError
from creator_backup.auth.oauth import AppRefused, NoAnswer
from creator_backup.errors import Cancelled
from creator_backup.sandbox import Sandbox
from tests.api.helpers import script_faults
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import application
from .helpers import free_port

MISTYPED = "a-mistyped-secret"


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=5)


def token_fault(kind: str, **more: object) -> dict[str, object]:
    return {"kind": kind, "method": "POST", "path": "/oauth/token", "times": 1, **more}


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (token_fault("status", status=503), ServerError),
        (token_fault("status", status=429), ServerError),
        (token_fault("reset"), ConnectionFailed),
    ],
    ids=["busy-503", "busy-429", "network"],
)
def test_a_mistyped_secret_is_not_kept_when_the_login_fails_for_another_reason(
    sandbox: Sandbox, tmp_path: Path, fault: dict[str, object], error: type[Exception]
) -> None:
    app = application(tmp_path, sandbox)
    app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert app.connect.saved_secret(sandbox.client_id) == sandbox.client_secret

    # Logging in again with a typo while Pinterest's token endpoint is busy or unreachable.
    script_faults(sandbox, fault)
    with pytest.raises(error):
        app.connect.login_with_client_credentials(sandbox.client_id, MISTYPED)
    assert app.connect.saved_secret(sandbox.client_id) == sandbox.client_secret, (
        "an unverified secret replaced the one that worked"
    )


def test_a_refused_secret_is_not_kept_and_none_stays_none(sandbox: Sandbox, tmp_path: Path) -> None:
    app = application(tmp_path, sandbox)
    with pytest.raises(AppRefused):
        app.connect.login_with_client_credentials(sandbox.client_id, MISTYPED)
    assert app.connect.saved_secret(sandbox.client_id) is None


@pytest.mark.parametrize("ending", ["cancel", "no answer"])
def test_a_browser_login_that_never_finishes_keeps_the_secret_that_worked(
    sandbox: Sandbox, tmp_path: Path, ending: str
) -> None:
    app = application(tmp_path, sandbox)
    service = app.account_service
    service.save_app_secret(sandbox.client_id, sandbox.client_secret)
    with pytest.raises(Cancelled if ending == "cancel" else NoAnswer):
        service.login_with_browser(
            sandbox.client_id, MISTYPED, lambda _url: None, timeout_s=0.5,
            cancelled=lambda: ending == "cancel", ports=(free_port(),),
        )  # fmt: skip
    assert service.saved_app_secret(sandbox.client_id) == sandbox.client_secret


def test_an_accepted_secret_replaces_the_old_one(sandbox: Sandbox, tmp_path: Path) -> None:
    app = application(tmp_path, sandbox)
    app.account_service.save_app_secret(sandbox.client_id, "an-old-secret")
    app.connect.login_with_client_credentials(sandbox.client_id, sandbox.client_secret)
    assert app.connect.saved_secret(sandbox.client_id) == sandbox.client_secret
