"""Hostile names in the window: after a backup of an account whose boards and pins carry
markup, paths and control characters, some of them then removed, every page is opened
and every label swept. A label that Qt would read as rich text never holds Pinterest's
markup unescaped; the item views show it as the characters it is."""

from __future__ import annotations

import html
import json
import stat
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from creator_backup.gui.pages.base import PageId
from creator_backup.sandbox.text import HOSTILE_TEXTS
from tests.gui.conftest import MakeWindow, hostile_demo_account, make_window
from tests.gui.test_window import back_up, pages, sandbox_state

from .figures import record

__all__ = ["hostile_demo_account", "make_window"]
MARKUP = [t for t in HOSTILE_TEXTS if "<" in t]
PAGES = tuple(PageId)  # every page, by its identity


def rich_labels_holding_markup(root: QWidget) -> list[str]:
    """Labels that would render Pinterest's markup: rich (or auto-detected rich) text
    with a hostile tag in it as written, not escaped."""
    bad = []
    for label in root.findChildren(QLabel):
        text = label.text()
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.mightBeRichText(text)
        )
        if rich and any(tag in text for tag in MARKUP):
            bad.append(f"{label.objectName() or type(label.parent()).__name__}: {text[:80]}")
    return bad


def shown_texts(root: QWidget) -> list[str]:
    """The first column's display text of every item view under `root` (two levels)."""
    texts: list[str] = []
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        top = QModelIndex()
        for row in range(min(model.rowCount(top), 500)):
            index = model.index(row, 0, top)
            texts.append(str(model.data(index, Qt.ItemDataRole.DisplayRole) or ""))
            for child in range(min(model.rowCount(index), 200)):
                inner = model.index(child, 0, index)
                texts.append(str(model.data(inner, Qt.ItemDataRole.DisplayRole) or ""))
    return texts


@pytest.mark.usefixtures("hostile_demo_account")
def test_every_page_shows_hostile_names_as_plain_text(
    make_window: MakeWindow, qtbot: QtBot
) -> None:
    window = make_window()
    _, backup, _ = pages(window)
    back_up(qtbot, backup)
    demo = window.services.demo
    assert demo is not None
    state = sandbox_state(window)
    pins = state["pins"]
    assert isinstance(pins, list)
    doomed = [p for p in pins if any(t in (p.get("title") or "") for t in MARKUP)][:6]
    assert doomed, "the demo account carries hostile titles"
    for pin in doomed:
        answer = requests.post(f"{demo.origin}/_sandbox/pins/{pin['id']}/remove", timeout=30)
        assert answer.status_code == 200
    back_up(qtbot, backup)

    seen: list[str] = []
    for title in PAGES:
        window.show_page(title)
        qtbot.wait(300)  # each page loads in the background; let its answers land
        page = window.page(title)
        assert rich_labels_holding_markup(window) == [], title
        seen.extend(shown_texts(page))
    # The removed pins' titles were on screen somewhere, exactly as written.
    on_screen = "\n".join(seen)
    shown = [p["title"] for p in doomed if p["title"] in on_screen]
    assert shown, "the hostile titles of removed pins should be listed (History, Restore)"
    assert not any(html.escape(t) in on_screen for t in MARKUP if html.escape(t) != t)
    record(hostile_inputs=len(doomed) * len(PAGES))


def test_the_window_flows_keep_the_token_in_its_0600_file_and_nowhere_else(
    make_window: MakeWindow, qtbot: QtBot, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    """The demo logs in with a token kept, as opted in, in a file: that file is 0600, and
    after a backup, a removal, a second backup and every page, the token is in no other
    file, nor on stdout or stderr."""
    window = make_window()
    _, backup, _ = pages(window)
    back_up(qtbot, backup)
    assert window.services.demo is not None
    window.services.demo.remove_some(pins=3, seed=1)
    back_up(qtbot, backup)
    for title in PAGES:
        window.show_page(title)
        qtbot.wait(200)
    home = window.services.paths.config_dir.parent
    (token_file,) = home.rglob("tokens.json")
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    saved = json.loads(token_file.read_text("utf-8"))
    token = next(v for v in _strings(saved) if "access_token" in v)
    access = json.loads(token)["access_token"]
    assert access and len(access) > 16
    out, err = capfd.readouterr()
    assert access not in out and access not in err
    others = [p for p in home.rglob("*") if p.is_file() and p != token_file]
    assert others, "the flows wrote their archive and logs here"
    for path in others:
        assert access.encode() not in path.read_bytes(), path
    record(hostile_inputs=len(others))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
