"""The composition root of the window: builds the services once and passes them in."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from creator_backup.api.base_url import api_base_from
from creator_backup.application.app import Application
from creator_backup.archive.relocate import apply_storage_setting
from creator_backup.gui.dialogs import Dialogs, QtDialogs
from creator_backup.gui.first_run_state import FirstRunStore
from creator_backup.gui.system_edges import open_in_browser, start_detached
from creator_backup.gui.translations import translate
from creator_backup.paths import AppPaths
from creator_backup.settings import SettingsStore

if TYPE_CHECKING:
    from creator_backup.demo import DemoControls


def demo_label() -> str:
    """The demo window's title and banner."""
    return translate("Services", "Demo: a local sandbox account, not Pinterest")


@dataclass
class Services:
    paths: AppPaths
    app: Application
    mode_label: str = ""
    # In demo mode, the embedded sandbox's test controls (the Demo menu).
    demo: DemoControls | None = None
    # Questions and file choices: Qt's dialogs, or a test's scripted answers.
    dialogs: Dialogs = field(default_factory=QtDialogs)
    # The system's edges: a web page opened in the browser (Pinterest's pages, its login),
    # and a process of this app started apart (the demo). Tests give fakes.
    open_url: Callable[[str], object] = open_in_browser
    launch: Callable[[str, list[str]], bool] = start_detached
    _closers: list[Callable[[], None]] = field(default_factory=list)
    settings: SettingsStore = field(init=False)
    first_run: FirstRunStore = field(init=False)

    def __post_init__(self) -> None:
        self.settings = SettingsStore(self.paths.config_dir)
        self.first_run = FirstRunStore(self.paths.config_dir)

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def build_services(paths: AppPaths, demo: bool, demo_pins: int | None = None) -> Services:
    if not demo:
        api_base = api_base_from(os.environ)
        paths = apply_storage_setting(paths)
        return Services(paths, Application(paths, api_base))
    # The demo keeps its files apart from real archives, in the cache folder (it can be
    # rebuilt), fresh for every session and left in place afterwards for a look.
    home = paths.cache_dir / "demo"
    shutil.rmtree(home, ignore_errors=True)
    demo_paths = AppPaths.resolve(home)
    demo_paths.ensure()
    # The demo's sandbox (an HTTP server and its generator) is imported only for the demo.
    from creator_backup.demo import DEMO_PINS, start_demo

    env = start_demo(pins=demo_pins or DEMO_PINS)
    app = Application(demo_paths, env.api_base)
    # The demo's own Pinterest app logs its owner in (no browser): a login that renews
    # itself and may restore, as a creator's own app gives them. Kept in the demo's own
    # folder: the real keyring is left alone.
    app.connect.login_with_client_credentials(
        env.sandbox.client_id, env.sandbox.client_secret, storage="file", write=True
    )
    services = Services(demo_paths, app, demo_label(), env.controls)
    services._closers.append(env.close)
    return services
