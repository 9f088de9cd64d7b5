"""`login --client-credentials`, `check-app` and what `whoami` says of a login, run as a
creator runs them: real subprocesses against the sandbox, a file-backed fake keyring.
The app secret comes from standard input, the environment or the keyring, and is never
printed or logged; the build's own app is used only when no app id is given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from creator_backup.auth.build_app import BUILD_APP_ENV
from creator_backup.auth.oauth import APP_REFUSED_HELP, READ_SCOPES, TokenSet
from creator_backup.errors import ExitCode
from creator_backup.sandbox import Sandbox
from tests.api.helpers import calls_to
from tests.auth.test_no_secrets_in_logs import Sentinels
from tests.sandbox_fixture import SandboxFactory

from .helpers import Result, run_cli

ACCESS_TTL = 3600
SECRET_ENV = "CREATOR_BACKUP_APP_SECRET"


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=3, pins=12, access_token_ttl_s=ACCESS_TTL)


def cli(env: dict[str, str], sandbox: Sandbox, *args: str, stdin: str | None = None) -> Result:
    return run_cli(env, "--api-base", sandbox.api_base, *args, stdin=stdin)


def keyring_entries(env: dict[str, str]) -> dict[str, str]:
    path = Path(env["CREATOR_BACKUP_TEST_KEYRING"])
    data: dict[str, str] = json.loads(path.read_text("utf-8")) if path.exists() else {}
    return data


def saved_tokens(env: dict[str, str]) -> TokenSet:
    (raw,) = [v for k, v in keyring_entries(env).items() if "\ntokens:" in k]
    return TokenSet.from_json(json.loads(raw))


def error_line(result: Result) -> str:
    assert "Traceback" not in result.err
    lines = [line for line in result.err.strip().splitlines() if line.startswith("Error: ")]
    assert len(lines) == 1, result.err
    return lines[0]


def test_the_app_s_own_login_from_standard_input_then_whoami(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    login = cli(cli_env, sandbox, "login", "--app-id", sandbox.client_id, "--client-credentials",
                "--app-secret-stdin", "--json", stdin=sandbox.client_secret + "\n")  # fmt: skip
    assert login.code == 0, login.err
    connected = json.loads(login.out)
    assert connected["username"] == sandbox.username
    assert connected["login_method"] == "client_credentials"
    assert calls_to(sandbox, "POST /v5/oauth/token") == 1
    secret_entry = f"creator_backup\napp-secret:{sandbox.client_id}"
    assert keyring_entries(cli_env)[secret_entry] == sandbox.client_secret
    assert saved_tokens(cli_env).refresh_token is None

    who = cli(cli_env, sandbox, "whoami", "--json")
    assert who.code == 0, who.err
    told = json.loads(who.out)
    assert told["account"]["username"] == sandbox.username
    assert told["scopes"] == list(READ_SCOPES) and told["missing_scopes"] == []
    assert told["secret_content_backed_up"] is True
    assert told["renewable"] is True and told["relogin_by"] is None
    plain = cli(cli_env, sandbox, "whoami")
    assert (plain.code, plain.out.strip(), plain.err.strip()) == (0, sandbox.username, "")
    accounts = json.loads(cli(cli_env, sandbox, "accounts", "--json").out)["accounts"]
    assert accounts[0]["login_method"] == "client_credentials"


def test_the_secret_from_the_environment_and_a_renewal_after_expiry(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    env = dict(cli_env, **{SECRET_ENV: sandbox.client_secret})
    login = cli(env, sandbox, "login", "--app-id", sandbox.client_id, "--client-credentials")
    assert login.code == 0, login.err
    assert sandbox.client_secret not in login.out + login.err
    first = saved_tokens(cli_env)
    sandbox.clock.advance(ACCESS_TTL + 60)
    # Without the variable now: the secret saved at login renews it.
    who = cli(cli_env, sandbox, "whoami")
    assert (who.code, who.out.strip()) == (0, sandbox.username), who.err
    renewed = saved_tokens(cli_env)
    assert renewed.access_token != first.access_token and renewed.refresh_token is None
    assert calls_to(sandbox, "POST /v5/oauth/token") == 2


def test_a_wrong_secret_exits_3_saying_how_to_fix_it_and_is_not_kept(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    result = cli(cli_env, sandbox, "login", "--app-id", sandbox.client_id, "--client-credentials",
                 "--app-secret-stdin", stdin="not-the-secret\n")  # fmt: skip
    assert result.code == ExitCode.AUTH
    line = error_line(result)
    assert line.startswith(f"Error: {APP_REFUSED_HELP}")
    assert "--app-secret-stdin" in line and SECRET_ENV in line
    assert "not-the-secret" not in result.out + result.err
    assert keyring_entries(cli_env) == {}
    assert json.loads(cli(cli_env, sandbox, "accounts", "--json").out)["accounts"] == []


def test_check_app_with_the_saved_secret_and_its_exit_codes(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    assert cli(cli_env, sandbox, "login", "--app-id", sandbox.client_id, "--client-credentials",
               "--app-secret-stdin", stdin=sandbox.client_secret).code == 0  # fmt: skip
    result = cli(cli_env, sandbox, "check-app", "--app-id", sandbox.client_id, "--json")
    assert result.code == 0, result.err
    check = json.loads(result.out)
    assert check["secret_ok"] is True and check["owner"] == sandbox.username
    assert check["access"] == "standard" and check["missing_scopes"] == []
    assert check["redirects"]["http://localhost:8085/"] is True
    assert check["sentence"].startswith("The app works")
    assert sandbox.client_secret not in result.out + result.err

    plain = cli(cli_env, sandbox, "check-app", "--app-id", sandbox.client_id)
    assert plain.code == 0
    assert f"App {sandbox.client_id}: its id and secret work" in plain.out
    assert "http://localhost:8085/  registered" in plain.out

    wrong = cli(cli_env, sandbox, "check-app", "--app-id", sandbox.client_id,
                "--app-secret-stdin", stdin="wrong\n")  # fmt: skip
    assert wrong.code == ExitCode.AUTH
    assert APP_REFUSED_HELP in wrong.out


def test_check_app_reports_an_unregistered_redirect(
    cli_env: dict[str, str], make_sandbox: SandboxFactory
) -> None:
    sandbox = make_sandbox(boards=1, pins=2, redirect_uris=("http://127.0.0.1:8089/",))
    env = dict(cli_env, **{SECRET_ENV: sandbox.client_secret})
    result = cli(env, sandbox, "check-app", "--app-id", sandbox.client_id, "--json")
    assert result.code == 0, result.err
    redirects = json.loads(result.out)["redirects"]
    assert redirects["http://localhost:8085/"] is False
    assert redirects["http://127.0.0.1:8089/"] is True
    plain = cli(env, sandbox, "check-app", "--app-id", sandbox.client_id)
    assert "http://localhost:8085/  not registered" in plain.out


def test_whoami_tells_a_pasted_token_s_missing_secret_scopes_and_its_end(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    generated = requests.post(sandbox.origin + "/_sandbox/tokens/generator", timeout=30).json()
    login = cli(cli_env, sandbox, "login", "--access-token-stdin",
                stdin=generated["access_token"] + "\n")  # fmt: skip
    assert login.code == 0, login.err
    plain = cli(cli_env, sandbox, "whoami")
    assert plain.code == 0 and plain.out.strip() == sandbox.username  # stdout: the name alone
    assert "Secret boards and pins are not being backed up" in plain.err
    assert "This login cannot renew itself: log in again before" in plain.err
    told = json.loads(cli(cli_env, sandbox, "whoami", "--json").out)
    assert told["scopes"] == ["user_accounts:read", "boards:read", "pins:read"]
    assert told["missing_scopes"] == ["boards:read_secret"]
    assert told["secret_content_backed_up"] is False
    assert told["renewable"] is False and told["relogin_by"] > 0


def test_whoami_json_with_a_token_from_the_environment(
    cli_env: dict[str, str], sandbox: Sandbox
) -> None:
    env = dict(cli_env, CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)
    told = json.loads(cli(env, sandbox, "whoami", "--json").out)
    assert told["account"]["username"] == sandbox.username
    assert told["scopes"] == [] and told["missing_scopes"] == []
    assert told["secret_content_backed_up"] is None and told["renewable"] is False


def test_the_build_s_app_is_used_only_without_an_app_id_of_ones_own(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    build = tmp_path / "build_app.json"
    build.write_text(json.dumps({"app_id": sandbox.client_id,
                                 "app_secret": sandbox.client_secret}), "utf-8")  # fmt: skip
    without = cli(cli_env, sandbox, "login", "--client-credentials")
    assert without.code == ExitCode.USAGE and "--app-id" in error_line(without)
    env = dict(cli_env, **{BUILD_APP_ENV: str(build)})
    # One's own app id wins over the build's: here a wrong one, refused.
    own = cli(env, sandbox, "login", "--app-id", "999", "--client-credentials",
              "--app-secret-stdin", stdin="mine\n")  # fmt: skip
    assert own.code == ExitCode.AUTH and APP_REFUSED_HELP in own.err
    # With none, the build's app is the one used: checked, yes; but never for its own
    # login, which would connect whoever made the build (tests/cli/test_build_app_owner.py).
    built = cli(env, sandbox, "login", "--client-credentials", "--json")
    assert built.code == ExitCode.USAGE and "browser" in error_line(built)
    check = cli(env, sandbox, "check-app", "--json")
    assert check.code == 0 and json.loads(check.out)["app_id"] == sandbox.client_id
    assert sandbox.client_secret not in built.out + built.err + check.out + check.err


def test_connect_commands_leave_no_secret_in_logs_or_output(
    cli_env: dict[str, str], sandbox: Sandbox, tmp_path: Path
) -> None:
    secrets = Sentinels()
    secrets.add("app secret", sandbox.client_secret)
    secrets.add("a refused secret", "a-wrong-secret")
    env = dict(cli_env, **{SECRET_ENV: sandbox.client_secret})
    results = [
        cli(env, sandbox, "-v", "check-app", "--app-id", sandbox.client_id),
        cli(env, sandbox, "-v", "check-app", "--app-id", sandbox.client_id, "--app-secret-stdin",
            stdin="a-wrong-secret\n"),
        cli(env, sandbox, "-v", "login", "--app-id", sandbox.client_id, "--client-credentials"),
    ]  # fmt: skip
    secrets.add("first access token", saved_tokens(cli_env).access_token)
    sandbox.clock.advance(ACCESS_TTL + 60)
    results.append(cli(cli_env, sandbox, "-v", "whoami", "--json"))
    secrets.add("renewed access token", saved_tokens(cli_env).access_token)
    assert all(r.code in (0, ExitCode.AUTH) for r in results), [r.err for r in results]
    for number, result in enumerate(results):
        secrets.assert_absent(f"stdout of run {number}", result.out)
        secrets.assert_absent(f"stderr of run {number}", result.err)
    home = tmp_path / "app-home"
    logged = "\n".join(p.read_text("utf-8", "replace") for p in (home / "log").rglob("*.log*"))
    assert "command check-app" in logged and "token request" in logged
    secrets.assert_absent("the log files", logged)
    for path in home.rglob("*"):
        if path.is_file():
            secrets.assert_absent(str(path), path.read_text("utf-8", "replace"))


def test_one_way_in_at_a_time(cli_env: dict[str, str], sandbox: Sandbox) -> None:
    both = cli(cli_env, sandbox, "login", "--access-token-stdin", "--client-credentials",
               "--app-id", sandbox.client_id, stdin=sandbox.access_token + "\n")  # fmt: skip
    assert both.code == ExitCode.USAGE
    assert "not both" in error_line(both)
    assert keyring_entries(cli_env) == {}
