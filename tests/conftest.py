"""Every test runs headless, away from the real home, with a fake keyring.

Qt's platform is set before anything imports Qt. CREATOR_BACKUP_HOME points at a fresh
folder per test, so no test reads or writes the user's real archives, logs or settings.

Qt is loaded only by the tests that need it: a run of core tests never imports PySide6
(tests/test_qt_only_where_needed.py checks), and pytest-qt joins the run as soon as a
collected test module has imported PySide6 (see `pytest_pycollect_makeitem`).
"""

from __future__ import annotations

import os
import sys
import types
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
import pytest
import pytestqt.plugin  # its import loads no Qt; only its pytest_configure does

from creator_backup.evidence.authorities import TSA_ROOTS_ENV, TSA_URLS_ENV
from tests import alone
from tests.evidence.tsa import AuthorityKeys, LocalTsa, make_authority_keys
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
    for name in ("CREATOR_BACKUP_ACCESS_TOKEN", "CREATOR_BACKUP_API_BASE", TSA_ROOTS_ENV):
        monkeypatch.delenv(name, raising=False)
    # No test ever asks a public time-stamp authority: set but blank, the list of
    # authorities is empty and stamping is off. A test that stamps asks for `local_tsas`,
    # which points this at authorities on loopback.
    monkeypatch.setenv(TSA_URLS_ENV, "")
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


@pytest.fixture(scope="session")
def tsa_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[AuthorityKeys, AuthorityKeys]:
    """Two throwaway authorities' roots and TSA certificates, made once per session."""
    folder = tmp_path_factory.mktemp("authorities")
    return make_authority_keys(folder / "alpha", "Alpha"), make_authority_keys(
        folder / "beta", "Beta"
    )


@pytest.fixture
def local_tsas(
    tsa_keys: tuple[AuthorityKeys, AuthorityKeys],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[tuple[LocalTsa, LocalTsa]]:
    """Two time-stamp authorities on loopback, and the app pointed at them (their URLs,
    and their roots as trusted, as a user adds a qualified authority's own root)."""
    servers = (LocalTsa(tsa_keys[0]).start(), LocalTsa(tsa_keys[1]).start())
    roots = tmp_path / "tsa-roots.pem"
    roots.write_bytes(b"".join(keys.root_pem.read_bytes() for keys in tsa_keys))
    monkeypatch.setenv(TSA_URLS_ENV, " ".join(server.url for server in servers))
    monkeypatch.setenv(TSA_ROOTS_ENV, str(roots))
    yield servers
    for server in servers:
        server.stop()


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


# -- Qt, only where needed -----------------------------------------------------------------
#
# pytest-qt imports QtCore, QtGui, QtWidgets and QtTest in its pytest_configure, so it is
# not loaded by entry point (`-p no:pytest-qt` in pyproject.toml's addopts). Its options,
# ini keys and markers are declared here from the start; its hooks and fixtures (qtbot,
# qapp, ...) join the run once a collected test module has imported PySide6, before that
# module's tests are made, so their fixtures resolve as usual.

QT_PLUGIN = "pytest-qt (on demand)"
QT_MARKERS = (
    "qt_no_exception_capture: Disables pytest-qt's automatic exception capture for just one test item.",
    "qt_log_level_fail: overrides qt_log_level_fail ini option.",
    "qt_log_ignore: overrides qt_log_ignore ini option.",
    "no_qt_log: Turn off Qt logging capture.",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    pytestqt.plugin.pytest_addoption(parser)  # type: ignore[no-untyped-call]


def pytest_configure(config: pytest.Config) -> None:
    for line in (alone.MARKER, *QT_MARKERS):
        config.addinivalue_line("markers", line)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    # Around setup, call and teardown, module and session fixtures included (tests/alone.py).
    with alone.turn(item.config, alone=item.get_closest_marker("alone") is not None):
        return (yield)


def load_qt_plugin(config: pytest.Config) -> None:
    """pytest-qt's hooks and fixtures, from now on in this process (idempotent)."""
    if config.pluginmanager.has_plugin(QT_PLUGIN):
        return
    # All of pytest-qt's plugin but pytest_addoption, which ran above; its
    # pytest_configure runs now (a historic hook), and that loads Qt.
    plugin = types.ModuleType("pytestqt_on_demand")
    for name in dir(pytestqt.plugin):
        if not name.startswith("__") and name != "pytest_addoption":
            setattr(plugin, name, getattr(pytestqt.plugin, name))
    config.pluginmanager.register(plugin, QT_PLUGIN)


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector: pytest.Collector, name: str, obj: object) -> None:
    # The first call for a module comes after its import and before any of its tests.
    if "PySide6" in sys.modules:
        load_qt_plugin(collector.config)


@pytest.fixture(autouse=True)
def qt_only_where_asked(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that asks for `qapp` (qtbot does) runs as the window does, with the UI's
    thread switch interval; every test is checked not to have made a bare QGuiApplication."""
    asked = "qapp" in request.fixturenames
    if asked:
        from creator_backup.gui.workers import UI_SWITCH_INTERVAL_S

        before = sys.getswitchinterval()
        sys.setswitchinterval(UI_SWITCH_INTERVAL_S)  # as the window's start sets it
    try:
        yield
    finally:
        if asked:
            sys.setswitchinterval(before)
    assert_no_bare_gui_application()


def assert_no_bare_gui_application() -> None:
    """The first Qt application a process makes must be a QApplication: a render test
    left alone would make a bare QGuiApplication (creator_backup.render does, for the CLI),
    and any window test after it in the same process would crash Qt. Tests that render
    ask for `qapp` (tests/render/conftest.py), which makes the QApplication first."""
    if "PySide6.QtGui" not in sys.modules:
        return
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    widgets = sys.modules.get("PySide6.QtWidgets")
    if app is not None and not (widgets and isinstance(app, widgets.QApplication)):
        pytest.fail(
            f"this test made a {type(app).__name__}, not a QApplication: ask for the qapp "
            "fixture, so that the process's one Qt application is a QApplication"
        )
