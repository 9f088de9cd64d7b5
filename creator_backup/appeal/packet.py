"""Builds the appeal packet: a BagIt bag (RFC 8493), made with the Library of Congress's
`bagit` package and zipped with the bag as its top folder.

Payload (data/): report.html, report.pdf, inventory.csv, items/ (raw JSON as captured),
media/ (the archived files as stored), custody.jsonl, statement.txt, VERIFY.txt.
Appeal forms limit attachment sizes: with a maximum, a packet that does not fit is
written in full beside the requested file, and the requested file becomes a smaller bag
with thumbnails in place of the media.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit

from creator_backup.appeal.certification import certification_context
from creator_backup.appeal.inventory import inventory_csv
from creator_backup.appeal.report import (
    PacketDetails,
    counted,
    redactions,
    render_html,
    render_qt_html,
    report_context,
)
from creator_backup.appeal.selection import MediaFile, PacketItem, Selection, raw_json
from creator_backup.appeal.signature import SIGNATURE_TAG_DIR, add_signature
from creator_backup.appeal.signature import verify_section as signature_section
from creator_backup.appeal.timestamps import (
    STAMPS_TAG_DIR,
    PacketStamps,
    add_timestamps,
    verify_section,
)
from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.archive.media_store import hash_file
from creator_backup.archive.media_types import EXTENSIONS
from creator_backup.archive.store import Archive
from creator_backup.atomic import atomic_write, replace_file
from creator_backup.errors import Cancelled
from creator_backup.evidence.authorities import Authorities
from creator_backup.evidence.signing_key import SigningKey
from creator_backup.file_modes import PRIVATE, FileModes
from creator_backup.progress import CancelToken, Progress, ProgressSink, ignore_progress

log = logging.getLogger(__name__)

Thumbnailer = Callable[[Path, str, int], bytes | None]  # (file, content type, side)
THUMB_SIDE = 160
# A packet that must fit a size limit tries smaller thumbnails, then none at all.
SMALL_SIDES = (THUMB_SIDE, 96, 0)
THUMB_WORKERS = min(4, os.cpu_count() or 1)
PdfRenderer = Callable[[str, dict[str, bytes], str], bytes]
# Said by the Cancelled a build ends with: the build is staged, so nothing reached the
# packet's path.
PACKET_CANCELLED = "The packet was cancelled; nothing was written."

VERIFY_TEXT = """\
How to check this packet
========================

