"""Where an export is written: a staging folder beside the chosen one, renamed into place
only once every file is written and on disk. A cancelled or crashed export leaves at most
a hidden `.NAME.staging-…` folder (removed by the next export), never a half site under
the name the user chose.

A folder is only ever replaced when it is empty or holds the marker file an earlier
export of this app wrote; anything else is the user's and is refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from creator_backup.appinfo import VERSION
from creator_backup.atomic import fsync_dir
from creator_backup.errors import UsageError
from creator_backup.file_modes import PRIVATE, FileModes, write_file
from creator_backup.site.names import MARKER

APP = "creator_backup"
SITE_FORMAT = 1


class FolderRefused(UsageError):
    pass


def _marker(path: Path) -> dict[str, Any] | None:
    try:
        body = json.loads((path / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return body if isinstance(body, dict) and body.get("app") == APP else None


def is_previous_export(path: Path) -> bool:
    return _marker(path) is not None


def _ours_or_empty(path: Path) -> bool:
    return is_previous_export(path) or not any(path.iterdir())


def check_destination(out: Path, archive_root: Path) -> None:
    """Refuses, with one sentence, a destination the export must not replace."""
    if out.exists() and not out.is_dir():
        raise FolderRefused(f"{out} is a file, not a folder; choose a folder for the site.")
    archive = archive_root.resolve()
    if out == archive or out.is_relative_to(archive) or archive.is_relative_to(out):
        raise FolderRefused(
            f"{out} is inside the archive or holds it; choose a folder outside the archive."
        )
    if out.is_dir() and any(out.iterdir()) and not is_previous_export(out):
        raise FolderRefused(
            f"The folder {out} is not empty and is not a site this app made; choose an "
            "empty or new folder."
        )


def _writable(function: Callable[..., Any], path: str, _info: Any) -> None:
    # Media hard-linked from the archive are read-only; Windows will not delete those.
    os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    function(path)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, onerror=_writable)


def _sync_disk() -> None:
    """Every page written is on disk before the site takes its name, in one call rather
    than one fsync per file (tens of thousands at 100,000 pins)."""
    sync = getattr(os, "sync", None)
    if sync is not None:
        sync()


class Staging:
    """A fresh folder beside `out`; `publish()` moves it into place, `discard()` drops it.
    It becomes the site's top folder, so its mode says who may read the site."""

    def __init__(self, out: Path, modes: FileModes = PRIVATE) -> None:
        self.out = out
        self.modes = modes
        out.parent.mkdir(parents=True, exist_ok=True)
        self._clean_leftovers()
        self.path = out.parent / f".{out.name}.staging-{secrets.token_hex(4)}"
        self.path.mkdir(mode=modes.folder)
        self._write_marker(complete=False)

    def _leftovers(self) -> list[Path]:
        patterns = (f".{self.out.name}.staging-*", f".{self.out.name}.old-*")
        return [p for pattern in patterns for p in self.out.parent.glob(pattern)]

    def _clean_leftovers(self) -> None:
        for path in self._leftovers():
            if path.is_dir() and not path.is_symlink() and _ours_or_empty(path):
                with contextlib.suppress(OSError):
                    remove_tree(path)

    def _write_marker(self, complete: bool, extra: dict[str, Any] | None = None) -> None:
        body = {"app": APP, "format": SITE_FORMAT, "version": VERSION, "complete": complete}
        body.update(extra or {})
        data = (json.dumps(body, sort_keys=True) + "\n").encode("utf-8")
        write_file(self.path / MARKER, data, self.modes)

    def publish(self, extra: dict[str, Any]) -> None:
        """The finished site takes the chosen name; an earlier export there is replaced."""
        self._write_marker(complete=True, extra=extra)
        _sync_disk()
        old = None
        if self.out.exists():
            if any(self.out.iterdir()) and not is_previous_export(self.out):
                raise FolderRefused(
                    f"The folder {self.out} was filled while the site was written; it is "
                    "left as it is and nothing was replaced."
                )
            old = self.out.parent / f".{self.out.name}.old-{secrets.token_hex(4)}"
            self.out.rename(old)
        self.path.rename(self.out)
        fsync_dir(self.out.parent)
        if old is not None:
            with contextlib.suppress(OSError):
                remove_tree(old)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            remove_tree(self.path)
