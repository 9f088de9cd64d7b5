"""Renders a screenshot of every page of the window, offscreen, into docs/screenshots/.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python docs/make_screenshots.py`
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.services import build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(app: QApplication, done: object, timeout_ms: int = 10_000) -> None:
    loop = QEventLoop()
    waited = 0
    while not done() and waited < timeout_ms:  # type: ignore[operator]
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        services = build_services(AppPaths.resolve(home), demo=True)
        runner = JobRunner()
        try:
            window = MainWindow(services, runner)
            window.resize(900, 560)
            window.show()
            settle(app, lambda: window.card.status.text() == "Connected")
            window.grab().save(str(OUT / "overview.png"))
        finally:
            runner.wait()
            services.close()
    print(f"wrote {OUT / 'overview.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
