"""The window's words go through Qt's translation machinery: the catalogues hold every
string its code asks to translate (so a translation can be added without a code change),
they are up to date, counts take their plural forms, and tr() is used only where its
context is the one the catalogue files it under."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtWidgets import QApplication

from creator_backup.gui.translations import CATALOGUE, install_translations, translate

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "resources" / "translations"
SOURCES = [ROOT / "creator_backup" / "gui", ROOT / "creator_backup" / "render"]


def tool() -> ModuleType:
    """packaging/translations.py (by path: `packaging` is also a library's name)."""
    spec = importlib.util.spec_from_file_location("translations_tool",
                                                  ROOT / "packaging" / "translations.py")  # fmt: skip
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def catalogue_sources(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()  # noqa: S314 (the repository's own file)
    return {
        (context.findtext("name") or "", message.findtext("source") or "")
        for context in root.iter("context")
        for message in context.iter("message")
    }


def python_files() -> list[Path]:
    return sorted(p for folder in SOURCES for p in folder.rglob("*.py"))


def literal(node: ast.expr) -> str | None:
    """A string the code spells out (implicit concatenation is one Constant)."""
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def asked(tree: ast.Module) -> list[tuple[str, str, int]]:
    """(context, source, line) of every translate("Context", "source") and of every
    self.tr("source") (its context: the class it is written in)."""
    found: list[tuple[str, str, int]] = []

    def visit(node: ast.AST, cls: str) -> None:
        for child in ast.iter_child_nodes(node):
            inside = child.name if isinstance(child, ast.ClassDef) else cls
            if isinstance(child, ast.Call) and child.args:
                func = child.func
                name = func.id if isinstance(func, ast.Name) else (
                    func.attr if isinstance(func, ast.Attribute) else "")  # fmt: skip
                if name == "translate" and len(child.args) >= 2:
                    context, source = literal(child.args[0]), literal(child.args[1])
                    if context is not None and source is not None:
                        found.append((context, source, child.lineno))
                elif name == "tr" and isinstance(func, ast.Attribute):
                    source = literal(child.args[0])
                    if source is not None:
                        found.append((cls, source, child.lineno))
            visit(child, inside)

    visit(tree, "")
    return found


def test_the_catalogues_hold_every_string_the_window_asks_to_translate() -> None:
    english = catalogue_sources(FOLDER / f"{CATALOGUE}_en.ts")
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {context}: {source!r}"
        for path in python_files()
        for context, source, line in asked(ast.parse(path.read_text("utf-8")))
        if (context, source) not in english
    ]
    # A string missing here is one lupdate did not read (a count given as an attribute,
    # say) or one added without `./dev translations`: no translator would ever see it.
    assert not missing, "\n".join(missing)


def test_the_catalogues_are_what_dev_translations_makes_of_the_source(tmp_path: Path) -> None:
    for path in FOLDER.glob(f"{CATALOGUE}_*.ts"):
        shutil.copy(path, tmp_path / path.name)
    tool().update(tmp_path, ROOT)
    for made in sorted(tmp_path.iterdir()):
        kept = FOLDER / made.name
        assert kept.exists(), f"{made.name} is not in resources/translations"
        assert made.read_bytes() == kept.read_bytes(), (
            f"resources/translations/{made.name} is stale: run ./dev translations"
        )


def test_tr_is_called_only_where_its_context_is_the_catalogue_s() -> None:
    """tr() files a string under the object's class at run time; lupdate under the class
    it reads the call in. They differ for an inherited method and a free function: there
    the words would never be translated. translate("Context", ...) is for those."""
    inherited: set[str] = set()
    trees = {path: ast.parse(path.read_text("utf-8")) for path in python_files()}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for base in node.bases:
                    inherited.add(base.id if isinstance(base, ast.Name) else ast.unparse(base))
    wrong: list[str] = []
    for path, tree in trees.items():
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for call in ast.walk(cls):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "tr"):  # fmt: skip
                    on_self = isinstance(call.func.value, ast.Name) and call.func.value.id == "self"
                    if not on_self or cls.name in inherited:
                        wrong.append(f"{path.relative_to(ROOT)}:{call.lineno} in {cls.name}")
        top_level = [n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
        for function in top_level:
            for call in ast.walk(function):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "tr"):  # fmt: skip
                    wrong.append(f"{path.relative_to(ROOT)}:{call.lineno} in {function.name}()")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("count", "said"), [(1, "1 board"), (2, "2 boards"), (0, "0 boards")])
