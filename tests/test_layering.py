"""The layering rules, checked on the source: Qt stays in its two packages, and the core
works where PySide6 cannot even be imported."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "creator_backup"
QT_PACKAGES = ("gui", "render")
# What the window must never do itself: speak HTTP or SQL.
GUI_FORBIDDEN = ("requests", "urllib3", "http", "sqlite3", "socket")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def area(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else ""


def test_the_scan_sees_the_packages() -> None:
    areas = {area(path) for path in sources()}
    assert {"api", "auth", "cli", "gui", "sandbox"} <= areas


def test_pyside6_only_in_gui_and_render() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sources()
        if area(path) not in QT_PACKAGES
        and path.name != "__main__.py"  # `python -m creator_backup` opens the window
        and any(m == "PySide6" or m.startswith("PySide6.") for m in imported_modules(path))
    ]
    assert offenders == []


def test_qtwidgets_only_in_gui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sources()
        if area(path) != "gui"
        and any(m.startswith("PySide6.QtWidgets") for m in imported_modules(path))
    ]
    assert offenders == []


def test_gui_never_speaks_http_or_sql() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in GUI_FORBIDDEN
        )
        for path in sources()
        if area(path) == "gui"
    }
    assert {k: v for k, v in offenders.items() if v} == {}


BLOCK_QT = """
import importlib, pkgutil, sys
from importlib.abc import MetaPathFinder

class NoQt(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked for this check")
        return None

sys.meta_path.insert(0, NoQt())
import creator_backup
failed = []
for info in pkgutil.walk_packages(creator_backup.__path__, "creator_backup."):
    top = info.name.split(".")[1]
    if top in ("gui", "render", "__main__"):
        continue
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        failed.append(f"{info.name}: {exc!r}")
print("\\n".join(failed))
print("imported", len(sys.modules))
"""


def test_core_imports_without_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1].startswith("imported")
    assert lines[:-1] == []


# Which packages a package may not import: the faces never reach into each other, the
# application layer (what both faces call) never reaches up into a face, the core's use
# cases never reach up into the application layer, and the storage and API layers never
# reach up into the flows built on them.
FACES = ("cli", "gui", "render")
FLOWS_AND_FACES = ("backup", "appeal", "restore", "diff", "site", "data_export", "cases",
                   "application", "originals", *FACES, "sandbox", "schedule", "support")  # fmt: skip
CORE_FLOWS = ("backup", "appeal", "restore", "diff", "site", "data_export", "cases", "auth",
              "originals")  # fmt: skip
NEVER_IMPORTS = {
    "gui": ("cli",),
    "cli": ("gui",),
    "application": (*FACES, "sandbox"),
    **{flow: ("application", *FACES) for flow in CORE_FLOWS},
    # Time stamps read the archive and serve the flows (backup, appeal) and the faces.
    "evidence": FLOWS_AND_FACES,
    "archive": ("evidence", *FLOWS_AND_FACES),
    "api": ("archive", *FLOWS_AND_FACES),
}


def test_packages_import_only_downwards() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m
            for m in imported_modules(path)
            if m.startswith("creator_backup.")
            and m.split(".")[1] in NEVER_IMPORTS.get(area(path), ())
        )
        for path in sources()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def attribute_lines(source: str, name: str) -> list[int]:
    """The lines where an attribute called `name` is read or set (`x.name`, of anything)."""
    tree = ast.parse(source)
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == name
    )


def test_the_transport_scan_sees_reaching_through() -> None:
    reaching = "previous, client.transport.cancel = client.transport.cancel, token\nx = 1\n"
    assert attribute_lines(reaching, "transport") == [1, 1]
    assert attribute_lines("from creator_backup.api.transport import X\n", "transport") == []


def test_only_the_api_package_touches_the_transport() -> None:
    """The flows and faces ask the client (cancellable, observing, calls, granted_scopes,
    write_limit, ...), never `client.transport`: with every caller swapping its cancel
    and its observers by hand, each had to put them back itself, and the transport's
    parts could not change without touching them all."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sources()
        if area(path) != "api"
        for line in attribute_lines(path.read_text("utf-8"), "transport")
    ]
    assert offenders == []


