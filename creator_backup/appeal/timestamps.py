"""An appeal packet's time stamps, as BagIt tag files under timestamps/ (outside data/, so
stamping the finished payload list does not change it):

    timestamps/snapshot-12.manifest.txt            a cited snapshot's stamped manifest
    timestamps/snapshot-12.<authority>.tsr         each authority's token over it
    timestamps/snapshot-12.<authority>.chain.pem   and its certificate chain
    timestamps/packet-1.tsr, packet-1.chain.pem    fresh tokens over manifest-sha256.txt
    timestamps/packet-2.tsr, packet-2.chain.pem    (which lists every payload file's hash)
    timestamps/AUTHORITIES.txt                     who made each packet token, or why not

The snapshot tokens prove what the archive held before the loss; the packet's prove the
payload existed, as it is, when the packet was made. data/VERIFY.txt must give every
token's `openssl ts -verify` line, but it is itself in the stamped payload list: so the
packet's tokens have fixed slot names (packet-1, packet-2), known before stamping.
The added tag files join the tag manifests, so the bag stays valid and covers them.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.evidence.authorities import REQUIRED_STAMPS, Authorities
from creator_backup.evidence.snapshot_stamps import (
    CHAIN_SUFFIX,
    MANIFEST_NAME,
    TSR_SUFFIX,
    kept_tokens,
    stamps_folder,
)
from creator_backup.evidence.stamping import stamp

STAMPS_TAG_DIR = "timestamps"
PACKET_SLOTS = tuple(f"packet-{n}" for n in range(1, REQUIRED_STAMPS + 1))
PAYLOAD_MANIFEST = "manifest-sha256.txt"
AUTHORITIES_FILE = "AUTHORITIES.txt"


@dataclass(frozen=True)
class CitedToken:
    """A token in the packet: the file it stamps and its own files, relative to the bag."""

    data: str
    token: str
    chain: str
    # A snapshot's token: which snapshot, and the token's name in its stamps folder.
    snapshot: int | None = None
    name: str = ""

    def openssl_line(self) -> str:
        return f"openssl ts -verify -data {self.data} -in {self.token} -CAfile {self.chain}"


@dataclass
class PacketStamps:
    snapshot_tokens: list[CitedToken] = field(default_factory=list)
    packet_tokens: list[CitedToken] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)


def cited_snapshot_tokens(archive_root: Path, snapshot_ids: list[int]) -> list[CitedToken]:
    """The tokens kept for the snapshots a packet cites, as the packet will hold them."""
    cited = []
    for snapshot_id in sorted(set(snapshot_ids)):
        for name in kept_tokens(stamps_folder(archive_root, snapshot_id)):
            prefix = f"{STAMPS_TAG_DIR}/snapshot-{snapshot_id}"
            cited.append(CitedToken(f"{prefix}.{MANIFEST_NAME}", f"{prefix}.{name}{TSR_SUFFIX}",
                                    f"{prefix}.{name}{CHAIN_SUFFIX}", snapshot_id, name))  # fmt: skip
    return cited


def packet_slots() -> list[CitedToken]:
    return [
        CitedToken(
            PAYLOAD_MANIFEST,
            f"{STAMPS_TAG_DIR}/{slot}{TSR_SUFFIX}",
            f"{STAMPS_TAG_DIR}/{slot}{CHAIN_SUFFIX}",
        )
        for slot in PACKET_SLOTS
    ]


def verify_section(archive_root: Path, snapshot_ids: list[int], stamping: bool) -> str:
    """VERIFY.txt's part on time stamps: one exact openssl line per token."""
    snapshots = cited_snapshot_tokens(archive_root, snapshot_ids)
    if not snapshots and not stamping:
        return ""
    text = (
        "\nTrusted time stamps (RFC 3161)\n------------------------------\n\n"
        "Time-stamp authorities, not the account holder, signed the time in each token under\n"
        "timestamps/. From inside the bag folder, each command below prints\n"
        '"Verification: OK" when its token is intact and stamps exactly that file; a changed\n'
        "byte makes it fail. Each -CAfile is the chain kept with the token (signer to root):\n"
        "compare its last certificate with the authority's published root.\n"
    )
    if snapshots:
        text += (
            "\nWhat the archive held (each cited snapshot's manifest: every item, the SHA-256\n"
            "of its data and of each media file, named as in data/media/), stamped when the\n"
            "snapshot was taken:\n"
        ) + "".join(f"    {t.openssl_line()}\n" for t in snapshots)
    if stamping:
        text += (
            "\nThis packet's payload list (manifest-sha256.txt), stamped when the packet was\n"
            "made (timestamps/AUTHORITIES.txt says which authority made each, or why a\n"
            "token is absent):\n"
        ) + "".join(f"    {t.openssl_line()}\n" for t in packet_slots())
    return text


def add_timestamps(
    bag: Path, archive_root: Path, snapshot_ids: list[int], authorities: Authorities
) -> PacketStamps:
    """Copies the cited snapshots' tokens into the bag, stamps its payload list, and adds
    the new tag files to the tag manifests."""
    target = bag / STAMPS_TAG_DIR
    target.mkdir(exist_ok=True)
    added = PacketStamps(cited_snapshot_tokens(archive_root, snapshot_ids))
    for token in added.snapshot_tokens:
        assert token.snapshot is not None
        source = stamps_folder(archive_root, token.snapshot)
        shutil.copyfile(source / MANIFEST_NAME, bag / token.data)
        shutil.copyfile(source / (token.name + TSR_SUFFIX), bag / token.token)
        shutil.copyfile(source / (token.name + CHAIN_SUFFIX), bag / token.chain)
    if authorities.enabled:
        outcome = stamp((bag / PAYLOAD_MANIFEST).read_bytes(), authorities)
        lines = []
        for slot, fresh in zip(packet_slots(), outcome.tokens, strict=False):
            (bag / slot.token).write_bytes(fresh.reply)
            (bag / slot.chain).write_bytes(fresh.chain_pem)
            added.packet_tokens.append(slot)
            lines.append(f"{slot.token}: {fresh.authority} ({fresh.url}), at "
                         f"{fresh.stamped_at.isoformat()}")  # fmt: skip
        lines += [f"not stamped by {url}: {why}" for url, why in outcome.failures.items()]
        added.failures = outcome.failures
        (target / AUTHORITIES_FILE).write_text("".join(f"{line}\n" for line in lines), "utf-8")
    if not any(target.iterdir()):
        target.rmdir()
        return added
    add_to_tag_manifests(bag, sorted(p for p in target.rglob("*") if p.is_file()))
    return added


def add_to_tag_manifests(bag: Path, files: list[Path]) -> None:
    """Lists tag files in each tagmanifest-<algorithm>.txt, as bagit would."""
    for manifest in sorted(bag.glob("tagmanifest-*.txt")):
        algorithm = manifest.name.removeprefix("tagmanifest-").removesuffix(".txt")
        lines = [
            f"{hashlib.new(algorithm, path.read_bytes()).hexdigest()}  "
            f"{path.relative_to(bag).as_posix()}\n"
            for path in files
        ]
        with manifest.open("a", encoding="utf-8") as handle:
            handle.writelines(lines)
