"""When a photo was taken, read from its JPEG's EXIF block: DateTimeOriginal (tag 0x9003
in the Exif IFD), else the IFD0 DateTime (0x0132, when the file was last written by the
camera or an editor). Qt's QImageReader does not expose EXIF dates, so this reads the
bytes itself.

The file is the user's but may come from anywhere: only the first READ_LIMIT bytes are
read, every offset is checked against the block before it is followed, an IFD is read
once (a loop of pointers ends) and at most MAX_ENTRIES of its entries are looked at.
Anything unexpected means "no date", never an exception.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

READ_LIMIT = 256 * 1024  # EXIF lives in APP1, near the start, at most 64 KB long
MAX_ENTRIES = 512
MAX_SEGMENTS = 64
EXIF_IFD_POINTER = 0x8769
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME = 0x0132
ASCII = 2
EXIF_DATE = re.compile(rb"(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})")


@dataclass(frozen=True)
class ExifDate:
    when: datetime  # naive: EXIF says the camera's local time, with no time zone
    tag: str  # "DateTimeOriginal" or "DateTime"


def exif_date(path: Path) -> ExifDate | None:
    """The photo's EXIF date, or None (not a JPEG, no EXIF, no readable date)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(READ_LIMIT)
    except OSError:
        return None
    block = _app1_exif(head)
    return None if block is None else _date_in_tiff(block)


def _app1_exif(data: bytes) -> bytes | None:
    """The TIFF block of the first APP1 segment that holds EXIF, walking the JPEG's
    segments from its start (SOI) until the image data begins."""
    if not data.startswith(b"\xff\xd8"):
        return None
    at = 2
    for _ in range(MAX_SEGMENTS):
        if at + 4 > len(data) or data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no EXIF before it
            return None
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if length < 2:
            return None
        body = data[at + 4 : at + 2 + length]
        if marker == 0xE1 and body.startswith(b"Exif\x00\x00"):
            return body[6:]
        at += 2 + length
    return None


def _date_in_tiff(tiff: bytes) -> ExifDate | None:
    if tiff[:4] == b"II*\x00":
        order = "<"
    elif tiff[:4] == b"MM\x00*":
        order = ">"
    else:
        return None
    (ifd0,) = struct.unpack(order + "I", tiff[4:8])
    entries = _entries(tiff, order, ifd0)
    exif_ifd = entries.get(EXIF_IFD_POINTER)
    if exif_ifd is not None and exif_ifd[0] in (4, 13) and exif_ifd[2] != ifd0:  # LONG, IFD
        original = _ascii(tiff, _entries(tiff, order, exif_ifd[2]).get(DATE_TIME_ORIGINAL))
        if original is not None:
            return ExifDate(original, "DateTimeOriginal")
    written = _ascii(tiff, entries.get(DATE_TIME))
    return None if written is None else ExifDate(written, "DateTime")


Entry = tuple[int, int, int]  # type, count, value or offset


def _entries(tiff: bytes, order: str, offset: int) -> dict[int, Entry]:
    if offset < 8 or offset + 2 > len(tiff):
        return {}
    (count,) = struct.unpack(order + "H", tiff[offset : offset + 2])
    found: dict[int, Entry] = {}
    for index in range(min(count, MAX_ENTRIES)):
        start = offset + 2 + 12 * index
        if start + 12 > len(tiff):
            break
        tag, kind, number, value = struct.unpack(order + "HHII", tiff[start : start + 12])
        found.setdefault(tag, (kind, number, value))
    return found


def _ascii(tiff: bytes, entry: Entry | None) -> datetime | None:
    """An ASCII date entry ("2019:05:04 13:22:10"), 20 bytes, so held at an offset."""
    if entry is None or entry[0] != ASCII or not 19 <= entry[1] <= 64:
        return None
    offset, size = entry[2], entry[1]
    if offset + size > len(tiff):
        return None
    match = EXIF_DATE.match(tiff[offset : offset + size])
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return datetime(year, month, day, hour, minute, second)
    except ValueError:  # 0000:00:00 00:00:00, month 13, ...
        return None
