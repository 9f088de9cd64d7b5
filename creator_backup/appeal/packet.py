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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bagit

from creator_backup.appeal.inventory import inventory_csv
from creator_backup.appeal.report import (
    PacketDetails,
    redactions,
    render_html,
    render_qt_html,
    report_context,
)
from creator_backup.appeal.selection import PacketItem, Selection, raw_json
from creator_backup.appinfo import DISPLAY_NAME, VERSION
from creator_backup.archive.media_types import EXTENSIONS
from creator_backup.archive.store import Archive
from creator_backup.backup.progress import CancelToken, Progress, ProgressSink, ignore_progress
from creator_backup.errors import AppError

log = logging.getLogger(__name__)

Thumbnailer = Callable[[Path, str, int], bytes | None]  # (file, content type, side)
THUMB_SIDE = 160
# A packet that must fit a size limit tries smaller thumbnails, then none at all.
SMALL_SIDES = (THUMB_SIDE, 96, 0)
PdfRenderer = Callable[[str, dict[str, bytes], str], bytes]

VERIFY_TEXT = """\
How to check this packet
========================

This folder is a BagIt bag (RFC 8493, https://www.rfc-editor.org/rfc/rfc8493). Every
file under data/ is listed with its SHA-256 and SHA-512 in manifest-sha256.txt and
manifest-sha512.txt; the tag manifests cover those lists and bag-info.txt.

With the Library of Congress's bagit tool (pip install bagit):
    bagit.py --validate {bag}

With standard tools, from inside the {bag} folder:
    sha256sum -c manifest-sha256.txt
    sha512sum -c manifest-sha512.txt

Any changed, missing or added byte in a listed file makes the check fail.
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

    def to_json(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "size": self.size,
            "items": self.items,
            "media_files": self.media_files,
            "full_path": str(self.full_path) if self.full_path else None,
            "full_size": self.full_size,
            "fits": self.fits,
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


class PacketBuilder:
    def __init__(
        self,
        archive: Archive,
        thumbnailer: Thumbnailer,
        pdf_renderer: PdfRenderer,
        progress: ProgressSink = ignore_progress,
        cancel: CancelToken | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.archive = archive
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
    ) -> PacketResult:
        out = out.resolve()
        out.parent.mkdir(parents=True, exist_ok=True)
        created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.clock()))
        thumbs = self._thumbnails(selection, THUMB_SIDE)
        context = report_context(selection, details, created)
        title = f"Pinterest content report: {context['account']['username']}"
        qt_html = render_qt_html(_with_pdf_images_capped(context))
        self._step("Writing the PDF report")
        pdf = self.pdf_renderer(qt_html, thumbs, title)
        html = render_html(context, thumbs)
        media_files = len({m.sha256 for i in selection.items for m in i.media})
        with tempfile.TemporaryDirectory(prefix=".appeal-", dir=out.parent) as staging:
            full = self._bag(Path(staging), out.stem, selection, details, html, pdf, thumbs, False)
            size = self._zip(full, out)
            if max_size_mb is None or size <= max_size_mb * 1_000_000:
                return PacketResult(out, size, len(selection.items), media_files)
            limit = max_size_mb * 1_000_000
            full_out = out.with_name(out.stem + "-full" + out.suffix)
            os.replace(out, full_out)
            for side in SMALL_SIDES:
                self._step("Making a smaller packet that fits")
                small_thumbs = thumbs if side == THUMB_SIDE else self._thumbnails(selection, side)
                # The report links the bag's thumbnail files instead of inlining them a
                # second time, and the PDF carries the same small images.
                small_html = render_html(context, small_thumbs, linked=True)
                small_pdf = self.pdf_renderer(qt_html, small_thumbs, title)
                small = self._bag(
                    Path(staging) / f"small-{side}", out.stem, selection, details,
                    small_html, small_pdf, small_thumbs, True,
                )  # fmt: skip
                small_size = self._zip(small, out)
                if small_size <= limit:
                    break
        fits = small_size <= limit
        if not fits:
            log.warning("even the smallest packet is %d bytes", small_size)
        return PacketResult(
            out, small_size, len(selection.items), media_files, full_out, size, fits
        )

    def _step(self, phase: str, done: int = 0, total: int | None = None) -> None:
        if self.cancel.is_set():
            raise AppError("The packet was cancelled; nothing was written.")
        self.progress(Progress(phase, done=done, total=total))

    def _thumbnails(self, selection: Selection, side: int) -> dict[str, bytes]:
        thumbs: dict[str, bytes] = {}
        if side <= 0:
            return thumbs
        pictures = [i.media[0] for i in selection.items if i.media]
        for index, media in enumerate(pictures):
            if index % 25 == 0:
                self._step("Making thumbnails", index, len(pictures))
            if media.sha256 in thumbs or not media.path.is_file():
                continue
            data = self.thumbnailer(media.path, media.content_type, side)
            if data is not None:
                thumbs[media.sha256] = data
        return thumbs

    def _bag(
        self,
        staging: Path,
        name: str,
        selection: Selection,
        details: PacketDetails,
        html: str,
        pdf: bytes,
        thumbs: dict[str, bytes],
        small: bool,
    ) -> Path:
        self._step("Assembling the packet")
        folder = staging / name
        (folder / "items").mkdir(parents=True)
        (folder / "report.html").write_text(html, "utf-8")
        (folder / "report.pdf").write_bytes(pdf)
        (folder / "inventory.csv").write_text(inventory_csv(selection.items), "utf-8-sig")
        (folder / "custody.jsonl").write_text(_custody(self.archive, selection), "utf-8")
        (folder / "VERIFY.txt").write_text(VERIFY_TEXT.format(bag=name), "utf-8")
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
        else:
            (folder / "media").mkdir()
            copied: set[str] = set()
            for item in selection.items:
                for media in item.media:
                    if media.sha256 in copied or not media.path.is_file():
                        continue
                    ext = EXTENSIONS.get(media.content_type, "bin")
                    target = folder / "media" / f"{media.sha256}.{ext}"
                    shutil.copyfile(media.path, target)
                    copied.add(media.sha256)
        self._step("Hashing every file (BagIt manifests)")
        description = (
            f"Pinterest content {'lost by' if selection.mode == 'lost' else 'of'} account "
            f"{selection.account.get('username', '')}: {selection.count('pin')} pins, "
            f"{selection.count('board')} boards, {selection.count('section')} sections"
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

    def _zip(self, folder: Path, out: Path) -> int:
        self._step("Writing the ZIP file")
        temp = out.with_name(f".{out.name}.tmp")
        stored = {".jpg", ".png", ".gif", ".webp", ".mp4", ".pdf"}
        try:
            # The file is fsynced through the handle that wrote it (Windows refuses to
            # flush a handle opened for reading).
            with open(temp, "w+b") as handle:
                with zipfile.ZipFile(handle, "w") as archive_zip:
                    for path in sorted(folder.rglob("*")):
                        if path.is_file():
                            method = (
                                zipfile.ZIP_STORED
                                if path.suffix in stored
                                else zipfile.ZIP_DEFLATED
                            )
                            arcname = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                            archive_zip.write(path, arcname, compress_type=method)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, out)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return out.stat().st_size
