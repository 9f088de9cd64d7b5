"""The command a scheduled backup runs: the absolute path of this installation's
`creator-backup`, so the schedule keeps working whatever PATH the system gives it."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

CLI_NAME = "creator-backup"
# Windows bundles also hold the command line built without a console, so a scheduled run
# does not flash a black window on the screen (packaging/pyinstaller/creator_backup.spec).
BACKGROUND_NAME = "creator-backup-scheduled"
# One invocation for every account: accounts connected later are included without
# reinstalling, they run one after another (never two backups competing for the
# network), and one account that fails does not stop the others. With Trial access a run
# the day's budget cannot pay for is skipped once one ran that day (--within-budget).
BACKUP_ARGS = ("backup", "--quick", "--all-accounts", "--skip-if-busy", "--within-budget")


def _exe_name(stem: str) -> str:
    return stem + (".exe" if sys.platform == "win32" else "")


def app_command() -> list[str]:
    """How to start this installation's command line for a scheduled run, as absolute
    paths."""
    if getattr(sys, "frozen", False):
        # A PyInstaller bundle holds both executables side by side; the schedule runs
        # the command line one even when installed from the window.
        exe = Path(os.path.abspath(sys.executable))
        for name in (BACKGROUND_NAME, CLI_NAME):
            beside = exe.with_name(_exe_name(name))
            if beside.exists():
                return [str(beside)]
        return [str(exe)]
    # Not resolved: a venv's python is a symlink, and its scripts sit beside the link.
    script = Path(os.path.abspath(sys.executable)).parent / _exe_name(CLI_NAME)
    if script.exists():
        return [str(script)]
    found = shutil.which(CLI_NAME)
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "creator_backup.cli"]


def scheduled_command(data_dir: str | None = None, api_base: str | None = None) -> list[str]:
    """The whole command line: the app, the folder and API it was set up with when they
    are not the defaults, then the backup of every account."""
    command = app_command()
    if data_dir:
        command += ["--data-dir", os.path.abspath(os.path.expanduser(data_dir))]
    if api_base:
        command += ["--api-base", api_base]
    return [*command, *BACKUP_ARGS]
