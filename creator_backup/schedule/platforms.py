"""Which scheduler this computer uses."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from creator_backup.schedule.common import Scheduler, SystemTools
from creator_backup.schedule.launchd import LaunchdScheduler
from creator_backup.schedule.systemd import SystemdScheduler
from creator_backup.schedule.windows import TaskScheduler


def scheduler_for(
    config_dir: Path,
    env: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    tools: SystemTools | None = None,
) -> Scheduler:
    tools = tools or SystemTools(env)
    if platform == "win32":
        return TaskScheduler(tools, config_dir)
    if platform == "darwin":
        return LaunchdScheduler(tools, env)
    return SystemdScheduler(tools, env)
