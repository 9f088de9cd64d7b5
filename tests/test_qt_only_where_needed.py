"""Qt is loaded only by the tests that need it: a run of core tests never imports PySide6
(nor pytest-qt's hooks), a run with a Qt test loads both and makes a QApplication before
the test renders, and a test that makes a bare QGuiApplication fails. Each run is a
pytest of its own, in one process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import QT_PLUGIN, ROOT

PROBE = """
import json, os, sys

def pytest_sessionfinish(session, exitstatus):
    qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
    app = None
    if "PySide6.QtCore" in sys.modules:
        instance = sys.modules["PySide6.QtCore"].QCoreApplication.instance()
        app = None if instance is None else type(instance).__name__
    plugins = [name for name, _ in session.config.pluginmanager.list_name_plugin()]
    with open(os.environ["QT_PROBE_OUT"], "w", encoding="utf-8") as out:
        json.dump({"qt_modules": qt, "app": app, "plugins": plugins,
                   "exitstatus": int(exitstatus), "ran": session.testscollected}, out)
"""


def own_pytest(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """pytest in a process of its own, in this checkout, with the probe plugin at hand."""
    (tmp_path / "qt_probe.py").write_text(PROBE, "utf-8")
    env = dict(os.environ)
    env.pop("PYTEST_ADDOPTS", None)
    env["QT_PROBE_OUT"] = str(tmp_path / "probe.json")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(tmp_path), str(ROOT), env.get("PYTHONPATH")])
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    return subprocess.run(
        [*command, "-c", str(ROOT / "pyproject.toml"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def probed_run(tmp_path: Path, *tests: str) -> dict[str, Any]:
    completed = own_pytest(tmp_path, "-p", "qt_probe", *tests)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    result: dict[str, Any] = json.loads((tmp_path / "probe.json").read_text("utf-8"))
    return result


def test_a_run_of_core_tests_never_loads_qt(tmp_path: Path) -> None:
    # The root conftest, the archive, and the API client against make_sandbox's sandboxes.
    run = probed_run(
        tmp_path,
        "tests/archive/test_media_store.py",
        "tests/archive/test_browse.py",
        "tests/api/test_pagination.py",
    )
    assert run["ran"] > 50 and run["exitstatus"] == 0
    assert run["qt_modules"] == [], "a core test run imported Qt"
    assert QT_PLUGIN not in run["plugins"] and run["app"] is None


def test_a_run_with_a_qt_test_loads_pytest_qt_and_a_qapplication(tmp_path: Path) -> None:
    run = probed_run(tmp_path, "tests/render/test_render.py::test_a_thumbnail_is_a_small_jpeg")
    assert run["ran"] == 1 and run["exitstatus"] == 0
    assert "PySide6.QtWidgets" in run["qt_modules"] and QT_PLUGIN in run["plugins"]
    assert run["app"] == "QApplication"  # made by qapp, before the render made its own


def test_a_test_that_makes_a_bare_qguiapplication_fails(tmp_path: Path) -> None:
    # It renders without asking for qapp, and imports Qt only as it runs: nothing made a
    # QApplication first, and a window test after it in the same process would crash.
    test = tmp_path / "test_renders_alone.py"
    test.write_text(
        "def test_renders():\n"
        "    from creator_backup.render import gui_application\n"
        "    gui_application()\n",
        "utf-8",
    )
    done = own_pytest(tmp_path, "-p", "tests.conftest", str(test))
    assert done.returncode == 1, done.stdout[-3000:] + done.stderr[-3000:]
    assert "this test made a QGuiApplication, not a QApplication" in done.stdout
