"""A pasted token's permissions, found honestly: Pinterest does not say them, so a few
one-item listings show which read scopes work and which are refused; what they cannot
show stays unknown, and nothing is claimed that was not seen. The login's health then
tells whether secret boards and pins are backed up, and when to log in again."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import requests

from creator_backup.auth.accounts import ARCHIVE_ONLY, BY_TOKEN, AccountRecord
from creator_backup.auth.oauth import READ_SCOPES, TokenSet
from creator_backup.auth.secrets import SERVICE
from creator_backup.auth.service import PASTED_TOKEN_LIFETIME_S
from creator_backup.auth.tokens import tokens_key
from creator_backup.backup.engine import BackupOptions
from creator_backup.sandbox import Sandbox
from tests.api.helpers import state
from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import application, generator_token, scoped_token, tokens_in
from .helpers import TIMEOUT

BASIC = ("user_accounts:read", "boards:read", "pins:read")


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    """The default account's extras include secret boards with pins."""
    return make_sandbox(boards=4, pins=40)


def api_calls(sandbox: Sandbox) -> int:
    return int(state(sandbox)["requests"]["total"])


def test_a_token_with_every_read_scope_is_seen_to_have_them(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    before = api_calls(sandbox)
    record = app.connect.login_with_token(sandbox.access_token)
    assert api_calls(sandbox) - before <= 5  # the account, then four one-item listings
    assert record.method == BY_TOKEN and record.app_id is None
    tokens = tokens_in(app, record.key)
    assert tokens.scopes_probed and tokens.refused == ()
    assert set(tokens.scopes) == set(READ_SCOPES)
    health = app.connect.login_health(record)
    assert set(health.scopes) == set(READ_SCOPES) and health.missing_scopes == ()
    assert health.secret_content_backed_up is True
    assert not health.renewable
    assert health.relogin_by == pytest.approx(time.time() + PASTED_TOKEN_LIFETIME_S, abs=60)
    assert health.sentence.startswith("This login cannot renew itself: log in again before")
    with app.accounts.login(record) as login:
        assert set(login.client.granted_scopes) == set(READ_SCOPES)
        assert login.client.scopes_partial  # writes were never tried
    # So a restore is not refused up front: Pinterest answers the first write.
    assert app.restores.can_write(record) is None


def test_the_token_generator_s_token_is_seen_without_secret_boards(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(generator_token(sandbox))
    health = app.connect.login_health(record)
    assert health.scopes == BASIC
    # Refused when asked for; pins:read_secret cannot be tried without a secret board.
    assert health.missing_scopes == ("boards:read_secret",)
    assert health.secret_content_backed_up is False
    assert health.sentence.startswith(
        "Secret boards and pins are not being backed up: this login lacks boards:read_secret; "
        "log in with your Pinterest app instead of a pasted token."
    )
    assert "cannot renew itself" in health.sentence
    with app.accounts.login(record) as login:
        assert login.client.granted_scopes == BASIC


def test_a_token_that_sees_secret_boards_but_not_their_pins(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    token = scoped_token(sandbox, [*BASIC, "boards:read_secret"])
    record = app.connect.login_with_token(token)
    health = app.connect.login_health(record)
    assert set(health.scopes) == {*BASIC, "boards:read_secret"}
    assert health.missing_scopes == ("pins:read_secret",)
    assert health.secret_content_backed_up is False
    assert "lacks pins:read_secret" in health.sentence


def test_with_no_secret_board_the_secret_scopes_stay_unknown(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    """An empty answer for secret boards may mean there are none, or that Pinterest hides
    them: it is not taken as the permission."""
    sandbox = make_sandbox(boards=2, pins=5, extras=False)
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(sandbox.access_token)
    health = app.connect.login_health(record)
    assert health.scopes == BASIC and health.missing_scopes == ()
    assert health.secret_content_backed_up is None
    assert "Secret" not in health.sentence
    # Nor does its backup claim to have been unable to see secret content: a snapshot
    # records what was known, here nothing, so it can be compared with any other.
    result = app.backups.run_account(record, BackupOptions(media=False))
    assert result.complete and result.snapshot.sees_secret is None


def test_a_secret_board_with_no_pins_leaves_the_secret_pins_scope_unknown(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """The secret board's pin listing answering with no pin may mean the board has none,
    or that Pinterest hides them: it is not taken as the permission."""

    def pins() -> list[dict[str, str]]:
        found: list[dict[str, str]] = requests.get(
            sandbox.origin + "/_sandbox/state", timeout=TIMEOUT
        ).json()["pins"]
        return found

    secret = {b["id"] for b in state(sandbox)["boards"] if b["privacy"] == "SECRET"}
    on_secret = [p["id"] for p in pins() if p["board_id"] in secret]
    assert secret and on_secret
    for pin_id in on_secret:
        answer = requests.post(f"{sandbox.origin}/_sandbox/pins/{pin_id}/remove",
                               timeout=TIMEOUT)  # fmt: skip
        assert answer.status_code == 200, answer.text
    assert not any(p["board_id"] in secret for p in pins())
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(sandbox.access_token)  # every scope, in truth
    tokens = tokens_in(app, record.key)
    assert tokens.scopes_probed and tokens.refused == ()
    assert "boards:read_secret" in tokens.scopes  # a secret board came back
    assert "pins:read_secret" not in tokens.scopes  # no pin did: not known
    health = app.connect.login_health(record)
    assert health.missing_scopes == () and health.secret_content_backed_up is None
    result = app.backups.run_account(record, BackupOptions(media=False))
    assert result.complete and result.snapshot.sees_secret is None


def test_a_backup_with_the_token_generator_s_token_records_that_it_saw_no_secrets(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(generator_token(sandbox))
    result = app.backups.run_account(record, BackupOptions(media=False))
    assert result.snapshot.sees_secret is False  # boards:read_secret was seen refused


def test_a_token_without_pins_read_is_told_it_cannot_back_up(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(scoped_token(sandbox, ["user_accounts:read",
                                                                 "boards:read"]))  # fmt: skip
    health = app.connect.login_health(record)
    assert health.missing_scopes == ("boards:read_secret", "pins:read")
    # The one a backup cannot do without comes first.
    assert health.sentence.startswith("This login lacks pins:read, which a backup needs")


def test_a_token_pasted_before_scopes_were_probed_says_nothing_of_them(
    sandbox: Sandbox, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(sandbox.access_token)
    old = TokenSet(sandbox.access_token, time.time() + 3600, None, None, ())
    saved = json.loads(json.dumps(old.to_json()))
    del saved["scopes_probed"], saved["refused"]  # as an older version saved it
    memory_keyring.values[(SERVICE, tokens_key(record.key))] = json.dumps(saved)
    health = app.connect.login_health(record)
    assert health.scopes == () and health.missing_scopes == ()
    assert health.secret_content_backed_up is None


def test_the_health_of_an_archive_without_login_is_empty(sandbox: Sandbox, tmp_path: Path) -> None:
    app = application(tmp_path, sandbox)
    record = AccountRecord("someone", "1", sandbox.api_base, None, ARCHIVE_ONLY)
    health = app.connect.login_health(record)
    assert (health.scopes, health.renewable, health.sentence) == ((), False, "")
