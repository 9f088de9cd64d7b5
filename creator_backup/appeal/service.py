"""An appeal packet as the CLI and the window both make it: choose what goes in (what was
lost between two snapshots, or everything in the account), preview it cheaply, then build
it. Qt-free: the PDF and thumbnail renderers (QtGui, in creator_backup.render) are handed
in by the caller.

The packet appears at its path only when it is complete: it is built in a hidden folder
beside it and moved into place at the end, so a cancelled or failed build leaves nothing
half-written where the user asked for the packet. A build killed outright leaves that
folder behind; it holds a lock file its build keeps locked, and the next build beside it
removes every such folder whose lock nobody holds (the kernel drops a dead process's lock).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from creator_backup.appeal.packet import (
    PACKET_CANCELLED,
    PacketBuilder,
    PacketResult,
    PdfRenderer,
    Thumbnailer,
)
from creator_backup.appeal.report import PacketDetails
from creator_backup.appeal.selection import PacketItem, Selection, select_all, select_lost
from creator_backup.archive.lock import ArchiveLock, LockHeld
from creator_backup.archive.records import Snapshot
from creator_backup.archive.store import Archive
from creator_backup.atomic import atomic_write, replace_file
from creator_backup.diff.compare import NotChecked, choose_snapshots, diff
from creator_backup.errors import Cancelled, UsageError
from creator_backup.evidence.authorities import Authorities
from creator_backup.evidence.signing_key import SigningKey
from creator_backup.file_modes import PRIVATE, modes_for
from creator_backup.progress import CancelToken, ProgressSink, ignore_progress
from creator_backup.site.folder import remove_tree
from creator_backup.words import plural

log = logging.getLogger(__name__)

MODES = ("lost", "all", "auto")  # auto: "all" when the account is unavailable, else "lost"
MAX_STATEMENT_BYTES = 100_000
STATEMENT_TOO_LONG = "The statement is longer than 100 KB; shorten it."
PREVIEW_ITEMS = 500  # items listed by name in a preview; the rest are counted
BUILD_PREFIX = ".appeal-build-"  # the hidden folder a packet is built in, beside it
BUILD_LOCK = "build.lock"  # inside it: locked while its build runs
# A lock file younger than this may belong to a build that made it and has not locked
# it yet: such a folder is left for a later build to judge.
STALE_AFTER_S = 60.0


@dataclass(frozen=True)
class PacketRequest:
    mode: str = "auto"  # "lost", "all" or "auto"
    # Snapshot ids; None: chosen as the CLI does (the last two complete ones for "lost",
    # the evidence baseline, else the last complete one, for "all").
    from_snapshot: int | None = None  # "lost": the last good capture
    to_snapshot: int | None = None  # "lost": the capture showing the loss; "all": the one
    details: PacketDetails = field(default_factory=PacketDetails)
    out: Path | None = None  # the packet's ZIP file (a preview needs none)
    max_size_mb: float | None = None
    # The packet holds the whole account: readable by the user alone unless they choose.
    private: bool = True
    # The time-stamp authorities asked to stamp the packet (None: none; the application
    # layer fills it from the settings).
    authorities: Authorities | None = None
    # False: no authority is asked for this packet, whatever the settings say (the
    # snapshots' own tokens, already in the archive, are still copied in).
    timestamp: bool = True
    # The creator signs the packet with their own key (made on first use, kept in
    # `key_storage`: "keyring", or "file" only when they choose it). The application
    # layer fills `signer` from their secret store.
    sign: bool = False
    key_storage: str = "keyring"
    signer: SigningKey | None = None


@dataclass(frozen=True)
class BuiltPacket:
    result: PacketResult
    mode: str  # "lost" or "all", as chosen
    boards: int = 0
    sections: int = 0
    pins: int = 0
    # The creator's signing key was made for this packet (its first use).
    key_made: bool = False


@dataclass(frozen=True)
class PreviewItem:
    kind: str  # board, section, pin
    id: str
    title: str  # Pinterest text: shown as plain text only
    board_name: str  # Pinterest text too
    # The item's first picture in the archive, for the preview to show; None: no image.
    picture: Path | None = None
    content_type: str = ""


@dataclass(frozen=True)
class PacketPreview:
    """What a packet would hold, counted without building it."""

    mode: str  # "lost" or "all"
    older: Snapshot | None  # "lost": the last good capture
    newer: Snapshot  # "lost": the capture showing the loss; "all": the one documented
    username: str = ""
    boards: int = 0
    sections: int = 0
    pins: int = 0
    media_files: int = 0  # distinct files, as the packet stores them
    media_bytes: int = 0
    # Files gone from the archive: the packet will name them without holding them (one
    # damaged in place is only found when the build checks its hash).
    media_missing: int = 0
    unavailable_since: str | None = None  # when the account was found unavailable
    nothing_lost: bool = False  # "lost": the two snapshots hold the same content
    items: tuple[PreviewItem, ...] = ()  # the first PREVIEW_ITEMS, in the packet's order
    # Boards `newer` holds without having listed them: the packet names them, since when.
    not_checked: tuple[NotChecked, ...] = ()

    @property
    def total(self) -> int:
        return self.boards + self.sections + self.pins

    @property
    def snapshot_ids(self) -> tuple[int | None, int]:
        return (self.older.id if self.older else None, self.newer.id)


@dataclass(frozen=True)
class PacketSources:
    """What the archive offers a packet, read with no network."""

    snapshots: list[Snapshot] = field(default_factory=list)  # complete ones, oldest first
    lost_from: Snapshot | None = None  # the last two complete captures, when there are two
    lost_to: Snapshot | None = None
    whole: Snapshot | None = None  # "all": the evidence baseline, else the last complete
    unavailable_since: str | None = None

    @property
    def default_mode(self) -> str:
        if self.unavailable_since is not None or self.lost_to is None:
            return "all"
        return "lost"


def statement_fits(statement: str) -> bool:
    """Whether a statement typed in the window is within the limit a statement file has."""
    return len(statement.encode("utf-8", errors="replace")) <= MAX_STATEMENT_BYTES


def left_out_sentence(count: int) -> str:
    """What the CLI and the window both say of media files a packet could not hold."""
    return (
        f"{plural(count, 'media file')} could not be included (missing from the archive or "
        "damaged there): the packet names them, with why, in its report and inventory."
    )


def default_packet_name(day: date | None = None) -> str:
    return f"appeal-packet-{(day or date.today()).isoformat()}.zip"


def account_unavailable(archive: Archive) -> bool:
    return archive.meta("account_unavailable_since") is not None


def resolved_mode(archive: Archive, mode: str) -> str:
    """The mode a request comes to: "auto" documents the whole account once it is
    unavailable, and what was lost before that."""
    if mode not in MODES:
        raise UsageError(f"A packet documents what was lost or everything, not {mode!r}.")
    if mode == "auto":
        return "all" if account_unavailable(archive) else "lost"
    return mode


def select(archive: Archive, request: PacketRequest) -> Selection:
    if resolved_mode(archive, request.mode) == "all":
        return select_all(archive, request.to_snapshot)
    return select_lost(archive, request.from_snapshot, request.to_snapshot)


def packet_sources(archive: Archive) -> PacketSources:
    complete = [s for s in archive.snapshots() if s.complete]
    comparable = [s for s in complete if not s.is_export]
    baseline = archive.evidence_baseline()
    if baseline is not None and not baseline.complete:
        baseline = None
    lost_from, lost_to = (comparable[-2], comparable[-1]) if len(comparable) >= 2 else (None, None)
    return PacketSources(
        snapshots=complete,
        lost_from=lost_from,
        lost_to=lost_to,
        whole=baseline or archive.last_complete(),
        unavailable_since=archive.meta("account_unavailable_since"),
    )


def preview(archive: Archive, request: PacketRequest) -> PacketPreview:
    """The counts and size a packet would have, and the snapshots it draws on."""
    try:
        selection = select(archive, request)
    except UsageError:
        # Nothing lost is an answer for the preview, not a failure; anything else is.
        if resolved_mode(archive, request.mode) != "lost":
            raise
        older, newer = choose_snapshots(archive, request.from_snapshot, request.to_snapshot)
        result = diff(archive, older, newer)
        if result.lost_anything:
            raise
        return PacketPreview(
            "lost", older, newer,
            username=_account_name(archive, newer),
            unavailable_since=archive.meta("account_unavailable_since"),
            nothing_lost=True,
            not_checked=tuple(result.not_checked),
        )  # fmt: skip
    files = {m.sha256: m for item in selection.items for m in item.media}
    sizes = {sha: m.size for sha, m in files.items()}
    return PacketPreview(
        mode=selection.mode,
        older=selection.older,
        newer=selection.newer,
        username=str(selection.account.get("username") or ""),
        boards=selection.count("board"),
        sections=selection.count("section"),
        pins=selection.count("pin"),
        media_files=len(sizes),
        media_bytes=sum(sizes.values()),
        media_missing=sum(1 for m in files.values() if not m.path.is_file()),
        unavailable_since=selection.unavailable_since,
        items=tuple(preview_item(i) for i in selection.items[:PREVIEW_ITEMS]),
        not_checked=tuple(selection.not_checked),
    )


def preview_item(item: PacketItem) -> PreviewItem:
    """One item of the preview, with its first picture when it has one."""
    image = next((m for m in item.media if m.content_type.startswith("image/")), None)
    return PreviewItem(
        item.kind, item.id, item.title, item.board_name,
        picture=image.path if image else None,
        content_type=image.content_type if image else "",
    )  # fmt: skip


def _account_name(archive: Archive, snapshot: Snapshot) -> str:
    accounts = archive.objects_in(snapshot.id, "account")
    raw = next(iter(accounts.values())).raw if accounts else {}
    return str(raw.get("username") or "")


REPORTS_FOLDER = "appeal-reports"  # in the cache folder: reports taken out to be read


def extract_report(packet: Path, cache_dir: Path) -> Path:
    """A copy of the packet's report.pdf, taken out of its ZIP file into the cache folder
    to be opened, readable by the user alone (the packet is left as it is). Raises
    OSError, KeyError (no report in it) or zipfile.BadZipFile."""
    folder = cache_dir / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE.folder)
    target = folder / f"{packet.stem}-report.pdf"
    member = f"{packet.stem}/data/report.pdf"
    with (
        zipfile.ZipFile(packet) as bag,
        bag.open(member) as report,
        atomic_write(target, durable=False) as handle,
    ):
        shutil.copyfileobj(report, handle)
    return target


def check_request(request: PacketRequest) -> Path:
    """The request's output file, once the request is one a packet can be built from."""
    if request.out is None:
        raise UsageError("Choose where to save the packet.")
    if request.out.suffix.lower() != ".zip":
        raise UsageError("The packet is a ZIP file: give it a name ending in .zip.")
    if request.max_size_mb is not None and request.max_size_mb <= 0:
        raise UsageError("The size limit is in megabytes and must be more than 0.")
    return request.out


