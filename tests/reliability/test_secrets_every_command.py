"""The sentinel scan of tests/auth/test_no_secrets_in_logs.py, across every command: a
browser login (OAuth code, access and refresh tokens), a renewal mid-run, then each
command with -v. No secret appears on stdout, on stderr, in a log file, in anything under
the app's folders, nor inside what a command writes (a packet, a site, a problem report)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from creator_backup.auth.oauth import TokenSet
from creator_backup.cli import COMMANDS
from creator_backup.sandbox import Sandbox, SandboxConfig
from tests.auth.helpers import files_under
from tests.auth.test_no_secrets_in_logs import Sentinels, cli_browser_login
from tests.cli.helpers import run_cli
from tests.conftest import ROOT

from .figures import record

ACCESS_TTL = 3600
# What each command is run with; {out} is a fresh path in the test's folder, {app_id} the
# sandbox's app (its secret is in the keyring since the browser login).
ARGS: dict[str, tuple[str, ...]] = {
    "whoami": ("whoami",),
    "accounts": ("accounts", "--json"),
    "backup": ("backup",),
    "snapshots": ("snapshots",),
    "budget": ("budget", "--json"),
    "verify": ("verify", "--read-data"),
    "diff": ("diff", "--live"),
    "appeal": ("appeal", "--all", "--out", "{out}.zip"),
    "verify-packet": ("verify-packet", "{out}.zip"),
    "signing-key": ("signing-key", "make"),
    "match-originals": ("match-originals", "{out}"),
    "restore": ("restore", "--dry-run"),
    "export-html": ("export-html", "--out", "{out}"),
    "import-export": ("import-export", "{out}.zip"),
    "schedule": ("schedule", "status"),
    "report-problem": ("report-problem", "--out", "{out}.zip"),
    "notice": ("notice", "import", "{work}/notice.txt"),
    "cases": ("cases", "--json"),
    "case": ("case", "letter", "1", "--route", "gdpr", "--out", "{out}.txt"),
    "login": ("login", "--access-token-stdin"),
    "check-app": ("check-app", "--app-id", "{app_id}"),
    "logout": ("logout",),
}
# A decision notice, as `notice` reads it and `case` needs a case of.
NOTICE = (
    "Pin ID: 1130000000000000001\nStatus: Removed\nPolicy: Spam\n"
    "Enforcement ID: 3f1c2a9e-8b7d-4c6e-9a1f-0d2e3b4c5a6f\n"
)
EXEMPT = {
    "sandbox": "serves until stopped and prints the sandbox's own test credentials by design",
    "demo": "runs on its own sandbox account and home, never the user's login",
    "check-updates": "reads no login: it asks only the releases feed, and what that request "
    "carries is asserted by tests/support/test_updates.py on a feed of its own",
}


@dataclass
class Session:
    sandbox: Sandbox
    env: dict[str, str]
    home: Path
    keyring_file: Path
    secrets: Sentinels
    work: Path


def saved_tokens(keyring_file: Path) -> TokenSet:
    entries = json.loads(keyring_file.read_text("utf-8"))
    (raw,) = [v for k, v in entries.items() if "\ntokens:" in k]
    return TokenSet.from_json(json.loads(raw))


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """One connected account for the whole module: logged in through the browser, with a
    backup, a loss and a renewed login behind it, as a user's would be."""
    work = tmp_path_factory.mktemp("secrets")
    config = SandboxConfig(
        hostile=True, boards=3, pins=12, auto_approve=True, access_token_ttl_s=ACCESS_TTL
    )
    sandbox = Sandbox(config).start()
    env = {
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "CREATOR_BACKUP_HOME": str(work / "app-home"),
        "PYTHON_KEYRING_BACKEND": "tests.fake_keyring.FileKeyring",
        "CREATOR_BACKUP_TEST_KEYRING": str(work / "keyring.json"),
        "PYTHONPATH": str(ROOT),
    }
    secrets = Sentinels()
    secrets.add("app secret", sandbox.client_secret)
    secrets.add("sandbox's first access token", sandbox.access_token)
    try:
        result, code = cli_browser_login(env, sandbox)
        assert result.code == 0, result.err
        secrets.add("OAuth code", code)
        keyring_file = work / "keyring.json"
        secrets.add_tokens("first", saved_tokens(keyring_file))
        env = {**env, "CREATOR_BACKUP_API_BASE": sandbox.api_base}
        assert run_cli(env, "backup").code == 0
        sandbox.clock.advance(ACCESS_TTL + 60)  # the next command renews the login
        yield Session(sandbox, env, work / "app-home", keyring_file, secrets, work)
    finally:
        sandbox.stop()


