"""Renders a screenshot of every page of the window, offscreen, into docs/screenshots/.

The story is the demo's: a backup of the demo account, then a board and some pins
removed and a second backup, so History has something to show. Before it, a creator's
first run: the Welcome page of a fresh profile, and each step of the connect assistant,
against a local sandbox standing in for Pinterest.

Run: `.venv/bin/python docs/make_screenshots.py`
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from creator_backup.gui.connect.wizard import STEPS, ConnectWizard
from creator_backup.gui.main_window import MainWindow
from creator_backup.gui.pages.backup import BackupPage
from creator_backup.gui.pages.browse import BrowsePage
from creator_backup.gui.pages.history import HistoryPage
from creator_backup.gui.pages.overview import OverviewPage
from creator_backup.gui.pages.restore import RestorePage
from creator_backup.gui.services import build_services
from creator_backup.gui.workers import JobRunner
from creator_backup.paths import AppPaths
from creator_backup.sandbox import Sandbox, SandboxConfig
from creator_backup.settings import Settings

OUT = Path(__file__).resolve().parent / "screenshots"


def settle(done: Callable[[], bool], timeout_ms: int = 120_000) -> None:
    """Runs the event loop until `done()` holds, then a little longer for painting."""
    loop = QEventLoop()
    waited = 0
    while not done() and waited < timeout_ms:
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50
    if not done():
        raise SystemExit(f"gave up waiting after {timeout_ms} ms")
    for _ in range(6):
        QTimer.singleShot(50, loop.quit)
        loop.exec()


def shoot(window: MainWindow, title: str) -> Path:
    window.show_page(title)
    settle(lambda: True)
    path = OUT / f"{title.lower()}.png"
    window.grab().save(str(path))
    print(f"wrote {path}")
    return path


def save(widget: QWidget, name: str) -> Path:
    settle(lambda: True)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")
    return path


def shoot_first_run() -> None:
    """welcome.png, then connect-<n>-<step>.png for each step of the assistant."""
    sandbox = Sandbox(
        SandboxConfig(seed=19, boards=3, pins=24, auto_approve=True, trial=True)
    ).start()
    os.environ["CREATOR_BACKUP_API_BASE"] = sandbox.api_base
    try:
        with tempfile.TemporaryDirectory() as home:
            services = build_services(AppPaths.resolve(home), demo=False)
            services.open_url = lambda _url: True  # no browser opens while shooting
            # The login goes to the throwaway home's private file, not the real keyring.
            services.settings.save(Settings(store_in_file=True))
            runner = JobRunner()
            try:
                window = MainWindow(services, runner)
                window.resize(1280, 760)
                window.show()
                settle(lambda: window.showing_welcome)
                save(window, "welcome")
                wizard = window.open_assistant()
                wizard.resize(860, 680)
                fill_and_shoot(wizard, sandbox)
                wizard.close()
                window.close()
            finally:
                runner.cancel_all()
                runner.wait()
                services.close()
    finally:
        os.environ.pop("CREATOR_BACKUP_API_BASE", None)
        sandbox.stop()


def fill_and_shoot(wizard: ConnectWizard, sandbox: Sandbox) -> None:
    for number, step in enumerate(STEPS, start=1):
        assert wizard.step == step, wizard.step
        if step == "app":
            wizard.create_app.your_name.setText("Ana Ruiz")
            wizard.create_app.profile_name.setText("anaruizstudio")
        elif step == "keys":
            wizard.keys.app_id.setText(sandbox.client_id)
            wizard.keys.app_secret.setText(sandbox.client_secret)
        elif step == "check":
            wizard.check.run_check()
            settle(lambda: wizard.check.result is not None)
        elif step == "connect":
            wizard.login.quick_button.click()
            settle(lambda: wizard.login.health is not None)
        save(wizard, f"connect-{number}-{step}")
        if step != STEPS[-1]:
            wizard.next()


def pictured(browse: BrowsePage, row: int) -> bool:
    """The row's picture is on screen, or it has none to show (a video, a file not kept)."""
    pin = browse.pins_model.pin(row)
    if pin is None or pin.media_path is None or not (pin.content_type or "").startswith("image/"):
        return True
    return browse.pins_model.thumbnail(row) is not None


def run_backup(backup: BackupPage, kind: str) -> None:
    settle(backup.quick_button.isEnabled)
    backup.start(kind)
    settle(lambda: not backup.running)


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    OUT.mkdir(parents=True, exist_ok=True)
    shoot_first_run()
    with tempfile.TemporaryDirectory() as home:
        services = build_services(AppPaths.resolve(home), demo=True)
        runner = JobRunner()
        try:
            window = MainWindow(services, runner)
            window.resize(1280, 760)
            window.show()
            overview, backup, history = (window.page(t) for t in ("overview", "backup", "history"))
            assert isinstance(overview, OverviewPage)
            assert isinstance(backup, BackupPage)
            assert isinstance(history, HistoryPage)
            assert services.demo is not None
            run_backup(backup, "full")
            services.demo.remove_some(seed=7)
            run_backup(backup, "full")
            settle(lambda: overview.connection.text().startswith("Connected"))
            shoot(window, "overview")
            shoot(window, "backup")
            window.show_page("history")
            settle(lambda: history.summary.text().startswith("From "))
            shoot(window, "history")
            browse = window.page("browse")
            assert isinstance(browse, BrowsePage)
            window.show_page("browse")
            settle(lambda: browse.pins_model.rowCount() > 8)
            settle(lambda: all(pictured(browse, r) for r in range(4)))
            shoot(window, "browse")
            first = browse.pins_model.pin(1)
            assert first is not None
            browse.show_pin(first.id)
            settle(lambda: browse.pin_id == first.id)
            save(window, "browse-pin")
            restore = window.page("restore")
            assert isinstance(restore, RestorePage)
            window.show_page("restore")
            settle(lambda: restore.snapshot_box.findData(1) >= 0)
            restore.snapshot_box.setCurrentIndex(restore.snapshot_box.findData(1))
            restore.check()
            settle(lambda: restore.plan is not None)
            shoot(window, "restore")
            for page in window.pages:
                if page.page_id not in ("overview", "backup", "history", "browse", "restore"):
                    shoot(window, page.page_id)
        finally:
            runner.cancel_all()
            runner.wait()
            services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
