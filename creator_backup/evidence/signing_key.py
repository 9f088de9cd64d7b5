"""The creator's own signing key: an Ed25519 key, made on first use and kept like the app's
other secrets, in the system keyring or (only when the creator opts in) in the file only
their user can read (creator_backup.auth.secrets). A time stamp says when; this signature
says who vouches for a packet: whoever holds this key.

The private key leaves its store only into this process's memory: it is registered with
the log's redaction, never written into a packet, a log line or an error. What others see
is the public key and its fingerprint: the SHA-256 of the 32 raw public-key bytes, in
groups of four hex digits, short enough to read out over the phone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from creator_backup.auth.secrets import (
    FileStore,
    KeyringStore,
    NoKeyring,
    SecretStore,
    SecretStoreError,
)
from creator_backup.errors import UsageError
from creator_backup.logsetup import SECRETS

KEY_NAME = "signing-key-ed25519"  # its name in the secret store
# The file the logins are kept in when the user keeps them out of the keyring: one file
# of secrets, private to the user, rather than two.
SECRETS_FILE = "tokens.json"
KEYRING, FILE = "keyring", "file"
FINGERPRINT_GROUP = 4


def fingerprint(public: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key, in groups of four hex digits."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashlib.sha256(raw).hexdigest()
    groups = [digest[i : i + FINGERPRINT_GROUP] for i in range(0, len(digest), FINGERPRINT_GROUP)]
    return " ".join(groups)


def public_pem(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_pem(data: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; UsageError for anything else."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise UsageError("The public key is not a PEM public key.") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise UsageError("The public key is not an Ed25519 key.")
    return key


def signature_holds(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True


@dataclass(frozen=True)
class SigningKey:
    """A loaded key and where it is kept. Its repr names neither key's bytes."""

    private: Ed25519PrivateKey = field(repr=False)
    kept_in: str  # the store's description, for `signing-key show`

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)

    @property
    def public_pem(self) -> bytes:
        return public_pem(self.public)

    def sign(self, data: bytes) -> bytes:
        return self.private.sign(data)


def _to_text(private: Ed25519PrivateKey) -> str:
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    _register(pem)
    return pem


def _register(pem: str) -> None:
    """The key's text, whole and line by line, is scrubbed from anything logged."""
    SECRETS.add(pem)
    for line in pem.splitlines():
        if not line.startswith("-----"):
            SECRETS.add(line)


def _from_text(pem: str, where: str) -> Ed25519PrivateKey:
    _register(pem)
    try:
        key = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise SecretStoreError(f"The signing key kept in {where} is damaged.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SecretStoreError(f"The signing key kept in {where} is not an Ed25519 key.")
    return key


class SigningKeys:
    """The one signing key: found in the keyring or the private file, made on first use."""

    def __init__(self, config_dir: Path) -> None:
        self.config_dir = config_dir

    def store(self, storage: str) -> SecretStore:
        if storage == FILE:
            return FileStore(self.config_dir / SECRETS_FILE)
        return KeyringStore()

    def find(self) -> SigningKey | None:
        """The key, wherever it is kept; None when none was made. A keyring that is
        missing altogether is no answer on its own: the key may be in the file."""
        for storage in (KEYRING, FILE):
            store = self.store(storage)
            try:
                pem = store.get(KEY_NAME)
            except NoKeyring:
                continue
            if pem:
                return SigningKey(_from_text(pem, store.description), store.description)
        return None

    def find_or_make(self, storage: str = KEYRING) -> tuple[SigningKey, bool]:
        """The key, made and kept in `storage` when there is none; True when made now."""
        found = self.find()
        if found is not None:
            return found, False
        private = Ed25519PrivateKey.generate()
        store = self.store(storage)
        store.set(KEY_NAME, _to_text(private))  # read back before it is trusted
        return SigningKey(private, store.description), True

    def forget(self) -> bool:
        """Deletes the key from every store; True when there was one. Packets signed with
        it stay checkable (they hold the public key); no new one can be signed with it."""
        found = self.find() is not None
        for storage in (KEYRING, FILE):
            try:
                self.store(storage).delete(KEY_NAME)
            except NoKeyring:
                continue
        return found
