"""Pages other than the first are built when first shown (issue 22: the window opens at
once), and are then as they would have been built with the window: named as they name
themselves, showing the account shown."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from creator_backup.gui.pages.base import Page, PageId
from creator_backup.gui.pages.catalogue import PAGES
from creator_backup.gui.pages.history import HistoryPage

from .conftest import MakeWindow

WAIT_MS = 30_000


def test_a_page_is_built_when_first_shown_with_the_account_shown(
    qtbot: QtBot, make_window: MakeWindow
) -> None:
    window = make_window()
    qtbot.waitUntil(lambda: window.account is not None, timeout=WAIT_MS)
    row = [entry.page_id for entry in PAGES].index(PageId.HISTORY)
    assert not isinstance(window.stack.widget(row), Page)  # only a place held for it

    window.show_page(PageId.HISTORY)
    page = window.stack.currentWidget()
    assert isinstance(page, HistoryPage)
    assert window.stack.indexOf(page) == row
    assert window.nav.currentRow() == row
    assert page.account == window.account
    assert window.page(PageId.HISTORY) is page  # built once
    assert window.stack.count() == len(PAGES)


def test_the_navigation_and_the_view_menu_name_each_page_by_its_catalogue_title(
    make_window: MakeWindow,
) -> None:
    window = make_window()
    titles = [entry.title() for entry in PAGES]
    assert titles[0] == "Overview" and "Appeal packet" in titles
    assert [window.nav.item(row).text() for row in range(window.nav.count())] == titles
    view = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&View")
    assert [action.text() for action in view.actions()] == titles