def test_a_count_takes_its_english_plural_form(qapp: QApplication, count: int, said: str) -> None:
    install_translations(qapp)
    assert translate("Loss", "%Ln board(s)", None, count) == said


def test_english_forms_are_made_from_the_source_or_refused() -> None:
    made = tool()
    forms = made.english_forms
    assert forms("%Ln pin(s)") == ("%Ln pin", "%Ln pins")
    assert forms("%n box(es) left") == ("%n box left", "%n boxes left")
    with pytest.raises(made.TranslationError):
        forms("%n children")


# -- every word the window shows goes through tr() or translate() ---------------------------

GUI = ROOT / "creator_backup" / "gui"
# What shows its arguments to a person: Qt's setters and constructors, and the window's own
# helpers that pass their text on to one. The value: the positions that are words (None:
# every argument; a key, a flag or a shortcut elsewhere is not; -1: the last).
SHOWN: dict[str, tuple[int, ...] | None] = {
    **dict.fromkeys(
        [
            "setText",
            "setWindowTitle",
            "setToolTip",
            "setPlaceholderText",
            "setStatusTip",
            "setWhatsThis",
            "setTitle",
            "setSubTitle",
            "setAccessibleName",
            "setAccessibleDescription",
            "setInformativeText",
            "setDetailedText",
            "setLabelText",
            "setHeaderLabels",
            "setHorizontalHeaderLabels",
            "setVerticalHeaderLabels",
            "addItem",
            "addItems",
            "insertItem",
            "addTab",
            "setTabText",
            "addMenu",
            "addRow",
            "showMessage",
            "setSpecialValueText",
            "setSuffix",
            "setPrefix",
            "QLabel",
            "QPushButton",
            "QToolButton",
            "QCheckBox",
            "QRadioButton",
            "QGroupBox",
            "QAction",
            "QMenu",
            "QListWidgetItem",
            "QTreeWidgetItem",
            "QStandardItem",
            "QTableWidgetItem",
            "drawText",
            "tooltip",  # pin_models: a model's tooltip, made of its lines
            "getOpenFileName",
            "getSaveFileName",
            "getExistingDirectory",
            "plain_label",
            "heading",
            "ask",
            "say",
            "_say",
            "_notify",
            "showToolTip",
            "buddy",
            "snapshot_box",
            "job_progress_bar",
        ],
        None,
    ),
    "addAction": (0, 1),  # (icon, text) or (text): not the shortcut or the slot
    "_action": (0,),  # MainWindow's menu item: its text, then a slot and a shortcut
    "setButtonText": (1,),  # (which button, its text)
    "setFormat": (0,),  # a progress bar's line ("%p%" has no word)
    "error_sentence": (1,),  # (the error, the window's sentence when it is unexpected)
    "choose_folder": (1,),  # (parent, the dialog's title, where it starts)
    "notify": (-1,),  # the status bar's line (a page's), or the tray's after (job, ok)
    "set_status": (0,),  # the tray's line
    "clear": (0,),  # PinDetailPane.clear(message): what the pane says instead of a pin
    "_forget_pin": (0,),  # Browse: the same message, passed on
    "_cell": (3,),  # PinDetailPane: (table, row, column, the cell's text)
}
# (file, line's text) -> why the words may reach the window untranslated. Empty: keep it so.
UNTRANSLATED_ALLOWED: dict[tuple[str, str], str] = {}
# QMessageBox's own helpers: only on QMessageBox (a logger's warning() is for the log file).
MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}
TRANSLATING = {"tr", "translate"}
PLACEHOLDER = re.compile(r"%L?n|%\d|%p|\{[^}]*\}")
WORD = re.compile(r"[^\W\d_]{2,}")


