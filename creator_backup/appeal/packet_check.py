"""Checks an appeal packet as a reviewer would: unzips it (a ZIP is hostile input: entries
and sizes are bounded, no name may leave the bag), validates the bag with the Library of
Congress's bagit, and checks every time-stamp token under timestamps/ against the file it
stamps, saying what each proves: which file (its SHA-256), when, and by whom; and the
creator's signature under signature/, when there is one, saying whose key (fingerprint).
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import bagit

from creator_backup.appeal.signature import SignatureCheck, check_signature
from creator_backup.appeal.timestamps import PAYLOAD_MANIFEST, STAMPS_TAG_DIR
from creator_backup.errors import UsageError
from creator_backup.evidence.snapshot_stamps import CHAIN_SUFFIX, MANIFEST_NAME, TSR_SUFFIX
from creator_backup.evidence.stamping import Proof, StampFailed, verify_token

# A packet of a large account holds tens of thousands of media files; past these it is not
# one the app made, and unpacking it could fill the disk.
MAX_ENTRIES = 500_000
MAX_UNPACKED = 64 * 1024**3
SNAPSHOT_TOKEN = re.compile(r"^snapshot-(\d+)\.(.+)$")


@dataclass(frozen=True)
class TokenCheck:
    token: str  # its path in the bag
    data: str  # the file it stamps, in the bag
    meaning: str  # what that file is, in words
    proof: Proof | None = None
    problem: str | None = None

    def sentence(self) -> str:
        if self.proof is None:
            return f"{self.token}: proves nothing: {self.problem}"
        p = self.proof
        trusted = "a trusted root" if p.root_trusted else "a root not in this computer's trust"
        return (
            f"{self.token}: {self.meaning} ({self.data}, SHA-256 {p.sha256}) existed by "
            f"{p.stamped_at.strftime('%Y-%m-%d %H:%M:%S')} UTC, said by {p.authority} "
            f"({trusted}: {p.root})."
        )

    def to_json(self) -> dict[str, object]:
        p = self.proof
        return {
            "token": self.token,
            "data": self.data,
            "meaning": self.meaning,
            "verified": p is not None,
            "problem": self.problem,
            "sha256": p.sha256 if p else None,
            "stamped_at": p.stamped_at.isoformat() if p else None,
            "authority": p.authority if p else None,
            "root": p.root if p else None,
            "root_sha256": p.root_sha256 if p else None,
            "root_trusted": p.root_trusted if p else None,
        }


@dataclass
class PacketCheck:
    bag_problem: str | None = None  # None: the bag is valid
    tokens: list[TokenCheck] = field(default_factory=list)
    signature: SignatureCheck | None = None  # None: the packet is not signed

    @property
    def ok(self) -> bool:
        signed_ok = self.signature is None or self.signature.ok
        return self.bag_problem is None and signed_ok and all(t.proof for t in self.tokens)

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "bag_valid": self.bag_problem is None,
            "bag_problem": self.bag_problem,
            "tokens": [t.to_json() for t in self.tokens],
            "signature": self.signature.to_json() if self.signature else None,
        }


def safe_unpack(packet: Path, into: Path) -> Path:
    """Unpacks the packet's ZIP into `into`; returns its one top folder (the bag)."""
    try:
        with zipfile.ZipFile(packet) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise UsageError(f"{packet.name} is too big to be an appeal packet.")
            tops = set()
            for info in infos:
                name = PurePosixPath(info.filename)
                if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
                    raise UsageError(f"{packet.name} holds a file outside its folder.")
                tops.add(name.parts[0])
            if len(tops) != 1:
                raise UsageError(f"{packet.name} is not one bag in one folder.")
            archive.extractall(into)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UsageError(f"{packet.name} cannot be read as a ZIP file ({exc}).") from exc
    return into / tops.pop()


def what_is_stamped(token: str) -> tuple[str, str] | None:
    """The file a token under timestamps/ stamps, and what that file is; None: not a
    token of the app's layout."""
    stem = token.removesuffix(TSR_SUFFIX)
    if stem.startswith("packet-"):
        return PAYLOAD_MANIFEST, "this packet's payload list (the SHA-256 of every data/ file)"
    match = SNAPSHOT_TOKEN.match(stem)
    if match:
        snapshot = match.group(1)
        return (
            f"{STAMPS_TAG_DIR}/snapshot-{snapshot}.{MANIFEST_NAME}",
            f"the manifest of snapshot {snapshot} (what the archive held)",
        )
    return None


def check_tokens(bag: Path, root_files: tuple[Path, ...]) -> list[TokenCheck]:
    folder = bag / STAMPS_TAG_DIR
    if not folder.is_dir():
        return []
    checks = []
    for token in sorted(folder.glob("*" + TSR_SUFFIX)):
        relative = f"{STAMPS_TAG_DIR}/{token.name}"
        stamped = what_is_stamped(token.name)
        if stamped is None:
            checks.append(TokenCheck(relative, "?", "?", problem="not a token this app made"))
            continue
        data, meaning = stamped
        chain = token.with_name(token.name.removesuffix(TSR_SUFFIX) + CHAIN_SUFFIX)
        try:
            proof = verify_token(token.read_bytes(), chain.read_bytes(),
                                 (bag / data).read_bytes(), root_files)  # fmt: skip
        except FileNotFoundError as exc:
            checks.append(TokenCheck(relative, data, meaning, problem=f"missing {exc.filename}"))
        except StampFailed as exc:
            checks.append(TokenCheck(relative, data, meaning, problem=exc.message))
        else:
            checks.append(TokenCheck(relative, data, meaning, proof))
    return checks


def check_packet(packet: Path, root_files: tuple[Path, ...] = ()) -> PacketCheck:
    """The bag's validity and every token's proof (see the module's description)."""
    if not packet.is_file():
        raise UsageError(f"There is no file {packet}.")
    with tempfile.TemporaryDirectory(prefix="creator-backup-check-") as work:
        bag = safe_unpack(packet, Path(work))
        result = PacketCheck()
        try:
            bagit.Bag(str(bag)).validate(processes=1)
        except bagit.BagError as exc:  # BagValidationError derives from it
            result.bag_problem = str(exc)
        result.tokens = check_tokens(bag, root_files)
        result.signature = check_signature(bag)
        return result
