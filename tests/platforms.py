"""Skip markers for tests that cannot apply on a system, each with its reason: the CI
jobs on Windows and macOS run the core and command-line tests (.github/workflows/ci.yml)."""

from __future__ import annotations

import shutil
import sys

import pytest

# Windows has permission lists, not the owner/group/other bits these tests read back.
posix_modes = pytest.mark.skipif(sys.platform == "win32", reason="no POSIX file modes on Windows")
# Windows cannot deliver SIGKILL, SIGTERM or SIGINT to another process: Popen ends it with
# TerminateProcess, which no handler sees.
posix_signals = pytest.mark.skipif(
    sys.platform == "win32", reason="no POSIX signals to another process on Windows"
)
# The packet's VERIFY.txt gives its standard-tool check for bash with GNU coreutils
# (sha256sum), and its signature check as openssl commands for such a shell.
posix_shell = pytest.mark.skipif(
    sys.platform == "win32" or shutil.which("sha256sum") is None,
    reason="VERIFY.txt's commands are for a POSIX shell with GNU coreutils",
)
