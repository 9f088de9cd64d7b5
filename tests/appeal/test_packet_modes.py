"""An appeal packet holds the whole account: by default only its user can read the ZIP
file (and the full packet beside a smaller one), as with the archive; `--readable-by-others`
gives the usual 0644."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from creator_backup.file_modes import PRIVATE, SHARED, write_file
from creator_backup.sandbox import Sandbox
from tests.cli.helpers import run_cli
from tests.platforms import posix_modes

MakeSandbox = Callable[..., Sandbox]


# The umask most systems give (022), so that a mode is the app's doing, not the test's.
pytestmark = [pytest.mark.usefixtures("usual_umask"), posix_modes]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_packet_is_private_unless_asked(
    make_sandbox: MakeSandbox, cli_env: dict[str, str], tmp_path: Path
) -> None:
    sandbox = make_sandbox(seed=45, boards=3, pins=30)
    env = dict(cli_env, CREATOR_BACKUP_API_BASE=sandbox.api_base,
               CREATOR_BACKUP_ACCESS_TOKEN=sandbox.access_token)  # fmt: skip
    assert run_cli(env, "backup").code == 0

    private = tmp_path / "private.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(private), "--max-size", "0.05",
                   timeout=180)  # fmt: skip
    assert made.code in (0, 5), made.err
    full = tmp_path / "private-full.zip"
    assert full.is_file(), "the limit made a smaller packet and the full one beside it"
    assert (mode(private), mode(full)) == (0o600, 0o600)

    shared = tmp_path / "shared.zip"
    made = run_cli(env, "appeal", "--all", "--out", str(shared), "--readable-by-others",
                   timeout=180)  # fmt: skip
    assert made.code == 0, made.err
    assert mode(shared) == 0o644


def test_a_file_left_with_a_wider_mode_is_narrowed_when_written_again(tmp_path: Path) -> None:
    left = tmp_path / "left.zip"
    left.write_bytes(b"left by a killed run")
    os.chmod(left, 0o666)  # noqa: S103 (the wide mode a leftover might have)
    write_file(left, b"packet", PRIVATE)
    assert mode(left) == 0o600 and left.read_bytes() == b"packet"
    write_file(left, b"shared", SHARED)
    assert mode(left) == 0o600, "never widened: only the user chooses to share"
