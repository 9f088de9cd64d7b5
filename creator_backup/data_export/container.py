"""Reading the export's file safely: a ZIP as Pinterest e-mails it, or its HTML file alone.

The ZIP is treated as hostile. Nothing is ever extracted: each HTML member is read in
place, in memory, within limits on the number of entries, the total uncompressed size
and each member's compression ratio, counted on the bytes actually decompressed (a
header can lie). Names that could point outside a folder (absolute, `..`, a drive letter,
a UNC prefix), symbolic links and archives inside the archive are refused, each with its
own sentence, before any member is read.
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from creator_backup.backup.progress import human_size
from creator_backup.errors import UsageError

HTML_SUFFIXES = (".html", ".htm")
NESTED_SUFFIXES = (".zip", ".jar", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".7z", ".rar", ".zst")
READ_CHUNK = 1 << 16
DRIVE = re.compile(r"^[A-Za-z]:")


class ExportRejected(UsageError):
    """The file is not an export the app can read safely; the message says why."""


@dataclass(frozen=True)
class Limits:
    max_entries: int = 10_000
    max_total_bytes: int = 1 << 30  # 1 GiB uncompressed: far beyond any account's HTML
    max_ratio: float = 200.0  # text compresses about 10:1; 200:1 is a bomb
    ratio_floor_bytes: int = 1 << 20  # small members may compress absurdly and harmlessly


@dataclass(frozen=True)
class ExportDocument:
    name: str  # the member's name inside the ZIP, or the file's own name
    text: str


@dataclass
class ExportFile:
    """The HTML documents of one export, and when the export was made."""

    documents: list[ExportDocument]
    exported_at: str  # UTC, ISO 8601
    dated_by: str  # what the date comes from, in plain words
    ignored: list[str] = field(default_factory=list)  # members that are not HTML


def _decode(data: bytes) -> str:
    # A stray invalid byte must not lose the rest of the export.
    return data.decode("utf-8-sig", errors="replace")


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


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, limits: Limits
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK):
            size += len(chunk)
            if size > budget:
                raise ExportRejected(
                    f"The file {info.filename!r} in the ZIP unpacks to more than the "
                    f"{human_size(limits.max_total_bytes)} the app accepts; it is not a "
                    "Pinterest data export."
                )
            if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(
                1, info.compress_size
            ):
                raise ExportRejected(
                    f"The file {info.filename!r} in the ZIP is compressed more than "
                    f"{limits.max_ratio:.0f} to 1, as a ZIP bomb is; it was not read."
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise ExportRejected(
            f"The ZIP holds {len(infos):,} files, more than the {limits.max_entries:,} a "
            "Pinterest data export could; it was not read."
        )
    declared = 0
    for info in infos:
        reason = unsafe_name_reason(info.filename)
        if reason is not None:
            raise ExportRejected(f"The ZIP was refused: the entry {info.filename!r} {reason}.")
        if _is_symlink(info):
            raise ExportRejected(
                f"The ZIP was refused: the entry {info.filename!r} is a symbolic link."
            )
        if info.filename.lower().endswith(NESTED_SUFFIXES):
            raise ExportRejected(
                f"The ZIP was refused: the entry {info.filename!r} is an archive inside the "
                "archive."
            )
        if info.flag_bits & 0x1:
            raise ExportRejected(f"The ZIP was refused: the entry {info.filename!r} is encrypted.")
        declared += info.file_size
    if declared > limits.max_total_bytes:
        raise ExportRejected(
            f"The ZIP says it unpacks to {human_size(declared)}, more than the "
            f"{human_size(limits.max_total_bytes)} the app accepts; it was not read."
        )


def _open_zip(path: Path, limits: Limits) -> ExportFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExportRejected(f"The ZIP file {path.name} cannot be read ({exc}).") from exc
    with archive:
        infos = archive.infolist()
        _check_entries(infos, limits)
        pages = sorted(
            (i for i in infos if not i.is_dir() and i.filename.lower().endswith(HTML_SUFFIXES)),
            key=lambda i: i.filename,
        )
        if not pages:
            raise ExportRejected(
                f"The ZIP file {path.name} holds no HTML page, so it is not a Pinterest data "
                "export."
            )
        documents = []
        budget = limits.max_total_bytes
        for info in pages:
            try:
                data = _read_member(archive, info, budget, limits)
            except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError) as exc:
                raise ExportRejected(
                    f"The file {info.filename!r} in the ZIP is damaged or uses a compression "
                    f"the app cannot read ({exc})."
                ) from exc
            budget -= len(data)
            documents.append(ExportDocument(info.filename, _decode(data)))
        ignored = [i.filename for i in infos if not i.is_dir() and i not in pages]
        return ExportFile(
            documents,
            exported_at=_zip_time(pages[0]),
            dated_by=f"the date of {pages[0].filename} inside the ZIP file",
            ignored=ignored,
        )


def _file_time(path: Path) -> str:
    moment = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def open_export(path: Path, limits: Limits | None = None) -> ExportFile:
    """The export's HTML documents, from its ZIP or its HTML file."""
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
    data = path.read_bytes()
    text = _decode(data)
    if "<" not in text[:65536]:
        raise ExportRejected(
            f"The file {path.name} is neither a ZIP nor an HTML page, so it is not a "
            "Pinterest data export."
        )
    return ExportFile(
        [ExportDocument(path.name, text)],
        exported_at=_file_time(path),
        dated_by="the file's modification time",
    )
