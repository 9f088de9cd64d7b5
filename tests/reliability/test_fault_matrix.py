"""The sandbox's fault matrix across backup, restore and login: latency, 5xx, connection
resets, truncated and slow bodies, 429 storms; and a token that expires, an account
suspended, in the middle of a run. Each ends complete, or honestly partial and finished
by the next run; nothing is ever duplicated."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring
import pytest

from creator_backup.api.errors import AccountUnavailable, ApiError
from creator_backup.api.factory import make_client
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive
from creator_backup.auth.oauth import LoginFailed, TokenSet
from creator_backup.auth.secrets import SERVICE, KeyringStore
from creator_backup.auth.service import AccountService
from creator_backup.auth.static import StaticToken
from creator_backup.auth.tokens import RefreshingTokens, tokens_key
from creator_backup.backup.engine import BackupOptions, BackupRun
from creator_backup.errors import AppError
from creator_backup.progress import Progress
from creator_backup.sandbox import Sandbox
from tests.auth.helpers import Browser, fetch_with_stdlib, free_port, stored_tokens
from tests.backup.conftest import control, db, do_backup, sandbox_state
from tests.fake_keyring import MemoryKeyring
from tests.restore.conftest import UNPACED, assert_restored, cannot_ids, lose, restore

from .figures import record
from .helpers import assert_archive_equals_sandbox, assert_no_duplicates

JsonDict = dict[str, Any]
# Each fault, as the sandbox's /_sandbox/faults script takes it (method and path added).
FAULTS: dict[str, JsonDict] = {
    "latency": {"kind": "latency", "latency_ms": 300, "times": 4},
    "5xx": {"kind": "status", "status": 503, "times": 3},
    "reset": {"kind": "reset", "times": 3},
    "truncated": {"kind": "truncate", "times": 3},
    "slow body": {"kind": "slow", "times": 2},
    "429 storm": {"kind": "status", "status": 429, "headers": {"Retry-After": "1"}, "times": 3},
}
PINS_PAGE = r"^/v5/boards/\d+/pins$"
MEDIA = r"\.(png|mp4)$"
WRITES = r"^/v5/(boards|pins)"


def inject(sandbox: Sandbox, fault: str, method: str | None, path: str) -> None:
    control(sandbox, "faults", {"script": [{**FAULTS[fault], "method": method, "path": path}]})


def injected(sandbox: Sandbox) -> int:
    return sum(sandbox_state(sandbox)["faults_injected"].values())


def missing_marked(root: Path) -> int:
    with db(root) as conn:
        row = conn.execute("SELECT count(*) FROM objects WHERE missing_since IS NOT NULL")
        return int(row.fetchone()[0])


# -- backup ---------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["listing", "media"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_backup_under_each_fault_is_complete_or_honestly_partial(
    make_sandbox: Callable[..., Sandbox], archive_root: Path, fault: str, where: str
) -> None:
    sandbox = make_sandbox(seed=71, boards=3, pins=40)
    inject(sandbox, fault, "GET", PINS_PAGE if where == "listing" else MEDIA)
    first = do_backup(sandbox, archive_root)
    faults = injected(sandbox)
    assert faults > 0, "the fault was never met"
    with Archive.open(archive_root, write=False) as archive:
        assert archive.snapshots()[-1].complete == first.complete
    if first.complete and not first.failed:
        lost = assert_archive_equals_sandbox(archive_root, sandbox)
    else:
        # Honest: nothing concluded lost from a run that did not see everything.
        assert missing_marked(archive_root) == 0
        assert first.stopped or first.failed
        control(sandbox, "faults", {"clear_script": True})
        again = do_backup(sandbox, archive_root)
        assert again.complete and again.failed == []
        lost = assert_archive_equals_sandbox(archive_root, sandbox)
    record(faults_injected=faults, items_lost=lost)


def refreshing_client(sandbox: Sandbox, save: bool = True) -> Any:
    """A client over a saved login that renews itself, as a connected account has."""
    key = "sandbox|creator"
    now = sandbox.clock()
    tokens = TokenSet(sandbox.access_token, now + 3600, sandbox.refresh_token, now + 86_400,
                      ("boards:read", "pins:read", "user_accounts:read"))  # fmt: skip
    if save:
        keyring.set_password(SERVICE, tokens_key(key), json.dumps(tokens.to_json()))
    renewing = RefreshingTokens(
        key, KeyringStore(), sandbox.api_base, sandbox.client_id, sandbox.client_secret
    )
    return make_client(sandbox.api_base, renewing)


def backup_with(sandbox: Sandbox, root: Path, client: Any, at_board: Callable[[], None]) -> Any:
    """A backup whose second board's listing is where `at_board` strikes."""
    struck: list[bool] = []

    def watch(progress: Progress) -> None:
        if progress.phase == "Listing boards" and progress.done == 1 and not struck:
            struck.append(True)
            at_board()

    try:
        with Archive.open(root, identity={"api_base": sandbox.api_base}) as archive:
            options = BackupOptions(kind="full", media=False)
            return BackupRun(client, archive, options, watch).run()
    finally:
        client.close()


