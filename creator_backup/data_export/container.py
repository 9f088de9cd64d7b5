"""Reading the export's file safely: a ZIP as Pinterest e-mails it, or its HTML file alone.

The ZIP is treated as hostile. Nothing is ever extracted: each HTML member is read in
place, as a stream of text a chunk at a time (never whole in memory), within limits on
the number of entries, the size of the ZIP's directory (both checked from its end record
before the directory is read), the total uncompressed size and each member's compression
ratio, counted on the bytes actually decompressed (a header can lie). Names that could
point outside a folder (absolute, `..`, a drive letter, a UNC prefix), symbolic links and
archives inside the archive are refused, each with its own sentence, before any member is
read. `open_export` reads every page once to check it and to fingerprint it; the import
then reads the pages again as streams, each read held to the same limits.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import stat
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from creator_backup.errors import UsageError
from creator_backup.pinterest_limits import ACCOUNT_MAX_PINS, with_margin
from creator_backup.progress import human_size
from creator_backup.words import cut

HTML_SUFFIXES = (".html", ".htm")
NESTED_SUFFIXES = (".zip", ".jar", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".zst")
READ_CHUNK = 1 << 16
DRIVE = re.compile(r"^[A-Za-z]:")
NAMES_KEPT = 20  # names of files the import does not read, kept in its record; the count is exact
NAME_CHARS = 200  # characters of a name (a file's, a user's, a board's) kept or quoted
# The ZIP's end records (APPNOTE 4.3.14-16): where the directory's entry count and size are.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = struct.Struct("<4sLQL")
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_RECORD = struct.Struct("<4sQ2H2L4Q")
ZIP64_RECORD_SIGNATURE = b"PK\x06\x06"
MAX_COMMENT = 0xFFFF


class ExportRejected(UsageError):
    """The file is not an export the app can read safely; the message says why."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 10_000
    # The ZIP's directory: 10,000 entries with ordinary names need about 2 MB.
    max_directory_bytes: int = 8 << 20
    max_total_bytes: int = 1 << 30  # 1 GiB uncompressed: far beyond any account's HTML
    max_ratio: float = 200.0  # text compresses about 10:1; 200:1 is a bomb
    ratio_floor_bytes: int = 1 << 20  # small members may compress absurdly and harmlessly
    # Pin records: an account's cap with a margin. More is not a real export, and its
    # reading (2.2 million tiny pins took 5 minutes) stops as soon as it is past this.
    max_pins: int = with_margin(ACCOUNT_MAX_PINS)


@dataclass(frozen=True)
class ExportDocument:
    """One HTML page of the export, read as a stream each time it is needed."""

    name: str  # the member's name inside the ZIP, or the file's own name
    path: Path  # the export's file
    member: str | None = None  # the page's name inside the ZIP; None for an HTML file
    limits: Limits = field(default_factory=Limits)

    def chunks(self) -> Iterator[str]:
        """The page's text, a chunk at a time, decoded as UTF-8 (a stray invalid byte
        must not lose the rest of the export)."""
        decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        for data in self._bytes():
            if text := decoder.decode(data):
                yield text
        if tail := decoder.decode(b"", final=True):
            yield tail

    @property
    def text(self) -> str:
        """The whole page at once: for small pages only (tests and tools)."""
        return "".join(self.chunks())

    def _bytes(self) -> Iterator[bytes]:
        if self.member is None:
            yield from _file_bytes(self.path, self.limits)
            return
        with _open_archive(self.path, self.limits) as archive:
            info = archive.getinfo(self.member)
            yield from _member_bytes(archive, info, self.limits.max_total_bytes, self.limits)


@dataclass
class ExportFile:
    """The HTML documents of one export, and when the export was made."""

    documents: list[ExportDocument]
    exported_at: str  # UTC, ISO 8601
    dated_by: str  # what the date comes from, in plain words
    ignored: list[str] = field(default_factory=list)  # members not read: the first few, cut
    ignored_count: int = 0  # all of them
    digest: str = ""  # sha256 of the pages' names and text: the same export is known again
    limits: Limits = field(default_factory=Limits)


def quoted(name: str) -> str:
    """A member's name as a sentence quotes it: cut, and in quotes with its control
    characters escaped."""
    return repr(cut(name, NAME_CHARS))


