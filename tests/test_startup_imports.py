"""The window opens at once (issue 22): importing the window's modules, and building the
application's services, imports none of what the first page does not need. Each is
imported where it is used (a page when first shown, a service when first asked for); a
module-level import of one of them here would bring a cold start back to several times a
bare Qt window's (benchmarks/startup_bench.py measures it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# What importing the window pulled in before: the HTTP client, the letters' and packets'
# templates, calendars, cryptography and time stamps, the appeal packet's bags, the
# keyring's backends, the sandbox and the command line, the backup engine; and the pages
# other than Overview and Backup, with what they import.
NOT_AT_START = (
    "requests",
    "urllib3",
    "jinja2",
    "icalendar",
    "cryptography",
    "rfc3161_client",
    "bagit",
    "keyring",
    "creator_backup.sandbox",
    "creator_backup.cli",
    "creator_backup.demo",
    "creator_backup.api.transport",
    "creator_backup.auth.service",
    "creator_backup.backup.engine",
    "creator_backup.appeal.packet",
    "creator_backup.application.accounts",
    "creator_backup.application.appeals",
    "creator_backup.application.backups",
    "creator_backup.application.connect",
    "creator_backup.application.restores",
    "creator_backup.gui.connect.wizard",
    "creator_backup.gui.pages.browse",
    "creator_backup.gui.pages.history",
    "creator_backup.gui.pages.cases",
    "creator_backup.gui.pages.appeal",
    "creator_backup.gui.pages.restore",
    "creator_backup.gui.pages.settings",
)

# Imports the window's modules, then builds its services and the window itself (not yet
# shown: what it reads at start, it reads once painted), and says what was imported.
PROBE = """
import json, os, sys
import creator_backup.gui.app, creator_backup.gui.main_window, creator_backup.gui.services
imported = sorted(sys.modules)
from PySide6.QtWidgets import QApplication
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.services import build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths

app = QApplication([])
runner = JobRunner()
window = MainWindow(build_services(AppPaths.resolve(sys.argv[1]), demo=False), runner)
runner.wait()
print(json.dumps({"imported": imported, "built": sorted(sys.modules)}))
sys.stdout.flush()
os._exit(0)  # the probe's window is left as it is: only what was imported matters
"""


def modules_at_start(home: str) -> dict[str, list[str]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, home],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_window_opens_without_what_its_first_page_does_not_need(tmp_path: Path) -> None:
    found = modules_at_start(str(tmp_path / "home"))
    imported, built = set(found["imported"]), set(found["built"])
    # The probe did import the window, then build it with its first page.
    assert "creator_backup.gui.main_window" in imported
    assert "creator_backup.gui.pages.overview" in built
    assert sorted(name for name in NOT_AT_START if name in imported) == []
    assert sorted(name for name in NOT_AT_START if name in built) == []
