"""`login`, `whoami`, `accounts` and `logout` as a user runs them: real subprocesses against
the sandbox, with a file-backed fake keyring (or keyring's own fail/null backends)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from creator_backup.auth.secrets import NO_KEYRING_HELP
from creator_backup.cli.hints import NO_KEYRING_HINT
from creator_backup.errors import ExitCode
from creator_backup.sandbox import Sandbox
from tests.api.helpers import control
from tests.cli.helpers import Result, run_cli
from tests.platforms import posix_modes
from tests.sandbox_fixture import SandboxFactory

from .helpers import files_under

FAIL_KEYRING = "keyring.backends.fail.Keyring"
NULL_KEYRING = "keyring.backends.null.Keyring"
NOT_CONNECTED = (
    "Error: No Pinterest account is connected. Run `creator-backup login` to connect one."
)


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=2, pins=5, extras=False)


def cli(env: dict[str, str], sandbox: Sandbox, *args: str, stdin: str | None = None) -> Result:
    return run_cli(env, "--api-base", sandbox.api_base, *args, stdin=stdin)


def one_error_line(result: Result) -> str:
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("Error: ")
    return lines[0]


def keyring_file(env: dict[str, str]) -> dict[str, str]:
    path = Path(env["CREATOR_BACKUP_TEST_KEYRING"])
    data: dict[str, str] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return data


def test_login_with_a_pasted_token_then_whoami_accounts_and_logout(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    result = cli(
        cli_env, sandbox, "login", "--access-token-stdin", stdin=sandbox.access_token + "\n"
    )
    assert result.code == 0, result.err
    assert result.out.strip() == f"Connected as {sandbox.username}."
    entry = f"creator_backup\ntokens:{sandbox.api_base}|{sandbox.username}"
    assert sandbox.access_token in keyring_file(cli_env)[entry]

    result = cli(cli_env, sandbox, "whoami")
    assert (result.code, result.out.strip()) == (0, sandbox.username)
    result = cli(cli_env, sandbox, "whoami", "--json")
    assert result.code == 0
    assert json.loads(result.out)["account"]["username"] == sandbox.username

    result = cli(cli_env, sandbox, "accounts", "--json")
    assert result.code == 0
    listed = json.loads(result.out)
    assert [a["username"] for a in listed["accounts"]] == [sandbox.username]
    assert listed["accounts"][0]["storage"] == "keyring"
    assert listed["accounts"][0]["api_base"] == sandbox.api_base
    assert listed["keyring"]["usable"] is True
    assert sandbox.access_token not in result.out

    result = cli(cli_env, sandbox, "logout")
    assert result.code == 0
    assert f"Logged out {sandbox.username}" in result.out
    assert entry not in keyring_file(cli_env)

    result = cli(cli_env, sandbox, "whoami")
    assert result.code == ExitCode.AUTH
    assert result.out == "" and one_error_line(result) == NOT_CONNECTED
    assert json.loads(cli(cli_env, sandbox, "accounts", "--json").out)["accounts"] == []


def test_login_with_a_refused_token_exits_3_and_keeps_nothing(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    result = cli(cli_env, sandbox, "login", "--access-token-stdin", stdin="pina_not-a-real-token\n")
    assert result.code == ExitCode.AUTH
    assert "refused the access token" in one_error_line(result)
    assert keyring_file(cli_env) == {}
    assert json.loads(cli(cli_env, sandbox, "accounts", "--json").out)["accounts"] == []


def test_whoami_on_a_suspended_account_exits_4_with_one_sentence(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    login = cli(cli_env, sandbox, "login", "--access-token-stdin", stdin=sandbox.access_token)
    assert login.code == 0, login.err
    control(sandbox, "/account/suspend")
    for args in (["whoami"], ["whoami", "--json"]):
        result = cli(cli_env, sandbox, *args)
        assert result.code == ExitCode.ACCOUNT_UNAVAILABLE
        assert result.out == ""
        line = one_error_line(result)
        assert "unavailable" in line and line.endswith(".")
    # The same through a token given in the environment.
    env = dict(cli_env, CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)
    result = cli(env, sandbox, "logout")
    assert result.code == 0
    result = cli(env, sandbox, "whoami")
    assert result.code == ExitCode.ACCOUNT_UNAVAILABLE
    one_error_line(result)


@pytest.mark.parametrize("backend", [FAIL_KEYRING, NULL_KEYRING], ids=["fail", "null"])
def test_login_without_a_usable_keyring_exits_3_naming_the_ways_out(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path, backend: str
) -> None:
    env = dict(cli_env, PYTHON_KEYRING_BACKEND=backend)
    result = cli(env, sandbox, "login", "--access-token-stdin", stdin=sandbox.access_token)
    assert result.code == ExitCode.AUTH
    # The core's sentence (the window's too), then the command line's own ways out.
    assert one_error_line(result) == f"Error: {NO_KEYRING_HELP} {NO_KEYRING_HINT}"
    for way_out in ("Secret Service", "CREATOR_BACKUP_ACCESS_TOKEN", "--store-token-in-file"):
        assert way_out in result.err
    # No account recorded, no token file made quietly: at most the day's request count
    # (the login's requests were sent, and are the app's day's whoever made them).
    config = tmp_path / "app-home" / "config"
    kept = {p.name for p in files_under(config)}
    assert kept <= {"request_budget.json", "request_budget.json.lock"}, kept
    assert sandbox.access_token not in "".join(
        p.read_text("utf-8", "replace") for p in files_under(tmp_path)
    )


@posix_modes
def test_login_into_a_file_when_asked_writes_it_0600(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    env = dict(cli_env, PYTHON_KEYRING_BACKEND=FAIL_KEYRING)
    result = cli(
        env,
        sandbox,
        "login",
        "--access-token-stdin",
        "--store-token-in-file",
        stdin=sandbox.access_token,
    )
    assert result.code == 0, result.err
    assert "plain file" in result.err
    token_file = tmp_path / "app-home" / "config" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert sandbox.access_token in token_file.read_text("utf-8")
    result = cli(env, sandbox, "whoami")
    assert (result.code, result.out.strip()) == (0, sandbox.username)
    listed = json.loads(cli(env, sandbox, "accounts", "--json").out)
    assert listed["accounts"][0]["storage"] == "file"
    assert listed["keyring"]["usable"] is False


def test_a_token_in_the_environment_works_with_nothing_stored_and_is_never_written(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    env = dict(
        cli_env,
        PYTHON_KEYRING_BACKEND=FAIL_KEYRING,
        CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token,
    )
    result = cli(env, sandbox, "-v", "whoami")
    assert result.code == 0, result.err
    assert result.out.strip() == sandbox.username
    assert sandbox.access_token not in result.out + result.err
    # No login is kept: the config folder holds at most the day's request count (its
    # requests are spent whoever logged in), never an account or a token.
    kept = {p.name for p in files_under(tmp_path / "app-home" / "config")}
    assert kept <= {"request_budget.json", "request_budget.json.lock"}, kept
    written = files_under(tmp_path)
    assert written  # the log file, at least
    for path in written:
        assert sandbox.access_token not in path.read_text("utf-8", "replace"), path
