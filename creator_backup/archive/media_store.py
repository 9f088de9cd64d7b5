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


def fsync_dir(folder: Path) -> None:
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
        (root / MEDIA_DIR).mkdir(parents=True, exist_ok=True)
        self.tmp.mkdir(exist_ok=True)

    def path_of(self, relative: str) -> Path:
        return self.root / relative

    def adopt(self, temp: Path, sha256: str, content_type: str) -> str:
        """Moves a complete, fsynced temp file into place under its hash; returns the
        relative path. A file already stored under that hash is the same content, so the
        temp file is dropped instead."""
        relative = relative_path(sha256, content_type)
        final = self.root / relative
        if final.exists():
            temp.unlink(missing_ok=True)
            return relative
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(temp, final)  # fails if present: never replaces a stored file
        except FileExistsError:
            pass
        except OSError:
            os.replace(temp, final)  # filesystems without hard links
        temp.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            os.chmod(final, 0o444)  # write-once, like restic's objects
        fsync_dir(final.parent)
        return relative

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
