"""Sentinel scan: with every logger at DEBUG, a browser login, a token renewal and a listing
(retries and failures included) leave no access token, refresh token, app secret or OAuth
code in any log file, on stdout or on stderr, nor in a raw log record before redaction.
The same for the CLI's subprocesses with -v."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from creator_backup.api.errors import AuthenticationFailed
from creator_backup.auth.oauth import LoginFailed, TokenSet
from creator_backup.auth.service import AccountService
from creator_backup.logsetup import configure_logging
from creator_backup.sandbox import Sandbox
from tests.api.helpers import script_faults
from tests.cli.helpers import CLI, Result, run_cli
from tests.sandbox_fixture import SandboxFactory

from .helpers import (
    Browser,
    fetch_with_stdlib,
    files_under,
    free_port,
    refresh_at_sandbox,
    stored_tokens,
    with_query,
)

ACCESS_TTL = 3600


class RawRecords(logging.Handler):
    """Every record as the code handed it to logging, before any redaction."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        self.lines.append(text)


@dataclass
class DebugLogs:
    log_dir: Path
    raw: RawRecords

    def text(self) -> str:
        return "\n".join(p.read_text("utf-8", "replace") for p in files_under(self.log_dir))


StartLogging = Callable[[], DebugLogs]


@pytest.fixture
def debug_logging(tmp_path: Path) -> Iterator[StartLogging]:
    """Call it in the test's body: the console handler then writes to the stderr that
    capfd captures during the call (the one of the setup phase is closed by then)."""
    root = logging.getLogger()
    old_root_level = root.level
    added: list[logging.Handler] = []
    old_levels: dict[str, int] = {}

    def start() -> DebugLogs:
        log_dir = tmp_path / "log"
        configure_logging(log_dir, verbose=True)  # the file, and the console (stderr)
        raw = RawRecords()
        root.addHandler(raw)
        added.extend(h for h in root.handlers if getattr(h, "_creator_backup", False))
        added.append(raw)
        for handler in added:
            handler.setLevel(logging.DEBUG)
        # Every logger at DEBUG, urllib3 included (configure_logging quietens it to INFO).
        for name in list(logging.root.manager.loggerDict):
            logger = logging.getLogger(name)
            old_levels[name] = logger.level
            logger.setLevel(logging.DEBUG)
        root.setLevel(logging.DEBUG)
        return DebugLogs(log_dir, raw)

    yield start
    for handler in added:
        root.removeHandler(handler)
        handler.close()
    for name, level in old_levels.items():
        logging.getLogger(name).setLevel(level)
    root.setLevel(old_root_level)


@dataclass
class Sentinels:
    values: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, value: str | None) -> None:
        assert value, f"sentinel {name} is empty"
        self.values[name] = value

    def add_tokens(self, name: str, tokens: TokenSet | None) -> None:
        assert tokens is not None
        self.add(f"{name} access token", tokens.access_token)
        self.add(f"{name} refresh token", tokens.refresh_token)

    def assert_absent(self, where: str, text: str) -> None:
        found = [name for name, value in self.values.items() if value in text]
        assert not found, f"{', '.join(found)} found in {where}"


def test_login_refresh_and_listing_leave_no_secret_anywhere(
    make_sandbox: SandboxFactory,
    tmp_path: Path,
    debug_logging: StartLogging,
    capfd: pytest.CaptureFixture[str],
) -> None:
    debug_logs = debug_logging()
    port = free_port()
    sandbox = make_sandbox(
        boards=1,
        pins=300,
        extras=False,
        auto_approve=True,
        access_token_ttl_s=ACCESS_TTL,
        redirect_uris=(f"http://127.0.0.1:{port}/",),
    )
    secrets = Sentinels()
    secrets.add("app secret", sandbox.client_secret)
    service = AccountService(tmp_path / "config", sandbox.api_base)

    # A login refused for its state (its code is a secret too), then one that works.
    refused = Browser(fetch=fetch_with_stdlib, tamper=lambda url: with_query(url, state="x"))
    with pytest.raises(LoginFailed):
        service.login_with_browser(
            sandbox.client_id, sandbox.client_secret, refused.open, timeout_s=1.5, ports=(port,)
        )
    refused.join()
    secrets.add("refused OAuth code", refused.code)
    browser = Browser(fetch=fetch_with_stdlib, stray_first=True)
    record = service.login_with_browser(
        sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=10, ports=(port,)
    )
    browser.join()
    secrets.add("OAuth code", browser.code)
    secrets.add_tokens("first", stored_tokens(record.key))

    # A listing over an expiring token, with a 5xx and a broken body on the way.
    client = service.client_for(record)
    try:
        assert len(list(client.iter_boards())) == 1
        sandbox.clock.advance(ACCESS_TTL + 60)
        script_faults(
            sandbox,
            {"kind": "status", "status": 503, "method": "GET", "path": "/pins$"},
            {"kind": "reset", "method": "GET", "path": "/pins$"},
        )
        assert len(list(client.iter_own_pins())) == 300
        assert client.stats.refreshes == 1
    finally:
        client.close()
    renewed = stored_tokens(record.key)
    secrets.add_tokens("renewed", renewed)

    # A renewal refused: someone else spent the saved refresh token.
    assert renewed is not None and renewed.refresh_token
    rotated_elsewhere = refresh_at_sandbox(sandbox, renewed.refresh_token)
    assert rotated_elsewhere.status_code == 200
    sandbox.clock.advance(ACCESS_TTL + 60)
    client = service.client_for(record)
    try:
        with pytest.raises(AuthenticationFailed):
            client.get_account()
    finally:
        client.close()

    out, err = capfd.readouterr()
    logged = debug_logs.text()
    # The scan looked at real output: DEBUG reached the file, and each step was logged.
    for expected in ("DEBUG", "login renewed", "retrying in", "status=503", "token request"):
        assert expected in logged, expected
    assert "retrying in" in err  # the console got the log too
    secrets.assert_absent("the log files", logged)
    secrets.assert_absent("stdout", out)
    secrets.assert_absent("stderr", err)
    secrets.assert_absent("raw log records", "\n".join(debug_logs.raw.lines))