def _fingerprint(documents: list[ExportDocument]) -> str:
    """Reads every page through once, so its limits are checked before anything is
    parsed, and fingerprints the names and text (as earlier versions did, on the whole
    text: the same export imported before is known again)."""
    digest = hashlib.sha256()
    for document in documents:
        digest.update(document.name.encode("utf-8", "replace") + b"\0")
        for text in document.chunks():
            digest.update(text.encode("utf-8", "replace"))
        digest.update(b"\0")
    return digest.hexdigest()


def unsafe_name_reason(name: str) -> str | None:
    """Why a member name is refused, or None when it is an ordinary relative name."""
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "has control characters in its name"
    if name.startswith(("\\\\", "//")):
        return "is a network (UNC) path"
    if name.startswith(("/", "\\")):
        return "is an absolute path"
    if DRIVE.match(name):
        return "names a drive letter"
    parts = re.split(r"[\\/]", name)
    if ".." in parts:
        return "climbs out of the folder with `..`"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_ISLNK(mode)


def _zip_time(info: zipfile.ZipInfo) -> str:
    # ZIP times carry no zone; they are read as UTC, and the note says so.
    return datetime(*info.date_time, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _member_bytes(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits
) -> Iterator[bytes]:
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_CHUNK):
                size += len(chunk)
                if size > budget:
                    raise ExportRejected(
                        f"The file {quoted(info.filename)} in the ZIP unpacks to more than "
                        f"the {human_size(limits.max_total_bytes)} the app accepts; it is "
                        "not a Pinterest data export."
                    )
                if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(
                    1, info.compress_size
                ):
                    raise ExportRejected(
                        f"The file {quoted(info.filename)} in the ZIP is compressed more "
                        f"than {limits.max_ratio:.0f} to 1, as a ZIP bomb is; it was not read."
                    )
                yield chunk
    except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
        raise ExportRejected(
            f"The file {quoted(info.filename)} in the ZIP is damaged or uses a compression "
            f"the app cannot read ({exc})."
        ) from exc


def _file_bytes(path: Path, limits: Limits) -> Iterator[bytes]:
    size = 0
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                size += len(chunk)
                if size > limits.max_total_bytes:
                    raise ExportRejected(
                        f"The file {path.name} is larger than the "
                        f"{human_size(limits.max_total_bytes)} the app accepts."
                    )
                yield chunk
    except OSError as exc:
        raise ExportRejected(f"The file {path.name} cannot be read ({exc.strerror}).") from exc


def _directory_extent(path: Path) -> tuple[int, int] | None:
    """The entry count and size the ZIP's end record gives its directory (the ZIP64 one's
    when the ZIP has it), read from the file's tail alone; None when there is no end
    record (zipfile then says the file is not a ZIP). A comment may hold a forged record
    and zipfile takes the last one it finds, so every record in the tail is read and the
    largest count and size are judged."""
    with open(path, "rb") as handle:
        length = handle.seek(0, 2)
        handle.seek(max(0, length - END_RECORD.size - MAX_COMMENT - ZIP64_LOCATOR.size))
        tail = handle.read()
        found: tuple[int, int] | None = None
        at = tail.rfind(END_SIGNATURE)
        while at >= 0:
            if len(tail) - at >= END_RECORD.size:
                entries, size = _record_extent(handle, tail, at, length)
                found = (max(found[0], entries), max(found[1], size)) if found else (entries, size)
            at = tail.rfind(END_SIGNATURE, 0, at)
        return found


def _record_extent(handle: BinaryIO, tail: bytes, at: int, length: int) -> tuple[int, int]:
    """The entry count and directory size of the end record at `at` in the tail, and of
    the ZIP64 record its locator points to, if any (the larger of each)."""
    record = END_RECORD.unpack_from(tail, at)
    entries, size = int(record[4]), int(record[5])
    locator_at = at - ZIP64_LOCATOR.size
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == ZIP64_LOCATOR_SIGNATURE:
        offset = int(ZIP64_LOCATOR.unpack_from(tail, locator_at)[2])
        handle.seek(min(offset, length))
        raw = handle.read(ZIP64_RECORD.size)
        if len(raw) == ZIP64_RECORD.size and raw[:4] == ZIP64_RECORD_SIGNATURE:
            wide = ZIP64_RECORD.unpack(raw)
            entries, size = max(entries, int(wide[7])), max(size, int(wide[8]))
    return entries, size


