"""A release's SHA256SUMS and its OpenSSH signature: write, sign, verify.

    python packaging/release/sums.py write DIR    # DIR/SHA256SUMS over every file in DIR
    python packaging/release/sums.py sign DIR     # DIR/SHA256SUMS.sig, with the private key
    python packaging/release/sums.py verify DIR   # the signature, then every file's sum

The private key is the text of an OpenSSH ed25519 key, taken from the environment
variable RELEASE_SIGNING_KEY (in CI: the repository secret of that name) or from a file
named by --key. Verifying needs only the public half, in packaging/release/allowed_signers.

OpenSSH signatures (`ssh-keygen -Y`) because ssh-keygen is already on Linux, macOS and
Windows (OpenSSH 8.1 and later): whoever downloads a release can check it with what
their system has, and the release needs no signing tool of its own. Standard library
only, so the release job runs it with any Python.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SUMS = "SHA256SUMS"
SIGNATURE = f"{SUMS}.sig"
# ssh-keygen's signature namespace for files (its manual's own example); a signature made
# for another namespace (git commits, say) does not verify as a release's.
NAMESPACE = "file"
# The one signer allowed_signers names.
IDENTITY = "release@creatorbackup.github.io"
ALLOWED_SIGNERS = Path(__file__).resolve().with_name("allowed_signers")
KEY_ENV = "RELEASE_SIGNING_KEY"
CHUNK = 1 << 20


class ReleaseCheckError(Exception):
    """The folder, its sums or its signature are not what a release must be."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(folder: Path) -> list[Path]:
    """Every file a release carries: the folder's files, less the sums and signature.

    A release is flat; a subfolder would be left out of the sums, so it is refused."""
    if not folder.is_dir():
        raise ReleaseCheckError(f"{folder} is not a folder")
    nested = sorted(p.name for p in folder.iterdir() if not p.is_file())
    if nested:
        raise ReleaseCheckError(f"{folder} holds more than files: {', '.join(nested)}")
    files = sorted(p for p in folder.iterdir() if p.name not in {SUMS, SIGNATURE})
    if not files:
        raise ReleaseCheckError(f"{folder} has no files to sum")
    return files


def write_sums(folder: Path) -> Path:
    """DIR/SHA256SUMS in the format `sha256sum -c` reads (binary mode, '*' before names)."""
    lines = [f"{sha256_of(path)} *{path.name}\n" for path in release_files(folder)]
    sums = folder / SUMS
    sums.write_text("".join(lines), encoding="utf-8", newline="\n")
    return sums


def read_sums(folder: Path) -> dict[str, str]:
    listed: dict[str, str] = {}
    for number, line in enumerate((folder / SUMS).read_text("utf-8").splitlines(), 1):
        digest, separator, name = line.partition(" ")
        name = name.removeprefix("*").removeprefix(" ")
        if not separator or len(digest) != 64 or not name or "/" in name or "\\" in name:
            raise ReleaseCheckError(f"{SUMS} line {number} is not 'sha256 *name': {line!r}")
        if name in listed:
            raise ReleaseCheckError(f"{SUMS} lists {name} twice")
        listed[name] = digest
    return listed


def ssh_keygen() -> str:
    found = shutil.which("ssh-keygen")
    if found is None:
        raise ReleaseCheckError("ssh-keygen is not installed (it comes with OpenSSH)")
    return found


def sign_sums(folder: Path, key_text: str) -> Path:
    """DIR/SHA256SUMS.sig: the private key's signature over DIR/SHA256SUMS."""
    sums = folder / SUMS
    if not sums.is_file():
        raise ReleaseCheckError(f"no {SUMS} in {folder}: write it first")
    # ssh-keygen reads the key from a file, and refuses one others may read: mkstemp
    # makes it readable by this user only, and it is gone when signing is done.
    handle, key_name = tempfile.mkstemp(prefix="release-key-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as key_file:
            key_file.write(key_text.strip() + "\n")
        (folder / SIGNATURE).unlink(missing_ok=True)
        done = subprocess.run(
            [ssh_keygen(), "-Y", "sign", "-f", key_name, "-n", NAMESPACE, str(sums)],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
    finally:
        Path(key_name).unlink(missing_ok=True)
    if done.returncode != 0:
        # ssh-keygen's message names the problem (a bad key, a passphrase); never the key.
        raise ReleaseCheckError(f"ssh-keygen could not sign: {done.stderr.strip()}")
    return folder / SIGNATURE


def verify_signature(folder: Path, allowed_signers: Path) -> None:
    sums, signature = folder / SUMS, folder / SIGNATURE
    for needed in (sums, signature):
        if not needed.is_file():
            raise ReleaseCheckError(f"no {needed.name} in {folder}")
    with sums.open("rb") as message:
        done = subprocess.run(
            [
                *(ssh_keygen(), "-Y", "verify", "-f", str(allowed_signers)),
                *("-I", IDENTITY, "-n", NAMESPACE, "-s", str(signature)),
            ],
            stdin=message,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    if done.returncode != 0:
        said = (done.stdout + done.stderr).strip()
        raise ReleaseCheckError(f"{SIGNATURE} does not verify against {SUMS}: {said}")


def verify_files(folder: Path) -> None:
    """Every file in the folder is listed with its sum, and every listed file is there."""
    listed = read_sums(folder)
    present = {path.name: path for path in release_files(folder)}
    unlisted = sorted(set(present) - set(listed))
    missing = sorted(set(listed) - set(present))
    if missing:
        raise ReleaseCheckError(f"listed in {SUMS} but not here: {', '.join(missing)}")
    if unlisted:
        raise ReleaseCheckError(f"here but not listed in {SUMS}: {', '.join(unlisted)}")
    changed = sorted(name for name, path in present.items() if sha256_of(path) != listed[name])
    if changed:
        raise ReleaseCheckError(f"{', '.join(changed)}: not the sum {SUMS} lists")


def verify(folder: Path, allowed_signers: Path = ALLOWED_SIGNERS) -> None:
    verify_signature(folder, allowed_signers)
    verify_files(folder)


def signing_key(key_file: Path | None) -> str:
    if key_file is not None:
        return key_file.read_text("utf-8")
    text = os.environ.get(KEY_ENV, "")
    if not text.strip():
        raise ReleaseCheckError(f"no signing key: set {KEY_ENV} or pass --key FILE")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("write", help=f"write DIR/{SUMS}").add_argument("folder", type=Path)
    sign = commands.add_parser("sign", help=f"sign DIR/{SUMS} into DIR/{SIGNATURE}")
    sign.add_argument("folder", type=Path)
    sign.add_argument("--key", type=Path, help=f"the private key's file (default: ${KEY_ENV})")
    check = commands.add_parser("verify", help="check the signature, then every file's sum")
    check.add_argument("folder", type=Path)
    check.add_argument("--allowed-signers", type=Path, default=ALLOWED_SIGNERS)
    args = parser.parse_args(argv)
    try:
        if args.command == "write":
            print(f"wrote {write_sums(args.folder)}")
        elif args.command == "sign":
            print(f"wrote {sign_sums(args.folder, signing_key(args.key))}")
        else:
            verify(args.folder, args.allowed_signers)
            print(f"{args.folder}: signature good, every file matches {SUMS}")
    except (ReleaseCheckError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
