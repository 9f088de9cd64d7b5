"""Where the app writes: platform folders by default, one folder when overridden."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from creator_backup.paths import HOME_ENV, AppPaths
from tests.platforms import posix_modes


def test_override_puts_everything_under_one_folder(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "home", env={})
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert folder.is_relative_to(tmp_path / "home")
    assert len({paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir}) == 4


def test_environment_variable_overrides_and_flag_wins(tmp_path: Path) -> None:
    from_env = AppPaths.resolve(None, env={HOME_ENV: str(tmp_path / "env")})
    assert from_env.data_dir.is_relative_to(tmp_path / "env")
    from_flag = AppPaths.resolve(tmp_path / "flag", env={HOME_ENV: str(tmp_path / "env")})
    assert from_flag.data_dir.is_relative_to(tmp_path / "flag")


def test_default_follows_the_platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    paths = AppPaths.resolve(None, env={})
    assert paths.data_dir == tmp_path / "xdg-data" / "creator_backup"
    assert paths.log_dir.is_relative_to(tmp_path / "xdg-state" / "creator_backup")


@posix_modes
def test_folders_are_private(tmp_path: Path) -> None:
    paths = AppPaths.resolve(tmp_path / "home", env={})
    paths.ensure()
    for folder in (paths.data_dir, paths.config_dir, paths.log_dir, paths.cache_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
