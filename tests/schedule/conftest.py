"""A temporary home for the schedule tests, and fake system tools on PATH.

systemctl, launchctl and schtasks are the true system edge: the fakes record how they
were called and keep just enough state (loaded or not) to answer the scheduler's
questions, using shell built-ins only, so PATH can hold nothing else.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

SYSTEMCTL = """#!/bin/sh
echo "$*" >> "{record}"
case "$*" in
  *" show "*) printf 'ActiveState=active\\nNextElapseUSecRealtime=Wed 2026-12-02 03:12:00 UTC\\nLastTriggerUSec=n/a\\n' ;;
esac
exit 0
"""
# What systemctl --user says in a container or over ssh with no user session.
SYSTEMCTL_NO_BUS = """#!/bin/sh
echo "$*" >> "{record}"
echo "Failed to connect to bus: No medium found" >&2
exit 1
"""
LAUNCHCTL = """#!/bin/sh
echo "$*" >> "{record}"
case "$1" in
  print) [ -s "{state}" ] && exit 0; exit 113 ;;
  bootstrap) echo loaded > "{state}" ;;
  bootout) : > "{state}" ;;
esac
exit 0
"""
SCHTASKS = """#!/bin/sh
echo "$*" >> "{record}"
case "$1" in
  /Query) [ -s "{state}" ] || exit 1
    printf 'TaskName: \\\\Creator Backup\\nNext Run Time: 12/2/2026 3:00:00 AM\\nStatus: Ready\\n' ;;
  /Create) echo registered > "{state}" ;;
  /Delete) : > "{state}" ;;
esac
exit 0
"""


@dataclass
class FakeSystem:
    home: Path
    bin: Path
    record: Path
    env: dict[str, str]

    def add_tool(self, name: str, script: str) -> None:
        tool = self.bin / name
        state = self.bin / f"{name}.state"
        tool.write_text(script.format(record=self.record, state=state), "utf-8")
        tool.chmod(0o755)

    def calls(self) -> list[str]:
        if not self.record.exists():
            return []
        return self.record.read_text("utf-8").splitlines()


@pytest.fixture
def fake_system(tmp_path: Path) -> FakeSystem:
    if sys.platform == "win32":
        pytest.skip(
            "the fake systemctl, launchctl and schtasks are shell scripts, which Windows cannot run"
        )
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        # Only the fakes: no real systemctl, launchctl or schtasks can be reached.
        "PATH": str(bin_dir),
    }
    return FakeSystem(home, bin_dir, tmp_path / "calls.txt", env)
