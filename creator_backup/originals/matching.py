"""Matching the creator's originals to archived pins: the archive's pictures are hashed
lazily (only those not hashed before, the rows kept so a run cancelled halfway loses
nothing done), the originals are hashed as found, and an index over the archive's hashes
(hash_index.py) finds each original's closest pins within THRESHOLD bits."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.archive.picture_records import OriginalMatch, PicturedPin
from creator_backup.archive.store import Archive
from creator_backup.errors import Cancelled
from creator_backup.originals.dhash import THRESHOLD, Hasher, as_text, from_text
from creator_backup.originals.folder import Skipped, find_originals
from creator_backup.originals.hash_index import HashIndex
from creator_backup.originals.taken import taken
from creator_backup.progress import CancelToken, Progress, ProgressSink, ignore_progress

HASH_BATCH = 50  # archive hashes written per transaction (a cancel keeps all but these)
HASHING_ARCHIVE = "Hashing the archived pictures"
HASHING_ORIGINALS = "Hashing your originals"
CANCELLED = "Matching was cancelled; the pictures hashed so far are kept for next time."


@dataclass(frozen=True)
class FoundMatch:
    """A match as shown: the stored record and the pin it names."""

    match: OriginalMatch
    pin: PicturedPin

    def to_json(self) -> dict[str, object]:
        return {**self.match.to_json(), "title": self.pin.title, "board": self.pin.board,
                "gone": self.pin.gone}  # fmt: skip


@dataclass
class MatchReport:
    threshold: int = THRESHOLD
    originals: int = 0  # originals hashed
    pictures: int = 0  # archived pictures with a hash
    hashed_now: int = 0  # of them, hashed by this run
    matches: list[FoundMatch] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # originals' names
    skipped: list[Skipped] = field(default_factory=list)  # originals passed over, with why
    unhashable: int = 0  # archived pictures that cannot be decoded
    # Archived pins that show the same picture (within the threshold), two or more each.
    same_picture: list[list[PicturedPin]] = field(default_factory=list)

    @property
    def matched_originals(self) -> int:
        return len({m.match.original_name for m in self.matches})

    def to_json(self) -> dict[str, object]:
        return {
            "threshold": self.threshold,
            "originals": self.originals,
            "archived_pictures": self.pictures,
            "hashed_now": self.hashed_now,
            "matched_originals": self.matched_originals,
            "matches": [m.to_json() for m in self.matches],
            "unmatched": len(self.unmatched),
            "unmatched_names": self.unmatched,
            "skipped": [s.to_json() for s in self.skipped],
            "archived_unhashable": self.unhashable,
            "same_picture": [[p.pin_id for p in group] for group in self.same_picture],
        }


def _check(cancel: CancelToken) -> None:
    if cancel.is_set():
        raise Cancelled(CANCELLED)


def hash_archive(
    archive: Archive,
    hasher: Hasher,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Hashes every stored picture not hashed before; how many it hashed. Paths come from
    the archive's own records, checked to stay in its media folder."""
    cancel = cancel or CancelToken()
    todo = archive.unhashed_pictures()
    browser = ArchiveBrowser(archive)
    batch: list[tuple[str, str | None, str]] = []
    for done, (sha, relative) in enumerate(todo):
        if done % 10 == 0:
            _check(cancel)
            progress(Progress(HASHING_ARCHIVE, done, len(todo)))
        try:
            result = hasher(browser.media_file(relative))
        except ValueError:
            batch.append((sha, None, "its recorded path leads outside the media folder"))
        else:
            batch.append((sha, None if result.value is None else as_text(result.value),
                          result.reason))  # fmt: skip
        if len(batch) >= HASH_BATCH:
            archive.store_picture_hashes(batch)
            batch.clear()
    if batch:
        archive.store_picture_hashes(batch)
    progress(Progress(HASHING_ARCHIVE, len(todo), len(todo)))
    return len(todo)


def find_matches(
    index: HashIndex, originals: dict[str, int], threshold: int = THRESHOLD
) -> dict[str, list[tuple[int, str]]]:
    """Each original's archived pictures within `threshold`: (distance, sha256), closest
    first; originals with none are left out."""
    found: dict[str, list[tuple[int, str]]] = {}
    for name, value in originals.items():
        near = sorted(index.within(value, threshold))
        if near:
            found[name] = near
    return found