def test_token_sets_do_not_show_their_secrets_in_a_repr() -> None:
    tokens = TokenSet("pina_sentinel-access", 1.0, "pinr_sentinel-refresh", 2.0, ("pins:read",))
    shown = f"{tokens!r} {tokens}"
    assert "pina_sentinel-access" not in shown and "pinr_sentinel-refresh" not in shown
    assert "pins:read" in shown  # the harmless facts still show


# -- the CLI -------------------------------------------------------------------------------


def cli_browser_login(env: dict[str, str], sandbox: Sandbox) -> tuple[Result, str]:
    """`login --app-id ID --app-secret-stdin --no-browser`, with this test as the browser:
    it reads the address the CLI prints and follows it. Returns the result and the code."""
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "-v", "--api-base", sandbox.api_base, "login",
         "--app-id", sandbox.client_id, "--app-secret-stdin", "--no-browser", "--timeout", "20"],
        env=dict(env, PYTHONUNBUFFERED="1"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(sandbox.client_secret + "\n")
    process.stdin.close()
    err_lines: list[str] = []
    address: list[str] = []
    found = threading.Event()

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            err_lines.append(line)
            if line.strip().startswith(sandbox.origin + "/oauth/"):
                address.append(line.strip())
                found.set()
        found.set()

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    try:
        assert found.wait(30) and address, "".join(err_lines)
        browser = Browser(fetch=fetch_with_stdlib)
        browser.open(address[0])
        browser.join()
        process.wait(timeout=30)
        assert process.stdout is not None
        out = process.stdout.read()
        process.stdout.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    reader.join(timeout=10)
    assert browser.callback_status == 200
    return Result(process.returncode, out, "".join(err_lines)), browser.code


def test_cli_runs_with_verbose_logs_leave_no_secret_anywhere(
    make_sandbox: SandboxFactory, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(
        boards=2, pins=5, extras=False, auto_approve=True, access_token_ttl_s=ACCESS_TTL
    )
    api = ["-v", "--api-base", sandbox.api_base]
    secrets = Sentinels()
    secrets.add("sandbox access token", sandbox.access_token)
    secrets.add("app secret", sandbox.client_secret)
    results: list[Result] = []

    def run(*args: str, stdin: str | None = None, env: dict[str, str] = cli_env) -> Result:
        result = run_cli(env, *api, *args, stdin=stdin)
        results.append(result)
        assert result.code == 0, result.err
        return result

    # A pasted token, as a user (or a script) would give it.
    run("login", "--access-token-stdin", stdin=sandbox.access_token + "\n")
    assert run("whoami").out.strip() == sandbox.username
    run("accounts")
    run("whoami", "--json")
    run("logout")
    run("whoami", env=dict(cli_env, CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token))

    # The browser login, then a run that must renew the expired token.
    result, code = cli_browser_login(cli_env, sandbox)
    results.append(result)
    assert result.code == 0, result.err
    assert f"Connected as {sandbox.username}" in result.out
    secrets.add("OAuth code", code)
    keyring_file = Path(cli_env["CREATOR_BACKUP_TEST_KEYRING"])

    def saved_tokens() -> TokenSet:
        entries = json.loads(keyring_file.read_text("utf-8"))
        (raw,) = [v for k, v in entries.items() if "\ntokens:" in k]
        return TokenSet.from_json(json.loads(raw))

    secrets.add_tokens("first", saved_tokens())
    sandbox.clock.advance(ACCESS_TTL + 60)
    assert run("whoami").out.strip() == sandbox.username
    secrets.add_tokens("renewed", saved_tokens())
    assert secrets.values["renewed access token"] != secrets.values["first access token"]
    run("accounts", "--json")

    logs = files_under(tmp_path / "app-home" / "log")
    assert logs
    logged = "\n".join(p.read_text("utf-8", "replace") for p in logs)
    assert "login renewed" in logged and "command whoami" in logged
    secrets.assert_absent("the log files", logged)
    for number, result in enumerate(results):
        secrets.assert_absent(f"stdout of run {number}", result.out)
        secrets.assert_absent(f"stderr of run {number}", result.err)
    # Nothing else under the app's home holds them either, but the keyring (a fake here).
    for path in files_under(tmp_path / "app-home"):
        secrets.assert_absent(str(path.relative_to(tmp_path)), path.read_text("utf-8", "replace"))
    assert os.environ.get("CREATOR_BACKUP_ACCESS_TOKEN") is None