def build_packet(
    archive: Archive,
    request: PacketRequest,
    thumbnailer: Thumbnailer,
    pdf_renderer: PdfRenderer,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> BuiltPacket:
    """Selects, builds and puts the packet (and, past a size limit, the full packet beside
    it) in place. Cancelling stops at the builder's next step with Cancelled (its
    sentence PACKET_CANCELLED): nothing is then written at the packet's path."""
    out = check_request(request).resolve()
    token = cancel or CancelToken()
    selection = select(archive, request)
    out.parent.mkdir(parents=True, exist_ok=True)
    with build_folder(out.parent) as staging:
        staged = staging / out.name  # the same name: the bag inside is named after it
        builder = PacketBuilder(archive, thumbnailer, pdf_renderer, progress, token,
                                authorities=request.authorities,
                                signer=request.signer)  # fmt: skip
        result = builder.build(
            selection, request.details, staged, request.max_size_mb, modes_for(request.private)
        )
        stamps = builder.stamps
        result = dataclasses.replace(
            result,
            snapshot_stamps=len(stamps.snapshot_tokens),
            packet_stamps=len(stamps.packet_tokens),
            stamp_failures=tuple(stamps.failures.items()),
            signed_by=request.signer.fingerprint if request.signer else None,
        )
        if token.is_set():  # cancelled after the builder's last step: still not put in place
            raise Cancelled(PACKET_CANCELLED)
        full_path = None
        if result.full_path is not None:
            full_path = out.with_name(result.full_path.name)
            replace_file(result.full_path, full_path)
        replace_file(result.path, out)
    return BuiltPacket(
        dataclasses.replace(result, path=out, full_path=full_path),
        selection.mode,
        selection.count("board"),
        selection.count("section"),
        selection.count("pin"),
    )


@contextlib.contextmanager
def build_folder(parent: Path) -> Iterator[Path]:
    """A fresh hidden folder in `parent` to build a packet in, locked while in use and
    removed after; leftovers of killed builds there are removed first."""
    remove_stale_builds(parent)
    folder = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=parent))
    lock = ArchiveLock(folder / BUILD_LOCK)
    try:
        lock.acquire()
        yield folder
    finally:
        lock.release()  # first: Windows will not delete a file held open
        with contextlib.suppress(OSError):
            remove_tree(folder)


