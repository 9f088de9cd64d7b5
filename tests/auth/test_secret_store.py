"""The secret store never loses a login silently: a keyring that cannot keep secrets is an
error naming the ways out, and the only file fallback is the one the user asked for."""

from __future__ import annotations

import stat
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from creator_backup.auth.secrets import (
    MAX_SECRET_CHARS,
    NO_KEYRING_HELP,
    FileStore,
    KeyringStore,
    SecretStoreError,
    keyring_status,
)
from creator_backup.auth.service import AccountService
from creator_backup.sandbox import Sandbox
from tests.fake_keyring import LockedKeyring, MemoryKeyring
from tests.fake_keyring import use_keyring as use
from tests.platforms import posix_modes
from tests.sandbox_fixture import SandboxFactory

from .helpers import files_under


@pytest.fixture
def sandbox(make_sandbox: SandboxFactory) -> Sandbox:
    return make_sandbox(boards=1, pins=2, extras=False)


def test_the_fail_backend_is_an_error_naming_the_ways_out() -> None:
    use(keyring.backends.fail.Keyring)
    store = KeyringStore()
    with pytest.raises(SecretStoreError) as caught:
        store.set("tokens:x", "pina_value-that-cannot-be-kept")
    assert str(caught.value) == NO_KEYRING_HELP
    assert isinstance(caught.value.__cause__, keyring.errors.NoKeyringError)
    with pytest.raises(SecretStoreError, match="No secure password store"):
        store.get("tokens:x")
    with pytest.raises(SecretStoreError, match="No secure password store"):
        store.delete("tokens:x")
    assert keyring_status() == (False, NO_KEYRING_HELP)


def test_the_null_backend_which_drops_writes_is_caught_by_reading_back() -> None:
    use(keyring.backends.null.Keyring)
    store = KeyringStore()
    with pytest.raises(SecretStoreError) as caught:
        store.set("tokens:x", "pina_value-that-would-vanish")
    assert str(caught.value) == NO_KEYRING_HELP
    assert store.get("tokens:x") is None
    assert keyring_status()[0] is False


def test_a_locked_keyring_says_so() -> None:
    use(LockedKeyring)
    with pytest.raises(SecretStoreError, match="locked; unlock it"):
        KeyringStore().set("tokens:x", "value")
    with pytest.raises(SecretStoreError, match="locked; unlock it"):
        KeyringStore().get("tokens:x")


def test_a_working_keyring_keeps_reads_back_and_forgets(memory_keyring: MemoryKeyring) -> None:
    store = KeyringStore()
    store.set("tokens:x", "pina_kept")
    assert memory_keyring.values[("creator_backup", "tokens:x")] == "pina_kept"
    assert store.get("tokens:x") == "pina_kept"
    store.delete("tokens:x")
    store.delete("tokens:x")  # forgetting twice is fine
    assert store.get("tokens:x") is None
    assert keyring_status()[0] is True


def test_a_secret_too_large_for_windows_is_refused_before_writing(
    memory_keyring: MemoryKeyring,
) -> None:
    with pytest.raises(SecretStoreError, match=str(MAX_SECRET_CHARS)):
        KeyringStore().set("tokens:x", "x" * (MAX_SECRET_CHARS + 1))
    assert memory_keyring.values == {}


def test_login_without_a_keyring_fails_and_writes_nothing(sandbox: Sandbox, tmp_path: Path) -> None:
    use(keyring.backends.fail.Keyring)
    service = AccountService(tmp_path / "config", sandbox.api_base)
    with pytest.raises(SecretStoreError, match="a file only your user can read"):
        service.login_with_token(sandbox.access_token)
    assert service.registry.load() == []
    assert files_under(tmp_path) == []  # no accounts file, and no silent token file


@posix_modes
def test_login_into_the_opt_in_file_keeps_it_readable_by_the_user_alone(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    use(keyring.backends.fail.Keyring)
    service = AccountService(tmp_path / "config", sandbox.api_base)
    record = service.login_with_token(sandbox.access_token, storage="file")
    assert record.storage == "file"
    token_file = tmp_path / "config" / "tokens.json"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert sandbox.access_token in token_file.read_text("utf-8")
    assert sorted(p.name for p in files_under(tmp_path)) == ["accounts.json", "tokens.json"]
    client = service.client_for(record)
    try:
        assert client.get_account().username == sandbox.username
    finally:
        client.close()
    service.logout(record)
    assert sandbox.access_token not in token_file.read_text("utf-8")


@posix_modes
def test_the_file_store_is_replaced_whole_and_stays_private(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "config" / "tokens.json")
    store.set("a", "1")
    store.set("b", "2")
    store.delete("a")
    assert store.get("a") is None and store.get("b") == "2"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert [p.name for p in files_under(tmp_path)] == ["tokens.json"]  # no temp files left
