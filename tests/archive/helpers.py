"""An account backed up by the real CLI, for the tests that move archives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli


def back_up_with_cli(
    make_sandbox: Callable[..., Sandbox], cli_env: dict[str, str]
) -> tuple[Sandbox, dict[str, str], Path]:
    """One account backed up by the real CLI, with media: (its sandbox, its environment,
    its archive)."""
    sandbox = make_sandbox(seed=5, boards=3, pins=40)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    result = run_cli(env, "backup", "--json")
    assert result.code == 0, result.err
    paths = AppPaths.resolve(env["CREATOR_BACKUP_HOME"])
    (archive,) = [p for p in paths.archives_dir.iterdir() if p.is_dir()]
    return sandbox, env, archive