def remove_stale_builds(parent: Path) -> list[Path]:
    """Removes the build folders in `parent` no running build holds: only folders this
    app made (they hold its lock file) and whose lock is free, since a live build keeps
    it locked and the kernel frees a killed one's."""
    removed = []
    for folder in sorted(parent.glob(BUILD_PREFIX + "*")):
        if _killed_before_its_lock(folder):
            removed.append(folder)
            continue
        if not _old_build(folder):
            continue
        lock = ArchiveLock(folder / BUILD_LOCK)
        try:
            lock.acquire()
        except (LockHeld, OSError):
            continue  # a build is running in it
        lock.release()
        try:
            remove_tree(folder)
        except OSError as error:
            log.warning("could not remove the stale build folder %s: %s", folder, error)
            continue
        log.info("removed the stale build folder %s", folder)
        removed.append(folder)
    return removed


def _killed_before_its_lock(folder: Path) -> bool:
    """Removes a build folder left empty by a build killed between making it and locking
    it. Only an empty, old one: rmdir cannot take anything with it."""
    try:
        if folder.is_symlink() or time.time() - folder.stat().st_mtime < STALE_AFTER_S:
            return False
        folder.rmdir()  # refuses a folder that is not empty
    except OSError:
        return False
    log.info("removed the empty build folder %s", folder)
    return True


def _old_build(folder: Path) -> bool:
    """A folder a build of this app made (it holds the lock file), not just made."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        locked_at = (folder / BUILD_LOCK).stat().st_mtime
    except OSError:
        return False
    return time.time() - locked_at >= STALE_AFTER_S
