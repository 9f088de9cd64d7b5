"""Every location the app writes to, in one place.

platformdirs gives each platform's usual folders. `--data-dir DIR` or the environment
variable CREATOR_BACKUP_HOME puts all of them under one folder instead, so tests, CI and a
portable install never touch the real home.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

from creator_backup.appinfo import APP_NAME

HOME_ENV = "CREATOR_BACKUP_HOME"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path  # archives, one folder per account
    config_dir: Path  # accounts.json, settings, the opt-in token file
    log_dir: Path
    cache_dir: Path  # thumbnails and anything else that can be rebuilt
    # Where the archives are, when the user chose a folder of their own (an external
    # drive, say) in Settings; None keeps them under data_dir.
    archives_location: Path | None = None

    @classmethod
    def resolve(
        cls, override: str | os.PathLike[str] | None = None, env: Mapping[str, str] = os.environ
    ) -> AppPaths:
        root = override if override is not None else env.get(HOME_ENV) or None
        if root is not None:
            home = Path(root).expanduser().resolve()
            return cls(home / "data", home / "config", home / "log", home / "cache")
        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
        )

    @property
    def archives_dir(self) -> Path:
        if self.archives_location is not None:
            return self.archives_location
        return self.data_dir / "archives"

    @property
    def default_archives_dir(self) -> Path:
        return self.data_dir / "archives"

    def with_archives_at(self, folder: str | os.PathLike[str] | None) -> AppPaths:
        """The same paths with the archives in `folder` (None or "" for the default)."""
        if not folder:
            return replace(self, archives_location=None)
        return replace(self, archives_location=Path(folder).expanduser().resolve())

    @property
    def log_file(self) -> Path:
        return self.log_dir / "creator_backup.log"

    def ensure(self) -> None:
        """Creates the folders, readable by the user alone (they hold private content)."""
        for folder in (self.data_dir, self.config_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def describe(self) -> dict[str, str]:
        return {
            "data": str(self.data_dir),
            "config": str(self.config_dir),
            "logs": str(self.log_dir),
            "cache": str(self.cache_dir),
            "archives": str(self.archives_dir),
        }
