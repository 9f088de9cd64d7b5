"""A release's SHA256SUMS, its OpenSSH signature and its notes, through the scripts the
release workflow runs (packaging/release/), on throwaway folders and keys."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "packaging" / "release"
SUMS = RELEASE / "sums.py"
NOTES = RELEASE / "changelog_notes.py"
IDENTITY = "release@creatorbackup.github.io"

pytestmark = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (OpenSSH) is not installed"
)


def script(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def new_key(folder: Path, name: str) -> tuple[Path, Path]:
    """A throwaway ed25519 key pair and an allowed-signers file naming its public half."""
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)],
        check=True,
        timeout=60,
    )
    public = " ".join(key.with_suffix(".pub").read_text("utf-8").split()[:2])
    signers = folder / f"{name}.allowed_signers"
    signers.write_text(f'{IDENTITY} namespaces="file" {public}\n', encoding="utf-8")
    return key, signers


@pytest.fixture
def release(tmp_path: Path) -> Path:
    folder = tmp_path / "release"
    folder.mkdir()
    (folder / "CreatorBackup-0.1.0-setup.exe").write_bytes(os.urandom(4096))
    (folder / "creator-backup-0.1.0-linux-x86_64.tar.gz").write_bytes(os.urandom(70_000))
    (folder / "creator-backup_0.1.0_amd64.deb").write_bytes(b"")
    return folder


def signed(release: Path, key: Path) -> None:
    assert script(SUMS, "write", release).returncode == 0
    done = script(SUMS, "sign", release, "--key", key)
    assert done.returncode == 0, done.stderr


def verify(release: Path, signers: Path) -> subprocess.CompletedProcess[str]:
    return script(SUMS, "verify", release, "--allowed-signers", signers)


def test_sums_and_signature_verify(release: Path, tmp_path: Path) -> None:
    key, signers = new_key(tmp_path, "maintainer")
    signed(release, key)
    done = verify(release, signers)
    assert done.returncode == 0, done.stderr
    # The sums are what sha256sum writes and reads back, for those who check by hand.
    lines = (release / "SHA256SUMS").read_text("utf-8").splitlines()
    assert sorted(line.split(" *", 1)[1] for line in lines) == sorted(
        p.name for p in release.iterdir() if not p.name.startswith("SHA256SUMS")
    )
    if shutil.which("sha256sum"):
        check = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"], cwd=release, capture_output=True, timeout=60
        )
        assert check.returncode == 0, check.stdout


def test_a_changed_byte_fails(release: Path, tmp_path: Path) -> None:
    key, signers = new_key(tmp_path, "maintainer")
    signed(release, key)
    target = release / "creator-backup-0.1.0-linux-x86_64.tar.gz"
    data = bytearray(target.read_bytes())
    data[35_000] ^= 0x01
    target.write_bytes(bytes(data))
    done = verify(release, signers)
    assert done.returncode == 1
    assert "creator-backup-0.1.0-linux-x86_64.tar.gz: not the sum" in done.stderr


def test_an_added_or_missing_file_fails(release: Path, tmp_path: Path) -> None:
    key, signers = new_key(tmp_path, "maintainer")
    signed(release, key)
    (release / "extra.exe").write_bytes(b"MZ")
    done = verify(release, signers)
    assert done.returncode == 1 and "not listed" in done.stderr and "extra.exe" in done.stderr
    (release / "extra.exe").unlink()
    (release / "creator-backup_0.1.0_amd64.deb").unlink()
    done = verify(release, signers)
    assert done.returncode == 1 and "not here" in done.stderr


def test_changed_sums_fail_their_signature(release: Path, tmp_path: Path) -> None:
    # Whoever swaps a file and writes its new sum into SHA256SUMS still cannot sign it.
    key, signers = new_key(tmp_path, "maintainer")
    signed(release, key)
    (release / "CreatorBackup-0.1.0-setup.exe").write_bytes(b"swapped")
    assert script(SUMS, "write", release).returncode == 0
    done = verify(release, signers)
    assert done.returncode == 1 and "does not verify" in done.stderr


def test_another_key_fails(release: Path, tmp_path: Path) -> None:
    _, signers = new_key(tmp_path, "maintainer")
    other, _ = new_key(tmp_path, "someone-else")
    signed(release, other)
    done = verify(release, signers)
    assert done.returncode == 1 and "does not verify" in done.stderr


def test_the_key_comes_from_the_environment(release: Path, tmp_path: Path) -> None:
    key, signers = new_key(tmp_path, "maintainer")
    assert script(SUMS, "write", release).returncode == 0
    env = {**os.environ, "RELEASE_SIGNING_KEY": key.read_text("utf-8")}
    done = script(SUMS, "sign", release, env=env)
    assert done.returncode == 0, done.stderr
    assert verify(release, signers).returncode == 0
    # Without it, nothing is signed, and the message names the variable.
    (release / "SHA256SUMS.sig").unlink()
    env.pop("RELEASE_SIGNING_KEY")
    done = script(SUMS, "sign", release, env=env)
    assert done.returncode == 1 and "RELEASE_SIGNING_KEY" in done.stderr
    assert not (release / "SHA256SUMS.sig").exists()


def test_the_projects_public_key_is_the_readmes() -> None:
    signer = [
        line
        for line in (RELEASE / "allowed_signers").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert len(signer) == 1
    principal, options, kind, key = signer[0].split()
    assert (principal, options, kind) == (IDENTITY, 'namespaces="file"', "ssh-ed25519")
    assert f"ssh-ed25519 {key}" in (ROOT / "README.md").read_text("utf-8")


CHANGELOG = """# Changelog

Intro text.

## [Unreleased]

### Added

- Something coming.

## [1.2.0] - 2027-01-02

### Fixed

- A bug.

## [1.1.0] - 2026-12-20

The first.

[Unreleased]: https://example.invalid/compare/v1.2.0...HEAD
[1.2.0]: https://example.invalid/v1.2.0
[1.1.0]: https://example.invalid/v1.1.0
"""


def notes(tmp_path: Path, *args: str, text: str = CHANGELOG) -> subprocess.CompletedProcess[str]:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(text, encoding="utf-8")
    return script(NOTES, *args, "--changelog", changelog)


def test_changelog_notes_are_the_versions_section(tmp_path: Path) -> None:
    assert notes(tmp_path, "1.2.0").stdout == "### Fixed\n\n- A bug.\n"
    # The last section stops before the link definitions.
    assert notes(tmp_path, "1.1.0").stdout == "The first.\n"
    assert notes(tmp_path, "--latest").stdout == "1.2.0\n"


def test_changelog_notes_refuse_what_a_release_cannot_use(tmp_path: Path) -> None:
    missing = notes(tmp_path, "1.3.0")
    assert missing.returncode == 1 and "no section for 1.3.0" in missing.stderr
    empty = notes(tmp_path, "1.1.0", text=CHANGELOG.replace("The first.\n", ""))
    assert empty.returncode == 1 and "empty" in empty.stderr
    undated = notes(tmp_path, "1.2.0", text=CHANGELOG.replace("[1.2.0] - 2027-01-02", "[1.2.0]"))
    assert undated.returncode == 1 and "no date" in undated.stderr


def test_the_projects_changelog_has_notes_for_its_latest_release() -> None:
    latest = script(NOTES, "--latest")
    assert latest.returncode == 0, latest.stderr
    done = script(NOTES, latest.stdout.strip())
    assert done.returncode == 0 and done.stdout.strip(), done.stderr
