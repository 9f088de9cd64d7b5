"""The window's questions and file choices go through one interface (gui/dialogs.py): the
real one is checked here against Qt's own dialogs, answered as a person would; every other
module of the window only receives it, so no page calls QMessageBox or QFileDialog itself
and the page tests script the answers (tests/gui/dialogs.py) instead of patching Qt."""

from __future__ import annotations

import ast
import os
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from creator_backup.gui.dialogs import Dialogs, QtDialogs

from .dialogs import ScriptedDialogs

GUI = Path(__file__).resolve().parents[2] / "creator_backup" / "gui"
QT_DIALOGS = {"QMessageBox", "QFileDialog"}


def when_shown(qtbot: QtBot, act: Callable[[QWidget], None]) -> list[QWidget]:
    """Runs `act` on the modal dialog once it is up (the call that opens it blocks)."""
    seen: list[QWidget] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, look)
            return
        seen.append(modal)
        act(modal)

    QTimer.singleShot(0, look)
    return seen


def test_a_question_is_plain_text_with_no_as_its_default(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs: Dialogs = QtDialogs()

    def read_and_press_escape(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert box.windowTitle() == "Restore to Pinterest?"
        assert box.textFormat() == Qt.TextFormat.PlainText
        assert box.text() == "Put back <b>Ann</b>'s pins?"  # a name is never markup
        assert box.informativeText() == "It takes a minute."
        assert box.icon() == QMessageBox.Icon.Warning
        default = box.defaultButton()
        assert default is not None
        assert box.standardButton(default) == QMessageBox.StandardButton.No
        yes, no = (
            box.button(QMessageBox.StandardButton.Yes),
            box.button(QMessageBox.StandardButton.No),
        )
        assert yes is not None and no is not None
        assert (yes.text(), no.text()) == ("&Restore", "&Don't restore")
        QTest.keyClick(box, Qt.Key.Key_Escape)

    seen = when_shown(qtbot, read_and_press_escape)
    answer = dialogs.ask(
        parent, "Restore to Pinterest?", "Put back <b>Ann</b>'s pins?",
        details="It takes a minute.", yes="&Restore", no="&Don't restore", warning=True,
    )  # fmt: skip
    assert len(seen) == 1 and answer is False

    def press_yes(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert box.icon() == QMessageBox.Icon.Question
        yes = box.button(QMessageBox.StandardButton.Yes)
        assert yes is not None and yes.text() == "&Yes"
        yes.click()

    when_shown(qtbot, press_yes)
    assert dialogs.ask(parent, "Move the archives?", "Move 1 archive?") is True


def test_a_chosen_file_and_folder_come_back_as_paths(qtbot: QtBot, tmp_path: Path) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialogs: Dialogs = QtDialogs()
    # Qt's own dialog, not the desktop's: a test can answer it.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    try:
        target = tmp_path / "packet.zip"

        def save_as(box: QWidget) -> None:
            assert isinstance(box, QFileDialog)
            assert box.windowTitle() == "Save the appeal packet"
            box.selectFile(str(target))
            box.accept()

        when_shown(qtbot, save_as)
        chosen = dialogs.choose_save_file(
            parent, "Save the appeal packet", tmp_path / "suggested.zip", "ZIP files (*.zip)"
        )
        assert chosen == target

        def cancel(box: QWidget) -> None:
            assert isinstance(box, QFileDialog)
            box.reject()

        when_shown(qtbot, cancel)
        assert dialogs.choose_folder(parent, "Where should the website be saved?", tmp_path) is None
    finally:
        QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, False)


def test_the_scripted_dialogs_are_dialogs() -> None:
    scripted: Dialogs = ScriptedDialogs()  # mypy holds it to the interface
    assert isinstance(scripted, ScriptedDialogs)


def qt_dialog_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found = [
        (node.lineno, node.id)
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id in QT_DIALOGS
    ]
    return [f"{path.name}:{line} {name}" for line, name in sorted(found)]


def test_only_dialogs_py_opens_qt_dialogs() -> None:
    uses = [
        use
        for path in sorted(GUI.rglob("*.py"))
        if path.name != "dialogs.py"
        for use in qt_dialog_uses(path)
    ]
    assert uses == [], "ask through context.services.dialogs (creator_backup/gui/dialogs.py)"


def test_the_scan_sees_a_static_call_and_a_box(tmp_path: Path) -> None:
    page = tmp_path / "page.py"
    page.write_text(
        "from PySide6.QtWidgets import QFileDialog, QMessageBox\n"
        "def ask(self):\n"
        "    QMessageBox.question(self, 'Sure?', 'Sure?')\n"
        "    box = QMessageBox(self)\n"
        "    return QFileDialog.getExistingDirectory(self)\n"
    )
    assert [u.split(" ")[0] for u in qt_dialog_uses(page)] == [
        "page.py:3",
        "page.py:4",
        "page.py:5",
    ]