def _check_directory(path: Path, limits: Limits) -> None:
    """Refuses a ZIP whose directory is too large before zipfile reads all of it (it
    reads the whole directory on open: a million entries took 19 s and 538 MB)."""
    extent = _directory_extent(path)
    if extent is None:
        return
    entries, size = extent
    if entries > limits.max_entries:
        raise ExportRejected(
            f"The ZIP holds {entries:,} files, more than the {limits.max_entries:,} a "
            "Pinterest data export could; it was not read."
        )
    if size > limits.max_directory_bytes:
        raise ExportRejected(
            f"The ZIP's list of files takes {human_size(size)}, more than the "
            f"{human_size(limits.max_directory_bytes)} a Pinterest data export's could; it "
            "was not read."
        )


def _open_archive(path: Path, limits: Limits) -> zipfile.ZipFile:
    """The ZIP, opened once its directory's size and every entry passed the checks."""
    try:
        _check_directory(path, limits)
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportRejected(f"The ZIP file {path.name} cannot be read ({exc}).") from exc
    try:
        _check_entries(archive.infolist(), limits)
    except BaseException:
        archive.close()
        raise
    return archive


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise ExportRejected(
            f"The ZIP holds {len(infos):,} files, more than the {limits.max_entries:,} a "
            "Pinterest data export could; it was not read."
        )
    declared = 0
    for info in infos:
        reason = unsafe_name_reason(info.filename)
        name = quoted(info.filename)
        if reason is not None:
            raise ExportRejected(f"The ZIP was refused: the entry {name} {reason}.")
        if _is_symlink(info):
            raise ExportRejected(f"The ZIP was refused: the entry {name} is a symbolic link.")
        if info.filename.lower().endswith(NESTED_SUFFIXES):
            raise ExportRejected(
                f"The ZIP was refused: the entry {name} is an archive inside the archive."
            )
        if info.flag_bits & 0x1:
            raise ExportRejected(f"The ZIP was refused: the entry {name} is encrypted.")
        declared += info.file_size
    if declared > limits.max_total_bytes:
        raise ExportRejected(
            f"The ZIP says it unpacks to {human_size(declared)}, more than the "
            f"{human_size(limits.max_total_bytes)} the app accepts; it was not read."
        )


def _open_zip(path: Path, limits: Limits) -> ExportFile:
    with _open_archive(path, limits) as archive:
        infos = archive.infolist()
        pages = sorted(
            (i for i in infos if not i.is_dir() and i.filename.lower().endswith(HTML_SUFFIXES)),
            key=lambda i: i.filename,
        )
        if not pages:
            raise ExportRejected(
                f"The ZIP file {path.name} holds no HTML page, so it is not a Pinterest data "
                "export."
            )
        budget = limits.max_total_bytes
        for info in pages:  # the total across pages, on the bytes really decompressed
            for chunk in _member_bytes(archive, info, budget, limits):
                budget -= len(chunk)
        read = {i.filename for i in pages}
        ignored = [i.filename for i in infos if not i.is_dir() and i.filename not in read]
        documents = [ExportDocument(i.filename, path, i.filename, limits) for i in pages]
        return ExportFile(
            documents,
            exported_at=_zip_time(pages[0]),
            dated_by=f"the date of {cut(pages[0].filename, NAME_CHARS)} inside the ZIP file",
            ignored=[cut(name, NAME_CHARS) for name in ignored[:NAMES_KEPT]],
            ignored_count=len(ignored),
            digest=_fingerprint(documents),
            limits=limits,
        )


def _file_time(path: Path) -> str:
    moment = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_export(path: Path, limits: Limits | None = None) -> ExportFile:
    """The export's HTML documents, from its ZIP or its HTML file, each read through once
    within the limits (and fingerprinted); their text is read again as a stream."""
    limits = limits or Limits()
    if not path.is_file():
        raise ExportRejected(f"There is no file at {path}.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        raise ExportRejected(f"The file {path.name} cannot be read ({exc.strerror}).") from exc
    if head.startswith(b"PK"):
        return _open_zip(path, limits)
    if path.stat().st_size > limits.max_total_bytes:
        raise ExportRejected(
            f"The file {path.name} is larger than the {human_size(limits.max_total_bytes)} "
            "the app accepts."
        )
    document = ExportDocument(path.name, path, None, limits)
    start = next(document.chunks(), "")
    if "<" not in start[:65536]:
        raise ExportRejected(
            f"The file {path.name} is neither a ZIP nor an HTML page, so it is not a "
            "Pinterest data export."
        )
    return ExportFile(
        [document],
        exported_at=_file_time(path),
        dated_by="the file's modification time",
        digest=_fingerprint([document]),
        limits=limits,
    )
