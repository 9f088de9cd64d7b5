"""Every test runs headless, away from the real home, with a fake keyring.

Qt's platform is set before anything imports Qt. CREATOR_BACKUP_HOME points at a fresh
folder per test, so no test reads or writes the user's real archives, logs or settings.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest

from tests.fake_keyring import MemoryKeyring
from tests.sandbox_fixture import PREDICTABLE_WRITES, SandboxFactory

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The default run leaves out slow tests; `-m slow` (or any -m expression) decides itself.
    if config.getoption("markexpr"):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "app-home"
    monkeypatch.setenv("CREATOR_BACKUP_HOME", str(home))
    for name in ("CREATOR_BACKUP_ACCESS_TOKEN", "CREATOR_BACKUP_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """The umask most systems give (022), for this process and the CLI it starts."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """Environment for running the CLI as a subprocess: its own home, a file keyring."""
    env = dict(os.environ)
    env["CREATOR_BACKUP_HOME"] = str(tmp_path / "app-home")
    env["PYTHON_KEYRING_BACKEND"] = "tests.fake_keyring.FileKeyring"
    env["CREATOR_BACKUP_TEST_KEYRING"] = str(tmp_path / "keyring.json")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.pop("CREATOR_BACKUP_ACCESS_TOKEN", None)
    env.pop("CREATOR_BACKUP_API_BASE", None)
    return env


@pytest.fixture
def sandbox_defaults() -> dict[str, Any]:
    """The SandboxConfig fields each sandbox of `make_sandbox` starts with, before the
    test's own. A folder's conftest overrides this where its tests want others."""
    return dict(PREDICTABLE_WRITES)


@pytest.fixture
def make_sandbox(sandbox_defaults: dict[str, Any]) -> Iterator[SandboxFactory]:
    """Starts sandboxes with the given SandboxConfig fields; stops them after the test."""
    factory = SandboxFactory(sandbox_defaults)
    yield factory
    factory.stop_all()


@pytest.fixture(scope="session", autouse=True)
def qt_application() -> object:
    """One QApplication for the whole run, made first. A render test would otherwise make
    a bare QGuiApplication, and any window test after it would crash Qt."""
    from PySide6.QtWidgets import QApplication

    from creator_backup.gui.workers import UI_SWITCH_INTERVAL_S

    sys.setswitchinterval(UI_SWITCH_INTERVAL_S)  # as the window's start sets it
    return QApplication.instance() or QApplication([])
