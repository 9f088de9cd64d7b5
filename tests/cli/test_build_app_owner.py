"""A build's shared app (packaging/README.md) never logs a user into its owner's account
(issue 19, review): Pinterest's client_credentials grant gives whoever holds an app's id
and secret a token for the account that OWNS the app (notes 1.3), so `login
--client-credentials` with the build's app would connect every user of the build to the
packager's account. It is refused before anything is sent, in a sentence that names the
way in (the browser); checking the build's app still works."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from creator_backup.application.connect import BUILD_APP_OWN_LOGIN
from creator_backup.auth.build_app import BUILD_APP_ENV
from creator_backup.errors import ExitCode
from creator_backup.sandbox import Sandbox
from tests.api.helpers import state
from tests.sandbox_fixture import SandboxFactory

from .helpers import run_cli


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=1, pins=2, extras=False)


def test_the_build_s_shared_app_never_logs_a_user_into_its_owner_s_account(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    build = tmp_path / "build_app.json"
    build.write_text(json.dumps({"app_id": sandbox.client_id,
                                 "app_secret": sandbox.client_secret}), "utf-8")  # fmt: skip
    env = dict(cli_env, **{BUILD_APP_ENV: str(build)})
    for asked in ([], ["--app-id", sandbox.client_id, "--app-secret-stdin"]):
        result = run_cli(env, "--api-base", sandbox.api_base, "login", "--client-credentials",
                         "--json", *asked, stdin=sandbox.client_secret + "\n")  # fmt: skip
        assert result.code == ExitCode.USAGE, (
            f"logged in as the build app's owner: {result.out.strip()}"
        )
        assert f"Error: {BUILD_APP_OWN_LOGIN}" in result.err and "Traceback" not in result.err
        assert sandbox.client_secret not in result.out + result.err
    assert state(sandbox)["requests"]["total"] == 0  # nothing was asked of Pinterest
    config = tmp_path / "app-home" / "config"
    assert not (config / "accounts.json").exists()
    keyring = Path(env["CREATOR_BACKUP_TEST_KEYRING"])
    assert not keyring.exists() or json.loads(keyring.read_text("utf-8")) == {}
