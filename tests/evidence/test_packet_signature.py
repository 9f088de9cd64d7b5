"""`appeal --sign`: the creator's Ed25519 key, made on first use and kept in the keyring
(or the private file when they choose), signs the packet's manifest-sha256.txt. OpenSSL 3
accepts the signature with the very line VERIFY.txt gives, verify-packet names the key by
its fingerprint, a changed byte fails both, and the private key is in no file of the
packet and no log."""

from __future__ import annotations

import base64
import json
import re
import stat
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import bagit
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from creator_backup.appeal.signature import OPENSSL_FINGERPRINT, OPENSSL_VERIFY
from creator_backup.evidence.signing_key import KEY_NAME
from creator_backup.sandbox import Sandbox
from tests.appeal.test_packet import cli, unzip
from tests.cli.helpers import run_cli
from tests.evidence.test_packet_stamps import rezip
from tests.platforms import posix_modes, posix_shell

MakeSandbox = Callable[..., Sandbox]
FINGERPRINT = re.compile(r"^[0-9a-f]{4}( [0-9a-f]{4}){15}$")


@dataclass
class Signed:
    env: dict[str, str]
    packet: Path
    bag: Path
    summary: dict[str, object]
    home: Path
    work: Path

    @property
    def fingerprint(self) -> str:
        return str(self.summary["signed_by"])


def kept_private_pem(keyring_file: Path) -> str:
    entries = json.loads(keyring_file.read_text("utf-8"))
    (pem,) = [v for k, v in entries.items() if k.endswith("\n" + KEY_NAME)]
    return str(pem)