This folder is a BagIt bag (RFC 8493, https://www.rfc-editor.org/rfc/rfc8493). Every
file under data/ is listed with its SHA-256 and SHA-512 in manifest-sha256.txt and
manifest-sha512.txt; the tag manifests cover those lists, bagit.txt and bag-info.txt.

With the Library of Congress's bagit tool (pip install bagit):
    bagit.py --validate {bag}

With standard tools (bash or any POSIX shell, GNU coreutils), from inside the {bag}
folder, run all three commands; if any of them ends with an error, the packet is not as
it was made:
    sha256sum -c tagmanifest-sha256.txt
    sha256sum -c manifest-sha256.txt
    {{ cut -c67- manifest-sha256.txt; find data -type f; }} | LC_ALL=C sort | uniq -u | awk '{{ print "not as listed: " $0; bad = 1 }} END {{ exit bad }}'

The first checks bag-info.txt and the manifests themselves; the second checks every
listed file (a changed or missing byte, or a file removed); the third names any file
added to data/ or removed from it. sha512sum -c checks the -sha512 lists the same way.
(On a Mac, `shasum -a 256 -c` does what `sha256sum -c` does.)

custody.jsonl lists every API response the captures behind this packet came from: the
time (UTC), endpoint, HTTP status and Pinterest's request id (x-pinterest-rid).
"""


REDACTIONS_TEXT = """\
Personal data left out of this packet
=====================================

The archive keeps Pinterest's data export as it came, including the IP address each pin
was saved from. That is the account holder's personal data, and nobody reviewing an appeal
needs it, so every copy in this packet (items/, the reports, the inventory) shows
"[redacted: personal data]" in its place. The fields replaced, and in how many items:

"""


@dataclass(frozen=True)
class PacketResult:
    path: Path
    size: int
    items: int
    media_files: int
    full_path: Path | None = None  # the complete packet, when `path` had to be smaller
    full_size: int | None = None
    fits: bool = True  # False: even the smallest packet is over the limit asked for
    left_out: tuple[LeftOut, ...] = ()  # media files named but not held, with why
    full_media_files: int | None = None  # what the full packet holds, beside a smaller one
    # Time stamps in the packet: the cited snapshots' tokens, fresh ones over its payload
    # list, and why an authority gave none.
    snapshot_stamps: int = 0
    packet_stamps: int = 0
    stamp_failures: tuple[tuple[str, str], ...] = ()
    # The fingerprint of the creator's key that signed the packet; None: not signed.
    signed_by: str | None = None

    @property
    def complete(self) -> bool:
        """Every media file the packet names is in it (a thumbnails-only packet counts
        the full one beside it)."""
        return not self.left_out

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "size": self.size,
            "items": self.items,
            "media_files": self.media_files,
            "full_media_files": self.full_media_files,
            "full_path": str(self.full_path) if self.full_path else None,
            "full_size": self.full_size,
            "fits": self.fits,
            "complete": self.complete,
            "media_not_included": [gap.to_json() for gap in self.left_out],
            "snapshot_stamps": self.snapshot_stamps,
            "packet_stamps": self.packet_stamps,
            "stamp_failures": dict(self.stamp_failures),
            "signed_by": self.signed_by,
        }


# Qt keeps every image it lays out in memory; past this many rows the PDF lists items
# without their thumbnail (the HTML report and the media folder still have them all).
PDF_MAX_IMAGES = 5_000


def _with_pdf_images_capped(context: dict[str, Any]) -> dict[str, Any]:
    items = context["items"]
    if len(items) <= PDF_MAX_IMAGES:
        return context
    capped = [
        item if index < PDF_MAX_IMAGES else {**item, "thumb": None}
        for index, item in enumerate(items)
    ]
    return {**context, "items": capped}


MISSING = "missing from the archive"
DAMAGED = "damaged in the archive: its content no longer matches its SHA-256"
IN_FULL_PACKET = "in the full packet (this one holds thumbnails instead of media)"


@dataclass(frozen=True)
class LeftOut:
    """A media file the packet names but could not hold, and why."""

    sha256: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return {"sha256": self.sha256, "reason": self.reason}


def _media_name(media: MediaFile) -> str:
    return f"{media.sha256}.{EXTENSIONS.get(media.content_type, 'bin')}"


def _copy_checked(media: MediaFile, target: Path) -> str | None:
    """Puts an archived file into the bag; None when it arrived whole, else why not. A
    file that no longer hashes to its name would make the packet vouch for other bytes.

    The bag is staged beside the packet and deleted once the ZIP is written: on the
    archive's filesystem the file is hard-linked, not copied (stored files are written
    once and never changed), which at 10,000 pins saves writing and then deleting
    gigabytes. Elsewhere, or where links are refused, it is copied."""
    try:
        try:
            os.link(media.path, target)
        except FileNotFoundError:
            raise
        except OSError:
            shutil.copyfile(media.path, target)
    except FileNotFoundError:
        return MISSING
    except OSError as error:
        target.unlink(missing_ok=True)
        return f"unreadable in the archive ({error.strerror or type(error).__name__})"
    if hash_file(target) != media.sha256:
        target.unlink()
        return DAMAGED
    return None


def _file_name(item: PacketItem) -> str:
    # Ids come from Pinterest: only ASCII digits make it into a file name ("²" is a digit
    # to str.isdigit).
    safe = (
        item.id
        if item.id.isascii() and item.id.isdigit()
        else "x" + hashlib.sha256(item.id.encode()).hexdigest()[:16]
    )
    return f"{item.kind}-{safe}.json"


def _custody(archive: Archive, selection: Selection) -> str:
    lines = []
    for capture in archive.captures(selection.snapshot_ids):
        lines.append({**capture, "app_version": VERSION})
    for item in selection.items:
        for probe in archive.probes(item.kind, item.id):
            lines.append(
                {
                    "snapshot": probe["snapshot"],
                    "at": probe["probed_at"],
                    "method": "GET",
                    "endpoint": f"/pins/{item.id}",
                    "status": probe["http_status"],
                    "request_id": probe["request_id"],
                    "probe": probe["verdict"],
                    "app_version": VERSION,
                }
            )
    return "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)


# What one file added to a bag can cost its ZIP file beyond its own bytes: the local and
# central headers with its name twice, its lines in the two tag manifests (each with the
# name), and DEFLATE's few bytes of framing: an upper bound, with room to spare.
ZIP_COST_PER_FILE = 512


SEAL_FOLDERS = (STAMPS_TAG_DIR, SIGNATURE_TAG_DIR)  # tag files added once a bag is kept


def seal_reserve(bag: Path) -> int:
    """The bytes the time stamps and signature of a sealed bag may add to a packet's ZIP
    file (0 when it has none): a smaller packet, measured before it is sealed, keeps this
    room."""
    files = [p for name in SEAL_FOLDERS for p in (bag / name).rglob("*") if p.is_file()]
    return sum(p.stat().st_size + ZIP_COST_PER_FILE + 4 * len(p.name) for p in files)


class PacketBuilder:
    def __init__(
        self,
        archive: Archive,
        thumbnailer: Thumbnailer,
        pdf_renderer: PdfRenderer,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        clock: Callable[[], float] = time.time,
        authorities: Authorities | None = None,
        signer: SigningKey | None = None,
    ) -> None:
        self.archive = archive
        # The creator's key, when they sign the packet; its private half stays in memory.
        self.signer = signer
        # Who stamps the packet's payload list (none: the cited snapshots' tokens only).
        self.authorities = authorities or Authorities((), ())
        self.stamps = PacketStamps()
        self.thumbnailer = thumbnailer
        self.pdf_renderer = pdf_renderer
        self.progress = progress
        self.cancel = cancel or CancelToken()
        self.clock = clock

    def build(
        self,
        selection: Selection,
        details: PacketDetails,
        out: Path,
        max_size_mb: float | None = None,
        modes: FileModes = PRIVATE,
    ) -> PacketResult:
        out = out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        with tempfile.TemporaryDirectory(prefix=".appeal-", dir=out.parent) as staging:
            folder = Path(staging) / out.stem
            # The media first: what the packet says it holds is what was copied and checked.
            left_out = self._gather_media(selection, folder / "media")
            thumbs = self._thumbnails(selection, THUMB_SIDE, left_out)
            pins = [item.id for item in selection.items if item.kind == "pin"]
            originals = self.archive.original_matches(pins)
            signed_by = self.signer.fingerprint if self.signer else None
            public_key = self.signer.public_pem.decode("ascii") if self.signer else ""
            certification = certification_context(selection, self.archive.root,
                                                  self.authorities, signed_by,
                                                  details.contact_name, public_key)  # fmt: skip
            context = report_context(selection, details, created, left_out, originals,
                                     signed_by=signed_by, certification=certification)  # fmt: skip
            title = f"Pinterest content report: {context['account']['username']}"
            qt_html = render_qt_html(_with_pdf_images_capped(context))
            self._step("Writing the PDF report")
            pdf = self.pdf_renderer(qt_html, thumbs, title)
            html = render_html(context, thumbs)
            media_files = context["media_files"]
            gaps = tuple(LeftOut(sha, reason) for sha, reason in sorted(left_out.items()))
            full = self._bag(folder, selection, details, html, pdf, thumbs, left_out, False)
            # The full packet is kept whatever its size (as the packet, or beside a
            # smaller one): it is stamped (and signed) once, here.
            self._seal(full, selection)
            size = self._zip(full, out, modes)
            if max_size_mb is None or size <= max_size_mb * 1_000_000:
                return PacketResult(out, size, len(selection.items), media_files, left_out=gaps)
            limit = max_size_mb * 1_000_000
            full_out = out.with_name(out.stem + "-full" + out.suffix)
            # Within the staging folder, which build_packet moves into place durably.
            replace_file(out, full_out, durable=False)
            # The smaller packet's report says what it holds itself: thumbnails, and the
            # media in the full packet beside it, never "the files are in this packet".
            small_context = {**context, "media_files": 0, "full_packet": full_out.name,
                             "full_media_files": media_files}  # fmt: skip
            small_qt_html = render_qt_html(_with_pdf_images_capped(small_context))
            # Each try is measured unstamped, with room kept for the stamps the full
            # packet got: only the try that is kept asks the authorities (they limit
            # how often they may be asked).
            reserve = seal_reserve(full)
            for side in SMALL_SIDES:
                self._step("Making a smaller packet that fits")
                small_thumbs = (
                    thumbs if side == THUMB_SIDE else self._thumbnails(selection, side, left_out)
                )
                # The report links the bag's thumbnail files instead of inlining them a
                # second time, and the PDF carries the same small images.
                small_html = render_html(small_context, small_thumbs, linked=True)
                small_pdf = self.pdf_renderer(small_qt_html, small_thumbs, title)
                small = self._bag(
                    Path(staging) / f"small-{side}" / out.stem, selection, details,
                    small_html, small_pdf, small_thumbs, left_out, True,
                )  # fmt: skip
                small_size = self._zip(small, out, modes)
                if small_size + reserve <= limit:
                    break
            self._seal(small, selection)
            small_size = self._zip(small, out, modes)
        fits = small_size <= limit
        if not fits:
            log.warning("even the smallest packet is %d bytes", small_size)
        return PacketResult(
            out, small_size, len(selection.items), 0, full_out, size, fits, gaps, media_files
        )

    def _step(self, phase: str, done: int = 0, total: int | None = None) -> None:
        if self.cancel.is_set():
            raise Cancelled(PACKET_CANCELLED)
        self.progress(Progress(phase, done=done, total=total))

    def _gather_media(self, selection: Selection, into: Path) -> dict[str, str]:
        """Copies each distinct media file into the bag's media folder, checking it
        against its SHA-256 on the way; returns the files left out, with why."""
        into.mkdir(parents=True)
        wanted = {m.sha256: m for item in selection.items for m in item.media}
        left_out: dict[str, str] = {}
        for index, media in enumerate(wanted.values()):
            if index % 25 == 0:
                self._step("Copying the media files", index, len(wanted))
            reason = _copy_checked(media, into / _media_name(media))
            if reason is not None:
                left_out[media.sha256] = reason
        if left_out:
            log.warning("%d media files left out of the packet", len(left_out))
        return left_out

    def _thumbnails(
        self, selection: Selection, side: int, left_out: dict[str, str]
    ) -> dict[str, bytes]:
        thumbs: dict[str, bytes] = {}
        if side <= 0:
            return thumbs
        wanted = {i.media[0].sha256: i.media[0] for i in selection.items if i.media}
        pictures = [m for sha, m in wanted.items() if sha not in left_out]
        if not pictures:
            return thumbs

        def make(media: MediaFile) -> bytes | None:
            return self.thumbnailer(media.path, media.content_type, side)

        # Decoding is most of a packet's time at 10,000 pins, and Qt decodes outside
        # Python's lock: a few threads. The first is made here, on this thread, so that
        # anything the thumbnailer sets up once (Qt's application) is set up on it.
        first = make(pictures[0])
        if first is not None:
            thumbs[pictures[0].sha256] = first
        pool = ThreadPoolExecutor(THUMB_WORKERS)
        try:
            made = pool.map(make, pictures[1:])
            for index, (media, data) in enumerate(zip(pictures[1:], made, strict=True), start=1):
                if index % 25 == 0:
                    self._step("Making thumbnails", index, len(pictures))
                if data is not None:
                    thumbs[media.sha256] = data
        finally:
            # A cancel (or a failure) does not wait for the pictures not yet begun.
            pool.shutdown(wait=True, cancel_futures=True)
        return thumbs

    def _bag(
        self,
        folder: Path,
        selection: Selection,
        details: PacketDetails,
        html: str,
        pdf: bytes,
        thumbs: dict[str, bytes],
        left_out: dict[str, str],
        small: bool,
    ) -> Path:
        """The bag in `folder`; the full one (not `small`) finds its media already there."""
        self._step("Assembling the packet")
        name = folder.name
        (folder / "items").mkdir(parents=True)
        (folder / "report.html").write_text(html, "utf-8")
        (folder / "report.pdf").write_bytes(pdf)
        if small:
            # Every file is left out of a thumbnails-only packet: the full one holds it.
            every = {m.sha256 for i in selection.items for m in i.media}
            left_out = {sha: left_out.get(sha, IN_FULL_PACKET) for sha in every}
        inventory = inventory_csv(selection.items, left_out)
        (folder / "inventory.csv").write_text(inventory, "utf-8-sig")
        (folder / "custody.jsonl").write_text(_custody(self.archive, selection), "utf-8")
        stamped = verify_section(self.archive.root, sorted(selection.snapshot_ids),
                                 self.authorities.enabled)  # fmt: skip
        signed = signature_section(self.signer.fingerprint) if self.signer else ""
        verify = VERIFY_TEXT.format(bag=name) + stamped + signed
        (folder / "VERIFY.txt").write_text(verify, "utf-8")
        if details.statement:
            (folder / "statement.txt").write_text(details.statement.rstrip() + "\n", "utf-8")
        for item in selection.items:
            (folder / "items" / _file_name(item)).write_text(raw_json(item), "utf-8")
        redacted = redactions(selection)
        if redacted:
            (folder / "REDACTIONS.txt").write_text(REDACTIONS_TEXT + "".join(
                f"    {line}\n" for line in redacted), "utf-8")  # fmt: skip
        if small:
            (folder / "thumbnails").mkdir()
            for sha, data in thumbs.items():
                (folder / "thumbnails" / f"{sha}.jpg").write_bytes(data)
        self._step("Hashing every file (BagIt manifests)")
        description = (
            f"Pinterest content {'lost by' if selection.mode == 'lost' else 'of'} account "
            f"{selection.account.get('username', '')}: "
            + counted(selection.count("board"), selection.count("section"), selection.count("pin"))
            + (" (thumbnails only; the full packet is a separate file)" if small else "")
        )
        info = {
            "Source-Organization": "Pinterest (captured through its official API v5)",
            "External-Description": description,
            "Bag-Software-Agent": f"{DISPLAY_NAME} {VERSION} with bagit.py {bagit.VERSION}",
        }
        if details.contact_name:
            info["Contact-Name"] = details.contact_name
        if details.contact_email:
            info["Contact-Email"] = details.contact_email
        if details.case_ref:
            info["External-Identifier"] = details.case_ref
        if redacted:
            info["Redacted-Personal-Data"] = (
                "IP addresses and other personal fields replaced in items/ (see REDACTIONS.txt): "
                + "; ".join(redacted)
            )
        bagit.make_bag(str(folder), info, processes=1, checksums=["sha256", "sha512"])
        return folder

    def _seal(self, bag: Path, selection: Selection) -> None:
        """Adds the time stamps and the creator's signature to a finished bag: only to
        one that is kept."""
        self._step("Time-stamping the packet")
        self.stamps = add_timestamps(
            bag, self.archive.root, sorted(selection.snapshot_ids), self.authorities
        )
        if self.signer is not None:
            add_signature(bag, self.signer)

    def _zip(self, folder: Path, out: Path, modes: FileModes) -> int:
        self._step("Writing the ZIP file")
        stored = {".jpg", ".png", ".gif", ".webp", ".mp4", ".pdf"}
        # Made with its final mode: a private packet is never readable by others, not
        # even while written.
        with (
            atomic_write(out, file_mode=modes.file) as handle,
            zipfile.ZipFile(handle, "w") as archive_zip,
        ):
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    method = zipfile.ZIP_STORED if path.suffix in stored else zipfile.ZIP_DEFLATED
                    arcname = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                    archive_zip.write(path, arcname, compress_type=method)
        return out.stat().st_size
