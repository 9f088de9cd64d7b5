"""The perceptual hash on real files: Pinterest-like copies match, other pictures do not,
hostile files are skipped with a reason, and the index finds what brute force finds."""

from __future__ import annotations

import itertools
import os
import random
import struct
import zlib
from pathlib import Path

import pytest

from creator_backup.originals.dhash import THRESHOLD, dhash_of_grey, distance
from creator_backup.originals.exif import exif_date
from creator_backup.originals.folder import OUTSIDE, find_originals
from creator_backup.originals.hash_index import HashIndex
from creator_backup.render.phash import TRUNCATED, picture_hash
from creator_backup.render.thumbnails import NOT_A_PICTURE, TOO_MANY_PIXELS
from tests.originals.pictures import load, pinterest_copy, save, scene


def _hash(path: Path) -> int:
    result = picture_hash(path)
    assert result.value is not None, result.reason
    return result.value


def test_resized_and_recompressed_copies_match_and_other_pictures_do_not(tmp_path: Path) -> None:
    originals, copies = [], []
    for seed in range(6):
        image = scene(seed)  # 3000 x 2000
        ending = ".png" if seed % 2 else ".jpg"
        originals.append(_hash(save(image, tmp_path / f"original-{seed}{ending}", 95)))
        copy = pinterest_copy(image, tmp_path / f"pinterest-{seed}.jpg")  # 1200 px, q75
        again = pinterest_copy(load(copy), tmp_path / f"again-{seed}.jpg", 600, 60)
        copies.append((_hash(copy), _hash(again)))
    same = [distance(o, c) for o, pair in zip(originals, copies, strict=True) for c in pair]
    different = [distance(a, b) for a, b in itertools.combinations(originals, 2)]
    print("same picture:", same, "different pictures:", sorted(different))
    assert max(same) <= 3 < THRESHOLD
    assert min(different) > THRESHOLD * 2


def test_hostile_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    whole = pinterest_copy(scene(1), tmp_path / "whole.jpg")
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    assert picture_hash(cut).reason == TRUNCATED
    text = tmp_path / "notes.png"
    text.write_text("not a picture at all", "utf-8")
    assert picture_hash(text).reason == NOT_A_PICTURE
    # A PNG header claiming 100,000 x 100,000 pixels, in 60 bytes: refused unread.
    for name, width, height in (("huge.png", 100_000, 100_000), ("long.png", 17_000, 1)):
        ihdr = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr
        (tmp_path / name).write_bytes(header + struct.pack(">I", zlib.crc32(ihdr)) + bytes(20))
    # Refused from the header, never decoded (Qt's reader itself refuses these headers,
    # before our side check sees them).
    for name in ("huge.png", "long.png"):
        assert picture_hash(tmp_path / name).reason in (NOT_A_PICTURE, TOO_MANY_PIXELS)
    assert picture_hash(tmp_path / "empty.jpg").reason.startswith("cannot be read")


def _jpeg_with_exif(path: Path, stamp: bytes, little: bool = True) -> None:
    order = "<" if little else ">"
    tiff = (b"II*\x00" if little else b"MM\x00*") + struct.pack(order + "I", 8)
    # IFD0: one entry, the Exif IFD pointer (at 26); Exif IFD: DateTimeOriginal at 44.
    tiff += struct.pack(order + "H", 1) + struct.pack(order + "HHII", 0x8769, 4, 1, 26)
    tiff += struct.pack(order + "I", 0)
    tiff += struct.pack(order + "H", 1) + struct.pack(order + "HHII", 0x9003, 2, 20, 44)
    tiff += struct.pack(order + "I", 0) + stamp + b"\0"
    app1 = b"Exif\x00\x00" + tiff
    body = path.read_bytes()
    path.write_bytes(body[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + body[2:])


def test_exif_dates_are_read_and_hostile_exif_gives_none(tmp_path: Path) -> None:
    photo = pinterest_copy(scene(2), tmp_path / "photo.jpg")
    _jpeg_with_exif(photo, b"2019:05:04 13:22:10")
    found = exif_date(photo)
    assert found is not None and found.tag == "DateTimeOriginal"
    assert found.when.isoformat() == "2019-05-04T13:22:10"
    assert _hash(photo) == _hash(pinterest_copy(scene(2), tmp_path / "plain.jpg"))
    big_endian = pinterest_copy(scene(2), tmp_path / "mm.jpg")
    _jpeg_with_exif(big_endian, b"2020:01:02 03:04:05", little=False)
    assert str(exif_date(big_endian).when) == "2020-01-02 03:04:05"  # type: ignore[union-attr]
    bad = pinterest_copy(scene(2), tmp_path / "bad.jpg")
    _jpeg_with_exif(bad, b"2019:13:45 99:99:99")
    assert exif_date(bad) is None
    rng = random.Random(5)
    for number in range(200):  # random bytes after a JPEG start and an EXIF header
        noise = tmp_path / f"noise{number}.jpg"
        noise.write_bytes(b"\xff\xd8\xff\xe1\xff\xffExif\x00\x00" + rng.randbytes(2000))
        assert exif_date(noise) is None or exif_date(noise) is not None  # never raises


def test_the_folder_walk_stays_inside_and_says_what_it_passed_over(tmp_path: Path) -> None:
    folder, outside = tmp_path / "mine", tmp_path / "elsewhere"
    save(scene(3, 300, 200), folder / "a.jpg")
    save(scene(4, 300, 200), folder / "deeper" / "b.png")
    save(scene(5, 300, 200), outside / "secret.jpg")
    (folder / "notes.txt").write_text("ignored", "utf-8")
    os.symlink(outside / "secret.jpg", folder / "link.jpg")
    os.symlink(outside, folder / "linked-folder")
    os.symlink(folder / "a.jpg", folder / "inner-link.jpg")
    found = find_originals(folder)
    assert sorted(p.name for p in found.files) == ["a.jpg", "b.png", "inner-link.jpg"]
    assert [(s.name, s.reason) for s in found.skipped] == [("link.jpg", OUTSIDE)]


@pytest.mark.parametrize("seed", [1, 2])
def test_the_index_finds_exactly_what_brute_force_finds(seed: int) -> None:
    rng = random.Random(seed)
    stored = [(rng.getrandbits(64), f"s{n}") for n in range(3000)]
    # Some near copies of stored hashes, a few bits flipped.
    queries = [value ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64))
               for value, _ in rng.sample(stored, 200)]  # fmt: skip
    queries += [rng.getrandbits(64) for _ in range(200)]
    index = HashIndex(stored, 12)
    for query in queries:
        brute = sorted((distance(query, v), k) for v, k in stored if distance(query, v) <= 12)
        assert sorted(index.within(query, 12)) == brute
        near = sorted((distance(query, v), k) for v, k in stored if distance(query, v) <= 5)
        assert sorted(index.within(query, 5)) == near


def test_the_bits_are_the_row_comparisons() -> None:
    falling = bytes(range(72, 0, -1))  # each pixel brighter than its right-hand neighbour
    assert dhash_of_grey(falling) == (1 << 64) - 1
    assert dhash_of_grey(bytes(72)) == 0
