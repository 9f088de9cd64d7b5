"""The difference hash (dHash): 64 bits saying, for each of 8 rows of a picture shrunk to
9 x 8 grey pixels, whether each pixel is brighter than its right-hand neighbour.

Resizing and recompression change pixels but hardly their order of brightness, so a
Pinterest copy (1200 px wide, JPEG quality 75) of an original hashes within a few bits of
it, while different pictures differ in about half of the 64 (see
docs/BENCHMARKS.md and tests/originals). Only the bits are defined here; the shrinking
to 9 x 8 is Qt's (creator_backup.render.phash), so this module stays Qt-free.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WIDTH, HEIGHT = 9, 8  # 8 comparisons per row, 8 rows: 64 bits
BITS = 64
# Two pictures are the same when their hashes differ in at most this many bits. Measured:
# a 1200 px JPEG q75 copy of a 3000 px original differs in 0 to 2 bits; different
# pictures in 20 or more (tests/originals/test_dhash.py measures both on every run).
THRESHOLD = 10


@dataclass(frozen=True)
class PictureHash:
    """A file's dHash, or why it has none (not a picture, too large, damaged): a reason a
    person can read, never an exception's text."""

    value: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.value is not None


# What the caller hands in: a file in, its hash (or why not) out. Qt's, in practice.
Hasher = Callable[[Path], PictureHash]


def dhash_of_grey(pixels: bytes) -> int:
    """The hash of 9 x 8 grey levels given row by row (72 bytes), the first bit the top
    left comparison."""
    if len(pixels) != WIDTH * HEIGHT:
        raise ValueError(f"dHash needs {WIDTH * HEIGHT} grey levels, got {len(pixels)}")
    value = 0
    for row in range(HEIGHT):
        start = row * WIDTH
        for column in range(WIDTH - 1):
            brighter = pixels[start + column] > pixels[start + column + 1]
            value = (value << 1) | int(brighter)
    return value


def distance(a: int, b: int) -> int:
    """How many of the 64 bits differ (the Hamming distance)."""
    return (a ^ b).bit_count()


def as_text(value: int) -> str:
    """A hash as stored: 16 hex digits (SQLite's integers are signed 64-bit; a hash with
    its top bit set would not round-trip as one)."""
    return f"{value:016x}"


def from_text(text: str) -> int:
    return int(text, 16)