def test_a_token_expiring_mid_backup_is_renewed_once_and_the_run_completes(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=72, boards=4, pins=40, access_token_ttl_s=3600)
    client = refreshing_client(sandbox)
    result = backup_with(sandbox, archive_root, client, lambda: sandbox.clock.advance(3700))
    assert result.complete
    assert client.stats.refreshes == 1
    assert sandbox_state(sandbox)["token_refreshes"] == 1
    assert stored_tokens("sandbox|creator") is not None  # the rotated login was kept
    # The media too, over the renewed login, so the archive can be compared whole.
    client = refreshing_client(sandbox, save=False)
    try:
        with Archive.open(archive_root) as archive:
            assert BackupRun(client, archive).run().complete
    finally:
        client.close()
    record(faults_injected=1, items_lost=assert_archive_equals_sandbox(archive_root, sandbox))


def test_an_account_suspended_mid_backup_is_partial_and_reinstatement_finishes_it(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=73, boards=4, pins=40)
    do_backup(sandbox, archive_root)  # a complete baseline first
    client = make_client(sandbox.api_base, StaticToken(sandbox.access_token))
    result = backup_with(sandbox, archive_root, client, lambda: control(sandbox, "account/suspend"))
    assert not result.complete
    assert result.outcome == RunOutcome.ACCOUNT_UNAVAILABLE
    assert missing_marked(archive_root) == 0  # a suspension is not a loss of every pin
    control(sandbox, "account/reinstate")
    again = do_backup(sandbox, archive_root, kind="full")
    assert again.complete
    record(faults_injected=1, items_lost=assert_archive_equals_sandbox(archive_root, sandbox))


# -- restore --------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", list(FAULTS))
def test_restore_under_each_fault_never_duplicates_and_the_next_run_finishes(
    make_sandbox: Callable[..., Sandbox], archive_root: Path, fault: str
) -> None:
    sandbox = make_sandbox(seed=74, boards=3, pins=30, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    lose(sandbox, before, lambda p: p["is_owner"] and int(p["id"]) % 3 == 0)
    # Writes fail as Pinterest's do: refused (5xx, 429), or stored and then the answer
    # lost (reset, truncated), which only a listing can settle.
    inject(sandbox, fault, "POST", WRITES)
    first = restore(sandbox, archive_root)
    faults = injected(sandbox)
    assert faults > 0
    assert first.duplicates == []
    if not first.ok:
        control(sandbox, "faults", {"clear_script": True})
        second = restore(sandbox, archive_root)
        assert second.ok, (second.failed, second.stopped)
        assert second.duplicates == []
    assert_restored(before, sandbox_state(sandbox), cannot_ids(first))
    third = restore(sandbox, archive_root)
    assert third.created == {"boards": 0, "sections": 0, "pins": 0}
    assert_no_duplicates(archive_root)
    record(faults_injected=faults, items_lost=0)


def test_a_suspension_mid_restore_stops_it_and_reinstatement_finishes_it(
    make_sandbox: Callable[..., Sandbox], archive_root: Path
) -> None:
    sandbox = make_sandbox(seed=75, boards=3, pins=30, **UNPACED)
    do_backup(sandbox, archive_root)
    before = sandbox_state(sandbox)
    lose(sandbox, before, lambda p: p["is_owner"] and int(p["id"]) % 3 == 0)

    def watch(progress: Progress) -> None:
        if progress.phase == "Restoring" and progress.done == 2:
            control(sandbox, "account/suspend")

    # The run ends at the refusal: the account is unavailable, in one sentence.
    with pytest.raises(AccountUnavailable, match="unavailable"):
        restore(sandbox, archive_root, run_kwargs={"progress": watch})
    control(sandbox, "account/reinstate", {"restore_content": False})
    second = restore(sandbox, archive_root)
    assert second.ok, (second.failed, second.stopped)
    assert second.duplicates == []
    assert_restored(before, sandbox_state(sandbox), cannot_ids(second))
    record(faults_injected=1, items_lost=0)


# -- login ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", list(FAULTS))
def test_login_under_each_fault_connects_or_fails_in_one_sentence_keeping_nothing(
    make_sandbox: Callable[..., Sandbox], tmp_path: Path, memory_keyring: MemoryKeyring, fault: str
) -> None:
    port = free_port()
    sandbox = make_sandbox(
        boards=1,
        pins=3,
        extras=False,
        auto_approve=True,
        redirect_uris=(f"http://127.0.0.1:{port}/",),
    )
    # The token exchange and the first account read are where a login meets the network.
    inject(sandbox, fault, None, r"^/v5/(oauth/token|user_account)$")
    service = AccountService(tmp_path / "config", sandbox.api_base)
    browser = Browser(fetch=fetch_with_stdlib)
    try:
        record_ = service.login_with_browser(
            sandbox.client_id, sandbox.client_secret, browser.open, timeout_s=20, ports=(port,)
        )
    except (LoginFailed, AppError, ApiError) as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        assert sandbox.client_secret not in message and browser.code not in message
        assert service.registry.load() == []
        assert not [k for k in memory_keyring.values if "tokens:" in k[1]]
    else:
        assert stored_tokens(record_.key) is not None
        assert record_.username == sandbox.username
    finally:
        browser.join()
    record(faults_injected=injected(sandbox))
