"""Each complete snapshot's stamps, kept in the archive folder beside the database:

    timestamps/snapshot-12/manifest.txt          the bytes stamped (manifest.py)
    timestamps/snapshot-12/<authority>.tsr       one authority's reply
    timestamps/snapshot-12/<authority>.chain.pem its certificate chain, signer to root

The files are the record: a snapshot whose manifest is there with fewer than
REQUIRED_STAMPS tokens is queued, and the next run (or `stamp_pending`) asks again. The
manifest is written when the snapshot completes, even offline, so what was there is
fixed then; a later token proves it existed by the token's time. Every file is written
atomically; a chain is written before its token, so a token's presence means both are.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.atomic import write_bytes_durably
from creator_backup.evidence.authorities import REQUIRED_STAMPS, Authorities
from creator_backup.evidence.manifest import snapshot_manifest
from creator_backup.evidence.stamping import Proof, StampFailed, Token, stamp, verify_token

STAMPS_DIR = "timestamps"
MANIFEST_NAME = "manifest.txt"
TSR_SUFFIX = ".tsr"
CHAIN_SUFFIX = ".chain.pem"


class StampState(StrEnum):
    STAMPED = "stamped"  # by REQUIRED_STAMPS authorities or more
    PARTLY = "partly stamped"  # by fewer: queued for more
    QUEUED = "queued"  # by none yet: no authority answered
    NOT_STAMPED = "not stamped"  # stamping was off, or the snapshot is not complete


@dataclass
class StampReport:
    snapshot_id: int
    state: StampState
    authorities: list[str] = field(default_factory=list)  # token names kept
    failures: dict[str, str] = field(default_factory=dict)  # url -> why, this time
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "snapshot": self.snapshot_id,
            "state": self.state.value,
            "authorities": self.authorities,
            "failures": self.failures,
        }

    def sentence(self) -> str:
        """What a person is told after a run about its snapshot's time stamps."""
        if self.state is StampState.STAMPED:
            return (
                f"Snapshot {self.snapshot_id} is time-stamped by {len(self.authorities)} "
                f"independent authorities ({', '.join(self.authorities)})."
            )
        if self.state is StampState.NOT_STAMPED:
            return f"Snapshot {self.snapshot_id} is not time-stamped."
        got = len(self.authorities)
        why = "; ".join(f"{token_name(url)}: {reason}" for url, reason in self.failures.items())
        return (
            f"Snapshot {self.snapshot_id} is time-stamped by {got} of {REQUIRED_STAMPS} "
            "authorities; the rest is queued for the next backup" + (f" ({why})." if why else ".")
        )


def stamps_folder(root: Path, snapshot_id: int) -> Path:
    return root / STAMPS_DIR / f"snapshot-{snapshot_id}"


def token_name(url: str) -> str:
    """A file name for an authority's token: its host (and port), never a path."""
    parts = urlsplit(url)
    name = re.sub(r"[^A-Za-z0-9.-]+", "_", parts.netloc or url).strip("._")
    return name[:80] or "authority"


def kept_tokens(folder: Path) -> list[str]:
    """The names of the tokens kept in a stamps folder, each with its chain."""
    if not folder.is_dir():
        return []
    return sorted(
        p.name[: -len(TSR_SUFFIX)]
        for p in folder.glob("*" + TSR_SUFFIX)
        if (folder / (p.name[: -len(TSR_SUFFIX)] + CHAIN_SUFFIX)).is_file()
    )


def state_of(folder: Path) -> StampState:
    if not (folder / MANIFEST_NAME).is_file():
        return StampState.NOT_STAMPED
    count = len(kept_tokens(folder))
    if count >= REQUIRED_STAMPS:
        return StampState.STAMPED
    return StampState.PARTLY if count else StampState.QUEUED


def snapshot_stamp_state(root: Path, snapshot_id: int) -> StampState:
    """Whether a snapshot is stamped (what a listing of snapshots shows)."""
    return state_of(stamps_folder(root, snapshot_id))


def save_token(folder: Path, token: Token) -> str:
    name = token_name(token.url)
    write_bytes_durably(folder / (name + CHAIN_SUFFIX), token.chain_pem)
    write_bytes_durably(folder / (name + TSR_SUFFIX), token.reply)
    return name


def ensure_manifest(archive: Archive, snapshot: Snapshot) -> bytes:
    """The snapshot's manifest as kept; written now if it is not yet."""
    path = stamps_folder(archive.root, snapshot.id) / MANIFEST_NAME
    if path.is_file():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = snapshot_manifest(archive, snapshot)
    write_bytes_durably(path, data)
    return data


def stamp_snapshot(archive: Archive, snapshot: Snapshot, authorities: Authorities) -> StampReport:
    """Fixes a complete snapshot's manifest and asks for the tokens it still lacks. Never
    raises for an authority's failure: the report says it, and the snapshot stays queued."""
    started = time.perf_counter()
    if not snapshot.complete or not authorities.enabled:
        return StampReport(snapshot.id, snapshot_stamp_state(archive.root, snapshot.id))
    data = ensure_manifest(archive, snapshot)
    folder = stamps_folder(archive.root, snapshot.id)
    have = kept_tokens(folder)
    wanted = REQUIRED_STAMPS - len(have)
    failures: dict[str, str] = {}
    if wanted > 0:
        already = [u for u in authorities.urls if token_name(u) in have]
        outcome = stamp(data, authorities, wanted, skip=already)
        for token in outcome.tokens:
            save_token(folder, token)
        failures = outcome.failures
    return StampReport(
        snapshot.id,
        state_of(folder),
        kept_tokens(folder),
        failures,
        time.perf_counter() - started,
    )


def queued_snapshots(root: Path) -> list[int]:
    """Snapshots whose manifest waits for tokens, oldest first."""
    base = root / STAMPS_DIR
    if not base.is_dir():
        return []
    ids = []
    for folder in base.glob("snapshot-*"):
        suffix = folder.name.removeprefix("snapshot-")
        if suffix.isdigit() and state_of(folder) in (StampState.QUEUED, StampState.PARTLY):
            ids.append(int(suffix))
    return sorted(ids)


def stamp_queued(archive: Archive, authorities: Authorities) -> list[StampReport]:
    """Asks again for the tokens queued snapshots lack (at the next chance: a new run)."""
    if not authorities.enabled:
        return []
    reports = []
    for snapshot_id in queued_snapshots(archive.root):
        before = len(kept_tokens(stamps_folder(archive.root, snapshot_id)))
        report = stamp_snapshot(archive, archive.snapshot(snapshot_id), authorities)
        reports.append(report)
        if len(report.authorities) == before:
            # No authority answered: the others would wait out the same timeouts. They
            # stay queued for the next chance.
            break
    return reports


def verify_snapshot_stamps(
    root: Path, snapshot_id: int, root_files: tuple[Path, ...] = ()
) -> dict[str, Proof | str]:
    """Each kept token of a snapshot, checked against the manifest as kept: what it proves,
    or why it proves nothing."""
    folder = stamps_folder(root, snapshot_id)
    data = (folder / MANIFEST_NAME).read_bytes()
    found: dict[str, Proof | str] = {}
    for name in kept_tokens(folder):
        try:
            found[name] = verify_token((folder / (name + TSR_SUFFIX)).read_bytes(),
                                       (folder / (name + CHAIN_SUFFIX)).read_bytes(), data,
                                       root_files)  # fmt: skip
        except StampFailed as exc:
            found[name] = exc.message
    return found
