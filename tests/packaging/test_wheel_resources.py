"""An install from a wheel carries every file the app reads from resources/: the
templates of reports and the offline site, and the icons."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def data_files() -> dict[str, list[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    files = config["tool"]["setuptools"]["data-files"]
    assert isinstance(files, dict)
    return files


def test_every_resource_file_is_installed_by_a_wheel() -> None:
    patterns = [p for globs in data_files().values() for p in globs]
    missing = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "resources").rglob("*"))
        if path.is_file()
        and not any(fnmatch.fnmatch(str(path.relative_to(ROOT)), p) for p in patterns)
    ]
    assert missing == []


def test_app_resources_land_where_the_app_looks_for_them() -> None:
    # creator_backup/resources.py falls back to <prefix>/share/creator_backup/resources.
    for target, globs in data_files().items():
        for pattern in globs:
            if pattern.startswith("resources/") and not pattern.startswith(
                "resources/icons/hicolor"
            ):
                folder = str(Path(pattern).parent)
                assert target == "share/creator_backup/" + folder, (target, pattern)
