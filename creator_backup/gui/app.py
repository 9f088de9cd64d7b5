"""`creator-backup-gui` and `python -m creator_backup`: the desktop app's entry point."""

from __future__ import annotations

import argparse
import os
import sys

from creator_backup.appinfo import APP_ID, APP_NAME, DISPLAY_NAME, VERSION
from creator_backup.logsetup import configure_logging
from creator_backup.paths import AppPaths
from creator_backup.resources import resource_path

# For benchmarks/startup_bench.py alone: with this set to 1, the app prints "shown" on
# stdout once its main window has painted for the first time, then "ready" once it shows
# an account, and quits. The benchmark times a cold start to those lines, against a bare
# Qt window that does the same.
EXIT_WHEN_SHOWN_ENV = "CREATOR_BACKUP_EXIT_WHEN_SHOWN"

NO_DISPLAY = (
    "No display was found, so the window cannot open. On a desktop, run this from a "
    "graphical session; on a server, use the command line (`creator-backup --help`)."
)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="creator-backup-gui", description=DISPLAY_NAME)
    parser.add_argument("--demo", action="store_true", help="open on a local demo account")
    parser.add_argument("--data-dir", help="keep every file of the app under this folder")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}")
    return parser.parse_args(argv)


def has_display(env: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if env.get("QT_QPA_PLATFORM"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    paths = AppPaths.resolve(args.data_dir)
    paths.ensure()
    configure_logging(paths.log_dir, verbose=False)

    # Qt is imported only once we know a window can open.
    from PySide6.QtWidgets import QApplication

    from creator_backup.gui.main_window import MainWindow
    from creator_backup.gui.services import build_services
    from creator_backup.gui.translations import install_translations
    from creator_backup.gui.workers import UI_SWITCH_INTERVAL_S, JobRunner

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(VERSION)
    install_translations(app)
    QApplication.setDesktopFileName(APP_ID)
    icon = resource_path("icons", "creator-backup.svg")
    if icon.exists():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(icon)))
    # Set once for the process, by the window that needs it: worker threads then give
    # the UI thread its turn sooner.
    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)
    services = build_services(paths, demo=args.demo)
    runner = JobRunner()
    try:
        window = MainWindow(services, runner)
        if os.environ.get(EXIT_WHEN_SHOWN_ENV) == "1":
            from creator_backup.gui.first_paint import quit_after_first_paint

            # Ready once the accounts are read and one is shown (the profile has one).
            quit_after_first_paint(window, lambda: window.account is not None)
        window.show()
        return int(app.exec())
    finally:
        runner.wait()
        services.close()
