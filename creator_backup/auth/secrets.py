"""Where tokens and the app secret live: the system keyring, checked by reading back every
write, or, only when the user opts in, a file readable by them alone.

keyring can fail loudly (no backend: NoKeyringError) or silently (the null backend drops
writes), so a write is trusted only once it reads back. There is no silent fallback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from creator_backup.atomic import write_text_durably
from creator_backup.errors import AppError, ExitCode

# keyring is imported where a secret is read or written: finding its backends takes a
# while, and the window's first page needs none (issue 22: the window opens at once).

SERVICE = "creator_backup"
# Windows Credential Manager holds at most 2,560 bytes per secret (UTF-16): stay under it.
MAX_SECRET_CHARS = 1200

NO_KEYRING_HELP = (
    "No secure password store is available to keep your Pinterest login. Ways out: unlock "
    "or install a Secret Service (GNOME Keyring or KWallet), or keep the login in a file "
    "only your user can read."
)


class SecretStoreError(AppError):
    """The store cannot keep secrets; the message names the ways out. A login that cannot
    be kept (or read back) is a login problem: the CLI ends with AUTH."""

    exit_code = ExitCode.AUTH


class NoKeyring(SecretStoreError):
    """No usable system keyring at all (NO_KEYRING_HELP)."""

    def __init__(self) -> None:
        super().__init__(NO_KEYRING_HELP)


class SecretStore(Protocol):
    description: str

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


def _check_size(key: str, value: str) -> None:
    if len(value) > MAX_SECRET_CHARS:
        raise SecretStoreError(
            f"The secret {key!r} is {len(value)} characters, more than the "
            f"{MAX_SECRET_CHARS} a system keyring can be trusted to hold."
        )


class KeyringStore:
    def __init__(self, service: str = SERVICE) -> None:
        import keyring

        self.service = service
        backend = keyring.get_keyring()
        self.description = f"system keyring ({type(backend).__module__}.{type(backend).__name__})"

    def get(self, key: str) -> str | None:
        import keyring.errors

        try:
            return keyring.get_password(self.service, key)
        except keyring.errors.KeyringLocked as exc:
            raise SecretStoreError(
                "The system keyring is locked; unlock it and try again."
            ) from exc
        except keyring.errors.KeyringError as exc:
            raise NoKeyring() from exc

    def set(self, key: str, value: str) -> None:
        import keyring.errors

        _check_size(key, value)
        try:
            keyring.set_password(self.service, key, value)
            read_back = keyring.get_password(self.service, key)
        except keyring.errors.KeyringLocked as exc:
            raise SecretStoreError(
                "The system keyring is locked; unlock it and try again."
            ) from exc
        except keyring.errors.KeyringError as exc:
            raise NoKeyring() from exc
        if read_back != value:
            # The null backend accepts writes and keeps nothing.
            raise NoKeyring()

    def delete(self, key: str) -> None:
        import keyring.errors

        try:
            keyring.delete_password(self.service, key)
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as exc:
            raise NoKeyring() from exc


class FileStore:
    """Opt-in plain file, mode 0600, replaced atomically on every write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"a file only your user can read ({path})"

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except ValueError as exc:
            raise SecretStoreError(f"The token file {self.path} is damaged.") from exc
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save(self, data: dict[str, str]) -> None:
        # Private to the user (0600) from its first byte: the temp file is made so.
        write_text_durably(self.path, json.dumps(data))

    def get(self, key: str) -> str | None:
        return self._load().get(key)

    def set(self, key: str, value: str) -> None:
        data = self._load()
        data[key] = value
        self._save(data)
        if self._load().get(key) != value:
            raise SecretStoreError(f"The token file {self.path} did not keep what was written.")

    def delete(self, key: str) -> None:
        data = self._load()
        if data.pop(key, None) is not None:
            self._save(data)


class MemoryStore:
    """Secrets for this process only (tests, and a login not to be remembered)."""

    description = "memory (forgotten when the app closes)"

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.values.get(key)

    def set(self, key: str, value: str) -> None:
        self.values[key] = value

    def delete(self, key: str) -> None:
        self.values.pop(key, None)


def keyring_status() -> tuple[bool, str]:
    """(usable, plain sentence) for the Settings page and `accounts`."""
    import keyring

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False, NO_KEYRING_HELP
    if name.startswith("keyrings.alt"):
        return False, f"The keyring backend {name} stores secrets without protection."
    return True, f"Logins are kept in the system keyring ({name})."
