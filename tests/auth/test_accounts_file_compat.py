"""accounts.json stays readable by the release before `login_method` was kept (issue 19,
review): its loader is AccountRecord(**record), which fails on a key it does not know, and
the same folder may serve it (a downgrade, an older scheduled install). A browser login or
a pasted token is written with exactly the keys it knew; only the app's own login, which
that release could not make, carries the new key."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from creator_backup.auth.accounts import (
    BY_APP,
    BY_BROWSER,
    BY_TOKEN,
    AccountRecord,
    AccountRegistry,
)
from creator_backup.sandbox import Sandbox
from tests.sandbox_fixture import SandboxFactory

from .connect_helpers import application

OLD_KEYS = {"username", "account_id", "api_base", "app_id", "storage"}
API = "http://127.0.0.1:1/v5"


@dataclass(frozen=True)
class PreviousRecord:
    """AccountRecord as the previous release knew it."""

    username: str
    account_id: str
    api_base: str
    app_id: str | None
    storage: str


def previous_release_loads(path: Path) -> list[PreviousRecord]:
    data = json.loads(path.read_text("utf-8"))
    return [PreviousRecord(**record) for record in data["accounts"]]


def written(path: Path) -> list[dict[str, Any]]:
    accounts: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["accounts"]
    return accounts


def test_browser_and_token_logins_are_written_with_exactly_the_old_keys(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    registry = AccountRegistry(path)
    registry.add(AccountRecord("browsed", "1", API, "77", "keyring", login_method=BY_BROWSER))
    registry.add(AccountRecord("pasted", "2", API, None, "file", login_method=BY_TOKEN))
    registry.learn_id(API, "pasted", "22")  # a rewrite keeps to them too
    assert [set(r) for r in written(path)] == [OLD_KEYS, OLD_KEYS]
    assert [r.username for r in previous_release_loads(path)] == ["browsed", "pasted"]
    # And this release reads back what it wrote.
    browsed, pasted = registry.load()
    assert (browsed.method, pasted.method, pasted.account_id) == (BY_BROWSER, BY_TOKEN, "22")


def test_only_the_app_s_own_login_carries_its_method(tmp_path: Path) -> None:
    path = tmp_path / "accounts.json"
    registry = AccountRegistry(path)
    registry.add(AccountRecord("owner", "3", API, "77", "keyring", login_method=BY_APP))
    assert set(written(path)[0]) == OLD_KEYS | {"login_method"}
    assert written(path)[0]["login_method"] == BY_APP
    assert registry.load()[0].method == BY_APP
    with pytest.raises(TypeError):
        previous_release_loads(path)  # it could not have made this login: nothing to lose


def test_a_pasted_token_login_through_the_application_writes_the_old_keys(
    make_sandbox: SandboxFactory, tmp_path: Path
) -> None:
    sandbox: Sandbox = make_sandbox(boards=1, pins=1, extras=False)
    app = application(tmp_path, sandbox)
    record = app.connect.login_with_token(sandbox.access_token, storage="file")
    path = app.paths.config_dir / "accounts.json"
    assert [set(r) for r in written(path)] == [OLD_KEYS]
    assert previous_release_loads(path)[0].username == record.username == sandbox.username
    assert app.accounts.connected() == [record]  # what the login returned is what is read