def test_every_command_is_scanned_or_exempt_with_a_reason() -> None:
    assert set(COMMANDS) == set(ARGS) | set(EXEMPT)


def texts_written(path: Path) -> Iterator[tuple[str, str]]:
    """Every file a command wrote at `path` (a folder, a zip, a file), as text."""
    if path.is_dir():
        for file in files_under(path):
            yield str(file), file.read_text("utf-8", "replace")
    elif path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as packed:
            for name in packed.namelist():
                yield f"{path.name}:{name}", packed.read(name).decode("utf-8", "replace")
    elif path.is_file():
        yield str(path), path.read_text("utf-8", "replace")


@pytest.mark.parametrize("command", list(ARGS))
def test_no_secret_leaves_the_command(session: Session, command: str) -> None:
    out = session.work / command.replace("-", "_")
    args = [a.format(out=out, app_id=session.sandbox.client_id, work=session.work)
            for a in ARGS[command]]  # fmt: skip
    if command == "login":
        # The pasted token must be a live one whichever command ran before in this worker
        # (the session's clock is past the first token's life): a run renews the login.
        assert run_cli(session.env, "whoami").code == 0
        session.secrets.add_tokens("renewed", saved_tokens(session.keyring_file))
    token = saved_tokens(session.keyring_file).access_token  # pasted, as a user would
    stdin = token + "\n" if command == "login" else None
    if command == "import-export":
        out.with_suffix(".zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip
    if command == "match-originals":  # a folder of the creator's own pictures (none)
        out.mkdir()
    if command in ("notice", "case"):  # a notice of the account's, and its case
        (session.work / "notice.txt").write_text(NOTICE, "utf-8")
        if command == "case":
            assert run_cli(session.env, "notice", "import", f"{session.work}/notice.txt").code == 0
    if command == "verify-packet":  # a packet of the account to check
        made = run_cli(session.env, "appeal", "--all", "--out", f"{out}.zip", timeout=180)
        assert made.code in (0, 5), made.err
    result = run_cli(session.env, "-v", *args, stdin=stdin, timeout=180)
    # (-v copies the log to stderr, details included: that is what it is for.)
    if command not in ("import-export", "restore", "diff"):
        assert result.code in (0, 5), (command, result.err)
    if command == "whoami":
        # The renewal happened in this process: its tokens are secrets too.
        session.secrets.add_tokens("renewed", saved_tokens(session.keyring_file))
        values = session.secrets.values
        assert values["renewed refresh token"] != values["first refresh token"]
    if command == "signing-key":
        # The key it made is a secret too: its PEM text, whole and line by line.
        entries = json.loads(session.keyring_file.read_text("utf-8"))
        (pem,) = [v for k, v in entries.items() if k.endswith("\nsigning-key-ed25519")]
        session.secrets.add("signing key", pem)
        body = [line for line in pem.splitlines() if not line.startswith("-----")]
        session.secrets.add("signing key's base64", "".join(body))
    secrets = session.secrets
    secrets.assert_absent(f"stdout of {command}", result.out)
    secrets.assert_absent(f"stderr of {command}", result.err)
    scanned = 2
    for where, text in texts_written(session.home):
        secrets.assert_absent(where, text)
        scanned += 1
    for candidate in (out, out.with_suffix(".zip"), out.with_suffix(".txt")):
        for where, text in texts_written(candidate):
            secrets.assert_absent(where, text)
            scanned += 1
    logged = "\n".join(p.read_text("utf-8", "replace") for p in files_under(session.home / "log"))
    assert f"command {command}" in logged  # the scan looked at this command's own log
    record(hostile_inputs=scanned)
