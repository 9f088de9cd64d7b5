"""Content-addressed media: each file named by the sha256 of its bytes, in sharded folders,
written once and never rewritten.

A file enters the store only complete and verified: bytes go to a temp file in the store's
own tmp/ folder (same filesystem, so the final step is an atomic rename), are fsynced, and
are linked into place; then the folder (and the folder above any folder made for it) is
fsynced. The database row that references a file is committed after the file is durable
(restic's data-before-index rule); a caller storing many files may fsync their folders
together just before it commits their rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from creator_backup.archive.media_types import EXTENSIONS
from creator_backup.atomic import fsync_dir, replace_file

MEDIA_DIR = "media"
TMP_DIR = "tmp"
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Stored files found cut short, set aside before they are fetched again: kept, not deleted.
DAMAGED_DIR = "damaged"


def fsync_file(path: str | os.PathLike[str]) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def relative_path(sha256: str, content_type: str) -> str:
    if not _SHA256.fullmatch(sha256):  # one match: a generator over 64 letters costs more
        raise ValueError("not a sha256")
    ext = EXTENSIONS.get(content_type, "bin")
    return f"{MEDIA_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


@dataclass(frozen=True)
class Placed:
    relative: str  # the file's path relative to the archive root
    folders: tuple[str, ...]  # to fsync before a row naming the file is committed


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / TMP_DIR
        self._root = os.fspath(root)  # strings on the hot path: pathlib costs more
        self._media = os.path.join(self._root, MEDIA_DIR)
        (root / MEDIA_DIR).mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def path_of(self, relative: str) -> Path:
        return self.root / relative

    def adopt(self, temp: str | os.PathLike[str], sha256: str, content_type: str) -> str:
        """Moves a complete, fsynced temp file into place under its hash and makes that
        durable; returns the relative path. A file already stored under that hash is the
        same content, so the temp file is dropped instead."""
        placed = self.place(temp, sha256, content_type)
        self.make_durable(placed.folders)
        return placed.relative

    def place(self, temp: str | os.PathLike[str], sha256: str, content_type: str) -> Placed:
        """Links the file into place like `adopt`, but leaves its folders to be fsynced by
        `make_durable`, which the caller must call before it commits a row naming the file.
        Folders of many files are then fsynced together: on a journalling filesystem the
        first fsync commits the journal for all of them."""
        relative = relative_path(sha256, content_type)
        final = os.path.join(self._root, relative)
        folder = os.path.dirname(final)
        folders = [folder]
        # The link is tried first: its folder almost always exists after the first runs,
        # and a failed link costs less than a mkdir or a stat on every file.
        try:
            self._link(temp, final)
        except FileNotFoundError:
            if not os.path.exists(temp):
                raise  # no folder is made for a file that is not there
            folders += self._make_folder(folder)
            self._link(temp, final)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        # The folder is fsynced also when the file was there already: another worker may
        # have linked it a moment ago and not yet made its name durable.
        return Placed(relative, tuple(folders))

    @staticmethod
    def make_durable(folders: Iterable[str]) -> None:
        for folder in dict.fromkeys(folders):
            fsync_dir(folder)

    @staticmethod
    def _link(temp: str | os.PathLike[str], final: str) -> None:
        """Gives the temp file its final name, unless the name is taken: then the same
        bytes are stored already, and a stored file is never replaced."""
        try:
            os.link(temp, final)
        except FileExistsError:
            return
        except FileNotFoundError:
            raise  # no folder yet (or no temp file): the caller sees to it
        except OSError:
            # Filesystems without hard links (FAT, exFAT): a rename, checked first.
            if os.path.exists(final):
                return
            replace_file(temp, final, durable=False)  # its folder: with make_durable
        with contextlib.suppress(OSError):
            os.chmod(final, 0o444)  # write-once, like restic's objects

    def _make_folder(self, folder: str) -> list[str]:
        """Makes a shard folder (and its parent shard); returns the folders whose entries
        changed, to fsync so the file linked into it cannot vanish with its folder."""
        parent = os.path.dirname(folder)
        changed: list[str] = []
        try:
            os.mkdir(folder)
        except FileExistsError:
            pass  # another worker made it just now
        except FileNotFoundError:
            if parent == self._media:
                raise  # the media folder itself is gone: not for a shard to make up
            changed += self._make_folder(parent)
            with contextlib.suppress(FileExistsError):
                os.mkdir(folder)
        changed.append(parent)  # fsynced either way: that worker may not have yet
        return changed

    def files(self) -> list[Path]:
        return sorted(p for p in (self.root / MEDIA_DIR).rglob("*") if p.is_file())

    def clean_tmp(self, keep: set[str]) -> list[str]:
        """Removes leftovers of crashed runs, except partial downloads named in `keep`."""
        removed = []
        for entry in self.tmp.iterdir():
            if entry.name not in keep:
                entry.unlink(missing_ok=True)
                removed.append(entry.name)
        return removed


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()
