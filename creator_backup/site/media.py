"""The site's own copy of each archived file it shows: hard-linked when the site is on the
archive's disk (no space used, and instant), copied otherwise. Files are named by their
sha256, as in the archive, so one picture shared by many pins is placed once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from creator_backup.archive.browse import ArchiveBrowser
from creator_backup.atomic import COPY_CHUNK, atomic_write
from creator_backup.file_modes import PRIVATE, FileModes, make_folder
from creator_backup.site import names


class MediaPlacer:
    def __init__(self, site: Path, browser: ArchiveBrowser, modes: FileModes = PRIVATE) -> None:
        self.site = site
        self.browser = browser
        self.modes = modes
        self.files = 0
        self.bytes = 0
        self.linked = 0
        self._can_link = True
        make_folder(site / names.MEDIA_DIR, modes)

    def place(self, archive_relative: str | None) -> str | None:
        """The site path of this archived file (placing it the first time), or None when
        the archive does not hold it."""
        if not archive_relative:
            return None
        name = names.media_name(archive_relative)
        if name is None:
            return None
        target = self.site / name
        if target.exists():
            return name
        try:
            source = self.browser.media_file(archive_relative)
        except ValueError:
            return None
        if not source.is_file():
            return None  # the pin page says the file is missing; `verify` explains why
        self._put(source, target)
        self.files += 1
        self.bytes += target.stat().st_size
        return name

    def _put(self, source: Path, target: Path) -> None:
        if self._can_link:
            # A hard link is the archive's own file, with the archive's mode (read-only,
            # inside folders only the user can open); the site's folders are as private.
            try:
                os.link(source, target)
                self.linked += 1
                return
            except FileExistsError:
                return
            except OSError:
                # Another disk, or one without hard links: copy from now on.
                self._can_link = False
        # Not fsynced one by one: the whole site is synced at once before it takes its
        # name (folder.Staging.publish).
        with (
            open(source, "rb") as src,
            atomic_write(target, file_mode=self.modes.file, durable=False) as dst,
        ):
            shutil.copyfileobj(src, dst, COPY_CHUNK)
