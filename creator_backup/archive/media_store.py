"""Content-addressed media: each file named by the sha256 of its bytes, in sharded folders,
written once and never rewritten.

A file enters the store only complete and verified: bytes go to a temp file in the store's
own tmp/ folder (same filesystem, so the final step is an atomic rename), are fsynced, and
are linked into place; then the folder is fsynced. The database row that references a
file is committed after the file is durable (restic's data-before-index rule).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from pathlib import Path

from creator_backup.archive.media_types import EXTENSIONS

MEDIA_DIR = "media"
TMP_DIR = "tmp"


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    if sys.platform == "win32":  # no directory fsync there; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some network filesystems refuse it; the sha256 check catches what it misses
    finally:
        os.close(fd)


def relative_path(sha256: str, content_type: str) -> str:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("not a sha256")
    ext = EXTENSIONS.get(content_type, "bin")
    return f"{MEDIA_DIR}/{sha256[:2]}/{sha256[2:4]}/{sha256}.{ext}"


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
        """Moves a complete, fsynced temp file into place under its hash; returns the
        relative path. A file already stored under that hash is the same content, so the
        temp file is dropped instead. Whichever happened is durable on return."""
        relative = relative_path(sha256, content_type)
        final = os.path.join(self._root, relative)
        folder = os.path.dirname(final)
        # The link is tried first: its folder almost always exists after the first runs,
        # and a failed link costs less than a mkdir or a stat on every file.
        try:
            self._link(temp, final)
        except FileNotFoundError:
            if not os.path.exists(temp):
                raise
            self._make_folder(folder)
            self._link(temp, final)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        # Also when the file was there already: another worker may have linked it a moment
        # ago and not yet made its name durable.
        fsync_dir(folder)
        return relative

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
            os.replace(temp, final)
        with contextlib.suppress(OSError):
            os.chmod(final, 0o444)  # write-once, like restic's objects

    def _make_folder(self, folder: str) -> None:
        """Makes a shard folder (and its parent shard) and makes each new name durable in
        the folder above it, so the file linked into it cannot vanish with its folder."""
        parent = os.path.dirname(folder)
        if parent != self._media and not os.path.isdir(parent):
            self._make_folder(parent)
        try:
            os.mkdir(folder)
        except FileExistsError:
            return  # another worker made it, and makes it durable
        fsync_dir(parent)

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