def call_name(func: ast.expr) -> str:
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def words_in(node: ast.expr) -> str | None:
    """The words of an argument that would reach the window untranslated: a literal, an
    f-string's spelled-out text, a concatenation or a list of them. A tr() or translate()
    call (and whatever it is formatted with) is translated."""
    if isinstance(node, ast.Call):
        if call_name(node.func) in TRANSLATING:
            return None
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "replace"}:
            return words_in(node.func.value)
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if WORD.search(PLACEHOLDER.sub("", node.value)) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        return ast.unparse(node) if WORD.search(text) else None
    if isinstance(node, ast.BinOp):
        return words_in(node.left) or words_in(node.right)
    if isinstance(node, ast.IfExp):
        return words_in(node.body) or words_in(node.orelse)
    if isinstance(node, ast.BoolOp):  # name or "No section"
        return next((w for v in node.values if (w := words_in(v))), None)
    if isinstance(node, ast.List | ast.Tuple):
        return next((w for e in node.elts if (w := words_in(e))), None)
    return None


def untranslated(path: Path) -> list[str]:
    found: list[str] = []
    source = path.read_text("utf-8")
    lines = source.splitlines()
    rel = str(path.relative_to(ROOT))
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = call_name(node.func)
        boxed = isinstance(node.func, ast.Attribute) and call_name(node.func.value) == "QMessageBox"
        if name not in SHOWN and not (name in MESSAGE_BOX and boxed):
            continue
        positions = SHOWN.get(name)
        last = len(node.args)
        arguments = [
            a
            for i, a in enumerate(node.args)
            if positions is None or i in positions or i - last in positions
        ]
        arguments += [
            k.value for k in node.keywords if k.arg in {"text", "title", "yes", "no", "details"}
        ]
        for argument in arguments:
            words = words_in(argument)
            line = lines[node.lineno - 1].strip()
            if words and (rel, line) not in UNTRANSLATED_ALLOWED:
                found.append(f"{rel}:{node.lineno}: {call_name(node.func)}({words!r})")
    return found


# (file, function) -> why the words it returns are not shown to a person. Every other
# function of the window that returns words spelled out returns them untranslated to
# whatever shows them: it returns translate("Context", "...") instead.
RETURNS_ALLOWED: dict[tuple[str, str], str] = {
    ("creator_backup/gui/appeal_steps.py", "mode"): "a packet's mode key ('all', 'lost')",
    ("creator_backup/gui/connect/wizard.py", "storage"): "where logins are kept: a setting",
    ("creator_backup/gui/pages/settings.py", "_secret_storage"): "the same setting",
    ("creator_backup/gui/pin_models.py", "tooltip"): "markup around escaped, translated lines",
    ("creator_backup/gui/system_edges.py", "this_app"): "the module run as the app (-m)",
    ("creator_backup/gui/thumbnail_loader.py", "_disk_path"): "a cache file's name",
}
# The bases whose first argument to __init__ is shown: a box's title, a label's text.
TITLED = {"QGroupBox", "QLabel", "QPushButton", "QToolButton", "QCheckBox", "QRadioButton",
          "QAction", "QMenu", "QDockWidget", "QListWidgetItem", "QTreeWidgetItem",
          "QStandardItem", "QTableWidgetItem"}  # fmt: skip


def words_anywhere(node: ast.AST) -> str | None:
    """The first word spelled out anywhere in an expression, outside tr() and translate()
    (a model's data() hands whatever it builds to the view: a tooltip's lines too)."""
    if isinstance(node, ast.Call) and call_name(node.func) in TRANSLATING:
        return None
    if isinstance(node, ast.Constant | ast.JoinedStr):
        return words_in(node)
    if isinstance(node, ast.Compare):  # role == ..., kind == "video": tests, not words
        return None
    return next((w for c in ast.iter_child_nodes(node) if (w := words_anywhere(c))), None)