NORMAL_START = """
import sys
import creator_backup.gui.app, creator_backup.gui.main_window, creator_backup.gui.services
print(sorted(m for m in sys.modules if m.startswith(("creator_backup.sandbox", "creator_backup.demo"))))
"""


def test_a_normal_start_imports_no_sandbox() -> None:
    """The sandbox (an HTTP server and its data generator) is the demo's and the tests':
    the window loads it only when the demo runs."""
    result = subprocess.run(
        [sys.executable, "-c", NORMAL_START],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PACKAGE.parent,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# How each flow runs is decided once, in the application layer: a face never starts one of
# the core's runs itself, nor opens an archive, so the window and the command line cannot
# drift apart again (the window's restore once passed its cancel token down to the HTTP
# requests while the command's did not).
FLOW_STARTS = {
    "creator_backup.archive.store.Archive",
    "creator_backup.archive.relocate.move_archives",
    "creator_backup.archive.verify.verify",
    "creator_backup.backup.engine.BackupRun",
    "creator_backup.restore.execute.RestoreRun",
    "creator_backup.appeal.service.build_packet",
    "creator_backup.appeal.service.preview",
    "creator_backup.data_export.service.import_export",
    "creator_backup.diff.compare.diff",
    "creator_backup.diff.probe.probe_removed_pins",
    "creator_backup.site.export_site",
    "creator_backup.originals.matching.match_originals",
    "creator_backup.originals.matching.hash_archive",
    "creator_backup.site.writer.export_site",
    # Logging in, too: the window and the command line connect through Application.connect
    # (application/connect.py), which decides which redirect URIs are tried and keeps the
    # secret the same way for both.
    "creator_backup.auth.oauth.browser_login",
    "creator_backup.auth.oauth.client_credentials_login",
    "creator_backup.auth.oauth.exchange_code",
    "creator_backup.auth.oauth.token_request",
}


FLOW_NAMES = {name.rsplit(".", 1)[1] for name in FLOW_STARTS} - {"diff", "verify", "preview"}


def flow_starts_used(path: Path) -> set[str]:
    """The flow starts a module imports by name, and the ones it reaches through a module
    of ours it imported (`engine.BackupRun`, `store.Archive.open`). Names too common to be
    read alone (diff, verify, preview) count only when imported from their module; the
    application layer's own methods (`app.files.export_site`) are not reached through an
    import, so they do not count."""
    found = imported_modules(path) & FLOW_STARTS
    tree = ast.parse(path.read_text("utf-8"), str(path))
    ours: set[str] = set()  # names an import of creator_backup binds here
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            ours.update((a.asname or a.name).split(".")[0] for a in node.names
                        if a.name.startswith("creator_backup"))  # fmt: skip
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("creator_backup"):
            ours.update(a.asname or a.name for a in node.names)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in FLOW_NAMES:
            root: ast.expr = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in ours:
                found.add(node.attr)
    return found


def test_the_flow_scan_sees_every_way_in(tmp_path: Path) -> None:
    """The scan is not fooled by importing the module instead of the name."""
    cases = {
        "from creator_backup.archive import store\nstore.Archive.open(root)\n": "Archive",
        "import creator_backup.backup.engine as engine\nengine.BackupRun(c, a)\n": "BackupRun",
        "from creator_backup import site\nsite.export_site(a, out)\n": "export_site",
        "from creator_backup.diff.compare import diff\n": "creator_backup.diff.compare.diff",
    }
    for number, (source, name) in enumerate(cases.items()):
        probe = tmp_path / f"probe{number}.py"
        probe.write_text(source, "utf-8")
        assert name in flow_starts_used(probe), source
    calm = tmp_path / "calm.py"
    calm.write_text("app.files.export_site(record, out)\napp.move_archives(plan)\n", "utf-8")
    assert flow_starts_used(calm) == set()


def test_faces_run_flows_only_through_the_application_layer() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(flow_starts_used(path))
        for path in sources()
        if area(path) in ("cli", "gui")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