def closest(near: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Of (distance, sha256) closest first, those at the least distance: a copy of an
    original is its closest picture; a merely similar one further off is not a match."""
    return [hit for hit in near if hit[0] == near[0][0]] if near else []


def same_picture_groups(
    hashes: dict[str, int], pins: Iterable[PicturedPin], threshold: int = THRESHOLD
) -> list[list[PicturedPin]]:
    """Pins whose pictures are the same picture: one file shown by several pins, or files
    within `threshold` of each other (joined transitively); groups of two or more pins."""
    index = HashIndex(((value, sha) for sha, value in hashes.items()), threshold)
    parent = {sha: sha for sha in hashes}

    def root(sha: str) -> str:
        while parent[sha] != sha:
            parent[sha] = parent[parent[sha]]
            sha = parent[sha]
        return sha

    for sha, value in hashes.items():
        for _, other in index.within(value, threshold):
            parent[root(other)] = root(sha)
    groups: dict[str, list[PicturedPin]] = {}
    for pin in pins:
        if pin.sha256 in parent:
            groups.setdefault(root(pin.sha256), []).append(pin)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0].pin_id)


def _hash_originals(
    files: list[Path], hasher: Hasher, progress: ProgressSink, cancel: CancelToken,
    skipped: list[Skipped],
) -> dict[Path, int]:  # fmt: skip
    hashed: dict[Path, int] = {}
    for done, path in enumerate(files):
        if done % 10 == 0:
            _check(cancel)
            progress(Progress(HASHING_ORIGINALS, done, len(files)))
        result = hasher(path)
        if result.value is None:
            skipped.append(Skipped(path.name, result.reason))
        else:
            hashed[path] = result.value
    progress(Progress(HASHING_ORIGINALS, len(files), len(files)))
    return hashed


def match_originals(
    archive: Archive,
    folder: Path,
    hasher: Hasher,
    progress: ProgressSink = ignore_progress,
    cancel: CancelToken | None = None,
    threshold: int = THRESHOLD,
) -> MatchReport:
    """Which archived pins the pictures under `folder` are; the findings replace the
    last match's in the archive (an appeal packet lists them)."""
    cancel = cancel or CancelToken()
    originals = find_originals(folder)
    report = MatchReport(threshold=threshold, skipped=list(originals.skipped))
    report.hashed_now = hash_archive(archive, hasher, progress, cancel)
    report.unhashable = len(archive.unhashable_pictures())
    hashes = {sha: from_text(text) for sha, text in archive.picture_hashes().items()}
    report.pictures = len(hashes)
    hashed = _hash_originals(originals.files, hasher, progress, cancel, report.skipped)
    report.originals = len(hashed)
    _check(cancel)
    pins = archive.pictured_pins()
    by_sha: dict[str, list[PicturedPin]] = {}
    for pin in pins:
        by_sha.setdefault(pin.sha256, []).append(pin)
    index = HashIndex(((value, sha) for sha, value in hashes.items()), threshold)
    # Keyed by path: two files of one name in different folders are two originals.
    found = find_matches(index, {str(path): value for path, value in hashed.items()}, threshold)
    best: dict[tuple[str, str], FoundMatch] = {}
    for path in hashed:
        near = found.get(str(path))
        if not near:
            report.unmatched.append(path.name)
            continue
        taken_at, taken_from = taken(path)
        pictured = closest([(dist, sha) for dist, sha in near if sha in by_sha])
        if not pictured:  # close only to files no pin shows first (a carousel's later ones)
            report.unmatched.append(path.name)
        for dist, sha in pictured:
            for pin in by_sha[sha]:
                record = OriginalMatch(pin.pin_id, path.name, as_text(hashed[path]), dist,
                                       taken_at, taken_from)  # fmt: skip
                key = (pin.pin_id, path.name)
                if key not in best or dist < best[key].match.distance:
                    best[key] = FoundMatch(record, pin)
    report.matches = sorted(best.values(), key=lambda m: (m.match.original_name,
                                                          m.match.distance, m.pin.pin_id))  # fmt: skip
    archive.replace_original_matches(m.match for m in report.matches)
    report.same_picture = same_picture_groups(hashes, pins, threshold)
    return report