def untranslated_returns(path: Path) -> list[str]:
    """Words a function returns spelled out (a helper that builds a window's line); in a
    model's data(), words anywhere in what it returns; a shown argument's default
    (message="Choose a pin"); words a titled widget's subclass passes to super().__init__()."""
    found: list[str] = []
    tree = ast.parse(path.read_text("utf-8"))
    rel = str(path.relative_to(ROOT))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            allowed = (rel, node.name) in RETURNS_ALLOWED
            find = words_anywhere if node.name == "data" else words_in
            if node.name in SHOWN:
                for default in [*node.args.defaults, *node.args.kw_defaults]:
                    if default is not None and (words := words_in(default)):
                        found.append(f"{rel}:{default.lineno}: {node.name}(… = {words!r})")
            for returned in ast.walk(node):
                if isinstance(returned, ast.Return) and returned.value is not None:
                    words = find(returned.value)
                    if words and not allowed:
                        found.append(f"{rel}:{returned.lineno}: {node.name}() returns {words!r}")
        if isinstance(node, ast.ClassDef) and {call_name(b) for b in node.bases} & TITLED:
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and call_name(call.func) == "__init__"
                        and isinstance(call.func, ast.Attribute)
                        and isinstance(call.func.value, ast.Call)
                        and call_name(call.func.value.func) == "super"):  # fmt: skip
                    for argument in call.args:
                        if words := words_in(argument):
                            found.append(f"{rel}:{call.lineno}: super().__init__({words!r})")
    return found


def test_the_window_shows_no_word_that_skips_translation() -> None:
    """A literal or an f-string handed straight to what shows it never reaches a translator:
    it goes through self.tr("...") or translate("Context", "...") first."""
    found = [f for path in sorted(GUI.rglob("*.py")) for f in untranslated(path)]
    assert not found, "\n".join(found)


def test_no_helper_returns_words_that_skip_translation() -> None:
    """A helper's or a model's words reach the window through a setter the scan above does
    not see: what it returns is translated where it is spelled out."""
    found = [f for path in sorted(GUI.rglob("*.py")) for f in untranslated_returns(path)]
    assert not found, "\n".join(found)


def test_the_allow_lists_name_what_is_there() -> None:
    """An entry whose function is gone would let a new one of that name through unseen."""
    stale = [
        f"{rel}: {name}()"
        for rel, name in RETURNS_ALLOWED
        if not any(
            isinstance(n, ast.FunctionDef) and n.name == name
            for n in ast.walk(ast.parse((ROOT / rel).read_text("utf-8")))
        )
    ]
    assert not stale, "\n".join(stale)


def test_every_translate_call_spells_its_context_and_text() -> None:
    """lupdate reads only what is spelled out: translate("Context", "text") and
    self.tr("text") with literals (a variable's words are never in the catalogue), and
    self.tr only in a class nothing in the package subclasses (tr's context is the class at
    run time; lupdate's, the class it reads the call in)."""
    trees = {path: ast.parse(path.read_text("utf-8")) for path in python_files()}
    subclassed = {
        base.id if isinstance(base, ast.Name) else call_name(base)
        for tree in trees.values() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
        for base in node.bases
    }  # fmt: skip
    wrong: list[str] = []
    for path, tree in trees.items():
        rel = path.relative_to(ROOT)
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        in_class = {id(c): cls.name for cls in classes for c in ast.walk(cls)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = call_name(node.func)
            if name == "translate":
                spelled = len(node.args) >= 2 and all(literal(a) for a in node.args[:2])
                if not spelled:
                    wrong.append(
                        f"{rel}:{node.lineno}: translate() without literal context and text"
                    )
                if len(node.args) >= 4 and not isinstance(node.args[3], ast.Name | ast.Constant):
                    wrong.append(f"{rel}:{node.lineno}: a count lupdate cannot read: name it")
            elif name == "tr" and isinstance(node.func, ast.Attribute):
                if not node.args or literal(node.args[0]) is None:
                    wrong.append(f"{rel}:{node.lineno}: tr() of something not spelled out")
                if len(node.args) >= 3 and not isinstance(node.args[2], ast.Name | ast.Constant):
                    wrong.append(f"{rel}:{node.lineno}: a count lupdate cannot read: name it")
                cls = in_class.get(id(node))
                if cls is None or cls in subclassed:
                    wrong.append(f"{rel}:{node.lineno}: self.tr() in {cls or 'no class'}, "
                                 "whose context differs at run time: use translate()")  # fmt: skip
    assert not wrong, "\n".join(wrong)
