"""Runs the real `creator-backup` CLI in a subprocess, as a user or a scheduler would."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from creator_backup.evidence.authorities import TSA_URLS_ENV

CLI = "from creator_backup.cli import main; raise SystemExit(main())"
# Set but blank: no time-stamp authority at all. A test whose environment does not name
# the loopback ones (tests/conftest.py's local_tsas) must never reach a public one, even
# when it builds that environment from scratch.
NO_AUTHORITIES = {TSA_URLS_ENV: ""}


@dataclass
class Result:
    code: int
    out: str
    err: str


def run_cli(
    env: dict[str, str], *args: str, stdin: str | None = None, timeout: float = 60
) -> Result:
    completed = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        env={**NO_AUTHORITIES, **env},
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)
