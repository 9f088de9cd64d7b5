"""The window's pages, in their order, each with its title and a way to build it, without
importing the page: a page's module (and what it imports: packets, restores, calendars)
is imported when the page is first shown, so that the window opens at once (issue 22)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from creator_backup.gui.pages.base import PageId
from creator_backup.gui.translations import translate

if TYPE_CHECKING:
    from creator_backup.gui.pages.base import Page, PageContext


@dataclass(frozen=True)
class PageEntry:
    page_id: PageId
    # The page's name in the navigation and the View menu, in the user's language: its
    # one home, translated in the page class's context.
    title: Callable[[], str]
    build: Callable[[PageContext], Page]
    # Built with the window: the first page, and a page that acts on a signal while
    # hidden (Backup starts the run that the menus, the tray and the schedule ask for).
    eager: bool = False


def _overview(context: PageContext) -> Page:
    from creator_backup.gui.pages.overview import OverviewPage

    return OverviewPage(context)


def _backup(context: PageContext) -> Page:
    from creator_backup.gui.pages.backup import BackupPage

    return BackupPage(context)


def _browse(context: PageContext) -> Page:
    from creator_backup.gui.pages.browse import BrowsePage

    return BrowsePage(context)


def _history(context: PageContext) -> Page:
    from creator_backup.gui.pages.history import HistoryPage

    return HistoryPage(context)


def _cases(context: PageContext) -> Page:
    from creator_backup.gui.pages.cases import CasesPage

    return CasesPage(context)


def _appeal(context: PageContext) -> Page:
    from creator_backup.gui.pages.appeal import AppealPage

    return AppealPage(context)


def _restore(context: PageContext) -> Page:
    from creator_backup.gui.pages.restore import RestorePage

    return RestorePage(context)


def _settings(context: PageContext) -> Page:
    from creator_backup.gui.pages.settings import SettingsPage

    return SettingsPage(context)


PAGES: tuple[PageEntry, ...] = (
    PageEntry(PageId.OVERVIEW, lambda: translate("OverviewPage", "Overview"), _overview, True),
    PageEntry(PageId.BACKUP, lambda: translate("BackupPage", "Backup"), _backup, True),
    PageEntry(PageId.BROWSE, lambda: translate("BrowsePage", "Browse"), _browse),
    PageEntry(PageId.HISTORY, lambda: translate("HistoryPage", "History"), _history),
    PageEntry(PageId.CASES, lambda: translate("CasesPage", "Appeals"), _cases),
    PageEntry(PageId.APPEAL, lambda: translate("AppealPage", "Appeal packet"), _appeal),
    PageEntry(PageId.RESTORE, lambda: translate("RestorePage", "Restore"), _restore),
    PageEntry(PageId.SETTINGS, lambda: translate("SettingsPage", "Settings"), _settings),
)
