"""Large archives made fast, for the benchmarks at 100,000 pins: written through the
archive's own write API (begin_snapshot, record, record_media, MediaStore.place,
finish_snapshot), so they hold what a backup would and follow the app's schema; only the
listing from Pinterest is skipped.

    build_archive(root, pins=100_000, removed=10_000, media=10_000)

makes snapshot 1 with every pin, snapshot 2 without the first `removed` pins (removed
from Pinterest, as a complete backup would find them), and stores a distinct JPEG for the
first `media` pins (a few pictures drawn once, each copy made distinct by bytes after its
end-of-image marker, which decoders ignore).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from creator_backup.archive.listings import OWN_PINS, board_key
from creator_backup.archive.outcomes import RunOutcome
from creator_backup.archive.store import Archive

API = "https://api.pinterest.com/v5"
SCOPES = ("boards:read", "boards:read_secret", "pins:read", "pins:read_secret")
BOARDS = 50


def pictures(count: int = 8, side: int = 760) -> list[bytes]:
    """`count` different JPEGs of noise and gradients, about 250 kB each (the size of the
    sandbox's pictures)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    from creator_backup.render import gui_application

    gui_application()
    made = []
    for n in range(count):
        image = QImage(side, side * 4 // 3, QImage.Format.Format_RGB32)
        seed = n * 7919 + 1
        for y in range(image.height()):
            for x in range(0, image.width(), 3):
                seed = (seed * 1103515245 + 12345) & 0x7FFFFFFF
                image.setPixelColor(
                    x, y, QColor((x + n * 40) % 256, (y + seed % 64) % 256, (seed >> 8) % 256)
                )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPEG", 80)  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
        made.append(bytes(data.data()))
    return made


def board(n: int) -> dict[str, Any]:
    return {
        "id": str(5000 + n),
        "name": f"Board {n}",
        "description": f"Board number {n}",
        "privacy": "PUBLIC",
        "created_at": "2024-01-01T00:00:00",
    }


def pin(n: int) -> dict[str, Any]:
    url = f"https://i.pinimg.com/originals/{n:02x}/{n:08x}.jpg"
    return {
        "id": str(10**15 + n),
        "title": f"Pin {n}: a title of some length",
        "description": f"The description of pin {n}, with a few words more to be realistic.",
        "link": f"https://example.com/post/{n}",
        "created_at": "2024-02-03T04:05:06",
        "board_id": str(5000 + n % BOARDS),
        "board_section_id": None,
        "alt_text": None,
        "dominant_color": "#aabbcc",
        "media": {
            "media_type": "image",
            "images": {"1200x": {"url": url, "width": 900, "height": 1200}},
        },
    }


def media_url(raw: dict[str, Any]) -> str:
    return str(raw["media"]["images"]["1200x"]["url"])


def _snapshot(
    archive: Archive, pins: range, skip: int, media: dict[str, tuple[str, int, str]]
) -> int:
    snapshot = archive.begin_snapshot("full", API, SCOPES).id
    with archive.transaction() as tx:
        for n in range(BOARDS):
            archive.record(tx, snapshot, "board", str(5000 + n), board(n))
        for n in pins:
            if n < skip:
                continue
            raw = pin(n)
            url = media_url(raw)
            archive.record(
                tx, snapshot, "pin", raw["id"], raw, board_id=raw["board_id"], media_urls=[url]
            )
            if url in media:
                sha, size, path = media[url]
                archive.record_media(tx, snapshot, url, sha, size, "image/jpeg", path, None)
        for n in range(BOARDS):
            archive.listing_done(tx, snapshot, board_key(str(5000 + n)), 0, 1)
        archive.listing_done(tx, snapshot, OWN_PINS, 0, 1)
    archive.finish_snapshot(snapshot, RunOutcome.COMPLETE, {})
    return snapshot


def _store_media(archive: Archive, count: int, side: int = 760) -> dict[str, tuple[str, int, str]]:
    """Stores a distinct JPEG for each of the first `count` pins: url -> (sha, size, path)."""
    made = pictures(side=side) if count else []
    stored: dict[str, tuple[str, int, str]] = {}
    folders: list[str] = []
    for n in range(count):
        data = made[n % len(made)] + n.to_bytes(8, "big")  # after the end-of-image marker
        sha = hashlib.sha256(data).hexdigest()
        temp = archive.media.tmp / f"bench-{n}"
        temp.write_bytes(data)
        placed = archive.media.place(temp, sha, "image/jpeg")
        folders += placed.folders
        stored[media_url(pin(n))] = (sha, len(data), placed.relative)
    archive.media.make_durable(folders)
    return stored


def build_archive(
    root: Path, pins: int, removed: int, media: int = 0, side: int = 760
) -> tuple[int, int]:
    """An archive at `root` with two complete snapshots (see the module's docstring);
    returns their ids. `side`: the pictures' width (smaller ones are drawn faster, for
    benchmarks that do not measure the media)."""
    os.makedirs(root, exist_ok=True)
    with Archive.open(root) as archive:
        stored = _store_media(archive, media, side)
        first = _snapshot(archive, range(pins), 0, stored)
        second = _snapshot(archive, range(pins), removed, {})
    return first, second
