"""Where the app's own files (icons, templates) are: beside the source tree, or inside a
frozen bundle. Qt-free, so the CLI's renderers can use it too."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
