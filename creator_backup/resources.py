"""Where the app's own files (icons, templates) are: beside the source tree, or inside a
frozen bundle. Qt-free, so the CLI's renderers can use it too."""

from __future__ import annotations

import sys
from pathlib import Path

from creator_backup.appinfo import APP_NAME


def resources_root() -> Path:
    """A frozen bundle's own folder; else the source tree's (a clone, an editable
    install); else where a wheel's install put them, under its prefix's share/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    beside = Path(__file__).resolve().parent.parent / "resources"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / APP_NAME / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
