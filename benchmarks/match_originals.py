"""Matching the creator's originals: 1,000 originals against 10,000 archived pictures,
hashing and matching measured apart, and the hash index against comparing every pair (the
baseline) in the same run. Pictures are made in code (tests/originals/pictures.py).

Run: .venv/bin/python -m benchmarks.match_originals   (about a minute)
"""

from __future__ import annotations

import platform
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import Qt

from benchmarks.common import Timer, write_section
from creator_backup.originals.dhash import THRESHOLD, distance
from creator_backup.originals.hash_index import HashIndex
from creator_backup.originals.matching import find_matches
from creator_backup.render.phash import image_hash, picture_hash
from tests.originals.pictures import pinterest_copy, save, scene

ARCHIVED, ORIGINALS, FILES = 10_000, 1_000, 20


def _brute(stored: dict[str, int], originals: dict[str, int]) -> int:
    """Every match of every original, as the index finds them: each pair compared."""
    pairs = list(stored.items())
    found = 0
    for value in originals.values():
        found += bool([key for key, other in pairs if (value ^ other).bit_count() <= THRESHOLD])
    return found


def main() -> None:
    # Hashing files as a match does (decode, shrink, hash): full-size originals, and the
    # 1200 px JPEG q75 copies the archive holds.
    with tempfile.TemporaryDirectory() as folder:
        originals = [save(scene(n), Path(folder) / f"o{n}.jpg", 92) for n in range(FILES)]
        copies = [pinterest_copy(scene(n), Path(folder) / f"c{n}.jpg") for n in range(FILES)]
        with Timer() as big:
            big_hashes = [picture_hash(p).value for p in originals]
        with Timer() as small:
            small_hashes = [picture_hash(p).value for p in copies]
    same = [distance(a or 0, b or 0) for a, b in zip(big_hashes, small_hashes, strict=True)]
    # 10,000 archived pictures (small, made in memory) and 1,000 originals: larger copies
    # of the first 1,000.
    with Timer() as making:
        scenes = [scene(10_000 + n, 240, 160) for n in range(ARCHIVED)]
    with Timer() as hashing:
        stored = {f"a{n}": image_hash(image) for n, image in enumerate(scenes)}
    originals_hashes = {
        f"o{n}": image_hash(
            scenes[n].scaledToWidth(480, Qt.TransformationMode.SmoothTransformation)
        )
        for n in range(ORIGINALS)
    }
    with Timer() as building:
        index = HashIndex(((value, key) for key, value in stored.items()), THRESHOLD)
    with Timer() as indexed:
        found = find_matches(index, originals_hashes)
    with Timer() as brute:
        brute_found = _brute(stored, originals_hashes)
    right = sum(1 for n in range(ORIGINALS) if any(k == f"a{n}" for _, k in found.get(f"o{n}", [])))
    lines = [
        f"`python -m benchmarks.match_originals`, {time.strftime('%Y-%m-%d')}, Python "
        f"{platform.python_version()}, 2 cores.",
        "",
        f"- Hashing a file (decode, shrink to 9 x 8 grey, dHash): {big.seconds / FILES * 1000:.0f} ms "
        f"for a 3000 x 2000 JPEG original, {small.seconds / FILES * 1000:.0f} ms for its "
        f"1200 px JPEG q75 copy; distance between the two: {min(same)} to {max(same)} bits of 64.",
        f"- Hashing {ARCHIVED:,} archived pictures (240 x 160, in memory): {hashing.seconds:.1f} s "
        f"({hashing.seconds / ARCHIVED * 1000:.2f} ms each; making them took {making.seconds:.1f} s).",
        f"- Matching {ORIGINALS:,} originals against {ARCHIVED:,} hashes with the index: "
        f"{indexed.seconds * 1000:.0f} ms (building it {building.seconds * 1000:.0f} ms); comparing "
        f"every pair (the baseline): {brute.seconds * 1000:.0f} ms: the index takes "
        f"{indexed.seconds / brute.seconds:.2f}x the baseline's time at a threshold of "
        f"{THRESHOLD} bits (the index measures only hashes that agree exactly on one of "
        f"{THRESHOLD + 1} chunks).",
        f"- {right:,} of {ORIGINALS:,} originals found their own picture; {len(found):,} matched "
        f"something (the baseline: {brute_found:,}).",
    ]
    text = "\n".join(lines)
    print(text)
    write_section("match_originals", "## Matching originals\n\n" + text + "\n")


if __name__ == "__main__":
    main()