def openssl(bag: Path, command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=bag, capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip


def verify_line(bag: Path) -> str:
    lines = [line.strip() for line in (bag / "data" / "VERIFY.txt").read_text("utf-8").splitlines()]
    (line,) = [line for line in lines if line.startswith("openssl pkeyutl -verify")]
    return line


@pytest.fixture
def signed(make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path) -> Signed:
    env = cli(make_sandbox(seed=41, boards=2, pins=12), cli_env)
    assert run_cli(env, "backup").code == 0
    packet = tmp_path / "signed.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(packet), "--sign", "--json", timeout=120)
    assert made.code == 0, made.err
    bag = unzip(packet, tmp_path / "unzipped")
    return Signed(env, packet, bag, json.loads(made.out), tmp_path / "app-home", tmp_path)


@posix_shell
def test_the_signature_is_made_on_first_use_and_openssl_accepts_it(signed: Signed) -> None:
    assert signed.summary["key_made"] is True
    assert FINGERPRINT.match(signed.fingerprint)
    bagit.Bag(str(signed.bag)).validate()
    tagged = (signed.bag / "tagmanifest-sha256.txt").read_text("utf-8")
    assert "signature/manifest-sha256.txt.sig" in tagged and "signature/public-key.pem" in tagged
    line = verify_line(signed.bag)
    assert line == OPENSSL_VERIFY
    checked = openssl(signed.bag, line)
    assert checked.returncode == 0 and "Signature Verified Successfully" in checked.stdout
    # The fingerprint VERIFY.txt and the report give is the one openssl computes.
    computed = openssl(signed.bag, OPENSSL_FINGERPRINT).stdout.split()[0]
    assert computed == signed.fingerprint.replace(" ", "")
    assert signed.fingerprint in (signed.bag / "data" / "VERIFY.txt").read_text("utf-8")
    assert signed.fingerprint in (signed.bag / "data" / "report.html").read_text("utf-8")
    pdf = subprocess.run(["pdftotext", "-layout", str(signed.bag / "data" / "report.pdf"), "-"],
                         capture_output=True, text=True, check=True, timeout=60).stdout  # fmt: skip
    # The PDF's layout may break the groups over lines (compared without spaces), and its
    # font sets "ff" as a ligature (undone by NFKC).
    flat = "".join(unicodedata.normalize("NFKC", pdf).split())
    assert signed.fingerprint.replace(" ", "") in flat
    # The whole public key too, as the packet's own file holds it: the report alone is
    # enough to check the signature.
    pem = (signed.bag / "signature" / "public-key.pem").read_text("ascii").strip()
    assert pem in (signed.bag / "data" / "report.html").read_text("utf-8")
    key_body = "".join(pem.splitlines()[1:-1])
    assert key_body in flat

    # A changed byte in the signed list: openssl refuses it.
    listed = signed.bag / "manifest-sha256.txt"
    original = listed.read_bytes()
    listed.write_bytes(original.replace(b"data/", b"data/ ", 1))
    assert openssl(signed.bag, line).returncode != 0
    listed.write_bytes(original)
    signature = signed.bag / "signature" / "manifest-sha256.txt.sig"
    flipped = bytearray(signature.read_bytes())
    flipped[0] ^= 0x01
    signature.write_bytes(bytes(flipped))
    assert openssl(signed.bag, line).returncode != 0


def test_verify_packet_names_the_key_and_fails_on_a_changed_byte(signed: Signed) -> None:
    checked = run_cli(signed.env, "verify-packet", str(signed.packet), "--json")
    assert checked.code == 0, checked.out
    body = json.loads(checked.out)
    assert body["ok"] and body["signature"] == {
        "valid": True, "fingerprint": signed.fingerprint, "problem": None}  # fmt: skip
    text = run_cli(signed.env, "verify-packet", str(signed.packet))
    assert f"as signed by the key with fingerprint {signed.fingerprint}" in text.out

    listed = signed.bag / "manifest-sha256.txt"
    listed.write_bytes(listed.read_bytes().replace(b"data/", b"data/ ", 1))
    changed = run_cli(signed.env, "verify-packet", str(rezip(signed.bag, signed.work / "c.zip")),
                      "--json")  # fmt: skip
    assert changed.code == 6
    body = json.loads(changed.out)
    assert body["signature"]["valid"] is False
    assert body["signature"]["fingerprint"] == signed.fingerprint
    assert "does not match manifest-sha256.txt" in body["signature"]["problem"]


def every_file(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*")) if p.is_file())


def test_the_private_key_is_in_no_file_of_the_packet_and_no_log(signed: Signed) -> None:
    pem = kept_private_pem(signed.work / "keyring.json")
    private = serialization.load_pem_private_key(pem.encode("ascii"), password=None)
    assert isinstance(private, Ed25519PrivateKey)
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())  # fmt: skip
    body = "".join(line for line in pem.splitlines() if not line.startswith("-----"))
    needles = [raw, raw.hex().encode(), base64.b64encode(raw), body.encode(), pem.encode()]
    # A second signed packet (the key read back, not made) and the key shown: still none.
    again = run_cli(signed.env, "-v", "appeal", "--all", "--out", str(signed.work / "b.zip"),
                    "--sign", "--json", timeout=120)  # fmt: skip
    assert again.code == 0 and json.loads(again.out)["key_made"] is False
    assert json.loads(again.out)["signed_by"] == signed.fingerprint
    shown = run_cli(signed.env, "signing-key", "show")
    assert signed.fingerprint in shown.out and "BEGIN PUBLIC KEY" in shown.out
    places = [*every_file(signed.bag), *every_file(signed.home), signed.packet,
              signed.work / "b.zip"]  # fmt: skip
    assert any(p.parent.name == "log" for p in places)
    for path in places:
        data = path.read_bytes()
        assert not [n for n in needles if n in data], path
    for output in (again.out, again.err, shown.out, shown.err):
        assert not [n for n in needles if n.decode("latin-1") in output]


def test_forgetting_the_key_keeps_old_packets_checkable(signed: Signed) -> None:
    forgot = run_cli(signed.env, "signing-key", "forget")
    assert forgot.code == 0 and "Forgot your signing key" in forgot.out
    assert "no signing key yet" in run_cli(signed.env, "signing-key", "show").out
    assert KEY_NAME not in (signed.work / "keyring.json").read_text("utf-8")
    assert run_cli(signed.env, "verify-packet", str(signed.packet)).code == 0
    # The next signed packet has a new key.
    made = run_cli(signed.env, "signing-key", "make", "--json")
    assert json.loads(made.out)["made"] is True
    assert json.loads(made.out)["fingerprint"] != signed.fingerprint


@posix_modes
def test_without_a_keyring_the_key_is_kept_in_the_private_file_when_asked(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = dict(cli(make_sandbox(seed=42, boards=1, pins=4), cli_env),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # fmt: skip
    refused = run_cli(env, "signing-key", "make")
    assert refused.code == 3 and "No secure password store" in refused.err
    made = run_cli(env, "signing-key", "make", "--store-key-in-file", "--json")
    assert made.code == 0, made.err
    kept = tmp_path / "app-home"
    (secrets_file,) = [p for p in every_file(kept) if p.name == "tokens.json"]
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert KEY_NAME in json.loads(secrets_file.read_text("utf-8"))
    fingerprint = json.loads(made.out)["fingerprint"]
    assert run_cli(env, "backup", "--no-media").code == 0
    out = tmp_path / "p.zip"
    signed = run_cli(env, "appeal", "--all", "--out", str(out), "--sign", "--json", timeout=120)
    assert signed.code == 0, signed.err
    assert json.loads(signed.out)["signed_by"] == fingerprint
    assert run_cli(env, "verify-packet", str(out)).code == 0
