"""The creator's signature in an appeal packet, when they ask for one (`appeal --sign`).

BagIt tag files, beside the payload, so the bag stays valid and the tag manifests cover
them:

    signature/manifest-sha256.txt.sig   Ed25519 signature over manifest-sha256.txt
    signature/public-key.pem            the public key that checks it

manifest-sha256.txt lists the SHA-256 of every payload file, so one signature over it
vouches for all of them. The report (in the payload) names the key's fingerprint: it is
known before the bag is hashed, while the signature can only be made after.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from creator_backup.appeal.timestamps import PAYLOAD_MANIFEST, add_to_tag_manifests
from creator_backup.errors import UsageError
from creator_backup.evidence.signing_key import (
    SigningKey,
    fingerprint,
    load_public_pem,
    signature_holds,
)

SIGNATURE_TAG_DIR = "signature"
SIGNATURE_FILE = f"{SIGNATURE_TAG_DIR}/{PAYLOAD_MANIFEST}.sig"
PUBLIC_KEY_FILE = f"{SIGNATURE_TAG_DIR}/public-key.pem"
OPENSSL_VERIFY = (
    f"openssl pkeyutl -verify -pubin -inkey {PUBLIC_KEY_FILE} -rawin "
    f"-in {PAYLOAD_MANIFEST} -sigfile {SIGNATURE_FILE}"
)
# The raw key is the last 32 bytes of its DER form (SubjectPublicKeyInfo).
OPENSSL_FINGERPRINT = (
    f"openssl pkey -pubin -in {PUBLIC_KEY_FILE} -outform DER | tail -c 32 | sha256sum"
)


def verify_section(key_fingerprint: str) -> str:
    """VERIFY.txt's part on the signature: what it is and the openssl line that checks it."""
    return (
        "\nSigned by the account holder (Ed25519)\n"
        "--------------------------------------\n\n"
        f"{SIGNATURE_FILE} is the account holder's signature over {PAYLOAD_MANIFEST}\n"
        "(which lists every payload file's SHA-256), made with their own key when the\n"
        f"packet was made. {PUBLIC_KEY_FILE} is that key's public half; its fingerprint\n"
        "(SHA-256 of the 32-byte raw public key), also printed in the report, is\n"
        f"    {key_fingerprint}\n"
        "From inside the bag folder, with OpenSSL 3, this prints\n"
        '"Signature Verified Successfully" when the list is exactly as signed:\n'
        f"    {OPENSSL_VERIFY}\n"
        "and this prints the fingerprint without its spaces, to compare with one the\n"
        "account holder published or gave you another way:\n"
        f"    {OPENSSL_FINGERPRINT}\n"
    )


def add_signature(bag: Path, key: SigningKey) -> None:
    """Signs the bag's payload list; the two files join the tag manifests."""
    folder = bag / SIGNATURE_TAG_DIR
    folder.mkdir(exist_ok=True)
    signature = key.sign((bag / PAYLOAD_MANIFEST).read_bytes())
    (bag / SIGNATURE_FILE).write_bytes(signature)
    (bag / PUBLIC_KEY_FILE).write_bytes(key.public_pem)
    add_to_tag_manifests(bag, [bag / SIGNATURE_FILE, bag / PUBLIC_KEY_FILE])


@dataclass(frozen=True)
class SignatureCheck:
    """A packet's signature, checked: whose key (its fingerprint) and whether it holds."""

    fingerprint: str | None  # None: no readable public key
    problem: str | None = None  # None: the signature holds over the payload list

    @property
    def ok(self) -> bool:
        return self.problem is None

    def sentence(self) -> str:
        if self.problem is None:
            return (
                f"{SIGNATURE_FILE}: the payload list is as signed by the key with "
                f"fingerprint {self.fingerprint}."
            )
        return f"{SIGNATURE_FILE}: proves nothing: {self.problem}"

    def to_json(self) -> dict[str, object]:
        return {"valid": self.ok, "fingerprint": self.fingerprint, "problem": self.problem}


def check_signature(bag: Path) -> SignatureCheck | None:
    """The signature of an unpacked bag; None when it holds none."""
    if not (bag / SIGNATURE_TAG_DIR).exists():
        return None
    try:
        public = load_public_pem((bag / PUBLIC_KEY_FILE).read_bytes())
    except FileNotFoundError:
        return SignatureCheck(None, f"{PUBLIC_KEY_FILE} is missing")
    except UsageError as exc:
        return SignatureCheck(None, exc.message)
    whose = fingerprint(public)
    try:
        signature = (bag / SIGNATURE_FILE).read_bytes()
        signed = (bag / PAYLOAD_MANIFEST).read_bytes()
    except FileNotFoundError as exc:
        return SignatureCheck(whose, f"missing {Path(exc.filename or '').name}")
    if not signature_holds(public, signature, signed):
        return SignatureCheck(whose, f"the signature does not match {PAYLOAD_MANIFEST}")
    return SignatureCheck(whose)
