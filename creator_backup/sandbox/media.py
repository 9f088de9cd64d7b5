"""Deterministic media for the sandbox: real decodable PNG images and MP4-shaped videos.

Pinterest serves every pin image at fixed variants (150x150, 400x300, 600x, 1200x and
sometimes originals). The sandbox draws each image from a number (and the style of its
pin's board, see pictures.py), so the same number always gives the same bytes (and
sha256) without storing anything.
"""

from __future__ import annotations

import hashlib
import random
import struct
import threading
from collections import OrderedDict
from dataclasses import dataclass

from creator_backup.sandbox.pictures import draw_png

# Width of each variant; None keeps the given height (the "150x150" and "400x300" crops).
VARIANTS: dict[str, tuple[int, int | None]] = {
    "150x150": (150, 150),
    "400x300": (400, 300),
    "600x": (600, None),
    "1200x": (1200, None),
    "originals": (1600, None),
}
# The size a data export's image signatures are fetched at, as i.pinimg.com/736x/... .
EXPORT_VARIANT = "736x"
# Height over width of the uncropped variants, chosen per image.
ASPECTS: tuple[float, ...] = (1.0, 1.25, 1.5, 0.75)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"


@dataclass(frozen=True)
class ImageSpec:
    number: int
    seed: int

    def aspect(self) -> float:
        return ASPECTS[mix(self.seed, self.number, 1) % len(ASPECTS)]

    def size(self, variant: str) -> tuple[int, int]:
        width, height = VARIANTS[variant]
        if height is None:
            height = round(width * self.aspect())
        return width, height


def mix(*values: int) -> int:
    digest = hashlib.blake2b(repr(values).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def render_image(spec: ImageSpec, variant: str, style: str = "wash") -> bytes:
    """Draw the image: a picture in `style` (pictures.py), the same for every variant but
    for its size (the square and 4:3 crops show its centre)."""
    width, height = spec.size(variant)
    return draw_png(style, mix(spec.seed, spec.number, 2), width, height, spec.aspect())


def render_video(seed: int, number: int) -> bytes:
    """An MP4-shaped file (ftyp box, then an mdat box of seeded bytes)."""
    rng = random.Random(mix(seed, number, 3))
    payload = rng.randbytes(150_000 + rng.randrange(250_000))
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    return (
        struct.pack(">I", len(ftyp) + 4)
        + ftyp
        + struct.pack(">I", len(payload) + 8)
        + b"mdat"
        + payload
    )


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height read from a PNG or JPEG header; None when neither parses."""
    if data.startswith(PNG_SIGNATURE) and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(JPEG_SIGNATURE):
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return int(width), int(height)
            pos += 2 + length
    return None


def sniff_image_type(data: bytes) -> str | None:
    if data.startswith(PNG_SIGNATURE):
        return "image/png"
    if data.startswith(JPEG_SIGNATURE):
        return "image/jpeg"
    return None


class BoundedCache:
    """A small thread-safe LRU of rendered bytes, bounded by total size, not count."""

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._items: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> bytes | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple[object, ...], value: bytes) -> None:
        with self._lock:
            if key in self._items or len(value) > self._max_bytes:
                return
            self._items[key] = value
            self._size += len(value)
            while self._size > self._max_bytes:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)


class MediaUrls:
    """Builds and parses CDN-style media addresses on the sandbox's media host.

    The shape follows i.pinimg.com (`/<variant>/<aa>/<bb>/<cc>/<hash>.<ext>`); the "hash"
    carries the image number with a check, so the host needs no table to serve it.
    """

    def __init__(self, base: str, seed: int) -> None:
        self.base = base.rstrip("/")
        self.seed = seed
        # Worked out once: every media request parses its address.
        self._mask = mix(seed, 15) & 0xFFFFFFFFFFFFFFFF

    def _token(self, number: int) -> str:
        check = mix(self.seed, number, 9) & 0xFFFFFFFFFFFFFFFF
        return f"{check:016x}{number ^ self._mask:016x}"

    def image(self, number: int, variant: str) -> str:
        token = self._token(number)
        return f"{self.base}/{variant}/{token[0:2]}/{token[2:4]}/{token[4:6]}/{token}.png"

    def video(self, number: int) -> str:
        token = self._token(number)
        return f"{self.base}/videos/720p/{token[0:2]}/{token[2:4]}/{token[4:6]}/{token}.mp4"

    def hls(self, number: int) -> str:
        """An HLS master playlist; its variants and segments sit beside it (see hls.py)."""
        token = self._token(number)
        return f"{self.base}/videos/hls/{token[0:2]}/{token[2:4]}/{token[4:6]}/{token}.m3u8"

    def name(self, number: int) -> str:
        """The file name stem of `number`'s media, which HLS playlists refer to."""
        return self._token(number)

    def parse(self, path: str) -> tuple[str, int, str] | None:
        """(kind, number, variant) for a path this host made, else None.

        HLS files are ("hls", number, part): part "master" for the master playlist, else
        what follows the token in the file name ("720w", "720w_00001").
        """
        parts = path.strip("/").split("/")
        # Videos live one level deeper (/videos/720p/...) than images (/<variant>/...).
        video = parts[:2] == ["videos", "720p"]
        hls = parts[:2] == ["videos", "hls"]
        if len(parts) != (6 if video or hls else 5):
            return None
        stem, _, ext = parts[-1].partition(".")
        name, part = stem[:32], stem[32:]
        if len(name) != 32 or (part and not hls):
            return None
        try:
            number = int(name[16:], 16) ^ self._mask
        except ValueError:
            return None
        if self._token(number) != name:
            return None
        if video:
            return ("video", number, "720p") if ext == "mp4" else None
        if hls:
            if not part:
                return ("hls", number, "master") if ext == "m3u8" else None
            segment = part.count("_") == 2
            if ext != ("ts" if segment else "m3u8"):
                return None
            return "hls", number, part[1:]
        if parts[0] in VARIANTS and ext == "png":
            return "image", number, parts[0]
        if parts[0] == EXPORT_VARIANT and ext == "jpg":
            # A data export's image signature at the CDN's 736x size (see data_export).
            return "image", number, "600x"
        return None
