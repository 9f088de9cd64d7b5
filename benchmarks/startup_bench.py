"""From a cold process to the main window shown (issue 22): the real app, on a profile with
one account and a complete backup, against a bare PySide6 main window started the same way
in the same run; and the demo (`--demo`, which starts its sandbox).

Each is a fresh `python` process, timed from its start to the line "shown" it prints once
its main window has painted for the first time, and to the line "ready" once the window
shows an account (the app's hook: CREATOR_BACKUP_EXIT_WHEN_SHOWN=1, see
creator_backup/gui/first_paint.py; the bare window does the same in a few lines). The three take turns, several rounds, so the machine's noise falls on each alike.
Under Xvfb (QT_QPA_PLATFORM=xcb) when it is installed, else offscreen, and the section says
which.

    .venv/bin/python -m benchmarks.startup_bench              # 7 rounds
    .venv/bin/python -m benchmarks.startup_bench --rounds 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import ROOT, write_section
from creator_backup.api.base_url import API_BASE_ENV
from creator_backup.application.app import Application
from creator_backup.backup.engine import BackupOptions
from creator_backup.gui.app import EXIT_WHEN_SHOWN_ENV
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox, SandboxConfig

PINS = 300  # the demo's size: a small creator's account

# The bare window: the least a PySide6 main window takes to show, with the same hook.
BARE = """
import sys
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def shown():
    print("shown", flush=True)
    print("ready", flush=True)  # a bare window has nothing to read
    QCoreApplication.quit()

class FirstPaint(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, shown)
        return False

app = QApplication([sys.argv[0]])
window = QMainWindow()
window.setWindowTitle("Bare")
window.resize(1100, 720)
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


def prepare_profile(home: Path, sandbox: Sandbox) -> None:
    """One account, logged in, with a complete backup (pictures included), made through the
    application layer as the window would."""
    paths = AppPaths.resolve(home)
    paths.ensure()
    app = Application(paths, sandbox.api_base)
    record = app.connect.login_with_client_credentials(
        sandbox.client_id, sandbox.client_secret, storage="file"
    )
    # No time stamps: their authorities are on the internet, out of reach here.
    result = app.backups.run_account(record, BackupOptions(timestamp=False))
    if not result.snapshot.complete:
        raise SystemExit("the profile's backup is not complete")


@contextmanager
def display() -> Iterator[tuple[dict[str, str], str]]:
    """The environment for the windows: an Xvfb of our own, else offscreen."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield {"QT_QPA_PLATFORM": "offscreen"}, "offscreen (no Xvfb installed)"
        return
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as numbers:
            number = numbers.readline().strip()
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}, "Xvfb (xcb)"
    finally:
        server.terminate()
        server.wait(timeout=30)


def time_to_shown(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from a fresh process's start to its "shown" line (the first paint), and to
    its "ready" line (an account shown)."""
    began = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    shown = process.stdout.readline()
    shown_s = time.perf_counter() - began
    ready = process.stdout.readline()
    ready_s = time.perf_counter() - began
    process.stdout.read()
    process.wait(timeout=120)
    if (shown.strip(), ready.strip()) != ("shown", "ready"):
        raise SystemExit(f"{argv} ended without showing its window (exit {process.returncode})")
    return shown_s, ready_s


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cb-startup-bench-"))
    sandbox = Sandbox(SandboxConfig(seed=7, boards=12, pins=PINS, hostile=False)).start()
    try:
        profile, demo_home = work / "profile", work / "demo"
        prepare_profile(profile, sandbox)
        python = sys.executable
        runs: dict[str, list[float]] = {"bare": [], "app": [], "demo": []}
        ready: dict[str, list[float]] = {"bare": [], "app": [], "demo": []}
        with display() as (shown_on, where):
            env = dict(os.environ, **shown_on)
            # Compiled once, as an installed app is (pip writes its .pyc files), kept
            # apart from the source tree; the bare window's run uses the same cache.
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
            env[API_BASE_ENV] = sandbox.api_base
            env[EXIT_WHEN_SHOWN_ENV] = "1"
            argvs = {
                "bare": [python, "-c", BARE],
                "app": [python, "-m", "creator_backup", "--data-dir", str(profile)],
                "demo": [python, "-m", "creator_backup", "--demo", "--data-dir", str(demo_home)],
            }
            for argv in argvs.values():  # the first starts write the .pyc files: not counted
                time_to_shown(argv, env)
            for _ in range(args.rounds):
                for name, argv in argvs.items():
                    shown_s, ready_s = time_to_shown(argv, env)
                    runs[name].append(shown_s)
                    ready[name].append(ready_s)
    finally:
        sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)
    median = {name: statistics.median(times) for name, times in runs.items()}
    least = {name: min(times) for name, times in runs.items()}
    ready_median = {name: statistics.median(times) for name, times in ready.items()}
    ratio, least_ratio = median["app"] / median["bare"], least["app"] / least["bare"]
    for name in runs:
        print(
            f"{name:5} shown: median {median[name]:.3f} s, least {least[name]:.3f} s; "
            f"account shown: median {ready_median[name]:.3f} s"
        )
    print(f"app / bare: {ratio:.2f}x (medians), {least_ratio:.2f}x (least)")
    write_section(
        "startup",
        f"""## The window opens at once (startup_bench.py)

From a cold `python` process to the main window's first paint, on {where}, {args.rounds}
rounds in turns (median, least), with the .pyc files written beforehand as an install
writes them. The window reads the accounts once it has painted: "account shown" is when
its switcher shows the account (median). The app: `python -m creator_backup --data-dir D`,
a profile with one account of {PINS} pins and a complete backup. The bare window: a PySide6
QMainWindow started the same way. The demo: `--demo`, its sandbox generated at start.
Goal: the app at most 2.5x the bare window, the demo within 2 s.

| | shown, median | shown, least | account shown, median |
|---|---|---|---|
| bare PySide6 window | {median["bare"]:.2f} s | {least["bare"]:.2f} s | |
| the app | {median["app"]:.2f} s | {least["app"]:.2f} s | {ready_median["app"]:.2f} s |
| the demo | {median["demo"]:.2f} s | {least["demo"]:.2f} s | {ready_median["demo"]:.2f} s |
| app / bare | {ratio:.2f}x | {least_ratio:.2f}x | |
""",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
